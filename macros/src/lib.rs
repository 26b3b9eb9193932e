//! The `#[syscall]` attribute of [sysgate](https://docs.rs/sysgate): use it as `sysgate::syscall`.

mod attr;
mod errors;
mod expand;
mod signature;
mod typename;
mod vocab;

use proc_macro::TokenStream;
use quote::ToTokens;

use errors::Errors;

/// Declares a system-call handler.
///
/// ```ignore
/// /// Read bytes from an open file.
/// #[syscall(nr = 0, category = "file", recovery = "retry", retries = 2)]
/// fn read(fd: u32, buf: UserSlice<u8>) -> Result<usize, Errno> { … }
/// ```
///
/// The function stays as written. Next to it the attribute generates a thunk that decodes the
/// argument registers, calls the function, runs the recovery strategy on failure, records
/// statistics and encodes the result as Linux does (`-errno` on error); a `SyscallDesc` in
/// `sysgate::SYSCALLS` (number, name, category, argument names and types, doc comment,
/// recovery); and a claim on the number, so two handlers with one number fail to build.
///
/// # Keys
/// - `nr = N` (required): the syscall number, an integer literal below `sysgate::MAX_SYSCALLS`.
/// - `category = "…"` (required): one of `file`, `process`, `memory`, `ipc`, `network`,
///   `time`, `device`, `system`, `security`.
/// - `name = "…"`: the registry name; defaults to the function name.
/// - `recovery = "…"`: `none` (default), `retry`, `backoff`, `free_memory`, `fallback`,
///   `terminate`, `escalate`.
/// - `retries = N` (1 to 16, default 3): attempts after the first, for `retry`, `backoff`
///   and `free_memory`.
/// - `base_us = N`, `cap_us = N`: the first and the longest wait of `backoff`, in microseconds
///   (defaults 100 and 10 000).
/// - `fallback = path`: the compatibility handler of `recovery = "fallback"`; it takes the same
///   parameters.
/// - `fast`: no instrumentation in this handler's thunk.
/// - `hot`: the thunk goes in the `.text.hot.sysgate` section.
///
/// # Signature
/// A free, safe, non-generic, non-`async` function with at most 6 parameters, each a plain
/// name whose type implements `sysgate::SyscallArg` (`UserSlice` takes two registers); the
/// return type implements `sysgate::SyscallReturn`: a `SyscallValue` (integers, `bool`, `()`,
/// `UserPtr`) or `Result<T, E>` with `E: Into<sysgate::Errno>`.
#[proc_macro_attribute]
pub fn syscall(args: TokenStream, item: TokenStream) -> TokenStream {
    expand(args.into(), item.into()).into()
}

fn expand(
    args: proc_macro2::TokenStream,
    item: proc_macro2::TokenStream,
) -> proc_macro2::TokenStream {
    let mut errors = Errors::default();
    let func: syn::ItemFn = match syn::parse2(item.clone()) {
        Ok(f) => f,
        Err(_) => {
            errors.at(
                &item,
                "#[syscall] applies to free functions: `fn name(args…) -> ReturnType { … }`",
            );
            let mut out = errors.to_compile_errors();
            out.extend(item);
            return out;
        }
    };
    let attr = attr::parse(args, &mut errors);
    let params = signature::check(&func, &mut errors);
    let mut out = func.to_token_stream();
    match attr {
        Some(attr) if errors.is_empty() => out.extend(expand::registration(&attr, &func, &params)),
        _ => out.extend(errors.to_compile_errors()),
    }
    out
}

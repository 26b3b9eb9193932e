//! The whole expansion of `#[syscall]` on `proc_macro2` tokens, so it also runs outside the
//! compiler (the fuzz target in `fuzz/` includes these modules).

use proc_macro2::TokenStream;
use quote::ToTokens;

use crate::errors::Errors;
use crate::{attr, expand, signature};

/// Expands `#[syscall(args)] item`: the item unchanged, then its registration, or the errors
/// found (all of them) in place of it. Never panics, whatever the tokens.
pub fn expand(args: TokenStream, item: TokenStream) -> TokenStream {
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

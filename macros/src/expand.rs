//! The items generated next to a handler: thunk, descriptor, statistics, number claims.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{ItemFn, ReturnType};

use crate::attr::{Numbers, RecoverySpec, SyscallAttr};
use crate::signature::{MAX_PARAMS, Param};
use crate::stub::{plain_value, user_stub};
use crate::typename::{doc_text, type_text};

/// Generates the registration of `func` (the function itself is emitted by the caller): once
/// for `nr = N`, once per architecture under its `cfg` for `nr(arch = N, …)`.
pub fn registration(attr: &SyscallAttr, func: &ItemFn, params: &[Param]) -> TokenStream {
    match &attr.nr {
        Numbers::Everywhere(lit) => registration_for(attr, func, params, lit, None),
        Numbers::PerArch(numbers) => numbers
            .iter()
            .map(|(arch, lit)| registration_for(attr, func, params, lit, Some(arch)))
            .collect(),
    }
}

/// The registration under one number; with `arch`, every item is `cfg`'d to that
/// architecture and the number claims name it.
fn registration_for(
    attr: &SyscallAttr,
    func: &ItemFn,
    params: &[Param],
    nr_lit: &syn::LitInt,
    arch: Option<&str>,
) -> TokenStream {
    let krate = &attr.krate;
    let fn_name = &func.sig.ident;
    let nr_value: u32 = nr_lit.base10_parse().unwrap_or_default();
    let nr = syn::LitInt::new(&format!("{nr_value}usize"), nr_lit.span());
    let cfg = arch.map(|a| quote!(#[cfg(target_arch = #a)]));
    // The claims are per table: the table's name (its last path segment) prefixes them.
    let table_tag = attr.table.as_ref().map_or_else(String::new, |t| {
        let last = t.segments.last().map(|s| s.ident.to_string());
        format!("{}_", last.unwrap_or_default())
    });
    let slice = attr
        .table
        .as_ref()
        .map_or_else(|| quote!(#krate::SYSCALLS), |t| quote!(#t));
    let name = attr
        .name
        .as_ref()
        .map_or_else(|| fn_name.to_string(), syn::LitStr::value);
    let category = format_ident!("{}", attr.category.0, span = attr.category.1.span());
    let doc = doc_text(&func.attrs);
    let ret = match &func.sig.output {
        ReturnType::Default => "()".to_owned(),
        ReturnType::Type(_, ty) => type_text(ty),
    };
    let arg_infos = params.iter().map(|p| {
        let n = p.name.to_string().trim_start_matches("r#").to_owned();
        let t = type_text(&p.ty);
        let ty = &p.ty;
        let trace = match &attr.table {
            None => quote_spanned!(ty.span()=> <#ty as #krate::SyscallArg>::trace),
            Some(table) => quote_spanned! {ty.span()=>
                |words: &[usize], out: &mut dyn ::core::fmt::Write| {
                    <#ty as #krate::SyscallArg>::trace_as(words, #table::DECODING, out)
                }
            },
        };
        quote_spanned! {ty.span()=>
            #krate::ArgInfo {
                name: #n,
                ty: #t,
                words: <#ty as #krate::SyscallArg>::WORDS,
                trace: #trace,
            }
        }
    });
    let fast = attr.fast;
    let hot = attr.hot;
    let recovery = recovery_value(krate, &attr.recovery);

    let decoding = attr.table.as_ref().map(|t| quote!(#t::DECODING));
    let decoding = decoding.as_ref();
    let call = decode_and_call(krate, &quote!(#fn_name), func, params, decoding);
    let fallback = match &attr.recovery {
        RecoverySpec::Fallback(path) => {
            // The compatibility handler must have the handler's signature: coercing it to that
            // fn pointer type reports a mismatch once, at the path.
            let tys = params.iter().map(|p| &p.ty);
            let ret = match &func.sig.output {
                ReturnType::Default => quote!(()),
                ReturnType::Type(_, ty) => quote!(#ty),
            };
            let compat = quote_spanned!(path.span()=>
                const __SYSGATE_COMPAT: fn(#(#tys),*) -> #ret = #path;
            );
            let body = decode_and_call(krate, &quote!(__SYSGATE_COMPAT), func, params, decoding);
            quote!(::core::option::Option::Some({ #compat #body }))
        }
        _ => quote!(
            ::core::option::Option::None::<
                fn(&#krate::SyscallArgs) -> ::core::result::Result<usize, #krate::Errno>,
            >
        ),
    };
    let words: Vec<_> = params
        .iter()
        .map(|p| {
            let ty = &p.ty;
            quote_spanned!(ty.span()=> <#ty as #krate::SyscallArg>::WORDS)
        })
        .collect();
    let too_many_words = format!(
        "syscall `{name}` needs more than {MAX_PARAMS} argument registers (a user buffer takes two)"
    );
    let hot_section = hot.then(hot_section);
    let claim_symbol = format!("__sysgate_{table_tag}nr_{nr_value}");
    let claim_section = claim_section(&table_tag, nr_value, &fn_name.to_string());
    let arch_tag = arch.map_or_else(String::new, |a| format!("{a}_"));
    let claim_macro = format_ident!(
        "__sysgate_{}syscall_number_{}{}",
        table_tag,
        arch_tag,
        nr_value,
        span = nr.span()
    );
    let sig_span = func.sig.span();
    let words_check = quote_spanned! {sig_span=>
        const _: () = ::core::assert!(
            #krate::__private::total_words(&[#(#words),*]) <= #MAX_PARAMS,
            #too_many_words,
        );
    };

    let stub = user_stub(krate, func, params, &nr, &name);

    quote! {
        #cfg
        #stub

        #cfg
        #[doc(hidden)]
        #[macro_export]
        macro_rules! #claim_macro { () => {}; }

        #cfg
        #krate::__kernel_side! {
            {
                const _: () = {
                    #words_check

                    #claim_section
                    #[used]
                    #[unsafe(export_name = #claim_symbol)]
                    static CLAIM: [u8; 0] = [];

                    static STATS: #krate::perf::SyscallStats = #krate::perf::SyscallStats::new();

                    #[#krate::__private::linkme::distributed_slice(#slice)]
                    #[linkme(crate = #krate::__private::linkme)]
                    static DESC: #krate::SyscallDesc = #krate::SyscallDesc {
                        nr: #nr,
                        name: #name,
                        category: #krate::Category::#category,
                        args: &[#(#arg_infos),*],
                        ret: #ret,
                        doc: #doc,
                        recovery: #recovery,
                        fast: #fast,
                        hot: #hot,
                        location: #krate::Location {
                            module: ::core::module_path!(),
                            file: ::core::file!(),
                            line: ::core::line!(),
                        },
                        stats: &STATS,
                        thunk,
                };

                #hot_section
                fn thunk(args: &#krate::SyscallArgs) -> isize {
                    #krate::__private::run(&DESC, args, #call, #fallback)
                }
                };
            }
            {
                const _: () = {
                        let _ = #fn_name;
                };
            }
        }
    }
}

/// A closure that decodes each parameter from its registers and calls `target` with them;
/// under a table's `decoding` (a constant path) rather than the strict native rule if given.
fn decode_and_call(
    krate: &TokenStream,
    target: &TokenStream,
    func: &ItemFn,
    params: &[Param],
    decoding: Option<&TokenStream>,
) -> TokenStream {
    let locals: Vec<_> = (0..params.len())
        .map(|i| format_ident!("__sysgate_arg{}", i))
        .collect();
    let mut offset: Option<TokenStream> = None;
    let mut decodes = Vec::new();
    for (p, local) in params.iter().zip(&locals) {
        let ty = &p.ty;
        let words = quote_spanned!(ty.span()=> <#ty as #krate::SyscallArg>::WORDS);
        let (start, end) = match &offset {
            None => (quote!(0), words.clone()),
            Some(o) => (o.clone(), quote!(#o + #words)),
        };
        decodes.push(match decoding {
            None => quote_spanned! {ty.span()=>
                let #local = <#ty as #krate::SyscallArg>::from_words(
                    &args.0[const { #start }..const { #end }],
                )?;
            },
            Some(decoding) => quote_spanned! {ty.span()=>
                let #local = <#ty as #krate::SyscallArg>::from_words_as(
                    &args.0[const { #start }..const { #end }],
                    #decoding,
                )?;
            },
        });
        offset = Some(end);
    }
    let ret_ty = match &func.sig.output {
        ReturnType::Default => quote!(()),
        ReturnType::Type(_, ty) => quote!(#ty),
    };
    let into = match &func.sig.output {
        ReturnType::Type(_, ty) if plain_value(ty) => quote_spanned! {ty.span()=>
            ::core::result::Result::Ok(<#ty as #krate::SyscallValue>::into_word(__sysgate_ret))
        },
        _ => quote_spanned! {ret_ty.span()=>
            <#ret_ty as #krate::SyscallReturn>::into_syscall_result(__sysgate_ret)
        },
    };
    quote! {
        |args: &#krate::SyscallArgs| -> ::core::result::Result<usize, #krate::Errno> {
            #(#decodes)*
            let __sysgate_ret = #target(#(#locals),*);
            #into
        }
    }
}

fn recovery_value(krate: &TokenStream, spec: &RecoverySpec) -> TokenStream {
    match spec {
        RecoverySpec::None => quote!(#krate::Recovery::None),
        RecoverySpec::Retry { retries } => quote!(#krate::Recovery::Retry { retries: #retries }),
        RecoverySpec::Backoff {
            retries,
            base_us,
            cap_us,
        } => quote!(#krate::Recovery::Backoff {
            retries: #retries, base_us: #base_us, cap_us: #cap_us
        }),
        RecoverySpec::FreeMemory { retries } => {
            quote!(#krate::Recovery::FreeMemory { retries: #retries })
        }
        RecoverySpec::Fallback(path) => {
            let text = type_text(path);
            quote!(#krate::Recovery::Fallback { handler: #text })
        }
        RecoverySpec::Terminate => quote!(#krate::Recovery::Terminate),
        RecoverySpec::Escalate => quote!(#krate::Recovery::Escalate),
    }
}

/// The section of a number claim, which names the handler, where it is declared and its crate,
/// so a duplicate-symbol link error shows both handlers: the linker prints the section of each
/// definition when no symbol encloses it, and the claim is zero-sized so none does. ELF only:
/// Mach-O and COFF section names are short and structured.
fn claim_section(table_tag: &str, nr: u32, handler: &str) -> TokenStream {
    let head = format!(".rodata.sysgate.{table_tag}nr{nr}: {handler} in ");
    quote! {
        #[cfg_attr(
            not(any(
                target_vendor = "apple",
                target_os = "windows",
                target_os = "uefi",
                target_family = "wasm"
            )),
            unsafe(link_section = ::core::concat!(
                #head, ::core::module_path!(), " at ", ::core::file!(), ":", ::core::line!()
            ))
        )]
    }
}

/// The hot text section in each object format's own syntax (the way linkme names its
/// sections): ELF `.text.hot.sysgate`, Mach-O `__TEXT,__sysgate_hot`, COFF `.text$sysgate`
/// (grouped into `.text`); WebAssembly places no functions in sections, so none there.
fn hot_section() -> TokenStream {
    quote! {
        #[cfg_attr(
            target_vendor = "apple",
            unsafe(link_section = "__TEXT,__sysgate_hot,regular,pure_instructions")
        )]
        #[cfg_attr(
            any(target_os = "windows", target_os = "uefi"),
            unsafe(link_section = ".text$sysgate")
        )]
        #[cfg_attr(
            not(any(
                target_vendor = "apple",
                target_os = "windows",
                target_os = "uefi",
                target_family = "wasm"
            )),
            unsafe(link_section = ".text.hot.sysgate")
        )]
    }
}

//! The typed user-side stub generated next to each handler.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{GenericArgument, ItemFn, LitInt, PathArguments, ReturnType, Type};

use crate::signature::Param;

/// Whether a return type cannot name a `Result` (a reference, tuple, array…): it must be a
/// `SyscallValue` itself, and both sides name that trait directly, so a bad one is one error.
pub fn plain_value(ty: &Type) -> bool {
    match ty {
        Type::Path(_) => false,
        Type::Paren(p) => plain_value(&p.elem),
        _ => true,
    }
}

/// The success type of a handler's return type, as the stub returns it inside
/// `Result<_, Errno>`: `T` of a literal `Result<T, E>`; the type itself where it cannot name a
/// `Result` (a reference, tuple, array…); else `<R as SyscallReturn>::Value`, which also covers
/// aliases. Naming the type directly keeps a bad return type to the one error the thunk reports.
fn success_type(krate: &TokenStream, ty: &Type) -> TokenStream {
    match ty {
        Type::Path(p) if p.qself.is_none() => {
            let last = p.path.segments.last();
            if let Some(seg) = last
                && seg.ident == "Result"
                && let PathArguments::AngleBracketed(args) = &seg.arguments
                && args.args.len() == 2
                && let Some(GenericArgument::Type(ok)) = args.args.first()
            {
                quote!(#ok)
            } else {
                quote_spanned!(ty.span()=> <#ty as #krate::SyscallReturn>::Value)
            }
        }
        Type::Paren(p) => success_type(krate, &p.elem),
        other => quote!(#other),
    }
}

/// `pub mod <name> { pub const NR; pub fn call(…) -> Result<T, Errno> }`, named after the
/// syscall (the `name` key, or the function).
pub fn user_stub(
    krate: &TokenStream,
    func: &ItemFn,
    params: &[Param],
    nr: &LitInt,
    name: &str,
) -> TokenStream {
    let module = format_ident!("{}", name, span = func.sig.ident.span());
    let mut inputs = Vec::new();
    let mut puts = Vec::new();
    let mut offset: Option<TokenStream> = None;
    for p in params {
        let (ident, ty) = (&p.name, &p.ty);
        let words = quote_spanned!(ty.span()=> <#ty as #krate::SyscallArg>::WORDS);
        let (start, end) = match &offset {
            None => (quote!(0), words.clone()),
            Some(o) => (o.clone(), quote!(#o + #words)),
        };
        inputs.push(quote!(#ident: impl #krate::stub::UserArg<#ty>));
        puts.push(quote_spanned! {ty.span()=>
            #krate::stub::UserArg::<#ty>::put(#ident, &mut words[const { #start }..const { #end }]);
        });
        offset = Some(end);
    }
    let ret_ty = match &func.sig.output {
        ReturnType::Default => quote!(()),
        ReturnType::Type(_, ty) => quote!(#ty),
    };
    let value = match &func.sig.output {
        ReturnType::Default => quote!(()),
        ReturnType::Type(_, ty) => success_type(krate, ty),
    };
    let output = quote_spanned!(ret_ty.span()=> ::core::result::Result<#value, #krate::Errno>);
    let result = match &func.sig.output {
        ReturnType::Type(_, ty) if plain_value(ty) => quote_spanned! {ty.span()=>
            #krate::stub::decode_with(
                #krate::stub::invoke(NR, words),
                <#ty as #krate::SyscallValue>::from_word,
            )
        },
        _ => quote_spanned! {ret_ty.span()=>
            #krate::stub::decode::<#value>(#krate::stub::invoke(NR, words))
        },
    };
    let module_doc = format!("The user side of syscall `{name}` (number {nr}).");
    let call_doc = format!(
        "Makes syscall `{name}` (number {nr}) from user code: arguments encoded as the kernel decodes them, errors as [`sysgate::Errno`]."
    );
    let words_decl = if params.is_empty() {
        quote!(let words = [0usize; 6];)
    } else {
        quote!(let mut words = [0usize; 6];)
    };
    quote! {
        #[doc = #module_doc]
        #[allow(dead_code, non_snake_case, unused_imports, clippy::module_name_repetitions)]
        pub mod #module {
            use super::*;

            /// The syscall number.
            pub const NR: usize = #nr;

            #[doc = #call_doc]
            #[inline(always)]
            pub fn call(#(#inputs),*) -> #output {
                #words_decl
                #(#puts)*
                #result
            }
        }
    }
}

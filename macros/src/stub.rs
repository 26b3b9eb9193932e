//! The typed user-side stub generated next to each handler.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{ItemFn, LitInt, ReturnType};

use crate::signature::Param;

/// `pub mod <name> { pub const NR; pub fn call(…) -> Result<T, Errno> }`, named after the
/// syscall (the `name` key, or the function).
pub fn user_stub(func: &ItemFn, params: &[Param], nr: &LitInt, name: &str) -> TokenStream {
    let module = format_ident!("{}", name, span = func.sig.ident.span());
    let mut inputs = Vec::new();
    let mut puts = Vec::new();
    let mut offset: Option<TokenStream> = None;
    for p in params {
        let (ident, ty) = (&p.name, &p.ty);
        let words = quote_spanned!(ty.span()=> <#ty as ::sysgate::SyscallArg>::WORDS);
        let (start, end) = match &offset {
            None => (quote!(0), words.clone()),
            Some(o) => (o.clone(), quote!(#o + #words)),
        };
        inputs.push(quote!(#ident: impl ::sysgate::stub::UserArg<#ty>));
        puts.push(quote_spanned! {ty.span()=>
            ::sysgate::stub::UserArg::<#ty>::put(#ident, &mut words[const { #start }..const { #end }]);
        });
        offset = Some(end);
    }
    let ret_ty = match &func.sig.output {
        ReturnType::Default => quote!(()),
        ReturnType::Type(_, ty) => quote!(#ty),
    };
    let value = quote_spanned!(ret_ty.span()=> <#ret_ty as ::sysgate::SyscallReturn>::Value);
    let output = quote_spanned!(ret_ty.span()=> ::core::result::Result<#value, ::sysgate::Errno>);
    let result = quote_spanned! {ret_ty.span()=>
        ::sysgate::stub::decode::<#value>(::sysgate::stub::invoke(NR, words))
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

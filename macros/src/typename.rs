//! Types and doc comments as the registry shows them.

use quote::ToTokens;
use syn::{Attribute, Expr, ExprLit, Lit, Meta};

/// A type as written, with the spacing of source code: `Result<usize, Errno>`.
pub fn type_text(ty: &impl ToTokens) -> String {
    let mut s = ty.to_token_stream().to_string();
    for (from, to) in [
        (" < ", "<"),
        ("< ", "<"),
        (" <", "<"),
        (" >", ">"),
        (" ,", ","),
        (" :: ", "::"),
        (":: ", "::"),
        (" ::", "::"),
        ("& ", "&"),
        ("* const ", "*const "),
        ("* mut ", "*mut "),
        ("[ ", "["),
        (" ]", "]"),
        (" ;", ";"),
        ("( ", "("),
        (" )", ")"),
    ] {
        s = s.replace(from, to);
    }
    s
}

/// The doc comment of an item: one line per `///` line, common leading space removed.
pub fn doc_text(attrs: &[Attribute]) -> String {
    let lines: Vec<String> = attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .filter_map(|a| match &a.meta {
            Meta::NameValue(nv) => match &nv.value {
                Expr::Lit(ExprLit {
                    lit: Lit::Str(s), ..
                }) => Some(s.value()),
                _ => None,
            },
            _ => None,
        })
        .flat_map(|s| s.split('\n').map(str::to_owned).collect::<Vec<_>>())
        .collect();
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let text: Vec<&str> = lines
        .iter()
        .map(|l| l.get(indent..).unwrap_or("").trim_end())
        .collect();
    text.join("\n").trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_print_like_source() {
        let ty: syn::Type = syn::parse_quote!(Result<usize, sysgate::Errno>);
        assert_eq!(type_text(&ty), "Result<usize, sysgate::Errno>");
        let ty: syn::Type = syn::parse_quote!(UserSlice<u8>);
        assert_eq!(type_text(&ty), "UserSlice<u8>");
        let ty: syn::Type = syn::parse_quote!(Option<UserPtr<[u8; 4]>>);
        assert_eq!(type_text(&ty), "Option<UserPtr<[u8; 4]>>");
    }

    #[test]
    fn docs_lose_their_indent() {
        let f: syn::ItemFn = syn::parse_quote! {
            /// Read bytes.
            ///
            ///   Indented.
            fn f() {}
        };
        assert_eq!(doc_text(&f.attrs), "Read bytes.\n\n  Indented.");
    }
}

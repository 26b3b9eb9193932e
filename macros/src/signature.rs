//! Checking the handler's signature and extracting its parameters.

use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;
use syn::{FnArg, ItemFn, Pat, ReturnType, Type};

use crate::typename::type_text;

use crate::errors::Errors;

/// The most parameters a syscall can have: six argument registers.
pub const MAX_PARAMS: usize = 6;

/// One handler parameter.
pub struct Param {
    /// The parameter name.
    pub name: syn::Ident,
    /// The parameter type.
    pub ty: Type,
}

/// Checks that `func` can be a syscall handler and returns its parameters.
pub fn check(func: &ItemFn, errors: &mut Errors) -> Vec<Param> {
    let sig = &func.sig;
    if let Some(t) = &sig.asyncness {
        errors.at(
            t,
            "a syscall handler cannot be `async`: the trap path cannot await",
        );
    }
    if let syn::Safety::Unsafe(t) = &sig.safety {
        errors.at(
            t,
            "a syscall handler cannot be `unsafe fn`: it is called with whatever user space passes; validate inside a safe function",
        );
    }
    if !sig.generics.params.is_empty() || sig.generics.where_clause.is_some() {
        errors.at(
            &sig.generics,
            "a syscall handler cannot be generic: its table entry needs one concrete function",
        );
    }
    if let Some(v) = &sig.variadic {
        errors.at(
            v,
            "a syscall handler cannot be variadic: it takes at most 6 register arguments",
        );
    }
    let mut params = Vec::new();
    for (i, input) in sig.inputs.iter().enumerate() {
        match input {
            FnArg::Receiver(r) => errors.at(
                r,
                "a syscall handler cannot take `self`: declare it as a free function",
            ),
            FnArg::Typed(pt) if i == MAX_PARAMS => errors.at(
                pt,
                format_args!(
                    "a syscall takes at most {MAX_PARAMS} arguments (one per argument register); this is argument {}",
                    i + 1
                ),
            ),
            FnArg::Typed(_) if i > MAX_PARAMS => {}
            FnArg::Typed(pt) => match &*pt.pat {
                Pat::Ident(p) if p.by_ref.is_none() && p.subpat.is_none() => {
                    if check_param_type(&pt.ty, errors) {
                        params.push(Param {
                            name: p.ident.clone(),
                            ty: (*pt.ty).clone(),
                        });
                    }
                }
                other => errors.at(
                    other,
                    "syscall parameters must be plain names (they are the argument names in the registry); destructure inside the body",
                ),
            },
        }
    }
    if let ReturnType::Type(_, ty) = &sig.output {
        match &**ty {
            Type::ImplTrait(_) => errors.at(
                ty,
                "a syscall handler must name its return type, not `impl Trait`",
            ),
            Type::TraitObject(_) => errors.at(
                ty,
                "a syscall handler must return a sized value, not a trait object",
            ),
            _ => {}
        }
    }
    params
}

/// Rejects parameter types no register word can become — a borrow, `impl Trait` — with the
/// cause, before the generated code would report a consequence of it; true if the type is fine.
fn check_param_type(ty: &Type, errors: &mut Errors) -> bool {
    if let Type::ImplTrait(_) = ty {
        errors.at(
            ty,
            "a syscall parameter cannot be `impl Trait`: its table entry needs one concrete type",
        );
        return false;
    }
    if let Type::TraitObject(_) = ty {
        errors.at(
            ty,
            "a syscall parameter cannot be a trait object: it decodes from register words into one sized type",
        );
        return false;
    }
    if borrows(ty.to_token_stream()) {
        errors.at(
            ty,
            format_args!(
                "a syscall parameter cannot borrow (`{}`): user memory arrives as an address; take `UserPtr<T>` or `UserSlice<T>` to read it, `UserPtrMut<T>` or `UserSliceMut<T>` to write it",
                type_text(ty)
            ),
        );
        return false;
    }
    true
}

/// Whether a type's tokens hold a reference or a lifetime.
fn borrows(tokens: TokenStream) -> bool {
    tokens.into_iter().any(|t| match t {
        TokenTree::Punct(p) => matches!(p.as_char(), '&' | '\''),
        TokenTree::Group(g) => borrows(g.stream()),
        _ => false,
    })
}

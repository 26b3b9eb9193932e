//! The attribute on arbitrary tokens: `<args>` and `<item>` separated by the first NUL byte,
//! lexed as Rust tokens. The expansion must return (code or errors), never panic; when the item
//! is a function and the keys are valid Rust syntax, what it returns must parse as items.

#![no_main]
#![allow(dead_code)]

#[path = "../../macros/src/attr.rs"]
mod attr;
#[path = "../../macros/src/entry.rs"]
mod entry;
#[path = "../../macros/src/errors.rs"]
mod errors;
#[path = "../../macros/src/expand.rs"]
mod expand;
#[path = "../../macros/src/limits.rs"]
mod limits;
#[path = "../../macros/src/signature.rs"]
mod signature;
#[path = "../../macros/src/stub.rs"]
mod stub;
#[path = "../../macros/src/typename.rs"]
mod typename;
#[path = "../../macros/src/vocab.rs"]
mod vocab;

use libfuzzer_sys::fuzz_target;
use proc_macro2::TokenStream;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (args, item) = text.split_once('\0').unwrap_or((text, "fn f() {}"));
    let (Ok(args), Ok(item)) = (args.parse::<TokenStream>(), item.parse::<TokenStream>()) else {
        return;
    };
    let is_fn = syn::parse2::<syn::ItemFn>(item.clone()).is_ok();
    let out = entry::expand(args, item);
    if is_fn {
        if let Err(e) = syn::parse2::<syn::File>(out.clone()) {
            panic!("the expansion of a function is not valid items ({e}):\n{out}");
        }
    }
});

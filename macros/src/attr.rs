//! Parsing and checking the keys of `#[syscall(…)]`.

use proc_macro2::{Span, TokenStream};
use quote::ToTokens;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Expr, ExprLit, Lit, LitInt, LitStr, Meta, Path, Token};

use crate::errors::Errors;
use crate::limits::MAX_SYSCALLS;
use crate::vocab::{self, ARCHES, CATEGORIES, KEYS, RECOVERIES};

/// The checked contents of the attribute.
pub struct SyscallAttr {
    /// The syscall numbers: one for every architecture, or one per architecture named.
    pub nr: Numbers,
    /// `table = PATH`: the declared table the handler goes into; `None` for the native one.
    pub table: Option<Path>,
    /// `name = "…"`, if given.
    pub name: Option<LitStr>,
    /// The `sysgate::Category` variant name and the literal it came from.
    pub category: (&'static str, LitStr),
    /// The recovery strategy and its parameters.
    pub recovery: RecoverySpec,
    /// `fast`: no instrumentation.
    pub fast: bool,
    /// `hot`: thunk placed in the hot text section.
    pub hot: bool,
    /// The path generated code names the runtime by: `crate = path`, else `::sysgate`.
    pub krate: TokenStream,
}

/// The numbers a handler is registered under.
pub enum Numbers {
    /// `nr = N`: the same number on every architecture.
    Everywhere(LitInt),
    /// `nr(x86_64 = A, aarch64 = B, …)`: a number per architecture named, in the order
    /// written; on an architecture not named the handler is not registered.
    PerArch(Vec<(&'static str, LitInt)>),
}

/// A recovery strategy with its parameters.
pub enum RecoverySpec {
    None,
    Retry {
        retries: u8,
    },
    Backoff {
        retries: u8,
        base_us: u32,
        cap_us: u32,
    },
    FreeMemory {
        retries: u8,
    },
    Fallback(Path),
    Terminate,
    Escalate,
}

/// Must equal `sysgate::recovery::DEFAULT_RETRIES` (this crate cannot depend on the runtime);
/// `tests/tests/registry.rs` checks that they agree.
const DEFAULT_RETRIES: u8 = 3;
const MAX_RETRIES: u8 = 16;
const DEFAULT_BASE_US: u32 = 100;
const DEFAULT_CAP_US: u32 = 10_000;

/// Raw values as written, before cross-checks.
#[derive(Default)]
struct Raw {
    nr: Option<Numbers>,
    table: Option<Path>,
    name: Option<LitStr>,
    category: Option<LitStr>,
    recovery: Option<LitStr>,
    retries: Option<LitInt>,
    base_us: Option<LitInt>,
    cap_us: Option<LitInt>,
    fallback: Option<Path>,
    krate: Option<Path>,
    fast: Option<Path>,
    hot: Option<Path>,
    /// Keys that were written, valid or not.
    given: Vec<String>,
}

/// Parses the attribute arguments; every problem goes to `errors`.
pub fn parse(args: TokenStream, errors: &mut Errors) -> Option<SyscallAttr> {
    let metas =
        match syn::parse::Parser::parse2(Punctuated::<Meta, Token![,]>::parse_terminated, args) {
            Ok(metas) => metas,
            Err(e) => {
                errors.push(e);
                return None;
            }
        };
    let mut raw = Raw::default();
    for meta in metas {
        read_key(meta, &mut raw, errors);
    }
    check(raw, errors)
}

fn set<T>(slot: &mut Option<T>, value: T, key: &syn::Ident, errors: &mut Errors) {
    if slot.is_some() {
        errors.at(key, format_args!("`{key}` is given more than once"));
    } else {
        *slot = Some(value);
    }
}

fn read_key(meta: Meta, raw: &mut Raw, errors: &mut Errors) {
    let Some(key) = meta.path().get_ident().cloned() else {
        errors.at(meta.path(), unknown_key_message(&path_text(meta.path())));
        return;
    };
    let name = key.to_string();
    raw.given.push(name.clone());
    if !KEYS.contains(&name.as_str()) {
        errors.at(&key, unknown_key_message(&name));
        return;
    }
    match (name.as_str(), meta) {
        ("nr", Meta::List(list)) => {
            if let Some(numbers) = read_per_arch(&list, errors) {
                set(&mut raw.nr, numbers, &key, errors);
            }
        }
        ("fast", Meta::Path(p)) => set(&mut raw.fast, p, &key, errors),
        ("hot", Meta::Path(p)) => set(&mut raw.hot, p, &key, errors),
        ("fast" | "hot", other) => {
            errors.at(
                other,
                format_args!("`{key}` is a flag: write `{key}` alone"),
            );
        }
        (_, Meta::NameValue(nv)) => match name.as_str() {
            "nr" => read_int(&nv.value, "nr", errors)
                .map(|v| set(&mut raw.nr, Numbers::Everywhere(v), &key, errors)),
            "table" => match ungroup(&nv.value) {
                Expr::Path(p) if p.qself.is_none() => {
                    set(&mut raw.table, p.path.clone(), &key, errors);
                    Some(())
                }
                other => {
                    errors.at(
                        other,
                        "`table` takes the path of a table declared with `sysgate::syscall_table!`: `table = LINUX`",
                    );
                    None
                }
            },
            "retries" => read_int(&nv.value, "retries", errors)
                .map(|v| set(&mut raw.retries, v, &key, errors)),
            "base_us" => read_int(&nv.value, "base_us", errors)
                .map(|v| set(&mut raw.base_us, v, &key, errors)),
            "cap_us" => {
                read_int(&nv.value, "cap_us", errors).map(|v| set(&mut raw.cap_us, v, &key, errors))
            }
            "name" => {
                read_str(&nv.value, "name", errors).map(|v| set(&mut raw.name, v, &key, errors))
            }
            "category" => read_str(&nv.value, "category", errors)
                .map(|v| set(&mut raw.category, v, &key, errors)),
            "recovery" => read_str(&nv.value, "recovery", errors)
                .map(|v| set(&mut raw.recovery, v, &key, errors)),
            "crate" => match ungroup(&nv.value) {
                Expr::Path(p) if p.qself.is_none() => {
                    set(&mut raw.krate, p.path.clone(), &key, errors);
                    Some(())
                }
                other => {
                    errors.at(
                        other,
                        "`crate` takes the path sysgate is reached by: `crate = my_kernel::sysgate`",
                    );
                    None
                }
            },
            "fallback" => match &nv.value {
                Expr::Path(p) if p.qself.is_none() => {
                    set(&mut raw.fallback, p.path.clone(), &key, errors);
                    Some(())
                }
                other => {
                    errors.at(
                        other,
                        "`fallback` takes the path of a function: `fallback = compat_read`",
                    );
                    None
                }
            },
            _ => unreachable!("every key is handled"),
        }
        .unwrap_or(()),
        (_, other) => errors.at(other, format_args!("expected `{key} = …`")),
    }
}

/// `nr(x86_64 = 1, aarch64 = 64, riscv64 = 64)`: each architecture at most once, each number
/// an integer literal.
fn read_per_arch(list: &syn::MetaList, errors: &mut Errors) -> Option<Numbers> {
    let metas = match list.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated) {
        Ok(metas) => metas,
        Err(e) => {
            errors.push(e);
            return None;
        }
    };
    let mut numbers: Vec<(&'static str, LitInt)> = Vec::new();
    let mut ok = true;
    for meta in metas {
        let arch = meta
            .path()
            .get_ident()
            .and_then(|i| ARCHES.iter().copied().find(|a| i == a));
        let Some(arch) = arch else {
            let written = path_text(meta.path());
            let hint = vocab::arch_alias(&written)
                .or_else(|| vocab::suggest(&written, ARCHES.iter().copied()))
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            errors.at(
                meta.path(),
                format_args!(
                    "unknown architecture `{written}`{hint}; valid architectures are Rust's `target_arch` names: {}",
                    vocab::list(ARCHES.iter().copied())
                ),
            );
            ok = false;
            continue;
        };
        let Meta::NameValue(nv) = meta else {
            errors.at(&meta, format_args!("expected `{arch} = <number>`"));
            ok = false;
            continue;
        };
        if numbers.iter().any(|(a, _)| *a == arch) {
            errors.at(
                &nv.path,
                format_args!("`{arch}` is given more than once in `nr(…)`"),
            );
            ok = false;
            continue;
        }
        match read_int(&nv.value, "nr", errors) {
            Some(lit) => numbers.push((arch, lit)),
            None => ok = false,
        }
    }
    if ok && numbers.is_empty() {
        errors.at(
            list,
            format_args!(
                "`nr(…)` names no architecture: write `nr(x86_64 = 1, aarch64 = 64, riscv64 = 64)` or `nr = N`"
            ),
        );
        return None;
    }
    ok.then_some(Numbers::PerArch(numbers))
}

fn path_text(path: &Path) -> String {
    quote::ToTokens::to_token_stream(path)
        .to_string()
        .replace(' ', "")
}

fn unknown_key_message(name: &str) -> String {
    let hint = vocab::suggest(name, KEYS.iter().copied())
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default();
    format!(
        "unknown key `{name}`{hint}; valid keys are: {}",
        vocab::list(KEYS.iter().copied())
    )
}

/// The expression inside the invisible groups `macro_rules!` wraps around `$x:literal`.
fn ungroup(value: &Expr) -> &Expr {
    match value {
        Expr::Group(g) => ungroup(&g.expr),
        other => other,
    }
}

fn read_int(value: &Expr, key: &str, errors: &mut Errors) -> Option<LitInt> {
    match ungroup(value) {
        Expr::Lit(ExprLit {
            lit: Lit::Int(int), ..
        }) => Some(int.clone()),
        Expr::Unary(u) if matches!(u.op, syn::UnOp::Neg(_)) => {
            errors.at(value, format_args!("`{key}` cannot be negative"));
            None
        }
        other => {
            errors.at(
                other,
                format_args!("`{key}` must be an integer literal, like `{key} = 1`"),
            );
            None
        }
    }
}

fn read_str(value: &Expr, key: &str, errors: &mut Errors) -> Option<LitStr> {
    match ungroup(value) {
        Expr::Lit(ExprLit {
            lit: Lit::Str(s), ..
        }) => Some(s.clone()),
        other => {
            errors.at(
                other,
                format_args!("`{key}` must be a string literal, like `{key} = \"…\"`"),
            );
            None
        }
    }
}

fn int_value<T: std::str::FromStr>(
    lit: &LitInt,
    key: &str,
    range: std::ops::RangeInclusive<u64>,
    errors: &mut Errors,
) -> Option<T>
where
    T::Err: std::fmt::Display,
{
    if lit.base10_digits().starts_with('-') {
        errors.at(lit, format_args!("`{key}` cannot be negative"));
        return None;
    }
    match lit.base10_parse::<u64>() {
        Ok(v) if range.contains(&v) => lit.base10_parse::<T>().ok(),
        Ok(v) => {
            errors.at(
                lit,
                format_args!(
                    "`{key} = {v}` is out of range: it must be between {} and {}",
                    range.start(),
                    range.end()
                ),
            );
            None
        }
        Err(_) => {
            errors.at(lit, format_args!("`{key}` is too large"));
            None
        }
    }
}

/// A syscall number must index the dispatch table; any larger literal, even one past `u64`,
/// gets the same message naming the limit.
fn check_nr(lit: &LitInt, errors: &mut Errors) {
    let digits = lit.base10_digits();
    if digits.starts_with('-') {
        errors.at(lit, "`nr` cannot be negative");
    } else if !lit
        .base10_parse::<u64>()
        .is_ok_and(|v| v < MAX_SYSCALLS as u64)
    {
        errors.at(
            lit,
            format_args!(
                "syscall number {digits} is past the table (MAX_SYSCALLS = {MAX_SYSCALLS})"
            ),
        );
    }
}

fn check(mut raw: Raw, errors: &mut Errors) -> Option<SyscallAttr> {
    let nr = match raw.nr.take() {
        Some(nr) => {
            match &nr {
                Numbers::Everywhere(lit) => check_nr(lit, errors),
                Numbers::PerArch(numbers) => numbers.iter().for_each(|(_, l)| check_nr(l, errors)),
            }
            Some(nr)
        }
        None => {
            if !raw.given.iter().any(|k| k == "nr") {
                errors.push(syn::Error::new(
                    Span::call_site(),
                    "missing `nr = <number>` (or `nr(x86_64 = …, aarch64 = …, riscv64 = …)`): every syscall needs its number",
                ));
            }
            None
        }
    };
    let category = match &raw.category {
        Some(lit) => {
            let value = lit.value();
            match CATEGORIES.iter().find(|c| c.0 == value) {
                Some(&(_, variant)) => Some((variant, lit.clone())),
                None => {
                    let hint = vocab::suggest(&value, CATEGORIES.iter().map(|c| c.0))
                        .map(|s| format!(" (did you mean `{s}`?)"))
                        .unwrap_or_default();
                    errors.at(
                        lit,
                        format_args!(
                            "unknown category `{value}`{hint}; valid categories are: {}",
                            vocab::list(CATEGORIES.iter().map(|c| c.0))
                        ),
                    );
                    None
                }
            }
        }
        None if raw.given.iter().any(|k| k == "category") => None,
        None => {
            errors.push(syn::Error::new(
                Span::call_site(),
                format_args!(
                    "missing `category = \"…\"`; valid categories are: {}",
                    vocab::list(CATEGORIES.iter().map(|c| c.0))
                )
                .to_string(),
            ));
            None
        }
    };
    if let Some(name) = &raw.name
        && syn::parse_str::<syn::Ident>(&name.value()).is_err()
    {
        errors.at(
            name,
            "`name` must be an identifier: it also names the syscall's user-side stub module",
        );
    }
    let recovery = check_recovery(&raw, errors);
    Some(SyscallAttr {
        nr: nr?,
        table: raw.table,
        name: raw.name,
        category: category?,
        recovery: recovery?,
        fast: raw.fast.is_some(),
        hot: raw.hot.is_some(),
        krate: raw
            .krate
            .map_or_else(|| quote::quote!(::sysgate), |p| p.to_token_stream()),
    })
}

fn check_recovery(raw: &Raw, errors: &mut Errors) -> Option<RecoverySpec> {
    let strategy = match &raw.recovery {
        Some(lit) => {
            let value = lit.value();
            match RECOVERIES.iter().find(|r| **r == value) {
                Some(r) => *r,
                None => {
                    let hint = vocab::suggest(&value, RECOVERIES.iter().copied())
                        .map(|s| format!(" (did you mean `{s}`?)"))
                        .unwrap_or_default();
                    errors.at(
                        lit,
                        format_args!(
                            "unknown recovery strategy `{value}`{hint}; valid strategies are: {}",
                            vocab::list(RECOVERIES.iter().copied())
                        ),
                    );
                    return None;
                }
            }
        }
        None => "none",
    };
    let takes_retries = matches!(strategy, "retry" | "backoff" | "free_memory");
    let mut ok = true;
    let mut misplaced = |lit: &dyn Spanned, key: &str, wants: &str| {
        errors.push(syn::Error::new(
            lit.span(),
            format!("`{key}` only applies to {wants}; this syscall's recovery is `{strategy}`"),
        ));
        ok = false;
    };
    if let (false, Some(r)) = (takes_retries, &raw.retries) {
        misplaced(
            r,
            "retries",
            "`recovery = \"retry\"`, `\"backoff\"` or `\"free_memory\"`",
        );
    }
    if strategy != "backoff" {
        for (lit, key) in [(&raw.base_us, "base_us"), (&raw.cap_us, "cap_us")] {
            if let Some(l) = lit {
                misplaced(l, key, "`recovery = \"backoff\"`");
            }
        }
    }
    if let (false, Some(p)) = (strategy == "fallback", &raw.fallback) {
        misplaced(p, "fallback", "`recovery = \"fallback\"`");
    }
    let retries = match &raw.retries {
        Some(lit) if takes_retries => {
            int_value::<u8>(lit, "retries", 1..=MAX_RETRIES as u64, errors)
        }
        _ => Some(DEFAULT_RETRIES),
    };
    let spec = match strategy {
        "none" => RecoverySpec::None,
        "retry" => RecoverySpec::Retry { retries: retries? },
        "free_memory" => RecoverySpec::FreeMemory { retries: retries? },
        "backoff" => {
            let base_us = match &raw.base_us {
                Some(l) => int_value::<u32>(l, "base_us", 1..=1_000_000, errors)?,
                None => DEFAULT_BASE_US,
            };
            let cap_us = match &raw.cap_us {
                Some(l) => int_value::<u32>(l, "cap_us", 1..=60_000_000, errors)?,
                None => DEFAULT_CAP_US.max(base_us),
            };
            if cap_us < base_us {
                errors.at(
                    raw.cap_us.as_ref()?,
                    format_args!("`cap_us = {cap_us}` is below `base_us = {base_us}`"),
                );
                return None;
            }
            RecoverySpec::Backoff {
                retries: retries?,
                base_us,
                cap_us,
            }
        }
        "fallback" => match &raw.fallback {
            Some(path) => RecoverySpec::Fallback(path.clone()),
            None if raw.given.iter().any(|k| k == "fallback") => return None,
            None => {
                errors.at(
                    raw.recovery.as_ref()?,
                    "`recovery = \"fallback\"` needs `fallback = <path of the compatibility handler>`",
                );
                return None;
            }
        },
        "terminate" => RecoverySpec::Terminate,
        "escalate" => RecoverySpec::Escalate,
        _ => unreachable!("strategy comes from RECOVERIES"),
    };
    ok.then_some(spec)
}

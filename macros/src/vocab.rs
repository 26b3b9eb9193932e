//! The fixed vocabularies of the attribute: keys, categories, recovery strategies.

/// Every key `#[syscall(…)]` accepts.
pub const KEYS: &[&str] = &[
    "nr", "name", "category", "recovery", "retries", "base_us", "cap_us", "fallback", "fast",
    "hot", "crate", "table",
];

/// The architectures `nr(…)` may name: Rust's `target_arch` values.
pub const ARCHES: &[&str] = &["x86_64", "aarch64", "riscv64"];

/// Category names and the `sysgate::Category` variants they stand for.
pub const CATEGORIES: &[(&str, &str)] = &[
    ("file", "File"),
    ("process", "Process"),
    ("memory", "Memory"),
    ("ipc", "Ipc"),
    ("network", "Network"),
    ("time", "Time"),
    ("device", "Device"),
    ("system", "System"),
    ("security", "Security"),
];

/// Recovery strategy names.
pub const RECOVERIES: &[&str] = &[
    "none",
    "retry",
    "backoff",
    "free_memory",
    "fallback",
    "terminate",
    "escalate",
];

/// The `target_arch` name of an architecture's other common names (Debian's, Linux's).
pub fn arch_alias(name: &str) -> Option<&'static str> {
    match name {
        "amd64" | "x64" | "x86" => Some("x86_64"),
        "arm64" | "armv8" => Some("aarch64"),
        "riscv" | "rv64" | "riscv64gc" => Some("riscv64"),
        _ => None,
    }
}

/// `a, b, c` from a list of names.
pub fn list<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    names.into_iter().collect::<Vec<_>>().join(", ")
}

/// A close match for a misspelt `word` among `names`, if there is one.
pub fn suggest<'a>(word: &str, names: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    names
        .into_iter()
        .map(|n| (distance(word, n), n))
        .filter(|&(d, n)| d <= 2.max(n.len() / 3))
        .min_by_key(|&(d, _)| d)
        .map(|(_, n)| n)
}

/// The Levenshtein distance between two short strings.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(
            suggest("files", CATEGORIES.iter().map(|c| c.0)),
            Some("file")
        );
        assert_eq!(suggest("retyr", RECOVERIES.iter().copied()), Some("retry"));
        assert_eq!(suggest("zzzzzz", RECOVERIES.iter().copied()), None);
    }
}

//! The build-time maximum number of CPUs.

/// The most CPUs a kernel can bring up with this build: `SYSGATE_MAX_CPUS` when sysgate is
/// compiled, 16 without it. Each CPU up to it has an entry area and, in every syscall's
/// statistics, a call counter of its own (128 bytes).
pub const MAX_CPUS: usize = parse(option_env!("SYSGATE_MAX_CPUS"), 16);

/// `text` as a positive decimal number, or `default` without it; a build error otherwise.
const fn parse(text: Option<&str>, default: usize) -> usize {
    let Some(text) = text else {
        return default;
    };
    let bytes = text.as_bytes();
    assert!(!bytes.is_empty(), "SYSGATE_MAX_CPUS is empty");
    let mut value = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        let digit = bytes[i];
        assert!(
            digit.is_ascii_digit(),
            "SYSGATE_MAX_CPUS must be a decimal number"
        );
        value = value * 10 + (digit - b'0') as usize;
        i += 1;
    }
    assert!(value > 0, "SYSGATE_MAX_CPUS must be at least 1");
    value
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn parses_decimal_or_defaults() {
        assert_eq!(parse(None, 64), 64);
        assert_eq!(parse(Some("4"), 64), 4);
        assert_eq!(parse(Some("256"), 64), 256);
    }

    #[test]
    #[should_panic(expected = "decimal")]
    fn rejects_other_text() {
        parse(Some("4x"), 64);
    }
}

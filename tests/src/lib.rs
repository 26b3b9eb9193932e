//! Tests of sysgate: see `tests/` (integration, property, link-time) and `ui/` (diagnostics).

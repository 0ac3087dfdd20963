//! Property tests of source positions, and the helpers every property test
//! of the crate shares: a bounded number of cases, and the rule that a
//! refused file says why, inside the file it names.
//!
//! Each property runs a bounded number of cases (see `cases`), so that
//! `cargo test` stays fast; failures are not written to disk (shrink them
//! and add them to `tests/testsuite/fixtures/hostile-corpus/` instead).

use std::path::Path;

use proptest::prelude::*;
use proptest::test_runner::Config as Cases;

use super::{Diagnostic, Pos, SourceFile};

/// `n` cases, unless PROPTEST_CASES asks for another number (for a longer
/// search than `cargo test` should take).
pub(crate) fn cases(n: u32) -> Cases {
    Cases {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(n),
        failure_persistence: None,
        ..Cases::default()
    }
}

/// A failed reading must say why, and say it inside the file.
pub(crate) fn check_diagnostics(file: &str, text: &str, diagnostics: &[Diagnostic]) {
    assert!(
        diagnostics.iter().any(Diagnostic::is_error),
        "a refused file must have an error: {diagnostics:?}"
    );
    let lines = text.split('\n').count();
    for d in diagnostics {
        assert_eq!(d.file, Path::new(file), "{d}");
        assert!(d.line <= lines, "{d} is past the last line ({lines})");
        assert!(!d.message.is_empty());
        // Printing never panics.
        let _ = d.to_string();
    }
}

proptest! {
    #![proptest_config(cases(1000))]

    #[test]
    fn positions_stay_inside_the_text(text in "\\PC{0,200}", offset in 0usize..400, len in 0usize..50) {
        let source = SourceFile::new("a.md", text.clone());
        let pos = source.pos(offset, len);
        prop_assert!(pos.line >= 1 && pos.line <= text.split('\n').count());
        prop_assert!(source.line_text(pos.line).is_some());
        let back = source.offset(pos);
        prop_assert!(back <= text.len());
        if offset <= text.len() && text.is_char_boundary(offset) {
            prop_assert_eq!(back, offset);
        }
        let d = Diagnostic::error("a.md", "r", "m").at(&source, Pos { width: len, ..pos });
        let _ = d.to_string();
    }
}

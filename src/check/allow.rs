//! Inline opt-outs: `dermapress-allow: rule-id` in a comment on the line of a
//! finding (or alone on the line above) marks a justified use, e.g.
//!
//! ```text
//! Isotretinoin is FDA-approved for severe acne. <!-- dermapress-allow: fda-approved -->
//! title: Is microneedling painless?   # dermapress-allow: painless
//! ```
//!
//! The marker names the rule, so one justified phrase never silences others.

use crate::diagnostics::SourceFile;

const MARKER: &str = "dermapress-allow:";

/// Whether `rule` is allowed at `line` of `source`.
pub(crate) fn is_allowed(source: &SourceFile, line: usize, rule: &str) -> bool {
    let on_line = source.line_text(line).is_some_and(|t| names(t, rule));
    let above = line
        .checked_sub(1)
        .and_then(|l| source.line_text(l))
        .is_some_and(|t| is_comment_only(t) && names(t, rule));
    on_line || above
}

fn names(line: &str, rule: &str) -> bool {
    let Some(at) = line.find(MARKER) else {
        return false;
    };
    let rest = &line[at + MARKER.len()..];
    let rest = rest.split("-->").next().unwrap_or(rest);
    rest.split([',', ' ', '\t']).any(|id| id.trim() == rule)
}

/// A line that holds nothing but a comment: `<!-- ... -->` or `# ...`.
fn is_comment_only(line: &str) -> bool {
    let t = line.trim();
    (t.starts_with("<!--") && t.ends_with("-->")) || t.starts_with('#')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_name_their_rules() {
        let src = SourceFile::new(
            "a.md",
            "FDA-approved <!-- dermapress-allow: fda-approved, cure -->\n<!-- dermapress-allow: painless -->\npainless\nx # dermapress-allow: miracle\nmiracle\n".to_string(),
        );
        assert!(is_allowed(&src, 1, "fda-approved"));
        assert!(is_allowed(&src, 1, "cure"));
        assert!(!is_allowed(&src, 1, "painless"));
        assert!(is_allowed(&src, 3, "painless"));
        assert!(
            !is_allowed(&src, 5, "miracle"),
            "a marker after text covers its own line only"
        );
    }
}

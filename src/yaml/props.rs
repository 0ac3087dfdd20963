//! Strategies for the property tests of the files written in YAML (site.yaml,
//! front matter, data pages): scalars YAML reads in many ways, lines of keys
//! with typos and odd indents, Windows line endings.

use proptest::prelude::*;

/// Scalars that YAML reads in many ways: quoted, block, numbers, dates,
/// anchors and aliases, flow collections, markup.
pub(crate) fn yaml_scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 ,.!?é-]{0,20}",
        Just("\"quoted: text\"".to_string()),
        Just("'single ''quoted'''".to_string()),
        Just("|\n  block\n  text\n".to_string()),
        Just(">\n  folded\n".to_string()),
        Just("2025-07-07".to_string()),
        Just("2025-02-30".to_string()),
        Just("12".to_string()),
        Just("-1.5e3".to_string()),
        Just("true".to_string()),
        Just("null".to_string()),
        Just("~".to_string()),
        Just("".to_string()),
        Just("[a, b, [c]]".to_string()),
        Just("{ a: 1, b: [2] }".to_string()),
        Just("&anchor value".to_string()),
        Just("*anchor".to_string()),
        Just("*missing".to_string()),
        Just("[unclosed".to_string()),
        Just("\"unclosed".to_string()),
        Just("a: b: c".to_string()),
        Just("\"><script>alert(1)</script>".to_string()),
        Just("\t tab".to_string()),
        Just("!!binary aGVsbG8=".to_string()),
        Just("!custom tag".to_string()),
        Just("? complex".to_string()),
        "\\PC{0,12}",
    ]
}

/// The keys a file of this kind may have, plus a typo and a few a marketer
/// might try, for the generated YAML.
pub(crate) fn keys_and_mistakes(keys: &[&'static str], mistakes: &[&'static str]) -> &'static [&'static str] {
    Box::leak(
        keys.iter()
            .chain(mistakes)
            .copied()
            .collect::<Vec<_>>()
            .into_boxed_slice(),
    )
}

pub(crate) fn yaml_lines(keys: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            prop::sample::select(keys),
            yaml_scalar(),
            prop_oneof![Just(""), Just("  "), Just(" "), Just("- ")],
        ),
        0..10,
    )
    .prop_map(|lines| {
        lines
            .into_iter()
            .map(|(key, value, indent)| format!("{indent}{key}: {value}\n"))
            .collect()
    })
}

/// Windows line endings and a byte-order mark, sometimes.
pub(crate) fn dress(text: String, crlf: bool, bom: bool) -> String {
    let text = if crlf { text.replace('\n', "\r\n") } else { text };
    if bom {
        format!("\u{feff}{text}")
    } else {
        text
    }
}

pub(crate) fn indent(text: &str, n: usize) -> String {
    let pad = " ".repeat(n);
    text.lines().map(|l| format!("{pad}{l}\n")).collect()
}

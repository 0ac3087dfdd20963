//! The wording of YAML errors. serde_yaml's messages are written for
//! programmers and place some errors one line late or nowhere; this module
//! turns each into a plain-words diagnostic at the place a marketer must edit.
//!
//! Must never panic on an error text it does not recognise: an unknown
//! message is still reported, as a syntax error in the reader's own words.

use crate::diagnostics::{Diagnostic, Pos, SourceFile};

use super::described;
use super::spans::{Spans, MAX_DEPTH};

/// A rule id, the message and the help line.
type Explained = (&'static str, String, String);

pub(super) fn too_deep(source: &SourceFile, pos: Pos) -> Diagnostic {
    let (rule, message, help) = explain("recursion limit exceeded", None);
    Diagnostic::error(source.path(), rule, message)
        .at(source, pos)
        .with_help(help)
}

/// A block with more keys and list items than `spans::MAX_NODES`.
pub(super) fn too_many(source: &SourceFile, pos: Pos) -> Diagnostic {
    Diagnostic::error(
        source.path(),
        "yaml-too-large",
        format!(
            "this YAML has more than {} keys and list items, too many to read",
            super::spans::MAX_NODES
        ),
    )
    .at(source, pos)
    .with_help("split it into several pages; a page's data needs hundreds of entries, not hundreds of thousands")
}

/// Turns a serde_yaml error into a plain-words diagnostic at its place.
pub(super) fn typed_error(
    source: &SourceFile,
    spans: &Spans,
    first_line: usize,
    err: &serde_yaml::Error,
) -> Diagnostic {
    let raw = err.to_string();
    if let Some(d) = unclosed(source, first_line, &raw) {
        return d;
    }
    if raw.contains("more than one document") {
        return second_document(source, first_line);
    }
    if let Some(d) = control_character(source, first_line, &raw) {
        return d;
    }
    if let Some(at) = err.location().map(|loc| first_line + loc.line() - 1) {
        if let Some(d) = super::layout::mistake(source, first_line, at, &raw) {
            return d;
        }
    }
    if let Some(key) = between(&raw, "duplicate field `", "`") {
        return duplicate_field(source, spans, first_line, key);
    }
    let message = raw.split(" at line ").next().unwrap_or(&raw);
    // serde_yaml puts the field's path first ("items[0].id: invalid type ...").
    let message = [
        "invalid type",
        "invalid value",
        "missing field",
        "unknown variant",
        "duplicate entry",
    ]
    .iter()
    .filter_map(|phrase| message.find(phrase))
    .min()
    .map_or(message, |at| &message[at..])
    .to_string();
    let pos = match err.location() {
        Some(loc) => within(source, Pos::new(first_line + loc.line() - 1, loc.column(), 1)),
        None => spans.start(),
    };
    let field = spans.path_at(pos.line, pos.column).map(str::to_owned);
    // Underline the whole value the error is about, not only its first character.
    let pos = field.as_deref().map_or(pos, |f| Pos {
        width: spans.value(f).width.max(1),
        ..pos
    });
    let (rule, message, help) = explain(&message, field.as_deref());
    Diagnostic::error(source.path(), rule, message)
        .at(source, pos)
        .with_help(help)
}

/// A control character (an escape pasted from a terminal, a form feed from a
/// word processor): the YAML reader names only its byte offset.
fn control_character(source: &SourceFile, first_line: usize, raw: &str) -> Option<Diagnostic> {
    let rest = raw.split_once("control characters are not allowed at position ")?.1;
    let offset: usize = rest.split(|c: char| !c.is_ascii_digit()).next()?.parse().ok()?;
    let start = source.line_start(first_line)?;
    let pos = within(source, source.pos(start + offset, 1));
    Some(
        Diagnostic::error(
            source.path(),
            "yaml-syntax",
            "there is an invisible control character here, which YAML does not allow",
        )
        .at(source, pos)
        .with_help("delete it (retype the text around it); such characters come with text pasted from a terminal or a word processor"),
    )
}

/// A key given twice in one group: serde names the key but not the place,
/// so the second line that starts with it is blamed.
fn duplicate_field(source: &SourceFile, spans: &Spans, first_line: usize, key: &str) -> Diagnostic {
    let written = format!("{key}:");
    let pos = (first_line..)
        .map_while(|n| source.line_text(n).map(|text| (n, text)))
        .filter(|(_, text)| text.trim_start().trim_start_matches("- ").starts_with(&written))
        .nth(1)
        .map_or(spans.start(), |(n, text)| {
            let column = text.chars().take_while(|c| *c == ' ' || *c == '-').count() + 1;
            Pos::new(n, column, key.chars().count())
        });
    Diagnostic::error(source.path(), "duplicate-key", format!("`{key}` is given twice"))
        .at(source, pos)
        .with_help("keep one of the two lines")
}

/// A `---` line after the first document: serde_yaml reads one document
/// only, and does not say where the second one starts.
fn second_document(source: &SourceFile, first_line: usize) -> Diagnostic {
    let fence = (first_line..)
        .map_while(|n| source.line_text(n).map(|text| (n, text)))
        .skip_while(|(_, text)| text.trim().is_empty() || text.starts_with('#') || text.starts_with("---"))
        .find(|(_, text)| text.trim_end() == "---" || text.starts_with("--- "))
        .map_or(Pos::new(first_line, 1, 1), |(n, _)| Pos::new(n, 1, 3));
    Diagnostic::error(
        source.path(),
        "yaml-syntax",
        "a line `---` here starts a second YAML document; this file can hold only one",
    )
    .at(source, fence)
    .with_help("remove this line, or the text after it if it belongs in another file")
}

/// A position moved back into the file: serde_yaml places errors at the end
/// of a file one line past its last line (`#` alone, with no line break).
fn within(source: &SourceFile, pos: Pos) -> Pos {
    if source.line_start(pos.line).is_some() {
        return pos;
    }
    let last = source.text.split('\n').count();
    let column = source.line_text(last).map_or(0, |l| l.chars().count()) + 1;
    Pos::new(last, column, 1)
}

/// A bracket, brace or quote that is never closed. The YAML reader notices
/// only where it gave up (often the next line, or the `---` below); the place
/// to fix is where the bracket was opened, which it names as the context.
fn unclosed(source: &SourceFile, first_line: usize, raw: &str) -> Option<Diagnostic> {
    const OPENERS: [(&str, &str, &str); 3] = [
        (
            "while parsing a flow sequence",
            "this `[` is never closed",
            "close the list with `]` on the same line, e.g. tags: [collagen, acne-scars]",
        ),
        (
            "while parsing a flow mapping",
            "this `{` is never closed",
            "close the group with `}` on the same line, e.g. image: { src: a.svg, alt: Skin }",
        ),
        (
            "while scanning a quoted scalar",
            "this quote is never closed",
            "end the value with the same quote it starts with, e.g. title: \"Before and after\"",
        ),
    ];
    let (_, context) = raw.split_once(", while ")?;
    let context = format!("while {context}");
    let (_, message, help) = OPENERS.iter().find(|(c, _, _)| context.starts_with(c))?;
    let (_, place) = context.split_once(" at line ")?;
    let (line, column) = place.split_once(" column ")?;
    let line: usize = line.trim().parse().ok()?;
    let column: usize = column.trim().parse().ok()?;
    let pos = within(source, Pos::new(first_line + line - 1, column, 1));
    Some(
        Diagnostic::error(source.path(), "yaml-syntax", *message)
            .at(source, pos)
            .with_help(*help),
    )
}

/// Plain words for serde_yaml's messages, which are written for programmers.
fn explain(message: &str, field: Option<&str>) -> Explained {
    let name = field
        .map(|f| described(&f.split('.').map(str::to_owned).collect::<Vec<_>>()))
        .unwrap_or_else(|| "this value".to_string());
    if let Some(key) = between(message, "missing field `", "`") {
        return (
            "missing-key",
            format!("`{key}` is missing"),
            format!("add a line `{key}: ...`; every file of this kind needs one"),
        );
    }
    if let Some(explained) = wrong_type(message, &name) {
        return explained;
    }
    if let Some(key) = between(message, "duplicate entry with key \"", "\"") {
        return (
            "duplicate-key",
            format!("`{key}` is given twice"),
            "keep one of the two lines".to_string(),
        );
    }
    if message.contains("unknown variant") {
        return (
            "wrong-value",
            message.to_string(),
            "use one of the values listed".to_string(),
        );
    }
    if let Some(explained) = too_much(message) {
        return explained;
    }
    syntax(message)
}

/// A value of the wrong form (`weight: heavy`) or an empty one (`title:`).
fn wrong_type(message: &str, name: &str) -> Option<Explained> {
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        if let Some((found, expected)) = rest.split_once(", expected ") {
            if let Some(explained) = out_of_range(name, found, expected) {
                return Some(explained);
            }
        }
        let (found, expected) = rest
            .split_once(", expected ")
            .unwrap_or((rest, "another kind of value"));
        if found == "unit value" {
            return Some((
                "wrong-type",
                format!("{name} is empty"),
                format!("give {name} {}", expected_words(expected)),
            ));
        }
        return Some((
            "wrong-type",
            format!(
                "{name} should be {}, not {}",
                expected_words(expected),
                found_words(found)
            ),
            list_help(name, found, expected).unwrap_or_else(|| {
                "check the value's spelling and form; put text in quotes if it looks like a number or a list"
                    .to_string()
            }),
        ));
    }
    let rest = message.strip_prefix("invalid value: ")?;
    let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, "another value"));
    if let Some(explained) = out_of_range(name, found, expected) {
        return Some(explained);
    }
    Some((
        "wrong-type",
        format!(
            "{name} should be {}, not {}",
            expected_words(expected),
            found_words(found)
        ),
        "change the value".to_string(),
    ))
}

/// A whole number past what the field can hold. serde_yaml words it
/// ``integer `99999999999999999999` as u128, expected u32``: the number as
/// written, the type it was read as, the type wanted.
fn out_of_range(name: &str, found: &str, expected: &str) -> Option<Explained> {
    let number = found.strip_prefix("integer `")?.split('`').next()?;
    let (low, high): (i128, u128) = match expected.trim() {
        "u8" => (0, u8::MAX.into()),
        "u16" => (0, u16::MAX.into()),
        "u32" => (0, u32::MAX.into()),
        "u64" | "usize" => (0, u64::MAX.into()),
        "i8" => (i8::MIN.into(), i8::MAX as u128),
        "i16" => (i16::MIN.into(), i16::MAX as u128),
        "i32" => (i32::MIN.into(), i32::MAX as u128),
        "i64" | "isize" => (i64::MIN.into(), i64::MAX as u128),
        _ => return None,
    };
    let size = if number.starts_with('-') {
        "too small"
    } else {
        "too large"
    };
    Some((
        "wrong-type",
        format!("{name} is {size}: {number} is outside {low} to {high}"),
        format!("give {name} a whole number from {low} to {high}"),
    ))
}

/// Text where a list belongs (`tags: aftercare, healing`): the same words
/// as a list, `tags: [aftercare, healing]`.
fn list_help(name: &str, found: &str, expected: &str) -> Option<String> {
    if !expected_words(expected).starts_with("a list") {
        return None;
    }
    let text = found.strip_prefix("string \"")?.strip_suffix('"')?;
    let key = name.trim_matches('`').rsplit('.').next()?;
    let items: Vec<&str> = text.split(',').map(str::trim).filter(|t| !t.is_empty()).collect();
    Some(format!("write it as a list in brackets: {key}: [{}]", items.join(", ")))
}

/// The limits that keep a hostile file from taking minutes to read.
fn too_much(message: &str) -> Option<Explained> {
    if message.contains("recursion limit") {
        return Some((
            "yaml-too-deep",
            format!("this YAML nests lists or groups more than {MAX_DEPTH} levels deep, too deeply to read"),
            "flatten it: a page's data needs only a few levels of `- ` items and `key: value` groups".to_string(),
        ));
    }
    if message.contains("repetition limit") {
        return Some((
            "yaml-too-deep",
            "this YAML repeats itself through anchors and aliases (`&` and `*`) too often to read".to_string(),
            "write the values out plainly instead of using anchors and aliases".to_string(),
        ));
    }
    None
}

/// Any other reader error, with a hint for the mistakes people make most.
fn syntax(message: &str) -> Explained {
    let help = if message.contains("mapping values are not allowed") {
        "a value that contains `: ` must be put in quotes, e.g. title: \"Before: after\""
    } else if message.contains("tab") {
        "YAML does not allow tabs for indentation; use spaces"
    } else if message.contains("cannot start any token") {
        "a value starting with `@`, `` ` `` or `%` must be put in quotes"
    } else if message.contains("did not find expected key") || message.contains("block mapping") {
        "check the indentation: keys at the same level must line up, and text with `: ` or `#` needs quotes"
    } else if message.contains("did not find expected") || message.contains("found unexpected end of stream") {
        "a quote, bracket or brace was opened but not closed"
    } else {
        "check the YAML syntax near this line"
    };
    (
        "yaml-syntax",
        format!("this is not valid YAML: {message}"),
        help.to_string(),
    )
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = text.find(start)? + start.len();
    let len = text[from..].find(end)?;
    Some(&text[from..from + len])
}

fn expected_words(expected: &str) -> String {
    let e = expected.trim();
    match e {
        "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "usize" | "isize" | "an integer" => {
            "a whole number".to_string()
        }
        "f32" | "f64" => "a number".to_string(),
        "a string" | "string" | "a borrowed string" | "a text value" => "text".to_string(),
        "a boolean" => "`true` or `false`".to_string(),
        "a sequence" => "a list (lines starting with `- `)".to_string(),
        _ if e.starts_with("struct ") || e.starts_with("a map") || e.starts_with("a mapping") => {
            "a group of `key: value` lines".to_string()
        }
        _ => e.to_string(),
    }
}

fn found_words(found: &str) -> String {
    if let Some(s) = found.strip_prefix("string ") {
        return format!("the text {s}");
    }
    if let Some(n) = found
        .strip_prefix("integer ")
        .or_else(|| found.strip_prefix("floating point "))
    {
        let n = n.split(" as ").next().unwrap_or(n);
        return format!("the number {}", n.trim_matches('`'));
    }
    if let Some(b) = found.strip_prefix("boolean ") {
        return b.trim_matches('`').to_string();
    }
    match found {
        "sequence" => "a list".to_string(),
        "map" => "a group of `key: value` lines".to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use crate::yaml::tests::parse_doc;

    #[test]
    fn wrong_type_names_the_field() {
        let p = parse_doc("title: x\nweight: heavy\n");
        let d = &p.diagnostics[0];
        assert_eq!((d.line, d.column), (2, 9));
        assert_eq!(d.message, "`weight` should be a whole number, not the text \"heavy\"");
    }

    #[test]
    fn syntax_error_is_placed_and_explained() {
        let p = parse_doc("title: a: b\n");
        let d = &p.diagnostics[0];
        assert_eq!(d.rule, "yaml-syntax");
        assert_eq!(d.line, 1);
        assert!(d.help.as_deref().unwrap().contains("quotes"), "{d:?}");
    }

    #[test]
    fn unclosed_brackets_and_quotes_are_placed_where_they_open() {
        for (text, line, column, message) in [
            ("title: x\nextra: [a, b\n", 2, 8, "this `[` is never closed"),
            ("title: \"x\nweight: 3\n", 1, 8, "this quote is never closed"),
            ("title: x\nextra: { a: 1\n", 2, 8, "this `{` is never closed"),
        ] {
            let p = parse_doc(text);
            let d = &p.diagnostics[0];
            assert_eq!(
                (d.line, d.column, d.message.as_str()),
                (line, column, message),
                "{text}"
            );
        }
    }

    #[test]
    fn a_number_too_large_is_said_in_plain_words() {
        for text in [
            "title: x\nweight: 99999999999999999999\n",
            "title: x\nweight: -99999999999999999999\n",
        ] {
            let p = parse_doc(text);
            let d = &p.diagnostics[0];
            assert!(
                !d.message.contains("u128") && !d.message.contains("i128"),
                "{}",
                d.message
            );
            assert!(
                !d.message.contains('`') || d.message.starts_with("`weight`"),
                "{}",
                d.message
            );
            assert!(
                d.message.contains("too large") || d.message.contains("too small"),
                "{}",
                d.message
            );
            assert!(d.message.contains("99999999999999999999"), "{}", d.message);
        }
    }

    #[test]
    fn missing_field_is_plain() {
        let p = parse_doc("weight: 3\n");
        assert_eq!(p.diagnostics[0].message, "`title` is missing");
    }
}

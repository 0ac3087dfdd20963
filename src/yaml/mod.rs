//! The single place that calls the YAML crates. Front matter, `site.yaml` and
//! data pages all come through here, so the YAML crate can be swapped in one
//! place (serde_yaml is archived upstream).
//!
//! serde_yaml turns text into typed values but only knows positions for errors
//! it raises itself. Checks that span several fields (an unknown reviewer id, a
//! comparison value for a missing option) still need the line of the key they
//! blame, so a second, event-level pass with yaml-rust2 records where every key
//! and value starts. Both read the same text; if the event pass fails, the typed
//! pass has failed too and its error is the one reported.
//!
//! Never panics on input: every failure becomes a `Diagnostic`.

use std::collections::HashMap;
use std::ops::Range;

use serde::de::DeserializeOwned;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use crate::diagnostics::{did_you_mean, Diagnostic, Pos, SourceFile};

/// A YAML value of any shape (`extra:`), as the rest of the crate sees it.
pub type Value = serde_yaml::Value;

/// A value written back as YAML text, for messages.
pub fn to_text(value: &Value) -> String {
    serde_yaml::to_string(value).unwrap_or_default().trim().to_string()
}

/// Where each key and value of a YAML block starts in its file. Paths are
/// dotted, with list items as numbers: `criteria.0.values.microneedling`.
#[derive(Debug, Default, Clone)]
pub struct Spans {
    nodes: HashMap<String, NodeSpan>,
    /// The position of the block's first line, used when no node matches.
    start: Pos,
    /// Where the nesting first went deeper than `MAX_DEPTH`, if it did.
    too_deep: Option<Pos>,
}

/// How deeply lists and mappings may nest. serde_yaml refuses anything deeper
/// (its recursion limit is 128) but only after its scanner has read the whole
/// block, which takes time that grows with the square of the depth: 100,000
/// nested `[` took a minute. The event pass stops at this depth instead, and
/// the typed pass is then never started.
const MAX_DEPTH: usize = 128;

#[derive(Debug, Clone, Copy, Default)]
struct NodeSpan {
    key: Option<Pos>,
    value: Pos,
}

impl Spans {
    /// The key of `path` (`title` in `title: x`), else its value, else the block start.
    pub fn key(&self, path: &str) -> Pos {
        self.nodes
            .get(path)
            .map(|n| n.key.unwrap_or(n.value))
            .unwrap_or(self.start)
    }

    /// The value of `path`, else the block start.
    pub fn value(&self, path: &str) -> Pos {
        self.nodes.get(path).map(|n| n.value).unwrap_or(self.start)
    }

    pub fn has(&self, path: &str) -> bool {
        self.nodes.contains_key(path)
    }

    pub fn start(&self) -> Pos {
        self.start
    }

    /// The path whose value starts at a position, for naming the field a
    /// typed-pass error points at.
    fn path_at(&self, line: usize, column: usize) -> Option<&str> {
        self.nodes
            .iter()
            .filter(|(_, n)| n.value.line == line && n.value.column == column)
            .map(|(p, _)| p.as_str())
            .max_by_key(|p| p.len())
    }
}

/// The keys a mapping may have, by path pattern (`*` matches a list index or any key).
pub type Schema<'a> = &'a [(&'a str, &'a [&'a str])];

/// The outcome of reading one YAML block: the value if it could be built, the
/// positions, and every problem found.
pub struct Parsed<T> {
    pub value: Option<T>,
    pub spans: Spans,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads `source.text[range]` as YAML into `T`. Unknown keys (those `T` ignores)
/// are reported against `schema` with a did-you-mean suggestion, except below
/// any key named `extra`, which is free-form.
pub fn parse<T: DeserializeOwned>(source: &SourceFile, range: Range<usize>, schema: Schema) -> Parsed<T> {
    let spans = spans(source, range.clone());
    let reading = read::<T>(source, range, &spans);
    let mut diagnostics: Vec<Diagnostic> = reading.value.as_ref().err().cloned().into_iter().collect();
    diagnostics.extend(unknown_keys(source, &spans, schema, &reading.ignored, None));
    finish(diagnostics, reading.value.ok(), spans)
}

/// Reads one block as two types at once, e.g. a data page's common metadata
/// and its kind's own fields: a key is unknown only when both ignore it.
pub fn parse_pair<A: DeserializeOwned, B: DeserializeOwned>(
    source: &SourceFile,
    range: Range<usize>,
    schema: Schema,
) -> Parsed<(A, B)> {
    let spans = spans(source, range.clone());
    let a = read::<A>(source, range.clone(), &spans);
    let b = read::<B>(source, range, &spans);
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    diagnostics.extend(a.value.as_ref().err().cloned());
    diagnostics.extend(b.value.as_ref().err().cloned());
    diagnostics.extend(unknown_keys(source, &spans, schema, &b.ignored, Some(&a.ignored)));
    let value = match (a.value, b.value) {
        (Ok(a), Ok(b)) => Some((a, b)),
        _ => None,
    };
    finish(diagnostics, value, spans)
}

/// Reads a block leniently, ignoring unknown keys and giving up silently on
/// errors: for a first look (a data page's `kind`) before the strict reading.
pub fn peek<T: DeserializeOwned>(source: &SourceFile, range: Range<usize>) -> Option<T> {
    let text = source.text.get(range.clone())?;
    if spans(source, range).too_deep.is_some() {
        return None;
    }
    serde_yaml::from_str(text).ok()
}

fn too_deep(source: &SourceFile, pos: Pos) -> Diagnostic {
    let (rule, message, help) = explain("recursion limit exceeded", None);
    Diagnostic::error(source.path(), rule, message)
        .at(source, pos)
        .with_help(help)
}

fn finish<T>(mut diagnostics: Vec<Diagnostic>, value: Option<T>, spans: Spans) -> Parsed<T> {
    drop_implied_missing(&mut diagnostics);
    diagnostics.dedup();
    crate::diagnostics::sort(&mut diagnostics);
    Parsed {
        value,
        spans,
        diagnostics,
    }
}

/// Drops "`id` is missing" where an unknown key's help already says "did you
/// mean `id`?": `idd: a` is one mistake, and two messages about it mislead.
/// Callers that add their own checks after parsing call it again.
pub fn drop_implied_missing(diagnostics: &mut Vec<Diagnostic>) {
    // As the messages they imply, so that each check is one look-up (a file
    // can have thousands of misspelt keys).
    let implied: std::collections::HashSet<String> = diagnostics
        .iter()
        .filter_map(|d| {
            let key = d.help.as_deref()?.strip_prefix("did you mean `")?.strip_suffix("`?")?;
            Some(format!("`{key}` is missing"))
        })
        .collect();
    diagnostics.retain(|d| d.rule != "missing-key" || !implied.contains(&d.message));
}

struct Reading<T> {
    value: Result<T, Diagnostic>,
    ignored: Vec<Vec<String>>,
}

fn read<T: DeserializeOwned>(source: &SourceFile, range: Range<usize>, spans: &Spans) -> Reading<T> {
    if let Some(pos) = spans.too_deep {
        return Reading {
            value: Err(too_deep(source, pos)),
            ignored: Vec::new(),
        };
    }
    let text = source.text.get(range).unwrap_or("");
    let text = if text.trim().is_empty() { "{}" } else { text };
    let mut ignored = Vec::new();
    let deserializer = serde_yaml::Deserializer::from_str(text);
    let result: Result<T, _> = serde_ignored::deserialize(deserializer, |path| ignored.push(path_segments(&path)));
    Reading {
        value: result.map_err(|err| typed_error(source, spans, spans.start.line, &err)),
        ignored,
    }
}

/// Diagnostics for the `ignored` keys, unless another reading of the same
/// block (`also_ignored` lists what it ignored) used them or a key above them.
fn unknown_keys(
    source: &SourceFile,
    spans: &Spans,
    schema: Schema,
    ignored: &[Vec<String>],
    also_ignored: Option<&[Vec<String>]>,
) -> Vec<Diagnostic> {
    let also: Option<std::collections::HashSet<&[String]>> =
        also_ignored.map(|other| other.iter().map(Vec::as_slice).collect());
    ignored
        .iter()
        // Unknown to both readings: the other ignored this path or one above it.
        .filter(|path| {
            also.as_ref()
                .is_none_or(|other| (0..=path.len()).any(|n| other.contains(&path[..n])))
        })
        .filter_map(|path| unknown_key(source, spans, schema, path))
        .collect()
}

fn path_segments(path: &serde_ignored::Path) -> Vec<String> {
    use serde_ignored::Path as P;
    let mut out = Vec::new();
    let mut current = path;
    loop {
        match current {
            P::Root => break,
            P::Seq { parent, index } => {
                out.push(index.to_string());
                current = parent;
            }
            P::Map { parent, key } => {
                out.push(key.clone());
                current = parent;
            }
            P::Some { parent } | P::NewtypeStruct { parent } | P::NewtypeVariant { parent } => {
                current = parent;
            }
        }
    }
    out.reverse();
    out
}

fn unknown_key(source: &SourceFile, spans: &Spans, schema: Schema, segments: &[String]) -> Option<Diagnostic> {
    let (key, parent) = segments.split_last()?;
    if parent.iter().any(|s| s == "extra") {
        return None;
    }
    let path = segments.join(".");
    let allowed = schema
        .iter()
        .find(|(pattern, _)| pattern_matches(pattern, parent))
        .map(|(_, keys)| *keys)
        .unwrap_or(&[]);
    let place = if parent.is_empty() {
        String::new()
    } else {
        format!(" in {}", described(parent))
    };
    let mut d = Diagnostic::error(source.path(), "unknown-key", format!("unknown key `{key}`{place}"))
        .at(source, spans.key(&path));
    d.help = Some(match did_you_mean(key, allowed.iter().copied()) {
        Some(suggestion) => format!("did you mean `{suggestion}`?"),
        None if allowed.is_empty() => "remove this key".to_string(),
        None => format!(
            "the keys allowed here are {}; free-form values go under `extra`",
            allowed.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
        ),
    });
    Some(d)
}

/// A place in the YAML in words: `criteria.0.label` is "`label` of item 1
/// of `criteria`", since people count list items from one and do not write dots.
fn described(path: &[String]) -> String {
    let mut parts = Vec::new();
    let mut rest = path;
    while let Some((last, before)) = rest.split_last() {
        rest = before;
        match last.parse::<usize>() {
            Ok(n) => match rest.split_last() {
                Some((list, before)) => {
                    parts.push(format!("item {} of `{list}`", n + 1));
                    rest = before;
                }
                None => parts.push(format!("item {}", n + 1)),
            },
            Err(_) => parts.push(format!("`{last}`")),
        }
    }
    parts.join(" of ")
}

fn pattern_matches(pattern: &str, segments: &[String]) -> bool {
    if pattern.is_empty() {
        return segments.is_empty();
    }
    let parts: Vec<&str> = pattern.split('.').collect();
    parts.len() == segments.len() && parts.iter().zip(segments).all(|(p, s)| *p == "*" || p == s)
}

/// Turns a serde_yaml error into a plain-words diagnostic at its place.
fn typed_error(source: &SourceFile, spans: &Spans, first_line: usize, err: &serde_yaml::Error) -> Diagnostic {
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
fn explain(message: &str, field: Option<&str>) -> (&'static str, String, String) {
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
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, expected) = rest
            .split_once(", expected ")
            .unwrap_or((rest, "another kind of value"));
        if found == "unit value" {
            return (
                "wrong-type",
                format!("{name} is empty"),
                format!("give {name} {}", expected_words(expected)),
            );
        }
        return (
            "wrong-type",
            format!(
                "{name} should be {}, not {}",
                expected_words(expected),
                found_words(found)
            ),
            "check the value's spelling and form; put text in quotes if it looks like a number or a list".to_string(),
        );
    }
    if let Some(rest) = message.strip_prefix("invalid value: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, "another value"));
        return (
            "wrong-type",
            format!(
                "{name} should be {}, not {}",
                expected_words(expected),
                found_words(found)
            ),
            "change the value".to_string(),
        );
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
    if message.contains("recursion limit") {
        return (
            "yaml-too-deep",
            format!("this YAML nests lists or groups more than {MAX_DEPTH} levels deep, too deeply to read"),
            "flatten it: a page's data needs only a few levels of `- ` items and `key: value` groups".to_string(),
        );
    }
    if message.contains("repetition limit") {
        return (
            "yaml-too-deep",
            "this YAML repeats itself through anchors and aliases (`&` and `*`) too often to read".to_string(),
            "write the values out plainly instead of using anchors and aliases".to_string(),
        );
    }
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

/// Records the positions of the keys and values of a YAML block.
pub fn spans(source: &SourceFile, range: Range<usize>) -> Spans {
    let first_line = source.pos(range.start, 0).line;
    let text = source.text.get(range).unwrap_or("");
    let mut recorder = Recorder {
        first_line,
        stack: Vec::new(),
        anchored: HashMap::new(),
        spans: Spans {
            nodes: HashMap::new(),
            start: Pos::new(first_line, 1, 1),
            too_deep: None,
        },
    };
    // Events are pulled one by one rather than with `Parser::load`, which
    // recurses once per level of nesting: a hostile file could overflow the stack.
    let mut parser = Parser::new_from_str(text);
    loop {
        let (event, mark) = match parser.next_token() {
            Ok(next) => next,
            // yaml-rust2 has a nesting limit of its own for `[` and `{`.
            Err(e) if e.info().contains("recursion limit") => {
                recorder.spans.too_deep = Some(recorder.pos(*e.marker(), 1));
                break;
            }
            // A syntax error is reported by the typed pass; keep what was recorded.
            Err(_) => break,
        };
        match event {
            // Only the first document is read, as serde_yaml does.
            Event::DocumentEnd | Event::StreamEnd => break,
            Event::MappingStart(..) | Event::SequenceStart(..) if recorder.stack.len() >= MAX_DEPTH => {
                recorder.spans.too_deep = Some(recorder.pos(mark, 1));
                break;
            }
            event => recorder.on_event(event, mark),
        }
    }
    recorder.spans
}

enum Frame {
    Map {
        path: String,
        key: Option<(String, Pos)>,
        /// No key seen yet: the first key's place is the mapping's place
        /// (yaml-rust2 marks a block mapping's start after its first key).
        fresh: bool,
    },
    Seq {
        path: String,
        index: usize,
    },
}

struct Recorder {
    first_line: usize,
    stack: Vec<Frame>,
    spans: Spans,
    /// The text of scalars with an anchor (`&a text`), by anchor id, so that
    /// an alias used as a key (`*a : value`) is recorded under its text.
    anchored: HashMap<usize, String>,
}

impl Recorder {
    fn pos(&self, mark: Marker, width: usize) -> Pos {
        Pos::new(self.first_line + mark.line() - 1, mark.col() + 1, width)
    }

    /// A value starts: record it under the current key or index. Returns its path.
    fn value(&mut self, pos: Pos) -> String {
        let (path, key) = match self.stack.last_mut() {
            None => (String::new(), None),
            Some(Frame::Seq { path, index }) => {
                let p = join(path, &index.to_string());
                *index += 1;
                (p, None)
            }
            Some(Frame::Map { path, key, .. }) => match key.take() {
                Some((k, kpos)) => (join(path, &k), Some(kpos)),
                None => (join(path, "?"), None),
            },
        };
        self.spans
            .nodes
            .entry(path.clone())
            .or_insert(NodeSpan { key, value: pos });
        path
    }

    /// In a mapping that waits for a key, a scalar is that key.
    fn expects_key(&self) -> bool {
        matches!(self.stack.last(), Some(Frame::Map { key: None, .. }))
    }
}

fn join(path: &str, segment: &str) -> String {
    if path.is_empty() {
        segment.to_string()
    } else {
        format!("{path}.{segment}")
    }
}

impl MarkedEventReceiver for Recorder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        match ev {
            Event::Scalar(value, style, anchor, _) => {
                if anchor > 0 {
                    self.anchored.insert(anchor, value.clone());
                }
                let width = value.chars().count()
                    + match style {
                        TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted => 2,
                        _ => 0,
                    };
                let pos = self.pos(mark, width);
                if self.expects_key() {
                    if let Some(Frame::Map { key, fresh, path }) = self.stack.last_mut() {
                        *key = Some((value, pos));
                        if std::mem::take(fresh) {
                            if let Some(node) = self.spans.nodes.get_mut(path.as_str()) {
                                node.value = Pos::new(pos.line, pos.column, 1);
                            }
                        }
                    }
                } else {
                    // `label:` with nothing after it: the reader places the empty
                    // value at the next token, often on the next line; the place
                    // to write it is right after the key's colon.
                    let pos = match self.stack.last() {
                        Some(Frame::Map {
                            key: Some((_, key)), ..
                        }) if value.is_empty() && style == TScalarStyle::Plain => {
                            Pos::new(key.line, key.column + key.width, 1)
                        }
                        _ => pos,
                    };
                    self.value(pos);
                }
            }
            Event::Alias(anchor) => {
                let pos = self.pos(mark, 1);
                if self.expects_key() {
                    let name = self.anchored.get(&anchor).cloned().unwrap_or_else(|| "?".to_string());
                    if let Some(Frame::Map { key, .. }) = self.stack.last_mut() {
                        *key = Some((name, pos));
                    }
                } else {
                    self.value(pos);
                }
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let pos = self.pos(mark, 1);
                let path = if self.expects_key() {
                    // A complex key: record nothing beneath it.
                    if let Some(Frame::Map { key, .. }) = self.stack.last_mut() {
                        *key = Some(("?".to_string(), pos));
                    }
                    "?".to_string()
                } else {
                    self.value(pos)
                };
                self.stack.push(if matches!(ev, Event::MappingStart(..)) {
                    Frame::Map {
                        path,
                        key: None,
                        fresh: true,
                    }
                } else {
                    Frame::Seq { path, index: 0 }
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct Doc {
        title: String,
        #[serde(default)]
        weight: Option<i64>,
        #[serde(default)]
        items: Vec<Item>,
        #[serde(default)]
        extra: Option<serde_yaml::Value>,
    }

    #[derive(Deserialize, Debug)]
    struct Item {
        #[allow(dead_code)]
        id: String,
    }

    const SCHEMA: Schema = &[("", &["title", "weight", "items", "extra"]), ("items.*", &["id"])];

    fn parse_doc(text: &str) -> Parsed<Doc> {
        let src = SourceFile::new("f.yaml", text.to_string());
        parse(&src, 0..src.text.len(), SCHEMA)
    }

    #[test]
    fn records_key_and_value_positions() {
        let p = parse_doc("title: Hello\nitems:\n  - id: a\n  - id: \"b\"\n");
        assert_eq!(p.spans.key("title"), Pos::new(1, 1, 5));
        assert_eq!(p.spans.value("title"), Pos::new(1, 8, 5));
        assert_eq!(p.spans.key("items.1.id"), Pos::new(4, 5, 2));
        assert_eq!(p.spans.value("items.1.id"), Pos::new(4, 9, 3));
        assert!(p.diagnostics.is_empty());
    }

    #[test]
    fn reports_every_unknown_key_with_suggestion_but_not_under_extra() {
        let p = parse_doc("titel: x\ntitle: y\nitems:\n  - idd: a\nextra:\n  anything: 1\n");
        let msgs: Vec<_> = p
            .diagnostics
            .iter()
            .map(|d| (d.line, d.column, d.message.clone(), d.help.clone().unwrap_or_default()))
            .collect();
        assert_eq!(
            msgs,
            vec![
                (
                    1,
                    1,
                    "unknown key `titel`".to_string(),
                    "did you mean `title`?".to_string()
                ),
                (
                    4,
                    5,
                    "unknown key `idd` in item 1 of `items`".to_string(),
                    "did you mean `id`?".to_string()
                ),
            ]
        );
    }

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
    fn missing_field_is_plain() {
        let p = parse_doc("weight: 3\n");
        assert_eq!(p.diagnostics[0].message, "`title` is missing");
    }

    #[test]
    fn empty_text_is_an_empty_mapping() {
        let p = parse_doc("\n");
        assert_eq!(p.diagnostics[0].message, "`title` is missing");
        assert_eq!(p.diagnostics[0].line, 1);
    }
}

#[cfg(test)]
pub(crate) mod props;

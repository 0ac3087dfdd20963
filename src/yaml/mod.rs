//! Reading YAML into typed values: front matter, `site.yaml` and data pages
//! all come through here. This folder is the only code that names the YAML
//! crates (serde_yaml, yaml-rust2, serde_ignored); the rest of the crate sees
//! `Value`, `Spans` and `Diagnostic`, so the YAML crate can be swapped here
//! alone (serde_yaml is archived upstream).
//!
//! Two passes read the same text: serde_yaml builds the typed value, and an
//! event pass with yaml-rust2 (`spans`) records where every key and value
//! starts, since serde_yaml knows positions only for its own errors. If the
//! event pass fails, the typed pass has failed too and its error is the one
//! reported; `errors` puts that error in plain words.
//!
//! Must never panic on input: every failure becomes a `Diagnostic`.

mod errors;
mod layout;
mod spans;

use std::ops::Range;

use serde::de::DeserializeOwned;

use crate::diagnostics::{did_you_mean, Diagnostic, SourceFile};

pub(crate) use spans::{spans, Spans};

/// A YAML value of any shape (`extra:`), as the rest of the crate sees it.
pub(crate) type Value = serde_yaml::Value;

/// A value written back as YAML text, for messages.
pub(crate) fn to_text(value: &Value) -> String {
    serde_yaml::to_string(value).unwrap_or_default().trim().to_string()
}

/// Every text value below `value`, with its dotted path from `prefix`
/// (`extra.footer_links.0.url`), in document order. A loop, not recursion:
/// the nesting of a hostile file is bounded, but need not be trusted.
pub(crate) fn strings<'a>(value: &'a Value, prefix: &str) -> Vec<(String, &'a str)> {
    let mut out = Vec::new();
    let mut stack = vec![(prefix.to_string(), value)];
    while let Some((path, value)) = stack.pop() {
        let join = |segment: &str| {
            if path.is_empty() {
                segment.to_string()
            } else {
                format!("{path}.{segment}")
            }
        };
        match value {
            Value::String(s) => out.push((path, s.as_str())),
            Value::Sequence(items) => {
                stack.extend(items.iter().enumerate().rev().map(|(i, v)| (join(&i.to_string()), v)))
            }
            Value::Mapping(map) => {
                let entries: Vec<_> = map.iter().filter_map(|(k, v)| Some((join(k.as_str()?), v))).collect();
                stack.extend(entries.into_iter().rev());
            }
            Value::Tagged(tagged) => stack.push((path, &tagged.value)),
            _ => {}
        }
    }
    out
}

/// The keys a mapping may have, by path pattern (`*` matches a list index or any key).
pub(crate) type Schema<'a> = &'a [(&'a str, &'a [&'a str])];

/// The outcome of reading one YAML block: the value if it could be built, the
/// positions, and every problem found.
pub(crate) struct Parsed<T> {
    pub(crate) value: Option<T>,
    pub(crate) spans: Spans,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

/// Reads `source.text[range]` as YAML into `T`. Unknown keys (those `T` ignores)
/// are reported against `schema` with a did-you-mean suggestion, except below
/// any key named `extra`, which is free-form.
pub(crate) fn parse<T: DeserializeOwned>(source: &SourceFile, range: Range<usize>, schema: Schema) -> Parsed<T> {
    let spans = spans(source, range.clone());
    let reading = read::<T>(source, range, &spans);
    let mut diagnostics: Vec<Diagnostic> = reading.value.as_ref().err().cloned().unwrap_or_default();
    diagnostics.extend(unknown_keys(source, &spans, schema, &reading.ignored, None));
    finish(diagnostics, reading.value.ok(), spans)
}

/// Reads one block as two types at once, e.g. a data page's common metadata
/// and its kind's own fields: a key is unknown only when both ignore it.
pub(crate) fn parse_pair<A: DeserializeOwned, B: DeserializeOwned>(
    source: &SourceFile,
    range: Range<usize>,
    schema: Schema,
) -> Parsed<(A, B)> {
    let spans = spans(source, range.clone());
    let a = read::<A>(source, range.clone(), &spans);
    let b = read::<B>(source, range, &spans);
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    diagnostics.extend(a.value.as_ref().err().cloned().unwrap_or_default());
    diagnostics.extend(b.value.as_ref().err().cloned().unwrap_or_default());
    diagnostics.extend(unknown_keys(source, &spans, schema, &b.ignored, Some(&a.ignored)));
    let value = match (a.value, b.value) {
        (Ok(a), Ok(b)) => Some((a, b)),
        _ => None,
    };
    finish(diagnostics, value, spans)
}

/// Reads a block leniently, ignoring unknown keys and giving up silently on
/// errors: for a first look (a data page's `kind`) before the strict reading.
pub(crate) fn peek<T: DeserializeOwned>(source: &SourceFile, range: Range<usize>) -> Option<T> {
    let text = source.text.get(range.clone())?;
    let spans = spans(source, range);
    if spans.too_deep.is_some() || spans.too_many.is_some() {
        return None;
    }
    serde_yaml::from_str(text).ok()
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
pub(crate) fn drop_implied_missing(diagnostics: &mut Vec<Diagnostic>) {
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
    value: Result<T, Vec<Diagnostic>>,
    ignored: Vec<Vec<String>>,
}

fn read<T: DeserializeOwned>(source: &SourceFile, range: Range<usize>, spans: &Spans) -> Reading<T> {
    if let Some(pos) = spans.too_deep {
        return Reading {
            value: Err(vec![errors::too_deep(source, pos)]),
            ignored: Vec::new(),
        };
    }
    if let Some(pos) = spans.too_many {
        return Reading {
            value: Err(vec![errors::too_many(source, pos)]),
            ignored: Vec::new(),
        };
    }
    let text = source.text.get(range).unwrap_or("");
    let mut attempt = Attempt {
        text: if text.trim().is_empty() { "{}" } else { text }.to_string(),
        ..Attempt::default()
    };
    loop {
        let err = match attempt.deserialize::<T>() {
            Ok(value) if attempt.problems.is_empty() => return attempt.done(Ok(value)),
            Ok(_) => return attempt.finish(),
            Err(err) => err,
        };
        let problem = errors::typed_error(source, spans, spans.start().line, &err);
        // A required key set aside below is reported as wrong already.
        let implied = problem.rule == "missing-key"
            && attempt
                .set_aside_keys
                .iter()
                .any(|k| problem.message == format!("`{k}` is missing"));
        if implied {
            return attempt.finish();
        }
        attempt.problems.push(problem);
        if !attempt.set_aside(&err) {
            return attempt.finish();
        }
    }
}

/// The readings of one block: the reader stops at the first wrong value,
/// so its line is set aside and the rest read again, and one pass reports
/// every wrong value (`tags: a, b` and `weight: heavy` together).
#[derive(Default)]
struct Attempt {
    text: String,
    problems: Vec<Diagnostic>,
    set_aside_keys: Vec<String>,
    /// Unknown keys seen by any of the readings (a set-aside line may hold one).
    ignored: Vec<Vec<String>>,
    seen: std::collections::HashSet<Vec<String>>,
}

impl Attempt {
    fn deserialize<T: DeserializeOwned>(&mut self) -> Result<T, serde_yaml::Error> {
        let (ignored, seen) = (&mut self.ignored, &mut self.seen);
        let deserializer = serde_yaml::Deserializer::from_str(&self.text);
        serde_ignored::deserialize(deserializer, |path| {
            let path = path_segments(&path);
            if seen.insert(path.clone()) {
                ignored.push(path);
            }
        })
    }

    /// Sets aside the line of `err`; false when there is none, when the
    /// budget is spent (a huge file of wrong values is not read hundreds of
    /// times) or when what is left is no longer YAML.
    fn set_aside(&mut self, err: &serde_yaml::Error) -> bool {
        let budget = self.problems.len() < MAX_TYPE_ERRORS && self.text.len() * self.problems.len() <= RETRY_BYTES;
        let Some(line) = err.location().map(|l| l.line()).filter(|_| budget) else {
            return false;
        };
        self.set_aside_keys.extend(key_of_line(&self.text, line));
        set_aside(&mut self.text, line) && serde_yaml::from_str::<Value>(&self.text).is_ok()
    }

    fn done<T>(self, value: Result<T, Vec<Diagnostic>>) -> Reading<T> {
        Reading {
            value,
            ignored: self.ignored,
        }
    }

    fn finish<T>(mut self) -> Reading<T> {
        let problems = std::mem::take(&mut self.problems);
        self.done(Err(problems))
    }
}

/// How many wrong values of one file are reported.
const MAX_TYPE_ERRORS: usize = 50;
/// How much text the retries of one file may read in all.
const RETRY_BYTES: usize = 16 << 20;

/// The key a line sets, if it sets one (`  - q: ...` sets `q`).
fn key_of_line(text: &str, line: usize) -> Option<String> {
    let l = text.split('\n').nth(line.checked_sub(1)?)?;
    let key = l.trim_start().trim_start_matches("- ").split_once(':')?.0.trim();
    (!key.is_empty()).then(|| key.to_string())
}

/// Blanks line `line` (1-based) of `text` and the lines indented below it,
/// keeping every line's number; false if there is nothing left to blank.
fn set_aside(text: &mut String, line: usize) -> bool {
    let lines: Vec<&str> = text.split('\n').collect();
    let Some(target) = lines.get(line.wrapping_sub(1)) else {
        return false;
    };
    if target.trim().is_empty() {
        return false;
    }
    let indent = target.len() - target.trim_start().len();
    let mut out: Vec<&str> = lines.clone();
    out[line - 1] = "";
    for l in out.iter_mut().skip(line) {
        if !l.trim().is_empty() && l.len() - l.trim_start().len() <= indent {
            break;
        }
        *l = "";
    }
    *text = out.join("\n");
    true
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

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    pub(crate) struct Doc {
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

    pub(crate) fn parse_doc(text: &str) -> Parsed<Doc> {
        let src = SourceFile::new("f.yaml", text.to_string());
        parse(&src, 0..src.text.len(), SCHEMA)
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
    fn empty_text_is_an_empty_mapping() {
        let p = parse_doc("\n");
        assert_eq!(p.diagnostics[0].message, "`title` is missing");
        assert_eq!(p.diagnostics[0].line, 1);
    }
}

#[cfg(test)]
pub(crate) mod props;

//! Hugo's and Zola's front matter (YAML between `---`, TOML between `+++`)
//! mapped to dermapress's keys; what has no counterpart goes under `extra`,
//! with a note.

use serde_json::{Map, Value};

use super::NewSite;

/// A source file split into its front matter and its body.
pub(super) struct Split<'a> {
    pub(super) toml: bool,
    pub(super) front: &'a str,
    /// The line the front matter's first key is on (1-based).
    pub(super) front_line: usize,
    pub(super) body: &'a str,
    /// The line the body starts on.
    pub(super) body_line: usize,
}

pub(super) fn split(text: &str) -> Split<'_> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (fence, toml) in [("---", false), ("+++", true)] {
        let Some(rest) = text
            .strip_prefix(fence)
            .and_then(|r| r.strip_prefix('\n').or(r.strip_prefix("\r\n")))
        else {
            continue;
        };
        let mut offset = 0;
        for line in rest.split_inclusive('\n') {
            if line.trim_end() == fence {
                let front = &rest[..offset];
                let body = &rest[offset + line.len()..];
                return Split {
                    toml,
                    front,
                    front_line: 2,
                    body,
                    body_line: front.lines().count() + 3,
                };
            }
            offset += line.len();
        }
    }
    Split {
        toml: false,
        front: "",
        front_line: 2,
        body: text,
        body_line: 1,
    }
}

/// The front matter as a map, or a note saying why it could not be read.
pub(super) fn parse(split: &Split, file: &str, site: &mut NewSite) -> Map<String, Value> {
    if split.front.trim().is_empty() {
        return Map::new();
    }
    let parsed: Result<Value, String> = if split.toml {
        split
            .front
            .parse::<toml::Table>()
            .map(|t| toml_to_json(toml::Value::Table(t)))
            .map_err(|e| e.message().to_string())
    } else {
        let text = crate::diagnostics::SourceFile::new(std::path::PathBuf::from(file), split.front.to_string());
        crate::yaml::peek::<Value>(&text, 0..split.front.len()).ok_or_else(|| "it is not valid YAML".to_string())
    };
    match parsed {
        Ok(Value::Object(map)) => map,
        Ok(_) => Map::new(),
        Err(e) => {
            site.note(
                file,
                split.front_line,
                1,
                format!("the front matter could not be read ({e})"),
                "fix it in the source and import again, or write the front matter by hand",
            );
            Map::new()
        }
    }
}

fn toml_to_json(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect()),
    }
}

/// Where `key` is written in the front matter: (line, column).
pub(super) fn key_at(split: &Split, key: &str) -> (usize, usize) {
    for (i, line) in split.front.lines().enumerate() {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(key) {
            if rest.trim_start().starts_with([':', '=']) {
                return (split.front_line + i, line.len() - trimmed.len() + 1);
            }
        }
    }
    (split.front_line, 1)
}

/// Keys kept under `extra` until the features they drive are built
/// (aliases, publish and expiry dates: the publishing issue).
const NOT_YET: &[&str] = &[
    "aliases",
    "publishdate",
    "publish_date",
    "expirydate",
    "expiry_date",
    "expiry",
];

/// dermapress front matter from the source's, with a note for each key
/// that has no counterpart and for a missing or short description.
pub(super) fn map(source: Map<String, Value>, split: &Split, file: &str, site: &mut NewSite) -> Map<String, Value> {
    let mut mapped = Mapped::default();
    for (key, value) in source {
        let (line, column) = key_at(split, &key);
        match key.to_ascii_lowercase().as_str() {
            k @ ("title" | "description" | "weight" | "draft" | "slug") => {
                mapped.ours.insert(k.to_string(), value);
            }
            k @ ("date" | "lastmod" | "updated") => match value.as_str().and_then(day) {
                Some(d) => {
                    let name = if k == "date" { "date" } else { "updated" };
                    mapped.ours.insert(name.to_string(), Value::String(d));
                }
                None => {
                    site.note(
                        file,
                        line,
                        column,
                        format!("`{key}` is not a date"),
                        "write it as YYYY-MM-DD",
                    );
                    mapped.extra.insert(key, value);
                }
            },
            "tags" | "categories" => mapped.tags.extend(list(value)),
            "taxonomies" => mapped.taxonomies(value, split, file, site),
            "extra" | "params" => {
                if let Value::Object(m) = value {
                    mapped.extra.extend(m);
                }
            }
            k => {
                let (what, todo) = kept_in_extra(k, &key);
                site.note(file, line, column, what, todo);
                mapped.extra.insert(key, value);
            }
        }
    }
    mapped.into_front_matter()
}

/// The front matter as it is being mapped: tags come from several keys
/// (`tags`, `categories`, taxonomies), so they are gathered before written.
#[derive(Default)]
struct Mapped {
    ours: Map<String, Value>,
    extra: Map<String, Value>,
    tags: Vec<Value>,
}

impl Mapped {
    /// Zola's `taxonomies`: tags and categories become `tags`; any other
    /// taxonomy is kept under `extra`.
    fn taxonomies(&mut self, value: Value, split: &Split, file: &str, site: &mut NewSite) {
        let Value::Object(t) = value else {
            return;
        };
        for (name, v) in t {
            if name == "tags" || name == "categories" {
                self.tags.extend(list(v));
            } else {
                let (l, c) = key_at(split, &name);
                site.note(
                    file,
                    l,
                    c,
                    format!("the taxonomy `{name}` has no counterpart"),
                    "kept under `extra`; use `tags` if it is one",
                );
                self.extra.insert(name, v);
            }
        }
    }

    fn into_front_matter(mut self) -> Map<String, Value> {
        if !self.tags.is_empty() {
            self.ours.insert("tags".into(), Value::Array(self.tags));
        }
        if !self.extra.is_empty() {
            self.ours.insert("extra".into(), Value::Object(self.extra));
        }
        self.ours
    }
}

/// The note for a key kept under `extra` (`lower` is the key in lower case):
/// keys of features still to come say so, so that nobody removes them.
fn kept_in_extra(lower: &str, key: &str) -> (String, &'static str) {
    if NOT_YET.contains(&lower) {
        (
            format!("`{key}` is kept under `extra`: dermapress does not build it yet"),
            "keep the old URLs or dates in mind; they take effect once aliases and scheduled publishing land",
        )
    } else {
        (
            format!("`{key}` has no counterpart in dermapress"),
            "kept under `extra` for the templates; remove it if nothing uses it",
        )
    }
}

/// A note when the description is missing or shorter than search results want.
pub(super) fn check_description(ours: &Map<String, Value>, split: &Split, file: &str, site: &mut NewSite) {
    match ours.get("description").and_then(Value::as_str).map(str::trim) {
        None | Some("") => site.note(
            file,
            1,
            1,
            "the page has no description",
            "write `description:` (50-160 characters: what a patient learns here); it is required",
        ),
        Some(d) if d.chars().count() < 50 => {
            let (line, column) = key_at(split, "description");
            site.note(
                file,
                line,
                column,
                format!("the description is only {} characters long", d.chars().count()),
                "write 50-160 characters: what a patient learns on the page",
            )
        }
        _ => {}
    }
}

fn list(v: Value) -> Vec<Value> {
    match v {
        Value::Array(a) => a,
        Value::String(s) => vec![Value::String(s)],
        _ => Vec::new(),
    }
}

/// `2024-01-05T10:00:00+01:00` -> `2024-01-05`.
fn day(s: &str) -> Option<String> {
    let d = s.get(..10)?;
    jiff::civil::Date::strptime("%Y-%m-%d", d).ok().map(|d| d.to_string())
}

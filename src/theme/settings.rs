//! The settings a theme reads from site.yaml's `extra`, and the type of
//! each, declared in the theme's `theme.yaml`:
//!
//! ```yaml
//! settings:
//!   brand_color: color
//!   logo: url
//!   logo_width: number
//! ```
//!
//! Templates paste some of these values where escaping does not help (a
//! colour inside `<style>`), so a value must have its declared form before
//! anything is rendered. Keys the theme does not declare stay free-form: a
//! site's own templates may read them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, SourceFile};
use crate::yaml::{self, Spans, Value};

/// What a theme setting may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum SettingType {
    /// A CSS colour: `#0d5c63`, `rgb(13 92 99)`, `teal`.
    Color,
    /// A link or an image: a path of the site or an http(s)/mailto/tel address.
    Url,
    /// A number, e.g. a size in pixels.
    Number,
    /// `true` or `false`.
    Boolean,
    /// Any text (shown escaped).
    Text,
    /// A group of `key: text` lines (the theme's labels).
    Texts,
    /// A list of `{ label, url }` links.
    Links,
}

/// A theme's declared settings, by key of `extra`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Settings {
    pub(crate) types: BTreeMap<String, SettingType>,
}

#[derive(Deserialize)]
struct ThemeFile {
    #[serde(default)]
    settings: BTreeMap<String, SettingType>,
}

const SCHEMA: yaml::Schema = &[];

/// Reads `themes/<name>/theme.yaml`; a theme without one declares nothing.
pub(crate) fn read(root: &Path, theme: &str) -> (Settings, Vec<Diagnostic>) {
    let rel = PathBuf::from("themes").join(theme).join("theme.yaml");
    let full = root.join(&rel);
    if !full.is_file() {
        return (Settings::default(), Vec::new());
    }
    let text = match crate::source::read_text(&full, &rel) {
        Ok(text) => text,
        Err(d) => return (Settings::default(), vec![*d]),
    };
    let source = SourceFile::new(rel, text);
    let parsed = yaml::parse::<ThemeFile>(&source, 0..source.text.len(), SCHEMA);
    // theme.yaml is read by more than this module (its name, its ids): only
    // its `settings` are this reader's to judge.
    let diagnostics = parsed
        .diagnostics
        .into_iter()
        .filter(|d| d.rule != "unknown-key")
        .collect();
    let types = parsed.value.map(|f| f.settings).unwrap_or_default();
    (Settings { types }, diagnostics)
}

impl Settings {
    /// Each value of `extra` (site.yaml's) that does not have the form its
    /// setting declares.
    pub(crate) fn check(&self, extra: &Value, spans: &Spans, source: &SourceFile) -> Vec<Diagnostic> {
        let Value::Mapping(map) = extra else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (key, value) in map {
            let Some(key) = key.as_str() else { continue };
            let Some(&kind) = self.types.get(key) else {
                continue;
            };
            let path = format!("extra.{key}");
            for (at, problem) in problems(kind, value, &path) {
                out.push(
                    Diagnostic::error(source.path(), "bad-setting", format!("`{at}` {}", problem.0))
                        .at(source, spans.value(&at))
                        .with_help(problem.1),
                );
            }
        }
        out
    }
}

type Problem = (String, String);

/// What is wrong with `value` as a setting of `kind`, by path.
fn problems(kind: SettingType, value: &Value, path: &str) -> Vec<(String, Problem)> {
    let one = |p: Option<Problem>| p.map(|p| vec![(path.to_string(), p)]).unwrap_or_default();
    match kind {
        SettingType::Color => one(color_problem(value)),
        SettingType::Url => one(url_problem(value)),
        SettingType::Number => one(match value {
            Value::Number(n) if n.as_f64().is_some_and(|f| f.is_finite() && f >= 0.0) => None,
            Value::String(s) if s.trim().parse::<f64>().is_ok_and(|f| f.is_finite() && f >= 0.0) => None,
            _ => Some((
                format!("must be a number, not {}", shown(value)),
                "write a number without a unit, e.g. 40".to_string(),
            )),
        }),
        SettingType::Boolean => one((!matches!(value, Value::Bool(_))).then(|| {
            (
                format!("must be `true` or `false`, not {}", shown(value)),
                "write true or false, without quotes".to_string(),
            )
        })),
        SettingType::Text => one(text_problem(value)),
        SettingType::Texts => match value {
            Value::Mapping(map) => map
                .iter()
                .filter_map(|(k, v)| {
                    let at = format!("{path}.{}", k.as_str()?);
                    text_problem(v).map(|p| (at, p))
                })
                .collect(),
            _ => one(Some((
                format!("must be a group of `key: text` lines, not {}", shown(value)),
                "write one `key: text` line per label below it".to_string(),
            ))),
        },
        SettingType::Links => links_problems(value, path),
    }
}

fn links_problems(value: &Value, path: &str) -> Vec<(String, Problem)> {
    let Value::Sequence(items) = value else {
        return vec![(
            path.to_string(),
            (
                format!("must be a list of links, not {}", shown(value)),
                "write one `- { label: Privacy, url: privacy/ }` line per link".to_string(),
            ),
        )];
    };
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let at = format!("{path}.{i}");
        match (item.get("label"), item.get("url")) {
            (Some(label), Some(url)) => {
                out.extend(text_problem(label).map(|p| (format!("{at}.label"), p)));
                out.extend(url_problem(url).map(|p| (format!("{at}.url"), p)));
            }
            _ => out.push((
                at,
                (
                    "needs a `label` and a `url`".to_string(),
                    "write it as - { label: Privacy, url: privacy/ }".to_string(),
                ),
            )),
        }
    }
    out
}

fn shown(value: &Value) -> String {
    let text = yaml::to_text(value);
    let short: String = text.chars().take(40).collect();
    match value {
        Value::Mapping(_) => "a group of `key: value` lines".to_string(),
        Value::Sequence(_) => "a list".to_string(),
        _ if short.len() < text.len() => format!("\"{short}…\""),
        _ => format!("\"{short}\""),
    }
}

fn text_problem(value: &Value) -> Option<Problem> {
    match value {
        Value::String(_) | Value::Number(_) | Value::Bool(_) => None,
        _ => Some((
            format!("must be text, not {}", shown(value)),
            "write the text on the same line, in quotes if it has a `:` or `#`".to_string(),
        )),
    }
}

const COLOR_HELP: &str =
    "write a CSS colour, e.g. \"#0d5c63\", \"#0d5c63cc\", rgb(13 92 99), hsl(184 77% 22%) or a colour name such as teal";

/// A colour is pasted into `<style>` as it is written, so it must be a
/// colour CSS reads and nothing else: one that parses, in characters that
/// cannot end the declaration or the element.
fn color_problem(value: &Value) -> Option<Problem> {
    let Value::String(s) = value else {
        return Some((
            format!("must be a colour, not {}", shown(value)),
            COLOR_HELP.to_string(),
        ));
    };
    let t = s.trim();
    let plain_chars = t.chars().all(|c| c.is_ascii_alphanumeric() || " #(),.%/+-".contains(c));
    // csscolorparser also takes hex digits without `#`, which CSS does not.
    let bare_hex = !t.is_empty() && t.chars().all(|c| c.is_ascii_hexdigit());
    if plain_chars && !bare_hex && csscolorparser::parse(t).is_ok() {
        return None;
    }
    Some((format!("is not a CSS colour: {}", shown(value)), COLOR_HELP.to_string()))
}

/// A link's form; its scheme is checked with every other text under
/// `extra` (`load::extra`), so that a `javascript:` link is one rule everywhere.
fn url_problem(value: &Value) -> Option<Problem> {
    match value {
        Value::String(_) => None,
        _ => Some((
            format!("must be a path or an address, not {}", shown(value)),
            "write a path of the site (images/logo.svg) or an https:// address".to_string(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn color(s: &str) -> bool {
        color_problem(&Value::String(s.to_string())).is_none()
    }

    #[test]
    fn colours_in_the_forms_css_reads_and_nothing_else() {
        for ok in [
            "#0d5c63",
            "#fff",
            "#0d5c63cc",
            "rgb(13 92 99)",
            "rgb(13, 92, 99)",
            "hsl(184 77% 22%)",
            "teal",
            "RebeccaPurple",
        ] {
            assert!(color(ok), "{ok}");
        }
        for bad in [
            "red;} body{background:url(https://evil.example/x)} :root{",
            "red</style><script>alert(1)</script>",
            "0d5c63",
            "notacolour",
            "",
            "expression(alert(1))",
            "url(https://evil.example/x)",
        ] {
            assert!(!color(bad), "{bad}");
        }
    }
}

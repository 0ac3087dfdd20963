//! What every page has, whether written in Markdown or built from data: title,
//! description, dates, ordering, review. Parsed strictly and checked together.

use serde::{Deserialize, Deserializer, Serialize};

use crate::config::Config;
use crate::diagnostics::{Diagnostic, SourceFile};
use crate::yaml::Spans;

#[derive(Debug, Clone, Default, Deserialize)]
pub struct PageMeta {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default)]
    pub date: Option<Scalar>,
    #[serde(default)]
    pub updated: Option<Scalar>,
    #[serde(default)]
    pub weight: Option<i64>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub template: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub reviewed_by: Option<String>,
    #[serde(default)]
    pub last_reviewed: Option<Scalar>,
    #[serde(default)]
    pub image: Option<Image>,
    /// Marks a page about a procedure (e.g. `microneedling`): it then needs a
    /// risks section, and its JSON-LD names the procedure.
    #[serde(default)]
    pub procedure: Option<String>,
    #[serde(default)]
    pub extra: crate::yaml::Value,
}

pub const KEYS: &[&str] = &[
    "title",
    "description",
    "slug",
    "date",
    "updated",
    "weight",
    "draft",
    "template",
    "tags",
    "reviewed_by",
    "last_reviewed",
    "image",
    "procedure",
    "extra",
];

pub const IMAGE_KEYS: &[&str] = &["src", "alt"];

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
pub struct Image {
    pub src: String,
    #[serde(default)]
    pub alt: Option<String>,
}

/// A YAML scalar read as text, whatever YAML thinks it is, so that a date
/// written `2025-07-07` or `2025` reaches our own check with its position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scalar(pub String);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Scalar;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a date such as 2025-07-07")
            }
            fn visit_str<E>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_bool<E>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

/// A calendar date, kept as its ISO text (`2025-07-07`), which sorts correctly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub jiff::civil::Date);

impl Date {
    pub fn parse(text: &str) -> Option<Date> {
        let t = text.trim();
        // jiff also reads datetimes; only the plain date form is promised.
        if t.len() != 10 {
            return None;
        }
        t.parse::<jiff::civil::Date>().ok().map(Date)
    }

    pub fn iso(&self) -> String {
        self.0.to_string()
    }
}

/// Page metadata after its checks: required fields present, dates real.
#[derive(Debug, Clone, Default)]
pub struct Meta {
    pub title: String,
    pub description: String,
    pub slug: Option<String>,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub weight: Option<i64>,
    pub draft: bool,
    pub template: Option<String>,
    pub tags: Vec<String>,
    pub reviewed_by: Option<String>,
    pub last_reviewed: Option<Date>,
    pub image: Option<Image>,
    pub procedure: Option<String>,
    pub extra: crate::yaml::Value,
}

/// Checks parsed metadata; `prefix` is the path of the metadata's mapping in
/// the YAML ("" for front matter and data pages).
pub fn validate(raw: PageMeta, config: &Config, source: &SourceFile, spans: &Spans) -> (Meta, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let file = source.path();
    let mut required = |key: &str, value: Option<String>, example: &str| -> String {
        match value {
            Some(v) if !v.trim().is_empty() => v,
            // `title:` with nothing after it reads as no title at all, but the
            // writer sees the key there: it is empty, not missing.
            blank if blank.is_some() || spans.has(key) => {
                out.push(
                    Diagnostic::error(file, "missing-key", format!("`{key}` is empty"))
                        .at(source, spans.value(key))
                        .with_help(format!("write it, e.g. {key}: {example}")),
                );
                String::new()
            }
            _ => {
                out.push(
                    Diagnostic::error(file, "missing-key", format!("`{key}` is missing"))
                        .at(source, spans.start())
                        .with_help(format!("add a line `{key}: ...`, e.g. {key}: {example}")),
                );
                String::new()
            }
        }
    };
    let title = required("title", raw.title, "How microneedling works");
    let description = required(
        "description",
        raw.description,
        "What happens in the skin during and after treatment",
    );
    let mut date = |key: &str, value: Option<Scalar>| -> Option<Date> {
        let text = value?.0;
        let parsed = Date::parse(&text);
        if parsed.is_none() {
            out.push(
                Diagnostic::error(file, "bad-date", format!("`{key}` is not a date: \"{text}\""))
                    .at(source, spans.value(key))
                    .with_help("write dates as year-month-day, e.g. 2025-07-07"),
            );
        }
        parsed
    };
    let date_value = date("date", raw.date);
    let updated = date("updated", raw.updated);
    let last_reviewed = date("last_reviewed", raw.last_reviewed);
    if let Some(slug) = &raw.slug {
        if let Some(problem) = crate::urls::slug_problem(slug) {
            out.push(
                Diagnostic::error(file, "bad-slug", format!("`slug` {problem}: \"{slug}\""))
                    .at(source, spans.value("slug"))
                    .with_help("use lowercase letters, digits and dashes, e.g. slug: aftercare"),
            );
        }
    }
    if let Some(id) = &raw.reviewed_by {
        if config.reviewer(id).is_none() {
            let ids: Vec<&str> = config.reviewers.iter().map(|r| r.id.as_str()).collect();
            let help = match crate::diagnostics::did_you_mean(id, ids.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None if ids.is_empty() => "add the reviewer under `reviewers:` in site.yaml".to_string(),
                None => format!(
                    "use one of the reviewer ids in site.yaml: {}",
                    ids.iter().map(|i| format!("`{i}`")).collect::<Vec<_>>().join(", ")
                ),
            };
            out.push(
                Diagnostic::error(file, "unknown-reviewer", format!("no reviewer has the id `{id}`"))
                    .at(source, spans.value("reviewed_by"))
                    .with_help(help),
            );
        }
    }
    if let (Some(id), false) = (&raw.procedure, config.procedures.is_empty()) {
        if config.procedure(id).is_none() {
            let ids: Vec<&str> = config.procedures.iter().map(|p| p.id.as_str()).collect();
            let help = match crate::diagnostics::did_you_mean(id, ids.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!(
                    "use one of the procedure ids in site.yaml: {}",
                    ids.iter().map(|i| format!("`{i}`")).collect::<Vec<_>>().join(", ")
                ),
            };
            out.push(
                Diagnostic::error(file, "unknown-procedure", format!("no procedure has the id `{id}`"))
                    .at(source, spans.value("procedure"))
                    .with_help(help),
            );
        }
    }
    if let Some(template) = &raw.template {
        if template.contains("..") || template.starts_with('/') || template.contains('\\') {
            out.push(
                Diagnostic::error(
                    file,
                    "bad-template",
                    format!("`template` must be a template's name, not \"{template}\""),
                )
                .at(source, spans.value("template"))
                .with_help("name a file of the theme's templates folder, e.g. template: page.html"),
            );
        }
    }
    let meta = Meta {
        title,
        description,
        slug: raw.slug,
        date: date_value,
        updated,
        weight: raw.weight,
        draft: raw.draft,
        template: raw.template,
        tags: raw.tags,
        reviewed_by: raw.reviewed_by,
        last_reviewed,
        image: raw.image,
        procedure: raw.procedure,
        extra: raw.extra,
    };
    (meta, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_iso_dates_are_dates() {
        assert!(Date::parse("2025-07-07").is_some());
        assert!(Date::parse("2025-02-30").is_none());
        assert!(Date::parse("2025-7-7").is_none());
        assert!(Date::parse("07/07/2025").is_none());
        assert!(Date::parse("2025").is_none());
    }
}

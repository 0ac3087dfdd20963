//! What every page has, whether written in Markdown or built from data: title,
//! description, dates, ordering, review. Parsed strictly and checked together.

use serde::{Deserialize, Deserializer, Serialize};

use super::aliases;
use super::focus::{Focus, FocusProblem};
pub(crate) use super::schedule::Schedule;
use super::sources::{self, RawSource, Source};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, SourceFile};
use crate::yaml::Spans;

// `pub`, not `pub(crate)`: `content::kinds::DataKind` names it in a `pub` field.
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct PageMeta {
    #[serde(default)]
    pub(crate) title: Option<String>,
    #[serde(default)]
    pub(crate) description: Option<String>,
    #[serde(default)]
    pub(crate) slug: Option<String>,
    #[serde(default)]
    pub(crate) date: Option<Scalar>,
    #[serde(default)]
    pub(crate) updated: Option<Scalar>,
    #[serde(default)]
    pub(crate) weight: Option<i64>,
    #[serde(default)]
    pub(crate) draft: bool,
    #[serde(default)]
    pub(crate) template: Option<String>,
    #[serde(default)]
    pub(crate) tags: Vec<String>,
    #[serde(default)]
    pub(crate) reviewed_by: Option<String>,
    #[serde(default)]
    pub(crate) last_reviewed: Option<Scalar>,
    #[serde(default)]
    pub(crate) image: Option<Image>,
    /// Marks a page about a procedure (e.g. `microneedling`): it then needs a
    /// risks section, and its JSON-LD names the procedure.
    #[serde(default)]
    pub(crate) procedure: Option<String>,
    /// The references the page cites (see `content::sources`).
    #[serde(default)]
    pub(crate) sources: Option<Vec<RawSource>>,
    /// The first day the page is published, and the first day it is not.
    #[serde(default)]
    pub(crate) publish_date: Option<Scalar>,
    #[serde(default)]
    pub(crate) expiry_date: Option<Scalar>,
    /// The page's old addresses (see `content::aliases`).
    #[serde(default)]
    pub(crate) aliases: Vec<String>,
    /// On a translation: the short content hash of the original as it was
    /// when the translation was last checked against it.
    #[serde(default)]
    pub(crate) source_hash: Option<Scalar>,
    #[serde(default)]
    pub(crate) extra: crate::yaml::Value,
}

pub(crate) const KEYS: &[&str] = &[
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
    "sources",
    "publish_date",
    "expiry_date",
    "aliases",
    "source_hash",
    "extra",
];

pub(crate) const IMAGE_KEYS: &[&str] = &["src", "alt", "focus"];

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
pub(crate) struct Image {
    pub(crate) src: String,
    #[serde(default)]
    pub(crate) alt: Option<String>,
    /// The focal point the social card keeps in view, as written (see `focus`).
    #[serde(default)]
    pub(crate) focus: Option<String>,
}

/// A YAML scalar read as text, whatever YAML thinks it is, so that a date
/// written `2025-07-07` or `2025` reaches our own check with its position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Scalar(pub String);

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
pub(crate) struct Date(pub jiff::civil::Date);

/// English month names, for dates as people read them.
pub(crate) const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Date {
    pub(crate) fn parse(text: &str) -> Option<Date> {
        let t = text.trim();
        // jiff also reads datetimes; only the plain date form is promised.
        if t.len() != 10 {
            return None;
        }
        t.parse::<jiff::civil::Date>().ok().map(Date)
    }

    /// Why text in the year-month-day form names no day, if it is in that
    /// form: "there is no month 13", "February 2026 has 28 days".
    pub(crate) fn impossible(text: &str) -> Option<String> {
        let t = text.trim();
        let parts: Vec<&str> = t.split('-').collect();
        let [y, m, d] = parts.as_slice() else { return None };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        let (year, month, day): (i16, i8, i8) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
        if !(1..=12).contains(&month) {
            return Some(format!("there is no month {month}"));
        }
        let first = jiff::civil::Date::new(year, month, 1).ok()?;
        let days = first.days_in_month();
        (day < 1 || day > days).then(|| format!("{} {year} has {days} days", MONTHS[month as usize - 1]))
    }

    pub(crate) fn iso(&self) -> String {
        self.0.to_string()
    }
}

/// Page metadata after its checks: required fields present, dates real.
#[derive(Debug, Clone, Default)]
pub(crate) struct Meta {
    pub(crate) title: String,
    pub(crate) description: String,
    pub(crate) slug: Option<String>,
    pub(crate) date: Option<Date>,
    pub(crate) updated: Option<Date>,
    pub(crate) weight: Option<i64>,
    pub(crate) draft: bool,
    pub(crate) template: Option<String>,
    pub(crate) tags: Vec<String>,
    pub(crate) reviewed_by: Option<String>,
    pub(crate) last_reviewed: Option<Date>,
    pub(crate) image: Option<Image>,
    /// The image's focal point, checked.
    pub(crate) focus: Option<Focus>,
    pub(crate) procedure: Option<String>,
    pub(crate) sources: Vec<Source>,
    pub(crate) schedule: Schedule,
    /// Old addresses as routes: `/old-page/` or `/old-page.html`.
    pub(crate) aliases: Vec<String>,
    pub(crate) source_hash: Option<String>,
    pub(crate) extra: crate::yaml::Value,
}

/// Checks parsed metadata; `prefix` is the path of the metadata's mapping in
/// the YAML ("" for front matter and data pages).
pub(crate) fn validate(raw: PageMeta, config: &Config, source: &SourceFile, spans: &Spans) -> (Meta, Vec<Diagnostic>) {
    let mut check = Checks {
        source,
        spans,
        out: Vec::new(),
    };
    let title = check.required("title", raw.title, "How microneedling works");
    let description = check.required(
        "description",
        raw.description,
        "What happens in the skin during and after treatment",
    );
    let date_value = check.date("date", raw.date);
    let updated = check.date("updated", raw.updated);
    let last_reviewed = check.date("last_reviewed", raw.last_reviewed);
    let schedule = Schedule {
        publish: check.date("publish_date", raw.publish_date),
        expiry: check.date("expiry_date", raw.expiry_date),
    };
    check.out.extend(schedule.problem(source, spans));
    let path = source.path().to_string_lossy().replace('\\', "/");
    let below_content = path.strip_prefix("content/").unwrap_or(&path);
    let own_prefix = match config.file_language(below_content) {
        Ok(found) if found.lang != config.default_language() => format!("{}/", config.language_prefix(&found.lang)),
        _ => String::new(),
    };
    let (aliases, problems) = aliases::validate(&raw.aliases, &own_prefix, &config.language_prefixes(), source, spans);
    check.out.extend(problems);
    if let Some(slug) = &raw.slug {
        check.slug(slug);
    }
    if let Some(id) = &raw.reviewed_by {
        check.reviewer(id, config);
    }
    if let (Some(id), false) = (&raw.procedure, config.procedures.is_empty()) {
        check.procedure(id, config);
    }
    if let Some(template) = &raw.template {
        check.template(template);
    }
    let focus = check.focus(raw.image.as_ref().and_then(|i| i.focus.as_deref()));
    let (source_list, problems) = sources::validate(raw.sources.unwrap_or_default(), source, spans);
    check.out.extend(problems);
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
        focus,
        procedure: raw.procedure,
        sources: source_list,
        schedule,
        aliases,
        source_hash: raw.source_hash.map(|h| h.0.trim().to_string()),
        extra: raw.extra,
    };
    (meta, check.out)
}

/// The checks of one page's metadata, each adding what it finds to `out`.
struct Checks<'a> {
    source: &'a SourceFile,
    spans: &'a Spans,
    out: Vec<Diagnostic>,
}

impl Checks<'_> {
    fn error(&mut self, rule: &'static str, message: String, key: &str, help: impl Into<String>) {
        let d = Diagnostic::error(self.source.path(), rule, message)
            .at(self.source, self.spans.value(key))
            .with_help(help);
        self.out.push(d);
    }

    fn required(&mut self, key: &str, value: Option<String>, example: &str) -> String {
        match value {
            Some(v) if !v.trim().is_empty() => v,
            // `title:` with nothing after it reads as no title at all, but the
            // writer sees the key there: it is empty, not missing.
            blank if blank.is_some() || self.spans.has(key) => {
                self.error(
                    "missing-key",
                    format!("`{key}` is empty"),
                    key,
                    format!("write it, e.g. {key}: {example}"),
                );
                String::new()
            }
            _ => {
                self.out.push(
                    Diagnostic::error(self.source.path(), "missing-key", format!("`{key}` is missing"))
                        .at(self.source, self.spans.start())
                        .with_help(format!("add a line `{key}: ...`, e.g. {key}: {example}")),
                );
                String::new()
            }
        }
    }

    fn date(&mut self, key: &str, value: Option<Scalar>) -> Option<Date> {
        let text = value?.0;
        let parsed = Date::parse(&text);
        if parsed.is_none() {
            match Date::impossible(&text) {
                Some(why) => self.error(
                    "bad-date",
                    format!("`{key}` is not a real date: \"{text}\" ({why})"),
                    key,
                    "check the month and the day; the form year-month-day is right",
                ),
                None => self.error(
                    "bad-date",
                    format!("`{key}` is not a date: \"{text}\""),
                    key,
                    "write dates as year-month-day, e.g. 2025-07-07",
                ),
            }
        }
        parsed
    }

    fn slug(&mut self, slug: &str) {
        if let Some(problem) = crate::urls::slug_problem(slug) {
            self.error(
                "bad-slug",
                format!("`slug` {problem}: \"{slug}\""),
                "slug",
                "use lowercase letters, digits and dashes, e.g. slug: aftercare",
            );
        }
    }

    fn reviewer(&mut self, id: &str, config: &Config) {
        if config.reviewer(id).is_some() {
            return;
        }
        let ids: Vec<&str> = config.reviewers.iter().map(|r| r.id.as_str()).collect();
        let help = match crate::diagnostics::did_you_mean(id, ids.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None if ids.is_empty() => "add the reviewer under `reviewers:` in site.yaml".to_string(),
            None => format!("use one of the reviewer ids in site.yaml: {}", quoted(&ids)),
        };
        self.error(
            "unknown-reviewer",
            format!("no reviewer has the id `{id}`"),
            "reviewed_by",
            help,
        );
    }

    fn procedure(&mut self, id: &str, config: &Config) {
        if config.procedure(id).is_some() {
            return;
        }
        let ids: Vec<&str> = config.procedures.iter().map(|p| p.id.as_str()).collect();
        let help = match crate::diagnostics::did_you_mean(id, ids.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("use one of the procedure ids in site.yaml: {}", quoted(&ids)),
        };
        self.error(
            "unknown-procedure",
            format!("no procedure has the id `{id}`"),
            "procedure",
            help,
        );
    }

    fn focus(&mut self, text: Option<&str>) -> Option<Focus> {
        let text = text?;
        let message = match Focus::parse(text) {
            Ok(focus) => return Some(focus),
            Err(FocusProblem::Malformed) => format!("`image.focus` is not a point in the image: \"{text}\""),
            Err(FocusProblem::Outside { axis, percent }) => {
                format!("`image.focus` \"{text}\" is outside the image: {percent}% {axis} (it must be from 0% to 100%)")
            }
        };
        self.error(
            "bad-focus",
            message,
            "image.focus",
            "write how far across, then how far down, the part to keep in view is, e.g. focus: \"50% 30%\"",
        );
        None
    }

    /// A template is named, never reached by a path: a page must not be able
    /// to render with a file outside the theme.
    fn template(&mut self, template: &str) {
        if template.contains("..") || template.starts_with('/') || template.contains('\\') {
            self.error(
                "bad-template",
                format!("`template` must be a template's name, not \"{template}\""),
                "template",
                "name a file of the theme's templates folder, e.g. template: page.html",
            );
        }
    }
}

/// Ids as a list in backticks: `a`, `b`.
fn quoted(ids: &[&str]) -> String {
    ids.iter().map(|i| format!("`{i}`")).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn impossible_dates_say_why() {
        assert_eq!(Date::impossible("2025-13-40").as_deref(), Some("there is no month 13"));
        assert_eq!(
            Date::impossible("2026-02-30").as_deref(),
            Some("February 2026 has 28 days")
        );
        assert_eq!(
            Date::impossible("2024-02-30").as_deref(),
            Some("February 2024 has 29 days")
        );
        assert_eq!(
            Date::impossible("2026-04-31").as_deref(),
            Some("April 2026 has 30 days")
        );
        assert_eq!(Date::impossible("07/07/2025"), None);
        assert_eq!(Date::impossible("2026-02-28"), None);
    }

    #[test]
    fn only_plain_iso_dates_are_dates() {
        assert!(Date::parse("2025-07-07").is_some());
        assert!(Date::parse("2025-02-30").is_none());
        assert!(Date::parse("2025-7-7").is_none());
        assert!(Date::parse("07/07/2025").is_none());
        assert!(Date::parse("2025").is_none());
    }
}

//! `site.yaml`: the site's title, address, clinic, reviewers and menu.
//!
//! Strict like front matter: an unknown key is an error with a suggestion,
//! except under `extra`. Paths in the menu are checked later, with the links.

pub(crate) mod checks;
pub(crate) mod headers;
pub(crate) mod images;
pub(crate) mod languages;
pub(crate) mod search;
mod timezone;

use serde::{Deserialize, Serialize};

use crate::diagnostics::{Diagnostic, SourceFile};
use crate::yaml::{self, Schema, Spans};
pub(crate) use languages::Localized;

// `pub`, not `pub(crate)`: `content::kinds::DataKind` names it in a `pub` field.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub(crate) struct Config {
    // Required, but read with a default so that a missing or misspelt one
    // (`titel:`) is one error among the others, not a site.yaml that cannot
    // be read at all, which would hide every finding in the pages.
    #[serde(default)]
    pub(crate) title: String,
    #[serde(default)]
    pub(crate) base_url: String,
    #[serde(default = "default_language")]
    pub(crate) language: String,
    /// The site's languages, the default first (see `languages`).
    #[serde(default)]
    pub(crate) languages: Vec<languages::Language>,
    #[serde(default = "default_theme")]
    pub(crate) theme: String,
    #[serde(default)]
    pub(crate) description: String,
    #[serde(default = "default_review_age")]
    pub(crate) review_max_age_days: u32,
    /// The clinic's IANA time zone (`Europe/London`): "today" is its date.
    #[serde(default)]
    pub(crate) timezone: Option<String>,
    #[serde(default)]
    pub(crate) clinic: Option<Clinic>,
    #[serde(default)]
    pub(crate) reviewers: Vec<Reviewer>,
    #[serde(default)]
    pub(crate) disclaimer: Option<Localized>,
    #[serde(default)]
    pub(crate) menu: Vec<MenuItem>,
    /// The procedures pages can be about (`procedure: <id>` in front matter).
    #[serde(default)]
    pub(crate) procedures: Vec<Procedure>,
    /// The content rules: a clinic's own wording rules, rules switched off,
    /// and severities changed (see `check::settings`).
    #[serde(default)]
    pub(crate) checks: checks::Checks,
    /// What every before/after gallery states (see `content::kinds::gallery`).
    #[serde(default)]
    pub(crate) gallery: Option<GallerySettings>,
    /// What `_headers` adds to its Content-Security-Policy.
    #[serde(default)]
    pub(crate) headers: headers::Headers,
    /// Site search; `None`: as the theme has it (see `config::search`).
    #[serde(default)]
    pub(crate) search: Option<search::Search>,
    /// The widths and formats raster images are published in.
    #[serde(default)]
    pub(crate) images: images::Images,
    #[serde(default)]
    pub(crate) extra: crate::yaml::Value,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub(crate) struct GallerySettings {
    /// Whether, and how, the photos were edited, in the clinic's words.
    #[serde(default)]
    pub(crate) retouching: String,
}

/// A treatment described for schema.org's `MedicalProcedure`.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub(crate) struct Procedure {
    pub(crate) id: String,
    pub(crate) name: String,
    #[serde(default)]
    pub(crate) alternate_name: Option<String>,
    /// `percutaneous` (through the skin, e.g. needles) or `noninvasive`.
    #[serde(default)]
    pub(crate) procedure_type: Option<ProcedureType>,
    #[serde(default)]
    pub(crate) how_performed: Option<String>,
    #[serde(default)]
    pub(crate) preparation: Option<String>,
    #[serde(default)]
    pub(crate) followup: Option<String>,
    #[serde(default)]
    pub(crate) body_location: Option<String>,
    #[serde(default)]
    pub(crate) adverse_outcomes: Vec<String>,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub(crate) enum ProcedureType {
    Percutaneous,
    Noninvasive,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub(crate) struct Clinic {
    pub(crate) name: String,
    #[serde(default)]
    pub(crate) phone: Option<String>,
    #[serde(default)]
    pub(crate) email: Option<String>,
    #[serde(default)]
    pub(crate) address: Option<Address>,
    #[serde(default)]
    pub(crate) booking_url: Option<String>,
    #[serde(default)]
    pub(crate) opening_hours: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub(crate) struct Address {
    #[serde(default)]
    pub(crate) street: Option<String>,
    #[serde(default)]
    pub(crate) city: Option<String>,
    #[serde(default)]
    pub(crate) region: Option<String>,
    #[serde(default)]
    pub(crate) postal_code: Option<String>,
    #[serde(default)]
    pub(crate) country: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub(crate) struct Reviewer {
    pub(crate) id: String,
    pub(crate) name: String,
    #[serde(default)]
    pub(crate) credentials: Option<String>,
    /// The reviewer's bio page, a content path such as `about/medical-director.md`.
    #[serde(default)]
    pub(crate) page: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub(crate) struct MenuItem {
    /// One label, or one per language (`{ en: Risks, es: Riesgos }`).
    pub(crate) label: Localized,
    /// A content path (`faq.yaml`, `guides/_index.md`), resolved to its URL.
    #[serde(default)]
    pub(crate) page: Option<String>,
    /// Or a plain URL, for pages outside the site.
    #[serde(default)]
    pub(crate) url: Option<String>,
}

fn default_language() -> String {
    "en".to_string()
}
fn default_theme() -> String {
    "clinic".to_string()
}
fn default_review_age() -> u32 {
    365
}

/// The keys site.yaml may have at its top level.
pub(crate) const KEYS: &[&str] = &[
    "title",
    "base_url",
    "language",
    "languages",
    "theme",
    "description",
    "review_max_age_days",
    "timezone",
    "clinic",
    "reviewers",
    "disclaimer",
    "menu",
    "procedures",
    "checks",
    "gallery",
    "headers",
    "search",
    "images",
    "extra",
];

const SCHEMA: Schema = &[
    ("", KEYS),
    ("checks", checks::KEYS),
    ("search", search::KEYS),
    ("checks.rules.*", checks::RULE_KEYS),
    ("checks.external", checks::EXTERNAL_KEYS),
    ("headers", headers::KEYS),
    ("languages.*", languages::KEYS),
    ("images", images::KEYS),
    (
        "procedures.*",
        &[
            "id",
            "name",
            "alternate_name",
            "procedure_type",
            "how_performed",
            "preparation",
            "followup",
            "body_location",
            "adverse_outcomes",
        ],
    ),
    (
        "clinic",
        &["name", "phone", "email", "address", "booking_url", "opening_hours"],
    ),
    (
        "clinic.address",
        &["street", "city", "region", "postal_code", "country"],
    ),
    ("reviewers.*", &["id", "name", "credentials", "page"]),
    ("menu.*", &["label", "page", "url"]),
    ("gallery", &["retouching"]),
];

/// The configuration with the positions of its keys, for later checks.
pub(crate) struct LoadedConfig {
    pub(crate) config: Config,
    pub(crate) spans: Spans,
    pub(crate) source: SourceFile,
}

pub(crate) const FILE: &str = "site.yaml";

/// Parses and checks `site.yaml`'s text (the tests' strict reading).
#[cfg(test)]
pub(crate) fn parse(text: String) -> Result<LoadedConfig, Vec<Diagnostic>> {
    match parse_lenient(text) {
        (Some(loaded), diagnostics) if !diagnostics.iter().any(Diagnostic::is_error) => Ok(loaded),
        (_, diagnostics) => Err(diagnostics),
    }
}

/// Like `parse`, but keeps the configuration whenever it could be read at all,
/// even with errors (an unknown key, a bad address), so that the content can
/// still be checked in the same run: one typo in site.yaml should not hide
/// the ten in the pages.
pub(crate) fn parse_lenient(text: String) -> (Option<LoadedConfig>, Vec<Diagnostic>) {
    let source = SourceFile::new(FILE, text);
    let parsed = yaml::parse::<Config>(&source, 0..source.text.len(), SCHEMA);
    let mut diagnostics = parsed.diagnostics;
    let Some(mut config) = parsed.value else {
        return (None, diagnostics);
    };
    diagnostics.extend(validate(&mut config, &parsed.spans, &source));
    yaml::drop_implied_missing(&mut diagnostics);
    let loaded = LoadedConfig {
        config,
        spans: parsed.spans,
        source,
    };
    (Some(loaded), diagnostics)
}

fn validate(config: &mut Config, spans: &Spans, source: &SourceFile) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for key in ["title", "base_url"].into_iter().filter(|k| !spans.has(k)) {
        out.push(
            Diagnostic::error(FILE, "missing-key", format!("`{key}` is missing"))
                .at(source, spans.start())
                .with_help(format!("add a line `{key}: ...`; every site.yaml needs one")),
        );
    }
    let base = config.base_url.trim();
    let full = (base.starts_with("https://") || base.starts_with("http://")) && base.len() > "https://".len();
    if spans.has("base_url") && !full {
        out.push(
            Diagnostic::error(
                FILE,
                "bad-url",
                format!("`base_url` must be a full address, not \"{base}\""),
            )
            .at(source, spans.value("base_url"))
            .with_help("write it with https://, e.g. base_url: https://clinic.example.com"),
        );
    }
    config.base_url = base.trim_end_matches('/').to_string();
    out.extend(theme_problem(config, spans, source));
    if spans.has("title") && config.title.trim().is_empty() {
        out.push(
            Diagnostic::error(FILE, "missing-key", "`title` is empty")
                .at(source, spans.value("title"))
                .with_help("give the site a name, e.g. title: Example Skin Clinic"),
        );
    }
    out.extend(list_problems(config, spans, source));
    out.extend(timezone::problem(config, spans, source));
    if config.gallery.as_ref().is_some_and(|g| g.retouching.trim().is_empty()) {
        let key = if spans.has("gallery.retouching") {
            "gallery.retouching"
        } else {
            "gallery"
        };
        out.push(
            Diagnostic::error(FILE, "missing-key", "`gallery.retouching` is empty")
                .at(source, spans.value(key))
                .with_help("say truthfully whether the gallery's photos were edited, e.g. retouching: \"Photos are not retouched or filtered.\""),
        );
    }
    out.extend(skip_problems(config, spans, source));
    out.extend(headers::problems(&config.headers, spans, source));
    out.extend(languages::validate(config, spans, source));
    out.extend(images::validate(&mut config.images, spans, source));
    out
}

/// Skip patterns of `checks: external:` that are not host names.
fn skip_problems(config: &Config, spans: &Spans, source: &SourceFile) -> Vec<Diagnostic> {
    let skip = &config.checks.external.skip;
    let problems = skip.iter().enumerate().filter_map(|(i, pattern)| {
        let problem = checks::host_problem(pattern)?;
        let hint = pattern
            .split_once("://")
            .map_or(pattern.as_str(), |(_, rest)| rest)
            .split('/')
            .next()
            .unwrap_or("")
            .trim_start_matches("*.");
        let example = if checks::host_problem(hint).is_none() {
            hint
        } else {
            "www.fda.gov"
        };
        Some(
            Diagnostic::error(
                FILE,
                "bad-skip-host",
                format!("\"{pattern}\" in `checks: external: skip:` is not a host name: {problem}"),
            )
            .at(source, spans.value(&format!("checks.external.skip.{i}")))
            .with_help(format!(
                "write the host only, e.g. {example}; it also skips the hosts below it"
            )),
        )
    });
    problems.collect()
}

/// The theme is a folder of themes/: a path would read templates and
/// publish static files from anywhere on the machine.
fn theme_problem(config: &mut Config, spans: &Spans, source: &SourceFile) -> Option<Diagnostic> {
    let problem = crate::urls::slug_problem(&config.theme)?;
    let d = Diagnostic::error(
        FILE,
        "bad-theme",
        format!(
            "`theme` must be the name of a folder in themes/, and {problem}: \"{}\"",
            config.theme
        ),
    )
    .at(source, spans.value("theme"))
    .with_help("write the folder's name only, e.g. theme: clinic");
    // A configuration with errors is still used to check the content
    // (see `parse_lenient`): it must not send anyone to that path.
    config.theme = default_theme();
    Some(d)
}

/// Reviewers with the same id, and menu entries that go nowhere or to two places.
fn list_problems(config: &Config, spans: &Spans, source: &SourceFile) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for (i, reviewer) in config.reviewers.iter().enumerate() {
        if seen.contains(&reviewer.id.as_str()) {
            out.push(
                Diagnostic::error(
                    FILE,
                    "duplicate-id",
                    format!("reviewer id `{}` is used twice", reviewer.id),
                )
                .at(source, spans.value(&format!("reviewers.{i}.id")))
                .with_help("give each reviewer a different id"),
            );
        }
        seen.push(&reviewer.id);
    }
    for (i, item) in config.menu.iter().enumerate() {
        if item.page.is_some() == item.url.is_some() {
            out.push(
                Diagnostic::error(
                    FILE,
                    "menu-target",
                    format!(
                        "menu entry \"{}\" needs either `page` or `url`",
                        item.label.get(config.default_language())
                    ),
                )
                .at(source, spans.key(&format!("menu.{i}")))
                .with_help("use page: for a file in content/ (e.g. page: faq.yaml), url: for another site"),
            );
        }
    }
    out
}

impl Config {
    pub(crate) fn procedure(&self, id: &str) -> Option<&Procedure> {
        self.procedures.iter().find(|p| p.id == id)
    }

    pub(crate) fn reviewer(&self, id: &str) -> Option<&Reviewer> {
        self.reviewers.iter().find(|r| r.id == id)
    }

    /// Today's date in the site's time zone (this machine's when site.yaml
    /// names none, or one that does not exist).
    pub(crate) fn today(&self) -> jiff::civil::Date {
        timezone::today(self.timezone.as_deref())
    }

    /// The folders of the site's languages other than its main one
    /// (`/fr/`), which aliases of main-language pages must stay out of.
    /// Empty until the site can have more than one language.
    pub(crate) fn language_prefixes(&self) -> Vec<String> {
        let others = self.language_codes().into_iter().skip(1);
        others.map(|code| format!("{}/", self.language_prefix(code))).collect()
    }

    /// The path part of `base_url` ("" or "/clinic"), prefixed to every URL.
    pub(crate) fn base_path(&self) -> &str {
        let rest = self.base_url.split_once("://").map_or("", |(_, r)| r);
        rest.find('/').map_or("", |i| rest[i..].trim_end_matches('/'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<String> {
        match parse(text.to_string()) {
            Ok(_) => vec![],
            Err(ds) => ds.iter().map(|d| format!("{}: {}", d.location(), d.message)).collect(),
        }
    }

    #[test]
    fn minimal_config_has_defaults() {
        let c = parse("title: T\nbase_url: https://x.example.com/sub/\n".into())
            .ok()
            .unwrap()
            .config;
        assert_eq!(c.language, "en");
        assert_eq!(c.theme, "clinic");
        assert_eq!(c.review_max_age_days, 365);
        assert_eq!(c.base_url, "https://x.example.com/sub");
        assert_eq!(c.base_path(), "/sub");
    }

    #[test]
    fn a_theme_is_a_folder_name_not_a_path() {
        for theme in ["../../etc", "/etc", "a/b", "a\\\\b", ".."] {
            let errors = errors(&format!(
                "title: T\nbase_url: https://x.example.com\ntheme: \"{theme}\"\n"
            ));
            assert_eq!(errors.len(), 1, "{theme}: {errors:?}");
            assert!(
                errors[0].starts_with("site.yaml:3:8: `theme` must be the name of a folder"),
                "{errors:?}"
            );
        }
    }

    #[test]
    fn typo_and_bad_url_are_reported_together() {
        assert_eq!(
            errors("titel: T\ntitle: T\nbase_url: clinic.example.com\n"),
            vec![
                "site.yaml:1:1: unknown key `titel`",
                "site.yaml:3:11: `base_url` must be a full address, not \"clinic.example.com\""
            ]
        );
        assert_eq!(
            errors("title: T\nbase_url: clinic.example.com\nmenu:\n  - label: A\n"),
            vec![
                "site.yaml:2:11: `base_url` must be a full address, not \"clinic.example.com\"",
                "site.yaml:4:5: menu entry \"A\" needs either `page` or `url`"
            ]
        );
    }
}

#[cfg(test)]
pub(crate) mod props;

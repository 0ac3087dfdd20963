//! `languages:` in site.yaml: the languages a site is written in, the first
//! being the default (served at `/`, the others under `/<code>/`), and the
//! texts of site.yaml that are written once per language (menu labels, the
//! disclaimer). A site with only `language:` has one language, as before.
//!
//! Also the one place that reads a language out of a file name:
//! `risks.es.md` is the Spanish translation of `risks.md`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Config, FILE};
use crate::diagnostics::{did_you_mean, Diagnostic, SourceFile};
use crate::yaml::Spans;

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
pub(crate) struct Language {
    /// A BCP 47 tag: `en`, `es`, `es-US`.
    pub(crate) code: String,
    /// The language's name in itself, for the switcher: `Español`.
    pub(crate) name: String,
    /// The Open Graph locale (`es_US`); by default the code with `_`.
    #[serde(default)]
    pub(crate) locale: Option<String>,
}

pub(crate) const KEYS: &[&str] = &["code", "name", "locale"];

/// A text of site.yaml: one text, or one per language code.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(untagged)]
pub(crate) enum Localized {
    One(String),
    PerLanguage(BTreeMap<String, String>),
}

impl Localized {
    /// The text for `lang` (a site of one language has one text).
    pub(crate) fn get(&self, lang: &str) -> &str {
        match self {
            Localized::One(text) => text,
            Localized::PerLanguage(texts) => texts.get(lang).map_or("", String::as_str),
        }
    }
}

/// What a content file's name says about its language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FileLanguage {
    /// The file it translates (`risks.md` for `risks.es.md`); the file itself
    /// when it is in the default language.
    pub(crate) key: String,
    pub(crate) lang: String,
}

/// Whether `tag` has the form of a BCP 47 language tag: a language of two or
/// three letters, then subtags of letters and digits (`es`, `es-US`, `zh-Hant`).
pub(crate) fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

impl Config {
    /// The site's language codes, the default first.
    pub(crate) fn language_codes(&self) -> Vec<&str> {
        if self.languages.is_empty() {
            vec![self.language.as_str()]
        } else {
            self.languages.iter().map(|l| l.code.as_str()).collect()
        }
    }

    pub(crate) fn default_language(&self) -> &str {
        self.languages
            .first()
            .map_or(self.language.as_str(), |l| l.code.as_str())
    }

    /// Whether the site has translations at all.
    pub(crate) fn is_multilingual(&self) -> bool {
        self.languages.len() > 1
    }

    /// The place of `lang` among the site's languages (0: the default).
    pub(crate) fn language_index(&self, lang: &str) -> usize {
        self.language_codes().iter().position(|c| *c == lang).unwrap_or(0)
    }

    /// The language's own name (`Español`), or its code.
    pub(crate) fn language_name<'a>(&'a self, lang: &'a str) -> &'a str {
        self.languages
            .iter()
            .find(|l| l.code == lang)
            .map_or(lang, |l| l.name.as_str())
    }

    /// The Open Graph locale of `lang`: `es-US` becomes `es_US`.
    pub(crate) fn locale(&self, lang: &str) -> String {
        match self
            .languages
            .iter()
            .find(|l| l.code == lang)
            .and_then(|l| l.locale.clone())
        {
            Some(locale) => locale,
            None => lang.replace('-', "_"),
        }
    }

    /// The route prefix of `lang`: "" for the default language, `/es` else.
    pub(crate) fn language_prefix(&self, lang: &str) -> String {
        if lang == self.default_language() {
            String::new()
        } else {
            format!("/{lang}")
        }
    }

    /// The language of the content file `path` (below `content/`) and the
    /// file it translates, or why its name names no language of this site.
    /// On a site of one language every file is in that language, whatever
    /// its name (`v1.2.md` stays a page of its own, as it always was).
    pub(crate) fn file_language(&self, path: &str) -> Result<FileLanguage, String> {
        let default = || FileLanguage {
            key: path.to_string(),
            lang: self.default_language().to_string(),
        };
        if !self.is_multilingual() {
            return Ok(default());
        }
        let (dir, name) = path.rsplit_once('/').map_or(("", path), |(d, n)| (d, n));
        let Some((stem, ext)) = name.rsplit_once('.') else {
            return Ok(default());
        };
        let Some((base, code)) = stem.rsplit_once('.') else {
            return Ok(default());
        };
        if !is_language_tag(code) {
            return Ok(default());
        }
        let codes = self.language_codes();
        let key_name = format!("{base}.{ext}");
        let key = if dir.is_empty() {
            key_name
        } else {
            format!("{dir}/{key_name}")
        };
        if code == self.default_language() {
            return Err(format!(
                "`{code}` is this site's default language, whose pages have no code in their name: name the file {}",
                key.rsplit('/').next().unwrap_or(&key)
            ));
        }
        if !codes.contains(&code) {
            let listed = codes[1..]
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let hint = match did_you_mean(code, codes.iter().copied()) {
                Some(s) => format!("did you mean `{s}`? "),
                None => String::new(),
            };
            return Err(format!(
                "`{code}` in the file name is not one of the site's languages; {hint}the translations this site has are {listed} (see `languages:` in site.yaml)"
            ));
        }
        Ok(FileLanguage {
            key,
            lang: code.to_string(),
        })
    }
}

/// The problems of `languages:` and of the texts written per language.
pub(crate) fn validate(config: &Config, spans: &Spans, source: &SourceFile) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for (i, lang) in config.languages.iter().enumerate() {
        let at = spans.value(&format!("languages.{i}.code"));
        if !is_language_tag(&lang.code) {
            out.push(
                Diagnostic::error(FILE, "bad-language", format!("`{}` is not a language code", lang.code))
                    .at(source, at)
                    .with_help("write a BCP 47 code: two or three letters, then a region if needed, e.g. `en`, `es` or `es-US`"),
            );
        } else if seen.contains(&lang.code.as_str()) {
            out.push(
                Diagnostic::error(
                    FILE,
                    "bad-language",
                    format!("the language `{}` is listed twice", lang.code),
                )
                .at(source, at)
                .with_help("list each language once; the first is the default"),
            );
        }
        seen.push(&lang.code);
        if lang.name.trim().is_empty() {
            out.push(
                Diagnostic::error(FILE, "missing-key", format!("the language `{}` has no name", lang.code))
                    .at(source, spans.key(&format!("languages.{i}")))
                    .with_help("give its name as its speakers write it, e.g. name: Español"),
            );
        }
    }
    if let (Some(first), true) = (config.languages.first(), spans.has("language")) {
        if first.code != config.language {
            out.push(
                Diagnostic::error(
                    FILE,
                    "bad-language",
                    format!(
                        "`language: {}` and `languages:` disagree: the first of `languages:` ({}) is the default",
                        config.language, first.code
                    ),
                )
                .at(source, spans.value("language"))
                .with_help("remove the `language:` line; `languages:` says it all"),
            );
        }
    }
    for (i, item) in config.menu.iter().enumerate() {
        out.extend(localized_problem(
            config,
            &item.label,
            &format!("menu.{i}.label"),
            spans,
            source,
        ));
        out.extend(menu_page_problem(config, item.page.as_deref(), i, spans, source));
    }
    if let Some(disclaimer) = &config.disclaimer {
        out.extend(localized_problem(config, disclaimer, "disclaimer", spans, source));
    }
    let codes = config.language_codes();
    for (i, rule) in config.checks.rules.iter().enumerate() {
        let Some(lang) = rule.lang.as_deref() else { continue };
        if codes.iter().any(|c| *c == lang || c.split('-').next() == Some(lang)) {
            continue;
        }
        out.push(
            Diagnostic::error(
                FILE,
                "bad-language",
                format!("`lang: {lang}` is not one of the site's languages"),
            )
            .at(source, spans.value(&format!("checks.rules.{i}.lang")))
            .with_help(format!(
                "write one of {}, or leave `lang:` out to check pages in every language",
                codes.join(", ")
            )),
        );
    }
    out
}

/// A text that must be given in each of the site's languages, and only those.
fn localized_problem(
    config: &Config,
    text: &Localized,
    path: &str,
    spans: &Spans,
    source: &SourceFile,
) -> Vec<Diagnostic> {
    let codes = config.language_codes();
    let example = || codes.iter().map(|c| format!("{c}: ...")).collect::<Vec<_>>().join(", ");
    match text {
        Localized::One(_) if config.is_multilingual() => vec![Diagnostic::error(
            FILE,
            "missing-translation",
            format!("`{path}` is one text, but the site has {} languages", codes.len()),
        )
        .at(source, spans.value(path))
        .with_help(format!("give it in each language: {{ {} }}", example()))],
        Localized::One(_) => Vec::new(),
        Localized::PerLanguage(texts) => {
            let mut out = Vec::new();
            for code in texts.keys().filter(|k| !codes.contains(&k.as_str())) {
                let help = match did_you_mean(code, codes.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`? The site's languages are listed under `languages:`"),
                    None => format!("the site's languages are {}", codes.join(", ")),
                };
                out.push(
                    Diagnostic::error(
                        FILE,
                        "bad-language",
                        format!("`{code}` is not one of the site's languages"),
                    )
                    .at(source, spans.key(&format!("{path}.{code}")))
                    .with_help(help),
                );
            }
            for code in codes.iter().filter(|c| !texts.contains_key(**c)) {
                out.push(
                    Diagnostic::error(
                        FILE,
                        "missing-translation",
                        format!("`{path}` has no text for `{code}` ({})", config.language_name(code)),
                    )
                    .at(source, spans.value(path))
                    .with_help(format!("add `{code}: ...` to it")),
                );
            }
            out
        }
    }
}

/// The menu names the default language's pages: each language's menu then
/// follows their translations. A translation in it would mix languages.
fn menu_page_problem(
    config: &Config,
    page: Option<&str>,
    i: usize,
    spans: &Spans,
    source: &SourceFile,
) -> Option<Diagnostic> {
    let page = page?;
    let found = config.file_language(page.trim_start_matches('/')).ok()?;
    if found.lang == config.default_language() {
        return None;
    }
    Some(
        Diagnostic::error(
            FILE,
            "menu-language",
            format!(
                "the menu names `{page}`, a {} page; the menu lists the default language's pages",
                config.language_name(&found.lang)
            ),
        )
        .at(source, spans.value(&format!("menu.{i}.page")))
        .with_help(format!(
            "write `page: {}`: the {} menu links to its translation by itself",
            found.key,
            config.language_name(&found.lang)
        )),
    )
}

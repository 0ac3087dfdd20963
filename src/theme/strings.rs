//! The theme's interface text per language ("On this page", "Sources",
//! dates): `themes/<theme>/i18n/<code>.yaml`, each key overridable by the
//! site's `i18n/<code>.yaml`. Templates read them as `strings.<key>`.
//!
//! The keys are those of the theme's file for the site's default language
//! (or, without one, of all its files together). Every language of the site
//! must give every key, and no file may have a key outside them: a missing
//! text would show the visitor a blank, a misspelt key would never show.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diagnostics::{did_you_mean, Diagnostic, SourceFile};

/// Each language's texts by key.
pub(crate) type Texts = BTreeMap<String, String>;

/// One i18n file, read and parsed.
struct File {
    source: SourceFile,
    texts: Texts,
    spans: crate::yaml::Spans,
}

/// The strings of every language of the site, by language code, and the
/// problems of the files they come from.
pub(crate) fn read(root: &Path, config: &Config) -> (BTreeMap<String, Texts>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let theme_rel = PathBuf::from("themes").join(&config.theme).join("i18n");
    let theme = read_folder(&root.join(&theme_rel), &theme_rel, root, &mut diagnostics);
    let site = read_folder(&root.join("i18n"), Path::new("i18n"), root, &mut diagnostics);
    let mut out = BTreeMap::new();
    if theme.is_empty() && site.is_empty() {
        for code in config.language_codes() {
            out.insert(code.to_string(), labels(config, code));
        }
        return (out, diagnostics);
    }
    let keys: BTreeSet<String> = match theme.get(config.default_language()) {
        Some(f) => f.texts.keys().cloned().collect(),
        None => theme
            .values()
            .chain(site.values())
            .flat_map(|f| f.texts.keys().cloned())
            .collect(),
    };
    for file in theme.values().chain(site.values()) {
        diagnostics.extend(unknown_keys(file, &keys));
    }
    for code in config.language_codes() {
        let mut texts = Texts::new();
        for file in [theme.get(code), site.get(code)].into_iter().flatten() {
            texts.extend(file.texts.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        let fix = site.get(code).or(theme.get(code)).map_or_else(
            || PathBuf::from("i18n").join(format!("{code}.yaml")),
            |f| f.source.path.clone(),
        );
        for key in keys.iter().filter(|k| !texts.contains_key(*k)) {
            diagnostics.push(missing_key(key, code, config, &fix));
        }
        texts.extend(labels(config, code));
        out.insert(code.to_string(), texts);
    }
    (out, diagnostics)
}

/// `site.extra.labels`, the theme's older way to change its texts, still
/// changes those of the default language.
fn labels(config: &Config, code: &str) -> Texts {
    let mut out = Texts::new();
    if code != config.default_language() {
        return out;
    }
    if let Some(crate::yaml::Value::Mapping(map)) = config.extra.get("labels") {
        for (k, v) in map {
            if let (Some(k), Some(v)) = (k.as_str(), v.as_str()) {
                out.insert(k.to_string(), v.to_string());
            }
        }
    }
    out
}

fn read_folder(dir: &Path, report_as: &Path, root: &Path, diagnostics: &mut Vec<Diagnostic>) -> BTreeMap<String, File> {
    let mut out = BTreeMap::new();
    let (found, problems) = crate::source::discover(dir, report_as, root);
    diagnostics.extend(problems);
    for f in found.iter().filter(|f| !f.rel.contains('/')) {
        let Some(code) = f.rel.strip_suffix(".yaml") else {
            continue;
        };
        let rel = report_as.join(&f.rel);
        let text = match crate::source::read_text(&f.full, &rel) {
            Ok(t) => t,
            Err(d) => {
                diagnostics.push(*d);
                continue;
            }
        };
        let source = SourceFile::new(rel, text);
        let parsed = crate::yaml::parse::<Texts>(&source, 0..source.text.len(), &[]);
        diagnostics.extend(parsed.diagnostics);
        let texts = parsed.value.unwrap_or_default();
        out.insert(
            code.to_string(),
            File {
                source,
                texts,
                spans: parsed.spans,
            },
        );
    }
    out
}

fn unknown_keys(file: &File, keys: &BTreeSet<String>) -> Vec<Diagnostic> {
    file.texts
        .keys()
        .filter(|k| !keys.contains(*k))
        .map(|k| {
            let help = match did_you_mean(k, keys.iter().map(String::as_str)) {
                Some(s) => format!("did you mean `{s}`?"),
                None => "the keys are those of the theme's i18n file of the site's default language; remove this one"
                    .to_string(),
            };
            Diagnostic::error(
                file.source.path(),
                "unknown-string",
                format!("the theme has no text `{k}`"),
            )
            .at(&file.source, file.spans.key(k))
            .with_help(help)
        })
        .collect()
}

fn missing_key(key: &str, code: &str, config: &Config, fix: &Path) -> Diagnostic {
    Diagnostic::error(
        fix,
        "missing-string",
        format!(
            "the theme's text `{key}` has no {} (`{code}`) version",
            config.language_name(code)
        ),
    )
    .at_line(1, 1)
    .with_help(format!("add a line `{key}: ...` to {}", fix.display()))
}

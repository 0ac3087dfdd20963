//! A page: one Markdown file or one data page, with its metadata and body.

use std::path::PathBuf;
use std::sync::Arc;

use serde::Deserialize;

use super::front_matter;
use super::kinds::{self, DATA_KINDS};
use super::meta::{self, Meta, PageMeta, IMAGE_KEYS, KEYS};
use super::sources::SOURCE_KEYS;
use crate::config::languages::FileLanguage;
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Pos, SourceFile};
use crate::markdown::{limits, Document};
use crate::yaml::{self, Schema, Spans, Value};

pub(crate) use super::kinds::{Body, Data};

#[derive(Debug, Clone)]
pub(crate) struct Page {
    /// The path below `content/`, with `/` separators: `guides/aftercare.md`.
    pub(crate) path: String,
    /// `_index.md`: the page of a section.
    pub(crate) is_section: bool,
    /// The language code the page is written in.
    pub(crate) lang: String,
    /// The file this page translates (`risks.md` for `risks.es.md`); the
    /// page's own path when it is in the site's default language.
    pub(crate) key: String,
    pub(crate) meta: Meta,
    /// Where each metadata key is, for later checks.
    pub(crate) spans: Spans,
    pub(crate) body: Body,
    pub(crate) source: Arc<SourceFile>,
}

impl Page {
    pub(crate) fn kind(&self) -> &'static str {
        match &self.body {
            Body::Markdown(_) if self.is_section => "section",
            Body::Markdown(_) => "page",
            Body::Data(data) => data.page().kind(),
        }
    }

    /// The template the page renders with unless its front matter names one.
    pub(crate) fn default_template(&self) -> &'static str {
        match &self.body {
            Body::Markdown(_) if self.is_section => "section.html",
            Body::Markdown(_) => "page.html",
            Body::Data(data) => data.kind().template,
        }
    }

    /// Every Markdown part of the page, in a fixed order, for link resolution.
    pub(crate) fn documents(&self) -> Vec<&Document> {
        match &self.body {
            Body::Markdown(doc) => vec![doc],
            Body::Data(data) => data.page().documents(),
        }
    }

    pub(crate) fn is_data(&self) -> bool {
        !matches!(self.body, Body::Markdown(_))
    }

    /// Whether the page is a translation of another file (`risks.es.md`).
    pub(crate) fn is_translation(&self) -> bool {
        self.key != self.path
    }

    /// The folder of the source below `content/` ("" at the top).
    pub(crate) fn dir(&self) -> &str {
        self.path.rsplit_once('/').map_or("", |(d, _)| d)
    }

    /// The ids a link may point at on this page.
    pub(crate) fn anchors(&self) -> Vec<&str> {
        let mut anchors: Vec<&str> = match &self.body {
            Body::Markdown(doc) => doc.anchors().collect(),
            Body::Data(data) => data.page().anchors(),
        };
        // The theme gives each source's list item its anchor.
        anchors.extend(self.meta.sources.iter().map(|s| s.anchor.as_str()));
        anchors
    }

    /// The name of the file, the last part of the URL unless `slug` says otherwise.
    /// A translation has the name of the file it translates (`risks.es.md`: `risks`).
    pub(crate) fn stem(&self) -> &str {
        let name = self.key.rsplit('/').next().unwrap_or(&self.key);
        name.rsplit_once('.').map_or(name, |(s, _)| s)
    }
}

const FRONT_MATTER: Schema = &[("", KEYS), ("image", IMAGE_KEYS), ("sources.*", SOURCE_KEYS)];

/// Reads a Markdown page from its text. `path` is below `content/`.
pub(crate) fn parse_markdown(path: &str, text: String, config: &Config) -> Result<Page, Vec<Diagnostic>> {
    let file = PathBuf::from("content").join(path);
    let source = Arc::new(SourceFile::new(file, text));
    let split = front_matter::split(&source).map_err(|d| vec![*d])?;
    let parsed = yaml::parse::<PageMeta>(&source, split.yaml.clone(), FRONT_MATTER);
    let mut diagnostics = parsed.diagnostics;
    let Some(raw) = parsed.value else {
        return Err(diagnostics);
    };
    let (meta, problems) = meta::validate(raw, config, &source, &parsed.spans);
    diagnostics.extend(problems);
    diagnostics.extend(name_problem(path, &source, meta.slug.is_some()));
    let language = file_language(path, config, &source, &meta, &parsed.spans, &mut diagnostics);
    yaml::drop_implied_missing(&mut diagnostics);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(diagnostics);
    }
    if let Some(e) = limits::Tally::default().add(&source.text[split.body.clone()]) {
        let at = source.pos(split.body.start + e.offset, 1);
        return Err(vec![Diagnostic::error(source.path(), "page-too-large", e.message())
            .at(&source, at)
            .with_help(e.help())]);
    }
    let body = Body::Markdown(Document::parse(source.clone(), split.body));
    let key = language.key;
    Ok(Page {
        path: path.to_string(),
        is_section: key == "_index.md" || key.ends_with("/_index.md"),
        lang: language.lang,
        key,
        meta,
        spans: parsed.spans,
        body,
        source,
    })
}

#[derive(Deserialize)]
struct KindProbe {
    kind: Option<Value>,
}

/// Reads a data page (`kind: comparison`, `kind: faq`) from its text.
pub(crate) fn parse_data(path: &str, text: String, config: &Config) -> Result<Page, Vec<Diagnostic>> {
    let file = PathBuf::from("content").join(path);
    let source = Arc::new(SourceFile::new(file, text));
    let kind = data_kind(&source)?;
    let kind_text = kind.as_ref().and_then(|k| k.as_str()).unwrap_or("");
    let parsed = match kinds::by_name(kind_text) {
        Some(k) => (k.parse)(&source, config),
        None => return Err(vec![unknown_kind(&source, &kind, kind_text)]),
    };
    let (raw_meta, body, spans, mut diagnostics) = parsed?;
    if let Some(d) = data_markdown_excess(&body, &source, &spans) {
        return Err(vec![d]);
    }
    let (meta, problems) = meta::validate(raw_meta, config, &source, &spans);
    diagnostics.extend(problems);
    diagnostics.extend(name_problem(path, &source, meta.slug.is_some()));
    let language = file_language(path, config, &source, &meta, &spans, &mut diagnostics);
    yaml::drop_implied_missing(&mut diagnostics);
    if diagnostics.iter().any(Diagnostic::is_error) {
        crate::diagnostics::sort(&mut diagnostics);
        return Err(diagnostics);
    }
    Ok(Page {
        path: path.to_string(),
        is_section: false,
        lang: language.lang,
        key: language.key,
        meta,
        spans,
        body,
        source,
    })
}

/// The page's language from its file name, with a problem of the name or
/// of `source_hash` (which only a translation records) added to `out`.
fn file_language(
    path: &str,
    config: &Config,
    source: &SourceFile,
    meta: &Meta,
    spans: &Spans,
    out: &mut Vec<Diagnostic>,
) -> FileLanguage {
    let found = config.file_language(path).unwrap_or_else(|why| {
        out.push(
            Diagnostic::error(source.path(), "bad-language", why)
                .at(source, Pos::new(1, 1, 1))
                .with_help("rename the file, or add the language under `languages:` in site.yaml"),
        );
        FileLanguage {
            key: path.to_string(),
            lang: config.default_language().to_string(),
        }
    });
    if meta.source_hash.is_some() && found.key == path {
        out.push(
            Diagnostic::error(
                source.path(),
                "source-hash",
                "`source_hash` is for translations only: it records which version of the original a translation was checked against",
            )
            .at(source, spans.value("source_hash"))
            .with_help("remove the line; a page in the site's default language is the original"),
        );
    }
    found
}

/// A data page's Markdown (answers, values, intros) counted together
/// against the limits of one page, reported at the start of its data.
fn data_markdown_excess(body: &Body, source: &SourceFile, spans: &Spans) -> Option<Diagnostic> {
    let Body::Data(data) = body else { return None };
    let mut tally = limits::Tally::default();
    let e = data
        .page()
        .documents()
        .into_iter()
        .find_map(|doc| tally.add(doc.text()))?;
    Some(
        Diagnostic::error(source.path(), "page-too-large", e.message())
            .at(source, spans.start())
            .with_help(e.help()),
    )
}

/// A first, lenient look at a data page for its `kind:` (None if it has
/// none), or why the file is no data page at all.
fn data_kind(source: &SourceFile) -> Result<Option<Value>, Vec<Diagnostic>> {
    let all = 0..source.text.len();
    if source.text.trim().is_empty() {
        return Err(vec![Diagnostic::error(source.path(), "empty-file", "this file is empty")
            .at(source, Pos::new(1, 1, 1))
            .with_help("a data page starts with `kind: comparison` or `kind: faq`; see the README for an example, or delete the file")]);
    }
    if let Some(probe) = yaml::peek::<KindProbe>(source, all.clone()) {
        return Ok(probe.kind);
    }
    // Not readable YAML: let the strict reading say where and why.
    let parsed = yaml::parse::<Value>(source, all.clone(), &[]);
    if !parsed.diagnostics.is_empty() {
        return Err(parsed.diagnostics);
    }
    // Readable YAML, but a list or a lone value rather than `key: value` lines.
    Err(vec![Diagnostic::error(
        source.path(),
        "not-a-mapping",
        "a data page must be a group of `key: value` lines, starting with `kind:`",
    )
    .at(source, yaml::spans(source, all).start())
    .with_help(
        "start the file with a line `kind: faq` or `kind: comparison`, with no `- ` before it",
    )])
}

/// A `kind:` that no data kind has, or none at all.
fn unknown_kind(source: &SourceFile, kind: &Option<Value>, kind_text: &str) -> Diagnostic {
    let spans = yaml::spans(source, 0..source.text.len());
    let names = || DATA_KINDS.iter().map(|k| k.name);
    let listed = names().map(|k| format!("`kind: {k}`")).collect::<Vec<_>>().join(" or ");
    if kind.is_none() {
        return Diagnostic::error(
            source.path(),
            "unknown-kind",
            "this data page does not say what kind it is",
        )
        .at(source, spans.start())
        .with_help(format!("add a first line {listed}"));
    }
    let help = match crate::diagnostics::did_you_mean(kind_text, names()) {
        Some(s) => format!("did you mean `kind: {s}`? The kinds there are: {listed}"),
        None => format!("the kinds there are: {listed}"),
    };
    Diagnostic::error(
        source.path(),
        "unknown-kind",
        format!("`{}` is not a kind of data page", kind_text_or_value(kind)),
    )
    .at(source, spans.value("kind"))
    .with_help(help)
}

/// A file or folder name that cannot be part of the page's web address
/// (`?` starts a query, `#` an anchor, `%` an escape), if there is one. The
/// file's own name counts only when no `slug` replaces it.
fn name_problem(path: &str, source: &SourceFile, has_slug: bool) -> Option<Diagnostic> {
    let parts: Vec<&str> = path.split('/').collect();
    let (file, folders) = parts.split_last()?;
    let stem = file.rsplit_once('.').map_or(*file, |(s, _)| s);
    let named = folders
        .iter()
        .copied()
        .chain((!has_slug && stem != "_index").then_some(stem));
    for part in named {
        if let Some(c) = part.chars().find(|c| c.is_control() || "?#%\"<>\\`".contains(*c)) {
            let shown = if c.is_control() {
                "a control character".to_string()
            } else {
                format!("`{c}`")
            };
            return Some(
                Diagnostic::error(
                    source.path(),
                    "bad-file-name",
                    format!("the name \"{part}\" has {shown}, which cannot be part of a web address"),
                )
                .with_help(
                    "rename it using letters, digits and dashes: the names of files and folders become the page's URL",
                ),
            );
        }
    }
    None
}

fn kind_text_or_value(kind: &Option<Value>) -> String {
    match kind {
        Some(Value::String(s)) => s.clone(),
        Some(other) => yaml::to_text(other),
        None => String::new(),
    }
}

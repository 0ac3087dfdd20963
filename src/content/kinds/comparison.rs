//! `kind: comparison`: treatments side by side, criterion by criterion.
//!
//! Every criterion must give a value for every option and only for those;
//! each slip is reported at its own line, all of them together.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Deserialize;

use super::{Body, Data, DataPage, DataParse, Text};
use crate::config::Config;
use crate::content::meta::{PageMeta, Scalar, IMAGE_KEYS, KEYS};
use crate::content::sources::SOURCE_KEYS;
use crate::diagnostics::{did_you_mean, Diagnostic, Pos, SourceFile};
use crate::markdown::Document;
use crate::yaml::{self, Schema, Spans};

#[derive(Debug, Clone)]
pub(crate) struct Comparison {
    pub(crate) intro: Option<Document>,
    pub(crate) options: Vec<ComparisonOption>,
    pub(crate) criteria: Vec<Criterion>,
    pub(crate) summary: Option<Document>,
    /// Each option's `page`, as a one-link document so the links stage
    /// resolves it like any other link (None where the option has no page).
    pub(crate) option_pages: Vec<Option<Document>>,
}

#[derive(Debug, Clone)]
pub(crate) struct ComparisonOption {
    pub(crate) id: String,
    pub(crate) name: String,
}

#[derive(Debug, Clone)]
pub(crate) struct Criterion {
    pub(crate) label: String,
    pub(crate) id: String,
    /// One value per option, in the options' order.
    pub(crate) values: Vec<Document>,
}

impl DataPage for Comparison {
    fn kind(&self) -> &'static str {
        "comparison"
    }

    fn anchors(&self) -> Vec<&str> {
        self.criteria.iter().map(|c| c.id.as_str()).collect()
    }

    fn documents(&self) -> Vec<&Document> {
        let mut docs: Vec<&Document> = Vec::new();
        docs.extend(self.intro.iter());
        docs.extend(self.option_pages.iter().flatten());
        for c in &self.criteria {
            docs.extend(c.values.iter());
        }
        docs.extend(self.summary.iter());
        docs
    }

    fn texts(&self) -> Vec<Text<'_>> {
        let mut out = Vec::new();
        fn md(doc: &Document, key: String) -> Text<'_> {
            Text {
                text: doc.text(),
                key,
                markdown: true,
            }
        }
        out.extend(self.intro.iter().map(|d| md(d, "intro".into())));
        for (i, option) in self.options.iter().enumerate() {
            out.push(Text {
                text: &option.name,
                key: format!("options.{i}.name"),
                markdown: false,
            });
        }
        for (i, criterion) in self.criteria.iter().enumerate() {
            out.push(Text {
                text: &criterion.label,
                key: format!("criteria.{i}.label"),
                markdown: false,
            });
            for (option, doc) in self.options.iter().zip(&criterion.values) {
                out.push(md(doc, format!("criteria.{i}.values.{}", option.id)));
            }
        }
        out.extend(self.summary.iter().map(|d| md(d, "summary".into())));
        out
    }

    fn headings(&self) -> Vec<&str> {
        self.criteria.iter().map(|c| c.label.as_str()).collect()
    }
}

#[derive(Deserialize)]
struct Raw {
    #[allow(dead_code)]
    kind: String,
    #[serde(default)]
    intro: Option<String>,
    #[serde(default)]
    options: Vec<RawOption>,
    #[serde(default)]
    criteria: Vec<RawCriterion>,
    #[serde(default)]
    summary: Option<String>,
}

#[derive(Deserialize)]
struct RawOption {
    id: String,
    name: String,
    #[serde(default)]
    page: Option<String>,
}

#[derive(Deserialize)]
struct RawCriterion {
    label: String,
    #[serde(default)]
    values: BTreeMap<String, Scalar>,
}

const OWN_KEYS: &[&str] = &["kind", "intro", "options", "criteria", "summary"];

fn schema_keys() -> Vec<&'static str> {
    KEYS.iter().chain(OWN_KEYS).copied().collect()
}

pub(crate) fn parse(source: &SourceFile, config: &Config) -> DataParse {
    let _ = config;
    let keys = schema_keys();
    let schema: Schema = &[
        ("", &keys),
        ("image", IMAGE_KEYS),
        ("sources.*", SOURCE_KEYS),
        ("options.*", &["id", "name", "page"]),
        ("criteria.*", &["label", "values"]),
    ];
    let parsed = yaml::parse_pair::<PageMeta, Raw>(source, 0..source.text.len(), schema);
    let diagnostics = parsed.diagnostics;
    let Some((meta, raw)) = parsed.value else {
        return Err(diagnostics);
    };
    let spans = parsed.spans;
    let mut reading = Reading {
        source,
        spans: &spans,
        diagnostics,
    };
    let ids = reading.option_ids(&raw.options);
    let mut rows = RowIds::default();
    let mut criteria = Vec::new();
    for (i, criterion) in raw.criteria.iter().enumerate() {
        criteria.push(reading.criterion(i, criterion, &raw.options, &ids, &mut rows));
    }
    let comparison = Comparison {
        intro: reading.value_doc("intro", &raw.intro),
        options: raw
            .options
            .iter()
            .map(|o| ComparisonOption {
                id: o.id.clone(),
                name: o.name.clone(),
            })
            .collect(),
        criteria,
        summary: reading.value_doc("summary", &raw.summary),
        option_pages: reading.option_pages(&raw.options),
    };
    let Reading { diagnostics, .. } = reading;
    Ok((meta, Body::Data(Data::Comparison(comparison)), spans, diagnostics))
}

/// One comparison being read: its file, where its keys are, and every slip
/// found so far.
struct Reading<'a> {
    source: &'a SourceFile,
    spans: &'a Spans,
    diagnostics: Vec<Diagnostic>,
}

impl Reading<'_> {
    fn error(&mut self, rule: &'static str, message: impl Into<String>, at: Pos, help: impl Into<String>) {
        let d = Diagnostic::error(self.source.path(), rule, message)
            .at(self.source, at)
            .with_help(help);
        self.diagnostics.push(d);
    }

    /// The options' ids, once each has been checked: at least two options,
    /// each with an id of its own.
    fn option_ids<'o>(&mut self, options: &'o [RawOption]) -> Vec<&'o str> {
        if options.len() < 2 {
            self.error(
                "comparison-options",
                format!("a comparison needs at least 2 options, this one has {}", options.len()),
                self.spans.key("options"),
                "list the treatments under `options:`, each with `- id:` and `name:`",
            );
        }
        let mut ids: Vec<&str> = Vec::new();
        for (i, option) in options.iter().enumerate() {
            let at = self.spans.value(&format!("options.{i}.id"));
            if option.id.trim().is_empty() {
                self.error(
                    "comparison-option-id",
                    "this option's `id` is empty",
                    at,
                    "give each option a short id, e.g. id: microneedling",
                );
            } else if ids.contains(&option.id.as_str()) {
                self.error(
                    "comparison-option-id",
                    format!("the option id `{}` is used twice", option.id),
                    at,
                    "give each option a different id",
                );
            }
            ids.push(&option.id);
        }
        ids
    }

    fn criterion(
        &mut self,
        i: usize,
        criterion: &RawCriterion,
        options: &[RawOption],
        ids: &[&str],
        rows: &mut RowIds,
    ) -> Criterion {
        let base = format!("criteria.{i}");
        if criterion.label.trim().is_empty() {
            self.error(
                "comparison-label",
                "this criterion's `label` is empty",
                self.spans.value(&format!("{base}.label")),
                "name the row, e.g. label: Downtime",
            );
        }
        self.unknown_options(&base, criterion, ids);
        let values = self.values(&base, criterion, options, ids);
        Criterion {
            label: criterion.label.clone(),
            id: rows.next(&criterion.label),
            values,
        }
    }

    /// Values given for an id that is not one of the options.
    fn unknown_options(&mut self, base: &str, criterion: &RawCriterion, ids: &[&str]) {
        for key in criterion.values.keys() {
            if ids.contains(&key.as_str()) {
                continue;
            }
            let help = match did_you_mean(key, ids.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!(
                    "the option ids are {}",
                    ids.iter().map(|i| format!("`{i}`")).collect::<Vec<_>>().join(", ")
                ),
            };
            self.error(
                "comparison-unknown-option",
                format!("`{key}` is not one of this comparison's options"),
                self.spans.key(&format!("{base}.values.{key}")),
                help,
            );
        }
    }

    /// One value per option, in the options' order; a missing one is reported.
    fn values(&mut self, base: &str, criterion: &RawCriterion, options: &[RawOption], ids: &[&str]) -> Vec<Document> {
        // A misspelt id (`microneedlng`) is already reported with its fix;
        // saying the option's value is missing too would be the same mistake twice.
        let misspelt: Vec<&str> = criterion
            .values
            .keys()
            .filter(|k| !ids.contains(&k.as_str()))
            .filter_map(|k| did_you_mean(k, ids.iter().copied()))
            .collect();
        let mut values = Vec::new();
        for option in options {
            match criterion.values.get(&option.id) {
                Some(value) => {
                    let at = self.spans.value(&format!("{base}.values.{}", option.id));
                    values.push(Document::parse_value(value.0.clone(), self.source, at));
                }
                None if misspelt.contains(&option.id.as_str()) => {}
                None => {
                    let at = if self.spans.has(&format!("{base}.values")) {
                        self.spans.key(&format!("{base}.values"))
                    } else {
                        self.spans.key(&format!("{base}.label"))
                    };
                    self.error(
                        "comparison-missing-value",
                        format!("the criterion \"{}\" has no value for `{}`", criterion.label, option.id),
                        at,
                        format!("add a line `{}: ...` under `values:`", option.id),
                    );
                }
            }
        }
        values
    }

    fn value_doc(&self, key: &str, text: &Option<String>) -> Option<Document> {
        text.as_ref()
            .map(|t| Document::parse_value(t.clone(), self.source, self.spans.value(key)))
    }

    fn option_pages(&self, options: &[RawOption]) -> Vec<Option<Document>> {
        options
            .iter()
            .enumerate()
            .map(|(i, o)| {
                o.page.as_ref().map(|p| {
                    // A one-link document: the page path as a Markdown link target,
                    // written so that no name or path can be read as other Markdown.
                    Document::parse_value(
                        format!("[{}](<{}>)", markdown_text(&o.name), markdown_destination(p)),
                        self.source,
                        self.spans.value(&format!("options.{i}.page")),
                    )
                })
            })
            .collect()
    }
}

/// Row anchors: from the label, numbered when repeated, never one another
/// row already has ("Cost", "Cost", "Cost 1").
#[derive(Default)]
struct RowIds {
    used: HashSet<String>,
    /// The last number given to each stem: numbers below it are taken already.
    numbered: HashMap<String, usize>,
}

impl RowIds {
    fn next(&mut self, label: &str) -> String {
        let stem = match slug::slugify(label) {
            s if s.is_empty() => "row".to_string(),
            s => s,
        };
        let mut id = stem.clone();
        let n = self.numbered.entry(stem.clone()).or_insert(0);
        while self.used.contains(&id) {
            *n += 1;
            id = format!("{stem}-{n}");
        }
        self.used.insert(id.clone());
        id
    }
}

/// Text that Markdown shows as it is: every ASCII punctuation character is
/// escaped (a name with `]` or `<!--` would otherwise end or swallow the link).
fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// A link destination between `<` and `>`, where only those two, the
/// backslash and line breaks have a meaning of their own.
pub(super) fn markdown_destination(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            '<' | '>' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// `dermapress new`: the comments before `kind:`.
pub(crate) const SKELETON_HEAD: &str = "\
# A comparison page: the options are the columns, the criteria are the rows.
# Every criterion gives a value for every option id (values may use Markdown).
";

/// `dermapress new`: the keys after the common front matter.
pub(crate) const SKELETON_BODY: &str = "\
intro: TODO one or two sentences on what the options have in common.
options:
  - id: first
    name: TODO first treatment
    # page: ../first-treatment.md      # optional: the option's own page
  - id: second
    name: TODO second treatment
criteria:
  - label: How it works
    values:
      first: TODO
      second: TODO
  - label: Recovery
    values:
      first: TODO
      second: TODO
  - label: Risks and side effects
    values:
      first: TODO
      second: TODO
summary: TODO who each option may suit, and a reminder to ask a clinician.
";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Pos;

    #[test]
    fn option_names_and_pages_cannot_break_their_link() {
        for (name, page) in [
            ("A \"><script>alert(1)</script> <!-- ]]>", "../page.md"),
            ("[x](y) *z* `q`", "a b/p.md"),
            ("\\", "p<>.md"),
        ] {
            let text = format!("[{}](<{}>)", markdown_text(name), markdown_destination(page));
            let src = SourceFile::new("c.yaml", text.clone());
            let doc = Document::parse_value(text, &src, Pos::new(1, 1, 1));
            assert_eq!(doc.links.len(), 1, "{name} {page}");
            assert_eq!(doc.dest(&doc.links[0]), page);
            let html = doc.to_inline_html(&["/page/".into()]);
            let shown = scraper::Html::parse_fragment(&html);
            let text: String = shown.root_element().text().collect();
            assert_eq!(text, name, "{html}");
        }
    }
}

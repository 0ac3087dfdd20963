//! `kind: faq`: questions and answers that open and close without script,
//! each with a stable anchor other pages can link to.

use std::collections::HashMap;

use serde::Deserialize;

use super::{Body, Data, DataPage, DataParse, Text};
use crate::config::Config;
use crate::content::meta::{PageMeta, IMAGE_KEYS, KEYS};
use crate::content::sources::SOURCE_KEYS;
use crate::diagnostics::{Diagnostic, SourceFile};
use crate::markdown::Document;
use crate::yaml::{self, Schema, Spans};

#[derive(Debug, Clone)]
pub(crate) struct Faq {
    pub(crate) intro: Option<Document>,
    pub(crate) questions: Vec<Question>,
}

#[derive(Debug, Clone)]
pub(crate) struct Question {
    pub(crate) id: String,
    pub(crate) question: String,
    pub(crate) answer: Document,
}

impl DataPage for Faq {
    fn kind(&self) -> &'static str {
        "faq"
    }

    fn anchors(&self) -> Vec<&str> {
        self.questions.iter().map(|q| q.id.as_str()).collect()
    }

    fn documents(&self) -> Vec<&Document> {
        self.intro
            .iter()
            .chain(self.questions.iter().map(|q| &q.answer))
            .collect()
    }

    fn texts(&self) -> Vec<Text<'_>> {
        let mut out = Vec::new();
        if let Some(intro) = &self.intro {
            out.push(Text {
                text: intro.text(),
                key: "intro".into(),
                markdown: true,
            });
        }
        for (i, q) in self.questions.iter().enumerate() {
            out.push(Text {
                text: &q.question,
                key: format!("questions.{i}.q"),
                markdown: false,
            });
            out.push(Text {
                text: q.answer.text(),
                key: format!("questions.{i}.a"),
                markdown: true,
            });
        }
        out
    }

    fn headings(&self) -> Vec<&str> {
        self.questions.iter().map(|q| q.question.as_str()).collect()
    }
}

#[derive(Deserialize)]
struct Raw {
    #[allow(dead_code)]
    kind: String,
    #[serde(default)]
    intro: Option<String>,
    #[serde(default)]
    questions: Vec<RawQuestion>,
}

#[derive(Deserialize)]
struct RawQuestion {
    q: String,
    a: String,
    /// Keeps the anchor when the question's wording changes.
    #[serde(default)]
    id: Option<String>,
}

pub(crate) fn parse(source: &SourceFile, config: &Config) -> DataParse {
    let _ = config;
    let keys: Vec<&str> = KEYS.iter().chain(&["kind", "intro", "questions"]).copied().collect();
    let schema: Schema = &[
        ("", &keys),
        ("image", IMAGE_KEYS),
        ("sources.*", SOURCE_KEYS),
        ("questions.*", &["q", "a", "id"]),
    ];
    let parsed = yaml::parse_pair::<PageMeta, Raw>(source, 0..source.text.len(), schema);
    let mut diagnostics = parsed.diagnostics;
    let Some((meta, raw)) = parsed.value else {
        return Err(diagnostics);
    };
    let spans = parsed.spans;
    if raw.questions.is_empty() {
        diagnostics.push(
            Diagnostic::error(source.path(), "faq-empty", "this FAQ has no questions")
                .at(source, spans.key("questions"))
                .with_help(
                    "add questions as a list: `- q: How many sessions will I need?` with an answer `a: ...` below it",
                ),
        );
    }
    let mut reading = Questions {
        source,
        spans: &spans,
        diagnostics,
        questions: Vec::new(),
        first_with: HashMap::new(),
    };
    for (i, q) in raw.questions.iter().enumerate() {
        reading.add(i, q);
    }
    let Questions {
        diagnostics, questions, ..
    } = reading;
    let intro = raw
        .intro
        .map(|t| Document::parse_value(t, source, spans.value("intro")));
    Ok((
        meta,
        Body::Data(Data::Faq(Faq { intro, questions })),
        spans,
        diagnostics,
    ))
}

/// The questions read so far, and what was wrong with them.
struct Questions<'a> {
    source: &'a SourceFile,
    spans: &'a Spans,
    diagnostics: Vec<Diagnostic>,
    questions: Vec<Question>,
    /// Each anchor's first question, by anchor: found in one step, however long the FAQ.
    first_with: HashMap<String, usize>,
}

impl Questions<'_> {
    fn error(&mut self, rule: &'static str, message: impl Into<String>, key: &str, help: impl Into<String>) {
        let d = Diagnostic::error(self.source.path(), rule, message)
            .at(self.source, self.spans.value(key))
            .with_help(help);
        self.diagnostics.push(d);
    }

    /// Reads question `i`; an empty one is reported and left out.
    fn add(&mut self, i: usize, q: &RawQuestion) {
        let base = format!("questions.{i}");
        if q.q.trim().is_empty() {
            self.error(
                "faq-question",
                "this question is empty",
                &format!("{base}.q"),
                "write the question after `q:`",
            );
            return;
        }
        if q.a.trim().is_empty() {
            self.error(
                "faq-answer",
                format!("the question \"{}\" has an empty answer", q.q),
                &format!("{base}.a"),
                "write the answer after `a:`; use `a: |` for several paragraphs",
            );
        }
        let id = self.anchor(&base, q);
        self.first_with.entry(id.clone()).or_insert(self.questions.len());
        self.questions.push(Question {
            id,
            question: q.q.trim().to_string(),
            answer: Document::parse_value(q.a.clone(), self.source, self.spans.value(&format!("{base}.a"))),
        });
    }

    /// The question's anchor, from its `id:` or its wording, reported if it
    /// cannot be one or another question has it already.
    fn anchor(&mut self, base: &str, q: &RawQuestion) -> String {
        let id = match &q.id {
            Some(id) => id.clone(),
            None => slug::slugify(&q.q),
        };
        if id.is_empty() || crate::urls::slug_problem(&id).is_some() {
            self.error(
                "faq-id",
                format!("\"{id}\" cannot be an anchor"),
                &format!("{base}.id"),
                "use lowercase letters, digits and dashes, e.g. id: sessions",
            );
        }
        if let Some(&first) = self.first_with.get(&id) {
            self.error(
                "faq-duplicate",
                format!("two questions have the anchor #{id}"),
                &format!("{base}.q"),
                format!(
                    "question {} reads the same; merge them, reword one, or give one its own `id:`",
                    first + 1
                ),
            );
        }
        id
    }
}

/// `dermapress new`: the comments before `kind:`.
pub(crate) const SKELETON_HEAD: &str = "\
# An FAQ page: each question opens and closes on the page and gets its own
# link (#id), made from the question unless you give it an `id:`.
";

/// `dermapress new`: the keys after the common front matter.
pub(crate) const SKELETON_BODY: &str = "\
questions:
  - q: TODO a question patients ask?
    a: |
      TODO the answer, in a few plain sentences. Markdown works here.
  - q: TODO another question?
    a: |
      TODO its answer.
";

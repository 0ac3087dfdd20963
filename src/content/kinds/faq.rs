//! `kind: faq`: questions and answers that open and close without script,
//! each with a stable anchor other pages can link to.

use serde::Deserialize;

use super::{Body, Data, DataPage, DataParse, Text};
use crate::config::Config;
use crate::content::meta::{PageMeta, IMAGE_KEYS, KEYS};
use crate::diagnostics::{Diagnostic, SourceFile};
use crate::markdown::Document;
use crate::yaml::{self, Schema};

#[derive(Debug, Clone)]
pub struct Faq {
    pub intro: Option<Document>,
    pub questions: Vec<Question>,
}

#[derive(Debug, Clone)]
pub struct Question {
    pub id: String,
    pub question: String,
    pub answer: Document,
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

pub fn parse(source: &SourceFile, config: &Config) -> DataParse {
    let _ = config;
    let keys: Vec<&str> = KEYS.iter().chain(&["kind", "intro", "questions"]).copied().collect();
    let schema: Schema = &[("", &keys), ("image", IMAGE_KEYS), ("questions.*", &["q", "a", "id"])];
    let parsed = yaml::parse_pair::<PageMeta, Raw>(source, 0..source.text.len(), schema);
    let mut diagnostics = parsed.diagnostics;
    let Some((meta, raw)) = parsed.value else {
        return Err(diagnostics);
    };
    let spans = parsed.spans;
    let file = source.path();
    if raw.questions.is_empty() {
        diagnostics.push(
            Diagnostic::error(file, "faq-empty", "this FAQ has no questions")
                .at(source, spans.key("questions"))
                .with_help(
                    "add questions as a list: `- q: How many sessions will I need?` with an answer `a: ...` below it",
                ),
        );
    }
    let mut questions: Vec<Question> = Vec::new();
    // Each anchor's first question, by anchor: found in one step, however long the FAQ.
    let mut first_with: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, q) in raw.questions.iter().enumerate() {
        let base = format!("questions.{i}");
        if q.q.trim().is_empty() {
            diagnostics.push(
                Diagnostic::error(file, "faq-question", "this question is empty")
                    .at(source, spans.value(&format!("{base}.q")))
                    .with_help("write the question after `q:`"),
            );
            continue;
        }
        if q.a.trim().is_empty() {
            diagnostics.push(
                Diagnostic::error(
                    file,
                    "faq-answer",
                    format!("the question \"{}\" has an empty answer", q.q),
                )
                .at(source, spans.value(&format!("{base}.a")))
                .with_help("write the answer after `a:`; use `a: |` for several paragraphs"),
            );
        }
        let id = match &q.id {
            Some(id) => id.clone(),
            None => slug::slugify(&q.q),
        };
        if id.is_empty() || crate::urls::slug_problem(&id).is_some() {
            diagnostics.push(
                Diagnostic::error(file, "faq-id", format!("\"{id}\" cannot be an anchor"))
                    .at(source, spans.value(&format!("{base}.id")))
                    .with_help("use lowercase letters, digits and dashes, e.g. id: sessions"),
            );
        }
        if let Some(&first) = first_with.get(&id) {
            diagnostics.push(
                Diagnostic::error(file, "faq-duplicate", format!("two questions have the anchor #{id}"))
                    .at(source, spans.value(&format!("{base}.q")))
                    .with_help(format!(
                        "question {} reads the same; merge them, reword one, or give one its own `id:`",
                        first + 1
                    )),
            );
        }
        first_with.entry(id.clone()).or_insert(questions.len());
        questions.push(Question {
            id,
            question: q.q.trim().to_string(),
            answer: Document::parse_value(q.a.clone(), source, spans.value(&format!("{base}.a"))),
        });
    }
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

/// `dermapress new`: the comments before `kind:`.
pub const SKELETON_HEAD: &str = "\
# An FAQ page: each question opens and closes on the page and gets its own
# link (#id), made from the question unless you give it an `id:`.
";

/// `dermapress new`: the keys after the common front matter.
pub const SKELETON_BODY: &str = "\
questions:
  - q: TODO a question patients ask?
    a: |
      TODO the answer, in a few plain sentences. Markdown works here.
  - q: TODO another question?
    a: |
      TODO its answer.
";

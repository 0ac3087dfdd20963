//! The template context of each data kind: `comparison` for
//! `comparison.html`, `faq` for `faq.html`, `gallery` for `gallery.html`.
//! One arm per kind in `insert`.
//!
//! A data page's Markdown parts come with their resolved links in the order
//! the kind's `documents` gives, and are rendered here in that same order.

mod gallery;

use serde::Serialize;
use tera::Context;

use crate::config::Config;
use crate::content::kinds::{Comparison, Data, Faq};
use crate::markdown::Target;

/// Adds the data page's own variable to its context.
pub(crate) fn insert(ctx: &mut Context, data: &Data, targets: &[Vec<Target>], config: &Config) {
    match data {
        Data::Comparison(c) => ctx.insert("comparison", &comparison(c, targets)),
        Data::Faq(f) => ctx.insert("faq", &faq(f, targets)),
        Data::Gallery(g) => ctx.insert("gallery", &gallery::context(g, targets, config)),
    }
}

#[derive(Serialize)]
pub(crate) struct ComparisonContext {
    pub(crate) caption_id: &'static str,
    pub(crate) intro: Option<String>,
    pub(crate) summary: Option<String>,
    pub(crate) options: Vec<OptionContext>,
    pub(crate) criteria: Vec<CriterionContext>,
}

#[derive(Serialize)]
pub(crate) struct OptionContext {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) url: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct CriterionContext {
    pub(crate) id: String,
    pub(crate) label: String,
    /// One per option, in the options' order.
    pub(crate) cells: Vec<CellContext>,
}

#[derive(Serialize)]
pub(crate) struct CellContext {
    pub(crate) option: String,
    pub(crate) option_name: String,
    pub(crate) html: String,
}

#[derive(Serialize)]
pub(crate) struct FaqContext {
    pub(crate) intro: Option<String>,
    pub(crate) questions: Vec<QuestionContext>,
}

#[derive(Serialize)]
pub(crate) struct QuestionContext {
    pub(crate) id: String,
    pub(crate) question: String,
    pub(crate) answer: String,
}

fn comparison(c: &Comparison, targets: &[Vec<Target>]) -> ComparisonContext {
    // Documents come in the order Comparison::documents gives.
    let mut k = 0;
    let mut next = || {
        let t = targets.get(k).cloned().unwrap_or_default();
        k += 1;
        t
    };
    let intro = c.intro.as_ref().map(|d| d.to_data_html(&next()));
    let urls: Vec<Option<String>> = c
        .option_pages
        .iter()
        .map(|d| {
            d.as_ref()
                .and_then(|_| next().into_iter().next())
                .map(|t| t.url.to_string())
        })
        .collect();
    let criteria = c
        .criteria
        .iter()
        .map(|cr| CriterionContext {
            id: cr.id.clone(),
            label: cr.label.clone(),
            cells: cr
                .values
                .iter()
                .zip(&c.options)
                .map(|(v, o)| CellContext {
                    option: o.id.clone(),
                    option_name: o.name.clone(),
                    html: v.to_inline_html(&next()),
                })
                .collect(),
        })
        .collect();
    let summary = c.summary.as_ref().map(|d| d.to_data_html(&next()));
    ComparisonContext {
        caption_id: "comparison-caption",
        intro,
        summary,
        options: c
            .options
            .iter()
            .zip(urls)
            .map(|(o, url)| OptionContext {
                id: o.id.clone(),
                name: o.name.clone(),
                url,
            })
            .collect(),
        criteria,
    }
}

fn faq(f: &Faq, targets: &[Vec<Target>]) -> FaqContext {
    let mut k = 0;
    let mut next = || {
        let t = targets.get(k).cloned().unwrap_or_default();
        k += 1;
        t
    };
    let intro = f.intro.as_ref().map(|d| d.to_data_html(&next()));
    let questions = f
        .questions
        .iter()
        .map(|q| QuestionContext {
            id: q.id.clone(),
            question: q.question.clone(),
            answer: q.answer.to_data_html(&next()),
        })
        .collect();
    FaqContext { intro, questions }
}

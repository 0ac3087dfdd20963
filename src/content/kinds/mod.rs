//! The data kinds: YAML pages built from structured data (`kind: faq`, ...).
//!
//! Adding a kind is one file beside this one (its types, `parse`, its
//! `DataPage` answers and its `new` skeleton), one row in `DATA_KINDS` with
//! one arm in `Data::page`, one context arm in `render/data.rs`, and its
//! template in the theme. Nothing else in the crate names a kind.

pub(crate) mod comparison;
pub(crate) mod faq;
pub(crate) mod gallery;

use super::meta::PageMeta;
use crate::config::Config;
use crate::diagnostics::{Diagnostic, SourceFile};
use crate::markdown::Document;
use crate::yaml::Spans;

pub(crate) use comparison::Comparison;
pub(crate) use faq::Faq;
pub(crate) use gallery::Gallery;

/// A page's content: Markdown, or the data of one kind.
#[derive(Debug, Clone)]
pub(crate) enum Body {
    Markdown(Document),
    Data(Data),
}

/// The data of a data page, one variant per row of `DATA_KINDS`.
#[derive(Debug, Clone)]
pub(crate) enum Data {
    Comparison(Comparison),
    Faq(Faq),
    Gallery(Gallery),
}

impl Data {
    /// The kind's answers to what every stage asks of a data page.
    pub(crate) fn page(&self) -> &dyn DataPage {
        match self {
            Data::Comparison(c) => c,
            Data::Faq(f) => f,
            Data::Gallery(g) => g,
        }
    }

    pub(crate) fn kind(&self) -> &'static DataKind {
        let name = self.page().kind();
        DATA_KINDS.iter().find(|k| k.name == name).unwrap_or(&DATA_KINDS[0])
    }
}

/// A piece of text a data page shows, for the content rules: where it is
/// (its key path in the file) and whether it is Markdown.
pub(crate) struct Text<'a> {
    pub(crate) text: &'a str,
    pub(crate) key: String,
    pub(crate) markdown: bool,
}

/// What the stages after parsing need from every data kind.
pub(crate) trait DataPage {
    /// The `kind:` value.
    fn kind(&self) -> &'static str;
    /// The ids a link may point at on the page.
    fn anchors(&self) -> Vec<&str>;
    /// Every Markdown part, in a fixed order, for link resolution.
    fn documents(&self) -> Vec<&Document>;
    /// Every piece of text, in reading order (title and description aside).
    fn texts(&self) -> Vec<Text<'_>>;
    /// The labels that act as the page's headings (criteria, questions).
    fn headings(&self) -> Vec<&str>;
}

/// What a data kind's own module returns: its metadata, body, key positions and
/// the problems found so far (all of them, not only the first).
pub(crate) type DataParse = Result<(PageMeta, Body, Spans, Vec<Diagnostic>), Vec<Diagnostic>>;

/// One row per data kind.
pub(crate) struct DataKind {
    /// The `kind:` value.
    pub(crate) name: &'static str,
    /// How `new` and messages name a page of this kind.
    pub(crate) label: &'static str,
    /// The theme template a page of this kind renders with unless it says otherwise.
    pub(crate) template: &'static str,
    pub(crate) parse: fn(&SourceFile, &Config) -> DataParse,
    /// For `dermapress new`: the comments before `kind:` and the keys after
    /// the common front matter.
    pub(crate) skeleton: (&'static str, &'static str),
}

pub(crate) const DATA_KINDS: &[DataKind] = &[
    DataKind {
        name: "comparison",
        label: "comparison",
        template: "comparison.html",
        parse: comparison::parse,
        skeleton: (comparison::SKELETON_HEAD, comparison::SKELETON_BODY),
    },
    DataKind {
        name: "faq",
        label: "FAQ",
        template: "faq.html",
        parse: faq::parse,
        skeleton: (faq::SKELETON_HEAD, faq::SKELETON_BODY),
    },
    DataKind {
        name: "gallery",
        label: "gallery",
        template: "gallery.html",
        parse: gallery::parse,
        skeleton: (gallery::SKELETON_HEAD, gallery::SKELETON_BODY),
    },
];

pub(crate) fn by_name(name: &str) -> Option<&'static DataKind> {
    DATA_KINDS.iter().find(|k| k.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_a_distinct_name_and_template() {
        let mut names: Vec<&str> = DATA_KINDS.iter().map(|k| k.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), DATA_KINDS.len());
        assert!(DATA_KINDS.iter().all(|k| k.template.ends_with(".html")));
    }
}

#[cfg(test)]
mod every_kind;

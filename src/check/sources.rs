//! Source rules: a medical page names its sources, and a paragraph that
//! states evidence ("studies show", "clinically", a percentage) links to one
//! of them. Readers of health pages, and the FTC, expect a claim about
//! evidence to say where the evidence is.
//!
//! A source reference is any link to a `#source-...` anchor (`[1](#source-fda)`),
//! on this page or another. The rules read the text as the prose pass does,
//! alerts and data values included; code is not prose.

use std::ops::Range;
use std::sync::OnceLock;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use regex::Regex;

use super::prose;
use super::{Finding, RuleContext};
use crate::content::page::Page;
use crate::markdown::options;

/// Whether a page is medical content: about a procedure or medically reviewed.
fn is_medical(page: &Page) -> bool {
    page.meta.procedure.is_some() || page.meta.reviewed_by.is_some()
}

pub(crate) fn missing(page: &Page, _: &RuleContext) -> Vec<Finding> {
    if !is_medical(page) || !page.meta.sources.is_empty() {
        return Vec::new();
    }
    let spans = &page.spans;
    let at = if spans.has("procedure") {
        spans.key("procedure")
    } else {
        spans.key("reviewed_by")
    };
    vec![Finding::new(
        "sources-missing",
        at,
        "this is a medical page, but it names no sources for what it says",
        "add a `sources:` list of the pages or articles it is based on, each with `title:`, `publisher:`, `year:` and `url:` or `doi:` (see the README)",
    )]
}

/// Wording that states evidence, and so needs a source beside it.
fn evidence() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?i)\bstudies\s+(?:show|shows|have\s+shown)\b|\bresearch\s+(?:suggests|shows|has\s+shown)\b|\bclinically\b|\b(?:los\s+)?estudios\s+(?:muestran|demuestran|indican|sugieren|han\s+mostrado)\b|\bla\s+investigación\s+(?:sugiere|muestra|indica)\b|\bclínicamente\b|\b\d+(?:[.,]\d+)?\s?(?:%|percent\b|per\s+cent\b)",
        )
        .unwrap_or_else(|_| unreachable!("a fixed pattern"))
    })
}

/// The first wording in `reading` that states evidence. "100%" is an
/// absolute, not a finding ("no treatment is 100% safe"; the wording rules
/// judge it), and "20% off" is a price.
fn first_claim(reading: &str) -> Option<regex::Match<'_>> {
    evidence().find_iter(reading).find(|m| {
        let text = m.as_str();
        let after = reading[m.end()..].trim_start().to_lowercase();
        let number: String = text
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
            .collect();
        if number.is_empty() {
            return true;
        }
        number != "100" && !after.starts_with("off") && !after.starts_with("discount")
    })
}

pub(crate) fn unsourced_claims(page: &Page, _: &RuleContext) -> Vec<Finding> {
    let mut out = Vec::new();
    for prose in prose::of_page(page).iter().filter(|p| p.markdown) {
        for block in blocks(prose.text) {
            if block.referenced {
                continue;
            }
            let Some(m) = first_claim(&block.reading) else {
                continue;
            };
            let Some(range) = block.source_range(m.range()) else {
                continue;
            };
            let phrase = m.as_str().split_whitespace().collect::<Vec<_>>().join(" ");
            out.push(Finding::new(
                "unsourced-claim",
                prose.locate(&page.source, range),
                format!("\"{phrase}\" states evidence, but nothing in its paragraph says where the evidence is"),
                "link the sentence to the source it comes from, e.g. `... in small studies [1](#source-chu-2021).`, with the source listed under `sources:`; or say it without the figure",
            ));
        }
    }
    out
}

/// One paragraph, list item, table cell or heading: what a reader reads of
/// it, and whether it links to a source.
#[derive(Debug, Default)]
struct Block {
    reading: String,
    /// `(offset in reading, range in the text)` of each piece read.
    pieces: Vec<(usize, Range<usize>)>,
    referenced: bool,
}

impl Block {
    fn push(&mut self, t: &str, span: Range<usize>) {
        self.pieces.push((self.reading.len(), span));
        self.reading.push_str(t);
    }

    /// The text range that `reading[range]` starts in, as long as the match
    /// (or to the end of its piece, if the match runs across markup).
    fn source_range(&self, range: Range<usize>) -> Option<Range<usize>> {
        let i = self
            .pieces
            .partition_point(|(at, _)| *at <= range.start)
            .checked_sub(1)?;
        let (at, span) = &self.pieces[i];
        let start = span.start + (range.start - at);
        let end = (start + range.len()).min(span.end);
        Some(start..end)
    }
}

/// The blocks of a Markdown text, innermost first: a paragraph inside a list
/// item is its own block, and a reference counts for the block it is in.
fn blocks(text: &str) -> Vec<Block> {
    let mut open: Vec<Block> = Vec::new();
    let mut done = Vec::new();
    let mut in_code = 0usize;
    for (event, span) in Parser::new_ext(text, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Paragraph | Tag::Item | Tag::TableCell | Tag::Heading { .. }) => {
                open.push(Block::default())
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::Heading(_)) => {
                done.extend(open.pop());
            }
            Event::Start(Tag::CodeBlock(_)) => in_code += 1,
            Event::End(TagEnd::CodeBlock) => in_code = in_code.saturating_sub(1),
            Event::Start(Tag::Link { dest_url, .. }) if is_source_link(&dest_url) => {
                if let Some(b) = open.last_mut() {
                    b.referenced = true;
                }
            }
            Event::Text(t) if in_code == 0 => {
                if let Some(b) = open.last_mut() {
                    // As written (smart quotes aside, the same text).
                    let written = text.get(span.clone()).filter(|w| w.len() == t.len());
                    b.push(written.unwrap_or(&t), span);
                }
            }
            Event::SoftBreak | Event::HardBreak | Event::Code(_) => {
                if let Some(b) = open.last_mut() {
                    b.push(" ", span.start..span.start);
                }
            }
            _ => {}
        }
    }
    done
}

fn is_source_link(dest: &str) -> bool {
    dest.split_once('#')
        .is_some_and(|(_, anchor)| anchor.starts_with("source-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flagged(text: &str) -> Vec<String> {
        blocks(text)
            .into_iter()
            .filter(|b| !b.referenced)
            .filter_map(|b| {
                let m = first_claim(&b.reading)?;
                let r = b.source_range(m.range())?;
                Some(text[r].to_string())
            })
            .collect()
    }

    #[test]
    fn evidence_without_a_reference_in_its_paragraph_is_flagged() {
        assert_eq!(flagged("About 40% of people\nsee a change."), ["40%"]);
        assert_eq!(flagged("Studies show a change [1](#source-chu)."), Vec::<String>::new());
        assert_eq!(
            flagged("Research suggests it helps.\n\nSee [1](#source-a)."),
            ["Research suggests"]
        );
        assert_eq!(
            flagged("- It is *clinically* tested\n- 3 in 10 [2](other.md#source-b)"),
            ["clinically"]
        );
        assert_eq!(flagged("> [!NOTE]\n> Half, or 50 percent, heal."), ["50 percent"]);
        assert_eq!(flagged("| a |\n|---|\n| 20 % |\n"), ["20 %"]);
        assert_eq!(flagged("```\n40%\n```\n`40%` and 2 studies"), Vec::<String>::new());
        assert_eq!(flagged("Nothing is 100% safe; 20% off in May; 1000% more"), ["1000%"]);
        assert_eq!(flagged("Los estudios muestran un cambio."), ["Los estudios muestran"]);
    }

    #[test]
    fn only_links_to_source_anchors_count() {
        assert!(is_source_link("#source-fda"));
        assert!(is_source_link("../risks.md#source-2"));
        assert!(!is_source_link("#sources"));
        assert!(!is_source_link("https://www.fda.gov/"));
    }
}

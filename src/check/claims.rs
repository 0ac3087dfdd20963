//! Wording rules over a page's prose: the built-in claims, the placeholder
//! marker and a clinic's own rules, plus Markdown images without alt text
//! (found in the same pass over the Markdown).
//!
//! A clinic's own regular expressions run under a budget: the regex crate
//! never backtracks, but a pattern of many counted repeats
//! (`(\w+\s?){1,200}\d{1,50}`) still costs seconds per megabyte. Such a rule
//! searches a page a window at a time and is stopped, and reported, once
//! its matching on that page has taken `RULE_BUDGET`.

use std::ops::Range;
use std::time::{Duration, Instant};

use super::book::{RuleBook, TextRule};
use super::prose::{self, Prose};
use super::Finding;
use crate::content::page::Page;

/// How long one of a clinic's own regular expressions may search one page.
/// An ordinary pattern takes well under a millisecond per page.
pub(crate) const RULE_BUDGET: Duration = Duration::from_millis(250);

/// The text a budgeted rule searches between two looks at the clock.
const WINDOW: usize = 8 * 1024;

pub(crate) fn check_page(page: &Page, book: &RuleBook) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut spent = Spent::default();
    for piece in prose::of_page(page) {
        wording(page, &piece, book, &mut spent, &mut out);
        for image in piece.images.iter().filter(|i| i.alt.trim().is_empty()) {
            let at = image.at.start..image.at.start + 2;
            out.push(Finding::new(
                "image-alt",
                piece.locate(&page.source, at),
                "this image has no alt text",
                "describe what it shows between the brackets, e.g. ![Layers of the skin](images/skin-layers.svg): screen readers read it out instead of the image",
            ));
        }
    }
    for (rule, _) in spent.0.iter().filter(|(_, s)| s.stopped) {
        out.push(Finding::stopped(rule, page, RULE_BUDGET));
    }
    out
}

/// The matching time of each budgeted rule on this page, by its place in `checks.rules`.
#[derive(Default)]
struct Spent(Vec<(usize, Budget)>);

#[derive(Default, Clone, Copy)]
struct Budget {
    used: Duration,
    stopped: bool,
}

impl Spent {
    fn of(&mut self, rule: usize) -> &mut Budget {
        let i = match self.0.iter().position(|(r, _)| *r == rule) {
            Some(i) => i,
            None => {
                self.0.push((rule, Budget::default()));
                self.0.len() - 1
            }
        };
        &mut self.0[i].1
    }
}

fn wording(page: &Page, piece: &Prose, book: &RuleBook, spent: &mut Spent, out: &mut Vec<Finding>) {
    // One pass over the whole piece tells which rules can match anywhere in
    // it; most pieces have none, and then nothing more is scanned.
    let reading = piece.reading.as_str();
    for rule in book.candidates(reading) {
        let matches = match rule.budgeted {
            None => rule.regex.find_iter(reading).map(|m| m.range()).collect(),
            Some(i) => budgeted_matches(rule, reading, spent.of(i), RULE_BUDGET),
        };
        for range in matches {
            if range.is_empty() || !rule.applies(reading, range.start, range.end) {
                continue;
            }
            let Some(at) = piece.source_range(range.clone()) else {
                continue;
            };
            let mut finding = Finding::new(
                rule.id,
                piece.locate(&page.source, at),
                rule.message(&reading[range]),
                rule.help(),
            );
            finding.severity = Some(rule.severity);
            out.push(finding);
        }
    }
}

/// The matches of a budgeted rule, a window at a time, until its budget
/// for the page is spent.
fn budgeted_matches(rule: &TextRule, text: &str, budget: &mut Budget, limit: Duration) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    for window in windows(text) {
        if budget.used >= limit {
            budget.stopped = true;
            break;
        }
        let started = Instant::now();
        found.extend(
            rule.regex
                .find_iter(&text[window.clone()])
                .map(|m| window.start + m.start()..window.start + m.end()),
        );
        budget.used += started.elapsed();
    }
    found
}

/// `text` cut into pieces of about `WINDOW` bytes, at a blank line or a
/// line break where there is one (a match seldom spans paragraphs), else
/// at a character.
fn windows(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let mut end = (start + WINDOW).min(text.len());
        if end < text.len() {
            let half = start + WINDOW / 2;
            let slice = text.as_bytes().get(half..end).unwrap_or(&[]);
            let cut = find_last(slice, b"\n\n")
                .map(|i| i + 2)
                .or_else(|| find_last(slice, b"\n").map(|i| i + 1));
            match cut {
                Some(i) => end = half + i,
                None => {
                    while !text.is_char_boundary(end) {
                        end -= 1;
                    }
                }
            }
        }
        let window = start..end;
        start = end;
        Some(window)
    })
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rule_past_its_budget_is_stopped_and_one_within_it_is_not() {
        let rule = crate::config::checks::CustomRule {
            id: "slow".into(),
            pattern: "x+y".into(),
            regex: true,
            severity: None,
            message: None,
            help: None,
            lang: None,
        };
        let checks = crate::config::checks::Checks {
            rules: vec![rule],
            ..Default::default()
        };
        let book = RuleBook::new(&checks);
        let rule = book.text_rules.iter().find(|r| r.id == "slow").unwrap();
        assert_eq!(rule.budgeted, Some(0));
        let text = "xxy ".repeat(10_000);
        let mut budget = Budget::default();
        assert_eq!(
            budgeted_matches(rule, &text, &mut budget, Duration::from_secs(60)).len(),
            10_000
        );
        assert!(!budget.stopped);
        let mut budget = Budget::default();
        assert!(budgeted_matches(rule, &text, &mut budget, Duration::ZERO).is_empty());
        assert!(budget.stopped);
    }

    #[test]
    fn windows_cover_the_text_once_and_cut_at_line_breaks() {
        let text = format!("{}\n\n{}é{}", "a".repeat(6000), "b".repeat(6000), "c".repeat(20000));
        let ws: Vec<Range<usize>> = windows(&text).collect();
        assert_eq!(ws[0], 0..6002);
        assert_eq!(ws.last().unwrap().end, text.len());
        for pair in ws.windows(2) {
            assert_eq!(pair[0].end, pair[1].start);
        }
        for w in &ws {
            assert!(text.get(w.clone()).is_some());
        }
    }
}

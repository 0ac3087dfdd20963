//! Medical review rules: pages about a procedure need a section on its risks,
//! and pages that are about a procedure or name a reviewer need a review date
//! that is neither too old nor in the future.
//!
//! "About a procedure" means the page sets `procedure:` in its front matter;
//! the rules never guess from the wording.

use jiff::civil::Date;

use super::Finding;
use crate::config::Config;
use crate::content::page::{Body, Page};

pub fn check_page(page: &Page, config: &Config, today: Date) -> Vec<Finding> {
    let mut out = Vec::new();
    let spans = &page.spans;
    if let Some(procedure) = &page.meta.procedure {
        if !has_risk_section(page) {
            out.push(Finding::new(
                "risk-section",
                spans.value("procedure"),
                format!("this page is about a procedure (`procedure: {procedure}`) but has no heading about its risks or side effects"),
                "add a section such as `## Risks and side effects` (redness, swelling, infection, scarring, pigment changes), or link it to the risks page under such a heading",
            ));
        }
    }
    let needs_review = page.meta.procedure.is_some() || page.meta.reviewed_by.is_some();
    match page.meta.last_reviewed {
        None if needs_review => {
            let at = if spans.has("reviewed_by") {
                spans.key("reviewed_by")
            } else {
                spans.key("procedure")
            };
            out.push(Finding::new(
                "review-missing",
                at,
                "this page gives no date for its last medical review",
                "add `last_reviewed: YYYY-MM-DD` with the day the reviewer last checked the page",
            ));
        }
        None => {}
        Some(reviewed) => {
            let at = spans.value("last_reviewed");
            let days = reviewed.0.until(today).map_or(0, |span| span.get_days());
            if reviewed.0 > today {
                out.push(Finding::new(
                    "review-future",
                    at,
                    format!(
                        "`last_reviewed` is in the future ({}; today is {today})",
                        reviewed.iso()
                    ),
                    "write the day the review actually happened",
                ));
            } else if days > i32::try_from(config.review_max_age_days).unwrap_or(i32::MAX) {
                out.push(Finding::new(
                    "review-stale",
                    at,
                    format!(
                        "the last medical review was {days} days ago ({}); this site asks for one at least every {} days",
                        reviewed.iso(),
                        config.review_max_age_days
                    ),
                    "have the page reviewed again and update `last_reviewed` (the limit is `review_max_age_days` in site.yaml)",
                ));
            }
        }
    }
    out
}

fn is_about_risk(text: &str) -> bool {
    let t = text.to_lowercase();
    t.contains("risk") || t.contains("side effect") || t.contains("side-effect")
}

fn has_risk_section(page: &Page) -> bool {
    match &page.body {
        Body::Markdown(doc) => doc.headings.iter().any(|h| is_about_risk(&h.title)),
        Body::Faq(faq) => faq.questions.iter().any(|q| is_about_risk(&q.question)),
        Body::Comparison(c) => c.criteria.iter().any(|c| is_about_risk(&c.label)),
    }
}

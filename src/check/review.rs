//! Medical review rules: pages about a procedure need a section on its risks,
//! and pages that are about a procedure or name a reviewer need a review date
//! that is neither too old nor in the future.
//!
//! "About a procedure" means the page sets `procedure:` in its front matter;
//! the rules never guess from the wording.

use super::{Finding, RuleContext};
use crate::content::page::{Body, Page};

pub(crate) fn risk_section(page: &Page, _: &RuleContext) -> Vec<Finding> {
    let Some(procedure) = &page.meta.procedure else {
        return Vec::new();
    };
    if has_risk_section(page) {
        return Vec::new();
    }
    vec![Finding::new(
        "risk-section",
        page.spans.value("procedure"),
        format!("this page is about a procedure (`procedure: {procedure}`) but has no heading about its risks or side effects"),
        "add a section such as `## Risks and side effects` (redness, swelling, infection, scarring, pigment changes), or link it to the risks page under such a heading",
    )]
}

pub(crate) fn missing(page: &Page, _: &RuleContext) -> Vec<Finding> {
    let needs_review = page.meta.procedure.is_some() || page.meta.reviewed_by.is_some();
    if !needs_review || page.meta.last_reviewed.is_some() {
        return Vec::new();
    }
    let spans = &page.spans;
    let at = if spans.has("reviewed_by") {
        spans.key("reviewed_by")
    } else {
        spans.key("procedure")
    };
    vec![Finding::new(
        "review-missing",
        at,
        "this page gives no date for its last medical review",
        "add `last_reviewed: YYYY-MM-DD` with the day the reviewer last checked the page",
    )]
}

pub(crate) fn future(page: &Page, cx: &RuleContext) -> Vec<Finding> {
    let Some(reviewed) = page.meta.last_reviewed.filter(|r| r.0 > cx.today) else {
        return Vec::new();
    };
    vec![Finding::new(
        "review-future",
        page.spans.value("last_reviewed"),
        format!(
            "`last_reviewed` is in the future ({}; today is {})",
            reviewed.iso(),
            cx.today
        ),
        "write the day the review actually happened",
    )]
}

pub(crate) fn stale(page: &Page, cx: &RuleContext) -> Vec<Finding> {
    let Some(reviewed) = page.meta.last_reviewed.filter(|r| r.0 <= cx.today) else {
        return Vec::new();
    };
    let days = reviewed.0.until(cx.today).map_or(0, |span| span.get_days());
    let limit = cx.config.review_max_age_days;
    if days <= i32::try_from(limit).unwrap_or(i32::MAX) {
        return Vec::new();
    }
    vec![Finding::new(
        "review-stale",
        page.spans.value("last_reviewed"),
        format!(
            "the last medical review was {days} days ago ({}); this site asks for one at least every {limit} days",
            reviewed.iso(),
        ),
        "have the page reviewed again and update `last_reviewed` (the limit is `review_max_age_days` in site.yaml)",
    )]
}

fn is_about_risk(text: &str) -> bool {
    let t = text.to_lowercase();
    // In English and in Spanish ("Riesgos", "Efectos secundarios"), whatever the page's language.
    t.contains("risk")
        || t.contains("side effect")
        || t.contains("side-effect")
        || t.contains("riesgo")
        || t.contains("efectos secundarios")
        || t.contains("efecto secundario")
        || t.contains("efectos adversos")
}

fn has_risk_section(page: &Page) -> bool {
    match &page.body {
        Body::Markdown(doc) => doc.headings.iter().any(|h| is_about_risk(&h.title)),
        Body::Data(data) => data.page().headings().into_iter().any(is_about_risk),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn risk_headings_are_found_in_english_and_spanish() {
        for heading in [
            "Risks and side effects",
            "Side-effects",
            "Riesgos y efectos secundarios",
            "Posibles efectos adversos",
        ] {
            assert!(super::is_about_risk(heading), "{heading}");
        }
        assert!(!super::is_about_risk("Cuidados posteriores"));
    }
}

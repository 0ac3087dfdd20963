//! The one place that words what the terminal shows: diagnostics, the
//! summary lines of `build` and `check`, `check --format json`. It returns
//! text; `main` and `watch` write it, buffered, to the terminal.

use std::fmt::Write as _;
use std::io::Write as _;

use crate::diagnostics::Diagnostic;
use crate::BuildSummary;

/// How many warnings `build` and `watch` print in full: about a screenful.
/// The rest are counted by rule; `check` prints them all.
pub const SHOWN_WARNINGS: usize = 20;

/// Everything `build` prints for a list of diagnostics: every error, at most
/// [`SHOWN_WARNINGS`] warnings, and a closing count.
pub fn diagnostics(diagnostics: &[Diagnostic]) -> String {
    let mut out = capped(diagnostics);
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    if errors > 0 {
        let _ = writeln!(
            out,
            "{} found; nothing was written",
            counted(errors, "error") + &plus_warnings(warnings)
        );
    }
    out
}

/// Every error and at most [`SHOWN_WARNINGS`] warnings, in their order,
/// then one line per rule for the warnings left out. So that one rule
/// firing on every page does not hide the others, the shown warnings are
/// taken from each rule in turn.
pub fn capped(diagnostics: &[Diagnostic]) -> String {
    let shown = shown_warnings(diagnostics);
    let mut out = String::new();
    let mut left_out: Vec<(&str, usize)> = Vec::new();
    for (i, d) in diagnostics.iter().enumerate() {
        if d.is_error() || shown.contains(&i) {
            let _ = writeln!(out, "{d}");
        } else {
            match left_out.iter_mut().find(|(rule, _)| *rule == d.rule) {
                Some((_, n)) => *n += 1,
                None => left_out.push((d.rule, 1)),
            }
        }
    }
    for (rule, n) in &left_out {
        let more = if *n == 1 { "warning" } else { "warnings" };
        let _ = writeln!(out, "and {} more {rule} {more}", thousands(*n));
    }
    if !left_out.is_empty() {
        let _ = writeln!(out, "run `dermapress check` to see them all\n");
    }
    out
}

/// The indices of the warnings to print in full, sorted.
fn shown_warnings(diagnostics: &[Diagnostic]) -> Vec<usize> {
    let mut by_rule: Vec<(&str, Vec<usize>)> = Vec::new();
    for (i, d) in diagnostics.iter().enumerate().filter(|(_, d)| !d.is_error()) {
        match by_rule.iter_mut().find(|(rule, _)| *rule == d.rule) {
            Some((_, list)) => list.push(i),
            None => by_rule.push((d.rule, vec![i])),
        }
    }
    let mut shown = Vec::new();
    let mut round = 0;
    while shown.len() < SHOWN_WARNINGS && by_rule.iter().any(|(_, list)| list.len() > round) {
        for (_, list) in &by_rule {
            if let Some(&i) = list.get(round).filter(|_| shown.len() < SHOWN_WARNINGS) {
                shown.push(i);
            }
        }
        round += 1;
    }
    shown.sort_unstable();
    shown
}

/// "9180" as "9,180".
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn plus_warnings(n: usize) -> String {
    if n == 0 {
        String::new()
    } else {
        format!(" and {}", counted(n, "warning"))
    }
}

/// "1 page", "3 pages".
pub fn counted(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The line a successful build ends with, and when to build again if a
/// scheduled page goes up or comes down.
pub fn built(summary: &BuildSummary, out: &std::path::Path, millis: u128) -> String {
    let mut text = format!(
        "built {} and {} with {}{} into {} in {millis} ms\n",
        counted(summary.pages, "page"),
        counted(summary.data_pages, "data page"),
        counted(summary.static_files, "static file"),
        images(summary),
        out.display(),
    );
    if let Some(next) = &summary.next_change {
        let _ = writeln!(text, "next scheduled change: {} ({})", next.date, next.file);
    }
    text
}

/// " (3 images: 1 processed, 2 from the cache)", or nothing for a site without photos.
fn images(summary: &BuildSummary) -> String {
    let all = summary.images_processed + summary.images_cached;
    if all == 0 {
        return String::new();
    }
    format!(
        " ({}: {} processed, {} from the cache)",
        counted(all, "image"),
        summary.images_processed,
        summary.images_cached
    )
}

/// What `check` prints: every finding, then a count.
pub fn check_human(findings: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in findings {
        let _ = writeln!(out, "{d}");
    }
    let errors = findings.iter().filter(|d| d.is_error()).count();
    let warnings = findings.len() - errors;
    let _ = writeln!(
        out,
        "{}",
        match (errors, warnings) {
            (0, 0) => "no problems found".to_string(),
            (_, 0) => counted(errors, "error"),
            (0, _) => format!("{} (no errors)", counted(warnings, "warning")),
            _ => format!("{} and {}", counted(errors, "error"), counted(warnings, "warning")),
        }
    );
    out
}

/// Findings as one JSON array of `{file, line, column, rule, severity, message, help}`.
pub fn check_json(findings: &[Diagnostic]) -> String {
    let items: Vec<serde_json::Value> = findings.iter().map(finding_json).collect();
    serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".to_string()) + "\n"
}

/// One finding as the JSON `check --format json` and the preview's event
/// stream carry.
pub fn finding_json(d: &Diagnostic) -> serde_json::Value {
    serde_json::json!({
        "file": d.file.to_string_lossy().replace('\\', "/"),
        "line": d.line,
        "column": d.column,
        "rule": d.rule,
        "severity": d.severity,
        "message": d.message,
        "help": d.help.clone().unwrap_or_default(),
    })
}

/// What `status` prints: each list with its count, then the findings by file.
pub fn status_human(inv: &crate::Inventory) -> String {
    let mut out = format!("content inventory as of {}\n", inv.as_of);
    let named = |p: &crate::Listed| format!("{} ({})", p.file, p.title);
    listing(&mut out, "drafts", inv.drafts.iter().map(named));
    let scheduled = inv
        .scheduled
        .iter()
        .map(|p| format!("{}: goes up on {}", named(p), p.publish_date.as_deref().unwrap_or("?")));
    listing(&mut out, "scheduled", scheduled);
    let expired = inv
        .expired
        .iter()
        .map(|p| format!("{}: came down on {}", named(p), p.expiry_date.as_deref().unwrap_or("?")));
    listing(&mut out, "expired", expired);
    let reviews = inv
        .reviews
        .iter()
        .map(|r| format!("{} ({}): {}", r.file, r.title, review_state(r)));
    let heading = format!("medical reviews overdue or due within {} days", inv.due_within_days);
    listing(&mut out, &heading, reviews);
    listing(
        &mut out,
        "medical pages without sources",
        inv.without_sources.iter().map(named),
    );
    if !inv.outdated_translations.is_empty() {
        listing(
            &mut out,
            "outdated translations",
            inv.outdated_translations.iter().map(named),
        );
    }
    let all: Vec<&Diagnostic> = inv.findings.iter().flat_map(|f| &f.findings).collect();
    let errors = all.iter().filter(|d| d.is_error()).count();
    let _ = writeln!(
        out,
        "\nfindings: {}",
        match (errors, all.len() - errors) {
            (0, 0) => "none".to_string(),
            (e, w) => format!(
                "{}{} in {}",
                counted(e, "error"),
                plus_warnings(w),
                counted(inv.findings.len(), "file")
            ),
        }
    );
    for file in &inv.findings {
        let _ = writeln!(out, "  {}", file.file);
        for d in &file.findings {
            let _ = writeln!(
                out,
                "    {}:{}: {}: {} [{}]",
                d.line, d.column, d.severity, d.message, d.rule
            );
        }
    }
    out
}

/// A heading with its count, then one indented line per item, or "none".
fn listing(out: &mut String, name: &str, lines: impl Iterator<Item = String>) {
    let lines: Vec<String> = lines.collect();
    if lines.is_empty() {
        let _ = writeln!(out, "\n{name}: none");
        return;
    }
    let _ = writeln!(out, "\n{name}: {}", lines.len());
    for line in lines {
        let _ = writeln!(out, "  {line}");
    }
}

/// "due 2026-06-20 (in 19 days)", "overdue since 2026-05-01 (31 days)", "never reviewed".
pub fn review_state(r: &crate::Review) -> String {
    let by = r.reviewed_by.as_ref().map(|b| format!(" by {b}")).unwrap_or_default();
    match (&r.due, r.days_left, &r.last_reviewed) {
        (Some(due), Some(left), Some(last)) if left < 0 => {
            format!(
                "overdue since {due} ({}; last reviewed {last}{by})",
                counted(left.unsigned_abs() as usize, "day")
            )
        }
        (Some(due), Some(0), _) => format!("due today, {due}"),
        (Some(due), Some(left), _) => format!("due {due} (in {})", counted(left as usize, "day")),
        _ => "never reviewed (no last_reviewed)".to_string(),
    }
}

/// The inventory as one JSON object: the lists, and the findings as
/// `check --format json` gives them.
pub fn status_json(inv: &crate::Inventory) -> String {
    let mut value = serde_json::to_value(inv).unwrap_or_default();
    let findings: Vec<serde_json::Value> = inv
        .findings
        .iter()
        .flat_map(|f| &f.findings)
        .map(finding_json)
        .collect();
    if let Some(object) = value.as_object_mut() {
        object.insert("findings".to_string(), findings.into());
    }
    serde_json::to_string_pretty(&value).unwrap_or_else(|_| "{}".to_string()) + "\n"
}

/// What `mv` did.
pub fn renamed(done: &crate::Renamed) -> String {
    let mut out = format!(
        "moved {} to {}; its old address {} now redirects to {}\n",
        done.from, done.to, done.alias, done.url
    );
    for file in &done.rewritten {
        let _ = writeln!(out, "rewrote the links in {file}");
    }
    out
}

/// What `import` did: one `file:line:column: what — what to do` line per
/// thing a human must look at, the images to download, and a summary.
pub fn imported(done: &crate::ImportReport) -> String {
    let mut text = String::new();
    for n in &done.notes {
        text.push_str(&format!(
            "{}:{}:{}: {} — {}\n",
            n.file, n.line, n.column, n.what, n.todo
        ));
    }
    text.push_str(&format!(
        "imported {} and {} into {}; {} to look at{}\n",
        counted(done.pages, "page"),
        counted(done.static_files, "static file"),
        done.into.display(),
        counted(done.notes.len(), "thing"),
        if done.downloads.is_empty() {
            String::new()
        } else {
            format!(" ({} to download)", counted(done.downloads.len(), "image"))
        }
    ));
    text.push_str(&format!(
        "next: fix the lines above, then run `dermapress build --root {}`\n",
        done.into.display()
    ));
    text
}

/// The table `DERMAPRESS_TIMINGS=1` prints after a run, or nothing.
pub fn timings(wall: std::time::Duration) -> String {
    let Some(stages) = crate::timings::recorded() else {
        return String::new();
    };
    let mut out = String::from("stage            ms  calls\n");
    for (stage, took, calls) in stages {
        let _ = writeln!(out, "{stage:<12} {:>6.0} {calls:>6}", took.as_secs_f64() * 1000.0);
    }
    let _ = writeln!(out, "{:<12} {:>6.0}", "wall", wall.as_secs_f64() * 1000.0);
    out.push_str("(a stage of many calls adds up the time of every thread)\n");
    out
}

/// Writes `text` to standard output in one buffered write.
pub fn out(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
}

/// Writes `text` to standard error in one buffered write.
pub fn err(text: &str) {
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_all(text.as_bytes());
    let _ = stderr.flush();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warnings(rule: &'static str, n: usize) -> Vec<Diagnostic> {
        (0..n)
            .map(|i| Diagnostic::warning(format!("content/{rule}-{i}.md"), rule, "too short"))
            .collect()
    }

    #[test]
    fn a_few_warnings_are_all_shown() {
        let ds = warnings("description-length", SHOWN_WARNINGS);
        let text = capped(&ds);
        assert_eq!(text.matches("warning: too short").count(), SHOWN_WARNINGS);
        assert!(!text.contains("more"), "{text}");
    }

    #[test]
    fn a_flood_is_cut_to_a_screenful_that_shows_every_rule() {
        let mut ds = warnings("duplicate-title", 9_200);
        ds.extend(warnings("review-stale", 2));
        let text = capped(&ds);
        assert_eq!(text.matches(": warning: ").count(), SHOWN_WARNINGS);
        assert_eq!(text.matches("review-stale-").count(), 2, "{text}");
        assert!(text.contains("and 9,182 more duplicate-title warnings\n"), "{text}");
        assert!(!text.contains("more review-stale"), "{text}");
        assert!(text.ends_with("run `dermapress check` to see them all\n\n"), "{text}");
    }

    #[test]
    fn errors_are_never_cut() {
        let mut ds = warnings("duplicate-title", 50);
        ds.extend((0..50).map(|i| Diagnostic::error(format!("e{i}.md"), "painless", "a claim")));
        let text = diagnostics(&ds);
        assert_eq!(text.matches(": error: ").count(), 50);
        assert!(text.contains("and 30 more duplicate-title warnings"), "{text}");
        assert!(text.contains("50 errors and 50 warnings found"), "{text}");
    }

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(9_180), "9,180");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}

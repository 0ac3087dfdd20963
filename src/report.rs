//! The one place that words what the terminal shows: diagnostics, the
//! summary lines of `build` and `check`, `check --format json`. It returns
//! text; `main` and `watch` write it, buffered, to the terminal.

use std::fmt::Write as _;
use std::io::Write as _;

use crate::diagnostics::Diagnostic;
use crate::BuildSummary;

/// Everything `build` prints for a list of diagnostics, with a closing count.
pub fn diagnostics(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let _ = writeln!(out, "{d}");
    }
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

/// The line a successful build ends with.
pub fn built(summary: &BuildSummary, out: &std::path::Path, millis: u128) -> String {
    format!(
        "built {} and {} with {}{} into {} in {millis} ms\n",
        counted(summary.pages, "page"),
        counted(summary.data_pages, "data page"),
        counted(summary.static_files, "static file"),
        images(summary),
        out.display(),
    )
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

/// Writes `text` to standard output in one buffered write.
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

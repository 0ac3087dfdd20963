//! Validates site.yaml's `checks:` against the rule table: a misspelt rule
//! id or a pattern that cannot be compiled is an error at its line, found
//! when the site loads, so `build`, `check` and `watch` agree on the rules.

use std::path::Path;

use crate::config::checks::{Checks, CustomRule};
use crate::diagnostics::{did_you_mean, Diagnostic, SourceFile};
use crate::yaml::Spans;

use super::table;

/// Problems in `checks:`, each at its place in site.yaml.
pub(crate) fn validate<'a>(checks: &'a Checks, spans: &Spans, source: &SourceFile) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let file = source.path();
    let mut custom: Vec<&str> = Vec::new();
    for (i, rule) in checks.rules.iter().enumerate() {
        let at = |key: &str| spans.value(&format!("checks.rules.{i}.{key}"));
        let id = rule.id.trim();
        out.extend(id_problem(file, id, &rule.id, &custom).map(|d| d.at(source, at("id"))));
        custom.push(id);
        out.extend(pattern_problem(file, id, rule).map(|d| d.at(source, at("pattern"))));
    }
    let mut known: Vec<&'a str> = Vec::new();
    known.extend(table::ids().map(|id| -> &'a str { id }));
    known.extend(custom.iter().copied());
    for (i, id) in checks.disable.iter().enumerate() {
        if let Some(help) = unknown(id, &known) {
            out.push(
                Diagnostic::error(
                    file,
                    "check-unknown-rule",
                    format!("there is no rule `{id}` to disable"),
                )
                .at(source, spans.value(&format!("checks.disable.{i}")))
                .with_help(help),
            );
        }
    }
    for id in checks.severity.keys() {
        if let Some(help) = unknown(id, &known) {
            out.push(
                Diagnostic::error(
                    file,
                    "check-unknown-rule",
                    format!("there is no rule `{id}` to change the severity of"),
                )
                .at(source, spans.key(&format!("checks.severity.{id}")))
                .with_help(help),
            );
        }
    }
    out
}

/// What is wrong with a custom rule's id (`written` is the id as written,
/// `custom` the ids of the rules above it), not yet placed.
fn id_problem(file: &Path, id: &str, written: &str, custom: &[&str]) -> Option<Diagnostic> {
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        Some(
            Diagnostic::error(file, "check-rule-id", format!("\"{written}\" cannot be a rule id"))
                .with_help("use lowercase letters, digits and dashes, e.g. id: no-cheapest"),
        )
    } else if table::rule(id).is_some() {
        Some(
            Diagnostic::error(
                file,
                "check-rule-id",
                format!("`{id}` is already the id of a built-in rule"),
            )
            .with_help(format!(
                "give your rule another id; to change the built-in one use `severity: {{ {id}: warning }}` or `disable: [{id}]`"
            )),
        )
    } else if custom.contains(&id) {
        Some(
            Diagnostic::error(file, "check-rule-id", format!("the rule id `{id}` is used twice"))
                .with_help("give each rule a different id"),
        )
    } else {
        None
    }
}

/// What is wrong with a custom rule's pattern, not yet placed.
fn pattern_problem(file: &Path, id: &str, rule: &CustomRule) -> Option<Diagnostic> {
    if rule.pattern.trim().is_empty() {
        Some(
            Diagnostic::error(
                file,
                "check-rule-pattern",
                format!("the rule `{id}` has an empty `pattern`"),
            )
            .with_help("write the words to flag, e.g. pattern: cheapest"),
        )
    } else if let Err(regex::Error::CompiledTooBig(limit)) = rule.compile() {
        Some(
            Diagnostic::error(
                file,
                "check-rule-pattern",
                format!(
                    "the pattern of rule `{id}` is too large once compiled (more than {} KB), so checking pages with it would be slow",
                    limit / 1024
                ),
            )
            .with_help("repeat less: `(...){1,200}` copies the group 200 times; use `+` or `*`, or a small count such as {1,5}"),
        )
    } else if let Err(err) = rule.compile() {
        Some(
            Diagnostic::error(
                file,
                "check-rule-pattern",
                format!("the pattern of rule `{id}` is not a valid regular expression"),
            )
            .with_help(format!(
                "{}; or set `regex: false` to match the words as written",
                first_line(&err.to_string())
            )),
        )
    } else if rule.compile().is_ok_and(|re| re.is_match("")) {
        Some(
            Diagnostic::error(
                file,
                "check-rule-pattern",
                format!("the pattern of rule `{id}` matches empty text, so it would flag every line"),
            )
            .with_help("make the pattern require at least one character, e.g. `cheap(est)?` instead of `(cheapest)?`"),
        )
    } else {
        None
    }
}

/// The help for a rule id that `disable:` or `severity:` names but no rule
/// has, or None if the rule exists.
fn unknown(id: &str, known: &[&str]) -> Option<String> {
    if known.contains(&id) {
        return None;
    }
    Some(match did_you_mean(id, known.iter().copied()) {
        Some(s) => format!("did you mean `{s}`?"),
        None => "the rule ids are listed in the README under `dermapress check`, plus the ids of your own `rules:`"
            .to_string(),
    })
}

fn first_line(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    // The regex crate's message ends with the reason on its last line.
    lines.last().copied().unwrap_or(text).to_string()
}

//! `checks:` in site.yaml: a clinic's own rules, disabled rules, changed
//! severities and inline opt-outs; mistakes in `checks:` itself; and `build`
//! refusing to publish a content finding of severity `error`.

use crate::support::copy_dir;
use std::path::Path;
use std::process::{Command, Output};

use dermapress::LoadOptions;
use dermapress::Severity;

const SITE: &str = "\
title: Settings Clinic
base_url: https://settings.example.com
";

const PAGE: &str = "\
---
title: Prices and promises
description: A page with wording that this clinic's own rules and the built-in rules flag.
---

Our cheapest offer comes with no downtime.
It is painless and guaranteed.
Book the CHEAPEST slot, a 50 % discount. <!-- dermapress-allow: guarantee -->
We guarantee nothing here either. <!-- dermapress-allow: guarantee -->
";

fn site(checks: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/testsuite/fixtures/check-theme");
    copy_dir(&theme, &dir.path().join("themes/clinic"));
    std::fs::write(dir.path().join("site.yaml"), format!("{SITE}{checks}")).unwrap();
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    std::fs::write(dir.path().join("content/_index.md"), PAGE).unwrap();
    dir
}

fn findings(dir: &Path) -> Vec<(usize, usize, String, Severity)> {
    dermapress::check(
        dir,
        &LoadOptions {
            as_of: Some(jiff::civil::date(2026, 6, 1)),
            ..LoadOptions::default()
        },
    )
    .iter()
    .map(|d| (d.line, d.column, d.rule.to_string(), d.severity))
    .collect()
}

fn f(line: usize, column: usize, rule: &str, severity: Severity) -> (usize, usize, String, Severity) {
    (line, column, rule.to_string(), severity)
}

fn messages(dir: &Path) -> Vec<String> {
    dermapress::check(
        dir,
        &LoadOptions {
            as_of: Some(jiff::civil::date(2026, 6, 1)),
            ..LoadOptions::default()
        },
    )
    .iter()
    .map(|d| format!("{}: {} ({})", d.location(), d.message, d.help.as_deref().unwrap_or("")))
    .collect()
}

fn dermapress(args: &[&str], root: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dermapress"))
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .unwrap()
}

#[test]
fn built_in_rules_apply_without_settings() {
    let dir = site("");
    use Severity::Error as E;
    assert_eq!(
        findings(dir.path()),
        vec![
            f(6, 31, "no-downtime", E),
            f(7, 7, "painless", E),
            f(7, 20, "guarantee", E)
        ]
    );
}

#[test]
fn own_rules_disabled_rules_and_severities() {
    let dir = site(
        "\
checks:
  rules:
    - id: no-cheapest
      pattern: cheapest
      severity: warning
      message: is a price claim our marketing policy rules out
      help: say what the price includes instead
    - id: no-discounts
      pattern: '\\d+\\s*%\\s*discount'
      regex: true
  disable: [painless]
  severity: { no-downtime: warning }
",
    );
    use Severity::{Error as E, Warning as W};
    assert_eq!(
        findings(dir.path()),
        vec![
            f(6, 5, "no-cheapest", W),
            f(6, 31, "no-downtime", W),
            f(7, 20, "guarantee", E),
            // Any case, and the opt-out on line 8 names only `guarantee`.
            f(8, 10, "no-cheapest", W),
            f(8, 27, "no-discounts", E),
        ]
    );
    let texts = messages(dir.path());
    assert_eq!(
        texts[0],
        "content/_index.md:6:5: \"cheapest\" is a price claim our marketing policy rules out (say what the price includes instead)"
    );
    assert_eq!(
        texts[4],
        "content/_index.md:8:27: \"50 % discount\" is on this site's list of wording to avoid (rule `no-discounts`) (reword this, or mark a justified use with `dermapress-allow: no-discounts` on the line)"
    );
}

#[test]
fn a_severity_change_can_raise_a_warning_to_an_error() {
    let dir = site("checks:\n  severity:\n    description-length: error\n");
    std::fs::write(
        dir.path().join("content/_index.md"),
        "---\ntitle: Short\ndescription: Too short.\n---\n\nText.\n",
    )
    .unwrap();
    assert_eq!(
        findings(dir.path()),
        vec![f(3, 14, "description-length", Severity::Error)]
    );
    assert_eq!(dermapress(&["check"], dir.path()).status.code(), Some(1));
}

#[test]
fn mistakes_in_checks_are_errors_at_their_place_with_suggestions() {
    let dir = site(
        "\
checks:
  disable: [painles, fda-approved]
  severity: { no-downtim: warning }
  rules:
    - id: painless
      pattern: pain
    - id: broken
      pattern: '(unclosed'
      regex: true
    - id: everything
      pattern: 'x*'
      regex: true
  rulez: []
",
    );
    let mut texts = messages(dir.path());
    // The unknown key is reported by the YAML layer, in its own words.
    let unknown = texts.pop().unwrap();
    assert!(
        unknown.starts_with("site.yaml:15:3: unknown key `rulez`") && unknown.ends_with("(did you mean `rules`?)"),
        "{unknown}"
    );
    // Loading is lenient now (issue #12): mistakes in site.yaml no longer
    // hide the page's findings, so the claims of content/_index.md come first.
    // `painles` is a typo, so `painless` stays on; `no-downtim` too.
    assert_eq!(
        texts,
        vec![
            "content/_index.md:6:31: \"no downtime\" promises no recovery time, but most people have redness for one to three days (e.g. \"redness for 1 to 3 days is common\")",
            "content/_index.md:7:7: \"painless\" promises no pain; most people feel some discomfort even with numbing cream, so the claim misleads (e.g. \"numbing cream is applied first; most people feel mild discomfort\")",
            "content/_index.md:7:20: \"guaranteed\" promises an outcome; the FTC treats a promised health result as a claim that needs scientific proof, and no treatment works the same for everyone (say what is typical instead, e.g. \"results vary; most people need 3 to 6 sessions\" (an honest \"we cannot guarantee results\" is fine))",
            "site.yaml:4:13: there is no rule `painles` to disable (did you mean `painless`?)",
            "site.yaml:5:15: there is no rule `no-downtim` to change the severity of (did you mean `no-downtime`?)",
            "site.yaml:7:11: `painless` is already the id of a built-in rule (give your rule another id; to change the built-in one use `severity: { painless: warning }` or `disable: [painless]`)",
            "site.yaml:10:16: the pattern of rule `broken` is not a valid regular expression (error: unclosed group; or set `regex: false` to match the words as written)",
            "site.yaml:13:16: the pattern of rule `everything` matches empty text, so it would flag every line (make the pattern require at least one character, e.g. `cheap(est)?` instead of `(cheapest)?`)",
        ]
    );
    // The config is wrong for every command, not only for `check`.
    let out = dermapress(&["build"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("site.yaml:4:13: error: there is no rule `painles`"));
}

// Changed on purpose by issue #12: `build` used to print content findings
// as warnings and publish (this test was
// `build_prints_findings_as_warnings_and_succeeds`). It now reports them with
// their severity and, for an `error` (a banned claim here), exits 1 and
// leaves public/ untouched.
#[test]
fn build_refuses_to_publish_findings_of_severity_error() {
    let dir = site("");
    let out = dermapress(&["build"], dir.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("content/_index.md:7:7: error: \"painless\" promises no pain"),
        "{stderr}"
    );
    assert!(stderr.contains("3 errors found; nothing was written"), "{stderr}");
    assert!(!dir.path().join("public").exists());
    // The same finding is an error for `check`.
    assert_eq!(dermapress(&["check"], dir.path()).status.code(), Some(1));
    // Re-levelled to warnings, the same findings are printed and the site is published.
    let dir = site("checks:\n  severity: { painless: warning, no-downtime: warning, guarantee: warning }\n");
    let out = dermapress(&["build"], dir.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("content/_index.md:7:7: warning: \"painless\" promises no pain"),
        "{stderr}"
    );
    assert!(!stderr.contains("error:"), "{stderr}");
    assert!(dir.path().join("public/index.html").is_file());
}

/// A page of about 1 MB of words and numbers, the text the issue's pattern
/// is slowest on, in lines or (`end` a space) in one paragraph.
fn big_page(end: &str) -> String {
    let line = format!("word another 12 words then 345 more text here and 6 again{end}");
    let body = line.repeat((1 << 20) / line.len());
    format!(
        "---\ntitle: Big\ndescription: A very long page of words and numbers for the slow-pattern test.\n---\n{body}"
    )
}

fn regex_rule(pattern: &str) -> String {
    format!("checks:\n  rules:\n    - id: slow\n      regex: true\n      pattern: '{pattern}'\n")
}

#[test]
fn the_issues_pattern_on_a_megabyte_is_reported_at_its_line_in_site_yaml() {
    let dir = site(&regex_rule(r"(\w+\s?){1,200}\d{1,50}[a-z]{1,50}X"));
    std::fs::write(dir.path().join("content/big.md"), big_page("\n")).unwrap();
    let found: Vec<String> = messages(dir.path())
        .into_iter()
        .filter(|m| m.starts_with("site.yaml"))
        .collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].starts_with("site.yaml:7:16: "), "{found:#?}");
    assert!(
        found[0].contains("too large") || found[0].contains("stopped"),
        "{found:#?}"
    );
}

#[test]
fn a_slow_rule_is_stopped_on_a_page_and_reported_at_its_line_in_site_yaml() {
    // ASCII-only classes compile small enough to pass the size limit, and
    // are still slow on a long paragraph (seconds per megabyte, built with
    // optimisations).
    let dir = site(&regex_rule(r"(?-u)(\w+\s?){1,300}\d{1,100}[a-z]{1,100}X"));
    std::fs::write(dir.path().join("content/big.md"), big_page(" ")).unwrap();
    let found: Vec<String> = messages(dir.path())
        .into_iter()
        .filter(|m| m.starts_with("site.yaml"))
        .collect();
    assert_eq!(
        found,
        ["site.yaml:7:16: rule `slow`: this rule was stopped after 250 ms of matching on content/big.md, so that page was not fully checked for it (make the pattern simpler: fewer and smaller counted repeats such as {1,200}, no repeat inside a repeat)"]
    );
}

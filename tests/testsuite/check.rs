//! `dermapress check` over fixture sites: every rule's violation planted at a
//! known place (tests/testsuite/fixtures/check-planted/), and the same kinds of pages
//! written honestly (tests/testsuite/fixtures/check-clean/).

use crate::support::copy_dir;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use dermapress::LoadOptions;
use dermapress::Severity;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/testsuite/fixtures")
}

/// A copy of a fixture site with the test theme as `themes/clinic`.
fn site(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join(name), dir.path());
    copy_dir(&fixtures().join("check-theme"), &dir.path().join("themes/clinic"));
    dir
}

fn today() -> jiff::civil::Date {
    jiff::civil::date(2026, 6, 1)
}

fn run(args: &[&str], root: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dermapress"))
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .unwrap()
}

type Row = (String, usize, usize, String, Severity);

fn rows(findings: &[dermapress::Diagnostic]) -> Vec<Row> {
    findings
        .iter()
        .map(|d| {
            (
                d.file.to_string_lossy().replace('\\', "/"),
                d.line,
                d.column,
                d.rule.to_string(),
                d.severity,
            )
        })
        .collect()
}

fn row(file: &str, line: usize, column: usize, rule: &str, severity: Severity) -> Row {
    (file.to_string(), line, column, rule.to_string(), severity)
}

/// Every planted violation, where it is. Checked by hand against the files:
/// each column is where the phrase (or `![`, or the key or value) starts.
fn planted() -> Vec<Row> {
    use Severity::{Error as E, Warning as W};
    let c = "content/claims.md";
    vec![
        row(c, 6, 13, "guarantee", E),
        row(c, 7, 9, "permanent-results", E),
        row(c, 7, 38, "painless", E),
        row(c, 8, 7, "painless", E),
        row(c, 8, 22, "no-risk", E),
        row(c, 8, 35, "no-risk", E),
        row(c, 9, 18, "completely-safe", E),
        row(c, 9, 32, "completely-safe", E),
        row(c, 10, 4, "cure", E),
        row(c, 10, 27, "fda-approved", E),
        // "no" ends line 11, "downtime" starts line 12: one phrase.
        row(c, 11, 10, "no-downtime", E),
        row(c, 12, 22, "instant-results", E),
        row(c, 13, 3, "miracle", E),
        row(c, 13, 20, "best-in", E),
        row(c, 24, 1, "image-alt", E),
        // Alt text is prose too.
        row(c, 24, 30, "miracle", E),
        // Read as a visitor reads them, across emphasis and links; the
        // negated "**not** *guarantee*" on line 31 is not a claim.
        row(c, 30, 15, "no-downtime", E),
        row(c, 30, 50, "painless", E),
        row(c, 31, 37, "no-risk", E),
        row("content/compare.yaml", 4, 10, "miracle", E),
        row("content/compare.yaml", 13, 10, "no-downtime", E),
        row("content/compare.yaml", 14, 23, "guarantee", E),
        row("content/compare.yaml", 17, 10, "painless", E),
        row("content/faq.yaml", 5, 14, "painless", E),
        row("content/faq.yaml", 7, 13, "guarantee", E),
        row("content/faq.yaml", 12, 7, "completely-safe", E),
        row("content/faq.yaml", 14, 15, "fda-approved", E),
        // "no" ends line 16, "*downtime*" starts line 17; "**not** painless"
        // is negated.
        row("content/faq.yaml", 16, 63, "no-downtime", E),
        row("content/future.md", 2, 8, "duplicate-title", E),
        row("content/future.md", 4, 1, "sources-missing", W),
        row("content/future.md", 5, 16, "review-future", W),
        // From loading: a missing page, a missing anchor, a missing image.
        row("content/links.md", 6, 15, "broken-link", E),
        row("content/links.md", 6, 41, "broken-link", E),
        row("content/links.md", 6, 80, "broken-link", E),
        // An image on another site: the policy of _headers blocks it.
        row("content/links.md", 8, 44, "image-blocked", W),
        row("content/meta.md", 2, 8, "title-length", W),
        row("content/meta.md", 3, 14, "description-length", W),
        row("content/meta.md", 4, 1, "image-alt", E),
        row("content/meta.md", 5, 1, "sources-missing", W),
        row("content/meta.md", 5, 12, "risk-section", W),
        row("content/meta.md", 7, 16, "review-stale", W),
        row("content/review.md", 4, 1, "sources-missing", W),
        row("content/review.md", 4, 1, "review-missing", W),
        // From loading: a page that cannot be read has no other findings.
        row("content/untitled.md", 2, 1, "missing-key", E),
    ]
}

#[test]
fn every_planted_violation_is_found_at_its_place_and_nothing_else() {
    let dir = site("check-planted");
    let findings = dermapress::check(
        dir.path(),
        &LoadOptions {
            as_of: Some(today()),
            ..LoadOptions::default()
        },
    );
    assert_eq!(rows(&findings), planted());
}

#[test]
fn findings_explain_the_risk_and_suggest_wording() {
    let dir = site("check-planted");
    let findings = dermapress::check(
        dir.path(),
        &LoadOptions {
            as_of: Some(today()),
            ..LoadOptions::default()
        },
    );
    let fda = findings.iter().find(|d| d.rule == "fda-approved").unwrap();
    assert_eq!(
        fda.message,
        "\"FDA-approved\" misstates regulatory status: microneedling devices are FDA-cleared through 510(k), not FDA-approved"
    );
    assert!(fda.help.as_deref().unwrap().contains("FDA-cleared device"));
    let downtime = findings
        .iter()
        .find(|d| d.rule == "no-downtime" && d.file.ends_with("claims.md"))
        .unwrap();
    assert!(
        downtime.message.starts_with("\"no downtime\" promises"),
        "the phrase is quoted on one line: {}",
        downtime.message
    );
    // A phrase split by emphasis is quoted as a visitor reads it, and its
    // place covers the markup.
    let split = findings
        .iter()
        .find(|d| d.rule == "no-downtime" && d.line == 30)
        .unwrap();
    assert!(
        split.message.starts_with("\"no downtime\" promises"),
        "{}",
        split.message
    );
    assert_eq!(split.width, "no **downtime".len());
    let stale = findings.iter().find(|d| d.rule == "review-stale").unwrap();
    assert_eq!(
        stale.message,
        "the last medical review was 9648 days ago (2000-01-01); this site asks for one at least every 100 days"
    );
}

#[test]
fn the_binary_prints_one_json_array_and_exits_1_on_errors() {
    let dir = site("check-planted");
    let out = run(&["check", "--format", "json"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let items = json.as_array().unwrap();
    let got: Vec<Row> = items
        .iter()
        .map(|f| {
            let keys: Vec<&String> = f.as_object().unwrap().keys().collect();
            assert_eq!(
                keys,
                ["column", "file", "help", "line", "message", "rule", "severity"],
                "{f}"
            );
            let severity = match f["severity"].as_str().unwrap() {
                "error" => Severity::Error,
                "warning" => Severity::Warning,
                other => panic!("severity {other}"),
            };
            (
                f["file"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap() as usize,
                f["column"].as_u64().unwrap() as usize,
                f["rule"].as_str().unwrap().to_string(),
                severity,
            )
        })
        .collect();
    // The binary counts review ages to the real today; these dates are far
    // enough away that the findings are the same on any day.
    assert_eq!(got, planted());
    assert!(items.iter().all(|f| !f["help"].as_str().unwrap().is_empty()));
}

#[test]
fn human_output_names_place_severity_and_help() {
    let dir = site("check-planted");
    let out = run(&["check"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("content/claims.md:6:13: error: \"guaranteed\" promises an outcome"),
        "{text}"
    );
    assert!(text.contains("6 | Results are guaranteed."), "{text}");
    assert!(
        text.contains("content/meta.md:2:8: warning: the title is 72 characters long"),
        "{text}"
    );
    assert!(text.trim_end().ends_with("34 errors and 10 warnings"), "{text}");
}

#[test]
fn the_clean_site_has_no_findings() {
    let dir = site("check-clean");
    let findings = dermapress::check(
        dir.path(),
        &LoadOptions {
            as_of: Some(today()),
            ..LoadOptions::default()
        },
    );
    assert_eq!(rows(&findings), vec![]);
    let out = run(&["check", "--format", "json"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json, serde_json::json!([]));
    let out = run(&["check"], dir.path());
    assert_eq!(String::from_utf8_lossy(&out.stdout), "no problems found\n");
}

#[test]
fn warnings_alone_exit_0() {
    let dir = site("check-clean");
    let page = dir.path().join("content/_index.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(
        &page,
        text.replace(
            "A fixture home page that keeps every content rule, for the check tests.",
            "Too short.",
        ),
    )
    .unwrap();
    let out = run(&["check", "--format", "json"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 1, "{json}");
    assert_eq!(json[0]["rule"], "description-length");
    assert_eq!(json[0]["severity"], "warning");
    assert_eq!(
        (json[0]["line"].as_u64(), json[0]["column"].as_u64()),
        (Some(3), Some(14))
    );
    let out = run(&["check"], dir.path());
    assert!(String::from_utf8_lossy(&out.stdout).ends_with("1 warning (no errors)\n"));
}

#[test]
fn review_age_is_counted_to_the_given_day() {
    let dir = site("check-clean");
    std::fs::write(
        dir.path().join("site.yaml"),
        std::fs::read_to_string(dir.path().join("site.yaml"))
            .unwrap()
            .replace("review_max_age_days: 36500", "review_max_age_days: 30"),
    )
    .unwrap();
    let on = |day: jiff::civil::Date| {
        rows(&dermapress::check(
            dir.path(),
            &LoadOptions {
                as_of: Some(day),
                ..LoadOptions::default()
            },
        ))
    };
    // Reviewed 2026-05-01: 30 days later is still fine, 31 days is not.
    assert_eq!(on(jiff::civil::date(2026, 5, 31)), vec![]);
    assert_eq!(
        on(jiff::civil::date(2026, 6, 1)),
        vec![
            row("content/faq.yaml", 5, 16, "review-stale", Severity::Warning),
            row("content/microneedling.md", 6, 16, "review-stale", Severity::Warning),
        ]
    );
    assert_eq!(
        on(jiff::civil::date(2026, 4, 30)),
        vec![
            row("content/faq.yaml", 5, 16, "review-future", Severity::Warning),
            row("content/microneedling.md", 6, 16, "review-future", Severity::Warning),
        ]
    );
}

#[test]
fn drafts_are_checked_only_when_asked() {
    let dir = site("check-clean");
    std::fs::write(
        dir.path().join("content/draft.md"),
        "---\ntitle: A draft\ndescription: A draft page that promises what no treatment can promise.\ndraft: true\n---\n\nIt is painless.\n",
    )
    .unwrap();
    assert_eq!(
        rows(&dermapress::check(
            dir.path(),
            &LoadOptions {
                as_of: Some(today()),
                ..LoadOptions::default()
            }
        )),
        vec![]
    );
    let options = LoadOptions {
        drafts: true,
        as_of: Some(today()),
        ..LoadOptions::default()
    };
    assert_eq!(
        rows(&dermapress::check(dir.path(), &options)),
        vec![row("content/draft.md", 7, 7, "painless", Severity::Error)]
    );
    let out = run(&["check", "--drafts"], dir.path());
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_folder_without_site_yaml_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&["check"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("has no site.yaml"));
}

/// The clean site with one claim in its home page, and its site.yaml
/// changed by `typo`.
fn site_with_a_claim(typo: impl Fn(String) -> String) -> tempfile::TempDir {
    let dir = site("check-clean");
    let site_yaml = std::fs::read_to_string(dir.path().join("site.yaml")).unwrap();
    std::fs::write(dir.path().join("site.yaml"), typo(site_yaml)).unwrap();
    std::fs::write(
        dir.path().join("content/_index.md"),
        "---\ntitle: Microneedling at our clinic\ndescription: What microneedling is, how a session goes and what the skin looks like in the days after.\n---\n\nThe treatment is painless for most people.\n",
    )
    .unwrap();
    dir
}

/// One of the two bugs issue #12 fixes: a typo in site.yaml used to hide
/// every finding in the pages, because `check` fell back to the strict
/// loading of site.yaml.
#[test]
fn a_typo_in_site_yaml_does_not_hide_the_claims_in_the_pages() {
    // A second title line, misspelt, under the others (line 11).
    let dir = site_with_a_claim(|yaml| format!("{yaml}titel: Typo Clinic\n"));
    let findings = dermapress::check(
        dir.path(),
        &LoadOptions {
            as_of: Some(today()),
            ..LoadOptions::default()
        },
    );
    let found: Vec<(String, String)> = findings.iter().map(|d| (d.location(), d.message.clone())).collect();
    assert_eq!(
        found,
        [
            (
                "content/_index.md:6:18".to_string(),
                "\"painless\" promises no pain; most people feel some discomfort even with numbing cream, so the claim misleads".to_string()
            ),
            ("site.yaml:11:1".to_string(), "unknown key `titel`".to_string()),
        ],
        "{}",
        dermapress::report::check_human(&findings)
    );
    assert_eq!(findings[1].help.as_deref(), Some("did you mean `title`?"));
    // The command says the same.
    let out = run(&["check"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("content/_index.md:6:18: error: \"painless\""),
        "{stdout}"
    );
    assert!(
        stdout.contains("site.yaml:11:1: error: unknown key `titel`"),
        "{stdout}"
    );
}

/// The same typo where a marketer makes it: `titel:` in place of `title:`,
/// so that the required title is missing too.
#[test]
fn a_typo_of_a_required_key_in_site_yaml_does_not_hide_the_claims_in_the_pages() {
    let dir = site_with_a_claim(|yaml| yaml.replacen("title:", "titel:", 1));
    let findings = dermapress::check(
        dir.path(),
        &LoadOptions {
            as_of: Some(today()),
            ..LoadOptions::default()
        },
    );
    let places: Vec<String> = findings
        .iter()
        .map(|d| format!("{}: {}", d.location(), d.rule))
        .collect();
    assert!(places.contains(&"site.yaml:1:1: unknown-key".to_string()), "{places:?}");
    assert!(
        places.contains(&"content/_index.md:6:18: painless".to_string()),
        "{places:?}"
    );
}

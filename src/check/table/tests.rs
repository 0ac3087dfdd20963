//! Every rule of `RULES` can be turned off (`checks: { disable: [id] }`) and
//! re-levelled (`checks: { severity: { id: warning } }`) from site.yaml, and
//! doing so changes that rule's findings and nothing else. The site is the
//! planted fixture of the test suite, where every rule is broken somewhere.

use super::RULES;
use crate::diagnostics::Severity;
use crate::load::{self, LoadOptions};
use crate::testing::{copy_dir, repo};

type Row = (String, usize, usize, &'static str, Severity);

/// The planted site, plus a page with placeholder text (rule `placeholder`)
/// and a sentence for each wording rule the fixture does not plant. A new
/// rule fails the test below until it is broken here or in the fixture.
fn planted() -> tempfile::TempDir {
    let fixtures = repo().join("tests/testsuite/fixtures");
    let dir = tempfile::tempdir().expect("temporary folder");
    copy_dir(&fixtures.join("check-planted"), dir.path());
    copy_dir(&fixtures.join("check-theme"), &dir.path().join("themes/clinic"));
    std::fs::write(
        dir.path().join("content/todo.md"),
        "---\ntitle: A page still being written\ndescription: A page whose text a writer has not finished yet, with a placeholder left in it.\n---\n\nTODO: say how long a session takes.\n\n\
         It is suitable for all skin types.\n\n\
         The treatment is scar-free.\n\n\
         The method is clinically proven.\n\n\
         It is safe and effective.\n\n\
         It turns back the clock.\n\n\
         Expect natural-looking results.\n\n\
         ![A photo taken on a phone](phone.jpg)\n",
    )
    .expect("write");
    // A translation that does not record which version of its original it
    // was checked against (rule `translation-outdated`).
    let site_yaml = dir.path().join("site.yaml");
    let config = std::fs::read_to_string(&site_yaml).expect("read");
    let languages = "languages:\n  - { code: en, name: English }\n  - { code: es, name: Español }\n";
    std::fs::write(&site_yaml, format!("{config}{languages}")).expect("write");
    std::fs::write(
        dir.path().join("content/meta.es.md"),
        "---\ntitle: Una página traducida del sitio\ndescription: Una traducción que no dice con qué versión del original se comparó por última vez.\n---\n\nUna página.\n",
    )
    .expect("write");
    // Small enough to be used as it is: the rule is about the source file.
    let phone = crate::testing::photos::phone_jpeg(40, 30, 1, true);
    std::fs::write(dir.path().join("content/phone.jpg"), phone).expect("write");
    dir
}

/// The content findings of the site with `checks` added to its site.yaml.
fn findings(root: &std::path::Path, site_yaml: &str, checks: &str) -> Vec<Row> {
    std::fs::write(root.join("site.yaml"), format!("{site_yaml}{checks}")).expect("write");
    let options = LoadOptions {
        as_of: Some(jiff::civil::date(2026, 6, 1)),
        ..LoadOptions::default()
    };
    let mut rows: Vec<Row> = load::load(root, &options)
        .diagnostics
        .iter()
        .map(|d| (d.file.display().to_string(), d.line, d.column, d.rule, d.severity))
        .collect();
    rows.sort();
    rows
}

fn other(severity: Severity) -> Severity {
    match severity {
        Severity::Error => Severity::Warning,
        Severity::Warning => Severity::Error,
    }
}

#[test]
fn every_rule_can_be_disabled_and_relevelled_from_site_yaml() {
    let dir = planted();
    let root = dir.path();
    let site_yaml = std::fs::read_to_string(root.join("site.yaml")).expect("read");
    let all = findings(root, &site_yaml, "");
    // The answers of other sites need a server: tests/testsuite/check_external.rs
    // disables and re-levels those rules.
    for rule in RULES.iter().filter(|r| !matches!(r.check, super::Check::External)) {
        let id = rule.id;
        assert!(
            all.iter().any(|r| r.3 == id && r.4 == rule.severity),
            "the planted site breaks rule `{id}` at its default severity: {all:#?}"
        );

        let disabled = findings(root, &site_yaml, &format!("checks:\n  disable: [{id}]\n"));
        let without: Vec<Row> = all.iter().filter(|r| r.3 != id).cloned().collect();
        assert_eq!(disabled, without, "disable: [{id}]");

        let level = other(rule.severity);
        let relevelled = findings(root, &site_yaml, &format!("checks:\n  severity: {{ {id}: {level} }}\n"));
        let changed: Vec<Row> = all
            .iter()
            .cloned()
            .map(|mut r| {
                if r.3 == id {
                    r.4 = level;
                }
                r
            })
            .collect();
        assert_eq!(relevelled, changed, "severity: {{ {id}: {level} }}");
    }
}

//! `dermapress init` and `dermapress new`: what they write builds and passes
//! `check`, and they never overwrite anything.

use std::path::Path;
use std::process::{Command, Output};

use dermapress::PageKind;
use scraper::{Html, Selector};

fn dermapress(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dermapress"))
        .args(args)
        .current_dir(cwd)
        .output()
        .unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn check_json(root: &Path, extra: &[&str]) -> (Option<i32>, Vec<serde_json::Value>) {
    let mut args = vec!["check", "--format", "json", "--root", root.to_str().unwrap()];
    args.extend(extra);
    let out = dermapress(&args, root);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    (out.status.code(), json.as_array().unwrap().clone())
}

fn select<'a>(html: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    html.select(&Selector::parse(css).unwrap()).collect()
}

/// A new starter site in `<tempdir>/clinic`.
fn starter() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dermapress(&["init", "clinic"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("created a new site in clinic ("),
        "{}",
        stdout(&out)
    );
    let root = dir.path().join("clinic");
    (dir, root)
}

#[test]
fn init_writes_a_site_that_builds_and_checks_clean() {
    let (_dir, root) = starter();
    for file in [
        "site.yaml",
        "content/_index.md",
        "content/microneedling.md",
        "content/faq.yaml",
        "content/compare/microneedling-vs-microdermabrasion.yaml",
        "themes/clinic/theme.yaml",
        "themes/clinic/templates/page.html",
    ] {
        assert!(root.join(file).is_file(), "{file}");
    }
    // Every file of the real theme, as it was when the binary was built.
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/clinic/templates/base.html");
    assert_eq!(
        std::fs::read(root.join("themes/clinic/templates/base.html")).unwrap(),
        std::fs::read(theme).unwrap()
    );
    let config = std::fs::read_to_string(root.join("site.yaml")).unwrap();
    assert!(config.lines().filter(|l| l.trim_start().starts_with('#')).count() > 10);

    let out = dermapress(&["build"], &root);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "", "no errors and no warnings");
    assert!(
        stdout(&out).starts_with("built 2 pages and 2 data pages"),
        "{}",
        stdout(&out)
    );
    let faq = Html::parse_document(&std::fs::read_to_string(root.join("public/faq/index.html")).unwrap());
    for id in ["discomfort", "sessions", "risks"] {
        let found = select(&faq, &format!("#{id}"));
        assert_eq!(found.len(), 1, "#{id}");
        assert_eq!(found[0].value().name(), "details", "#{id}");
    }
    assert!(select(&faq, "title")[0]
        .text()
        .collect::<String>()
        .contains("Questions and answers"));

    let (code, findings) = check_json(&root, &[]);
    assert_eq!((code, findings), (Some(0), vec![]));
}

#[test]
fn init_accepts_an_empty_folder_and_refuses_one_with_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    assert_eq!(dermapress(&["init", "empty"], dir.path()).status.code(), Some(0));
    assert!(dir.path().join("empty/site.yaml").is_file());

    std::fs::create_dir(dir.path().join("full")).unwrap();
    std::fs::write(dir.path().join("full/notes.txt"), "keep me").unwrap();
    let out = dermapress(&["init", "full"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("error: full is not empty; `init` only writes into a new or empty folder"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("full/site.yaml").exists());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("full/notes.txt")).unwrap(),
        "keep me"
    );
}

#[test]
fn new_pages_build_as_drafts_and_only_their_placeholders_are_flagged() {
    let (_dir, root) = starter();
    let out = dermapress(
        &["new", "page", "Aftercare: the first week", "--section", "guides"],
        &root,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "created content/guides/aftercare-the-first-week.md\n\
         it will be at https://clinic.example.com/guides/aftercare-the-first-week/ once you remove `draft: true`\n"
    );
    for (kind, title, path) in [
        (
            "comparison",
            "Microneedling or peels?",
            "content/microneedling-or-peels.yaml",
        ),
        ("faq", "Aftercare questions", "content/aftercare-questions.yaml"),
    ] {
        let out = dermapress(&["new", kind, title], &root);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(
            stdout(&out).starts_with(&format!("created {path}\n")),
            "{}",
            stdout(&out)
        );
        assert!(root.join(path).is_file());
    }

    let root_arg = root.to_str().unwrap();
    let out = dermapress(&["build", "--drafts", "--root", root_arg], &root);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let page = std::fs::read_to_string(root.join("public/guides/aftercare-the-first-week/index.html")).unwrap();
    let page = Html::parse_document(&page);
    assert!(select(&page, "title")[0]
        .text()
        .collect::<String>()
        .contains("Aftercare: the first week"));
    assert!(root.join("public/microneedling-or-peels/index.html").is_file());
    assert!(root.join("public/aftercare-questions/index.html").is_file());

    let (code, findings) = check_json(&root, &["--drafts"]);
    assert_eq!(code, Some(0));
    assert!(!findings.is_empty());
    // A new page has placeholders and, until its sources are written, no
    // sources; both are warnings.
    for f in &findings {
        assert!(
            matches!(f["rule"].as_str(), Some("placeholder" | "sources-missing")),
            "{f}"
        );
        assert_eq!(f["severity"].as_str(), Some("warning"), "{f}");
    }
    let files: std::collections::BTreeSet<&str> = findings.iter().map(|f| f["file"].as_str().unwrap()).collect();
    assert_eq!(
        files.into_iter().collect::<Vec<_>>(),
        [
            "content/aftercare-questions.yaml",
            "content/guides/aftercare-the-first-week.md",
            "content/microneedling-or-peels.yaml"
        ]
    );
    // Drafts stay out of the published site and out of `check`.
    assert_eq!(check_json(&root, &[]), (Some(0), vec![]));
}

#[test]
fn new_refuses_to_overwrite() {
    let (_dir, root) = starter();
    std::fs::write(root.join("content/aftercare.md"), "mine").unwrap();
    let out = dermapress(&["new", "page", "Aftercare"], &root);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("error: content/aftercare.md already exists; `new` never overwrites a file"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(root.join("content/aftercare.md")).unwrap(),
        "mine"
    );
    // A data page of the same name would take the same address.
    let out = dermapress(&["new", "faq", "Aftercare"], &root);
    assert_eq!(out.status.code(), Some(2));
    assert!(!root.join("content/aftercare.yaml").exists());
}

#[test]
fn new_with_a_very_long_title_says_the_file_name_would_be_too_long() {
    let (_dir, root) = starter();
    let title = "Aftercare ".repeat(30);
    let out = dermapress(&["new", "page", title.trim()], &root);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("file name") && err.contains("too long"), "{err}");
    assert!(err.contains("shorter title"), "{err}");
    assert!(!err.contains("os error"), "{err}");
}

#[test]
fn new_refuses_places_outside_content_and_folders_without_a_site() {
    let (_dir, root) = starter();
    let out = dermapress(&["new", "page", "Escape", "--section", "../outside"], &root);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("is not a folder inside content/"),
        "{}",
        stderr(&out)
    );
    assert!(!root.join("outside").exists());

    let empty = tempfile::tempdir().unwrap();
    let out = dermapress(&["new", "page", "Anything"], empty.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("has no site.yaml"), "{}", stderr(&out));
}

#[test]
fn the_skeleton_has_the_date_the_reviewer_and_the_section_slug_in_its_url() {
    let (_dir, root) = starter();
    // A section that renames its folder in the URL.
    std::fs::create_dir_all(root.join("content/guides")).unwrap();
    std::fs::write(
        root.join("content/guides/_index.md"),
        "---\ntitle: Patient guides\ndescription: Guides for patients before and after treatment at the clinic.\nslug: patient-guides\n---\n",
    )
    .unwrap();
    let today = jiff::civil::date(2026, 3, 4);
    let created = dermapress::new_page(
        &root,
        PageKind::named("page").unwrap(),
        "Before your visit",
        Some("guides"),
        today,
    )
    .unwrap();
    assert_eq!(created.path, Path::new("content/guides/before-your-visit.md"));
    assert_eq!(
        created.url,
        "https://clinic.example.com/patient-guides/before-your-visit/"
    );
    let text = std::fs::read_to_string(root.join(&created.path)).unwrap();
    for line in [
        "title: \"Before your visit\"",
        "slug: before-your-visit",
        "date: 2026-03-04",
        "draft: true",
        "reviewed_by: medical-director",
        "last_reviewed: 2026-03-04",
    ] {
        assert!(text.lines().any(|l| l == line), "{line} in\n{text}");
    }
    let refused = dermapress::new_page(
        &root,
        PageKind::named("page").unwrap(),
        "Before your visit",
        Some("guides"),
        today,
    )
    .unwrap_err();
    assert!(refused.message.contains("already exists"), "{refused:?}");
}

/// Every kind `new` offers is in the registry and works: `new --help` lists
/// exactly `PageKind::names()`, `new <kind>` writes a page of it, and every
/// data kind has its template in the repository's clinic theme.
#[test]
fn every_kind_new_offers_writes_a_page_and_has_a_template() {
    let (_dir, root) = starter();
    let help = stdout(&dermapress(&["new", "--help"], &root));
    let listed: Vec<&str> = help
        .split("[possible values: ")
        .nth(1)
        .and_then(|rest| rest.split(']').next())
        .unwrap_or_else(|| panic!("new --help lists no kinds:\n{help}"))
        .split(", ")
        .collect();
    assert_eq!(listed, PageKind::names());
    // The kinds this suite knows; a new kind must be added here on purpose.
    assert_eq!(listed, ["page", "comparison", "faq", "gallery"]);
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/clinic/templates");
    for kind in listed {
        assert!(PageKind::named(kind).is_some(), "{kind}");
        let title = format!("A new {kind}");
        let out = dermapress(&["new", kind, &title], &root);
        assert_eq!(out.status.code(), Some(0), "new {kind}: {}", stderr(&out));
        let ext = if kind == "page" { "md" } else { "yaml" };
        let file = root.join(format!("content/a-new-{kind}.{ext}"));
        let text =
            std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}\n{}", file.display(), stdout(&out)));
        if kind != "page" {
            assert!(text.lines().any(|l| l == format!("kind: {kind}")), "{text}");
            assert!(theme.join(format!("{kind}.html")).is_file(), "no template for {kind}");
        }
    }
    // What they wrote are drafts that build.
    let out = dermapress(&["build", "--drafts"], &root);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

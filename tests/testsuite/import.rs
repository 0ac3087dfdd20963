//! `dermapress import hugo|zola|markdown|wordpress` (issue #20): a new site
//! that builds, a report with the place of everything a human must do, and
//! a source folder left exactly as it was.

use std::path::{Path, PathBuf};

use dermapress::{Diagnostic, ImportFrom, LoadOptions};

use crate::support::*;

/// Imports `source` into a new folder in a temporary place; the report as
/// printed, with the temporary folder written `NEW`.
fn import(from: ImportFrom, source: &Path) -> (tempfile::TempDir, PathBuf, String) {
    let tmp = tempfile::tempdir().unwrap();
    let into = tmp.path().join("new");
    let done = dermapress::import(from, source, Some(&into)).unwrap_or_else(|r| panic!("{}: {}", r.message, r.help));
    let text = dermapress::report::imported(&done).replace(&into.display().to_string(), "NEW");
    (tmp, into, text)
}

fn build(root: &Path) -> dermapress::BuildResult {
    dermapress::build(root, &root.join("public"), &LoadOptions::default())
}

fn errors(root: &Path) -> Vec<Diagnostic> {
    let mut ds: Vec<Diagnostic> = build(root)
        .diagnostics
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect();
    sort(&mut ds);
    ds
}

fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} has no {from:?}:\n{text}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

fn html(root: &Path, rel: &str) -> scraper::Html {
    scraper::Html::parse_document(&std::fs::read_to_string(root.join("public").join(rel)).unwrap())
}

#[test]
fn a_hugo_site_imports_into_a_site_that_builds_once_the_reported_lines_are_fixed() {
    let source = fixtures().join("import-hugo");
    let before = tree(&source);
    let (_tmp, new, printed) = import(ImportFrom::Hugo, &source);
    insta::assert_snapshot!("hugo_import_report", printed);
    assert_eq!(tree(&source), before, "the source folder was changed");
    // TOML front matter became YAML; the alias waits under `extra`.
    let risks = std::fs::read_to_string(new.join("content/Risks.md")).unwrap();
    assert!(risks.starts_with("---\ntitle: Risks of microneedling\n"), "{risks}");
    assert!(
        risks.contains("extra:\n  aliases: [\"/old-risks/\"]\n  author: Dr. Who\n"),
        "{risks}"
    );
    // The one error is the one the report sends a human to.
    let errs = errors(&new);
    assert_eq!(
        errs.iter().map(at).collect::<Vec<_>>(),
        [(
            "content/Risks.md".to_string(),
            18,
            15,
            "`/nowhere/`: no page or file of this site has the URL /nowhere/".to_string()
        )]
    );
    edit(&new, "content/Risks.md", "(/nowhere/)", "(/guides/)");
    let result = build(&new);
    assert!(result.summary.is_some(), "{}", report(&result.diagnostics));
    // A page bundle keeps its URL and its image; static files are copied.
    let aftercare = html(&new, "guides/aftercare/index.html");
    assert_eq!(
        attr(one(&aftercare, "main img"), "src"),
        "/guides/aftercare/healing.png"
    );
    assert!(new.join("public/guides/aftercare/healing.png").exists());
    assert!(new.join("public/css/extra.css").exists());
    // The shortcode is a visible placeholder; `ref` became a checked link.
    let page = html(&new, "risks/index.html");
    assert!(text(one(&page, "main")).contains("[not converted: youtube]"));
    assert!(hrefs(&page, "main p").contains(&"/guides/aftercare/".to_string()));
    let home = html(&new, "index.html");
    assert!(hrefs(&home, "main p").contains(&"/risks/".to_string()));
}

#[test]
fn a_zola_site_imports_with_its_sections_shortcodes_and_internal_links() {
    let source = fixtures().join("import-zola");
    let before = tree(&source);
    let (_tmp, new, printed) = import(ImportFrom::Zola, &source);
    insta::assert_snapshot!("zola_import_report", printed);
    assert_eq!(tree(&source), before);
    let errs = errors(&new);
    assert_eq!(
        errs.iter()
            .map(|d| (d.file.display().to_string(), d.rule))
            .collect::<Vec<_>>(),
        [("content/blog/first.md".to_string(), "missing-key")],
        "{}",
        report(&errs)
    );
    edit(
        &new,
        "content/blog/first.md",
        "title: First post\n",
        "title: First post\ndescription: The clinic's first post, about what patients can read on this new site.\n",
    );
    let result = build(&new);
    assert!(result.summary.is_some(), "{}", report(&result.diagnostics));
    let home = html(&new, "index.html");
    assert!(hrefs(&home, "main p").contains(&"/blog/first/".to_string()));
    let post = html(&new, "blog/first/index.html");
    let words = text(one(&post, "main"));
    assert!(
        words.contains("[not converted: youtube]") && words.contains("Inside the note."),
        "{words}"
    );
    assert!(new.join("public/robots-extra.txt").exists());
}

#[test]
fn plain_markdown_folders_take_their_titles_from_the_first_heading() {
    let tmp = tempfile::tempdir().unwrap();
    let source = tmp.path().join("notes");
    std::fs::create_dir_all(source.join("Aftercare")).unwrap();
    std::fs::write(
        source.join("README.md"),
        "# Our clinic\n\nRead [aftercare](Aftercare/First Days.md).\n",
    )
    .unwrap();
    std::fs::write(
        source.join("Aftercare/First Days.md"),
        "# The first days\n\nKeep it clean. See [missing](gone.md).\n",
    )
    .unwrap();
    let (_t, new, printed) = import(ImportFrom::Markdown, &source);
    assert_eq!(
        printed.lines().filter(|l| l.starts_with("Aftercare/") || l.starts_with("README")).collect::<Vec<_>>(),
        [
            "Aftercare/First Days.md:1:1: the page has no description — write `description:` (50-160 characters: what a patient learns here); it is required",
            "Aftercare/First Days.md:3:30: the link `gone.md` points at nothing in the imported site — link to the page's file (e.g. risks.md) or fix the address; the build reports it until then",
            "README.md:1:1: the page has no description — write `description:` (50-160 characters: what a patient learns here); it is required",
        ]
    );
    let home = std::fs::read_to_string(new.join("content/_index.md")).unwrap();
    assert!(home.starts_with("---\ntitle: Our clinic\n---\n"), "{home}");
    let rules: Vec<&str> = errors(&new).iter().map(|d| d.rule).collect();
    // A page without its required description is not read further, so its
    // broken link shows once the description is written (the report has it now).
    assert_eq!(rules, ["missing-key", "missing-key"]);
}

#[test]
fn a_wordpress_export_becomes_pages_sections_posts_and_drafts() {
    let export = fixtures().join("import-wordpress.xml");
    let (_tmp, new, printed) = import(ImportFrom::Wordpress, &export);
    insta::assert_snapshot!("wordpress_import_report", printed);
    let read = |rel: &str| std::fs::read_to_string(new.join("content").join(rel)).unwrap();
    // The parent page is a section, its child a page in it.
    assert!(read("treatments/_index.md").contains("title: Treatments\n"));
    let child = read("treatments/microneedling.md");
    assert!(child.contains("## How it works\n"), "{child}");
    // A shortcode is shown as not converted (and reported); `[[x]]` is text.
    assert!(child.contains("`[not converted: gallery]`"), "{child}");
    assert!(
        child.contains("[[caption]]") || child.contains("\\[\\[caption\\]\\]"),
        "{child}"
    );
    // Categories and tags are tags; a draft stays a draft.
    assert!(read("posts/we-have-moved.md").contains("tags: [News, clinic]\n"));
    assert!(read("posts/summer-offer.md").contains("draft: true\n"));
    // The image is pointed at where the report says to put it.
    assert!(read("treatments/_index.md").contains("![Our clinic](/images/clinic.jpg)"));
    let rules: Vec<&str> = errors(&new).iter().map(|d| d.rule).collect();
    assert_eq!(rules, ["missing-key", "broken-link"]);
    edit(
        &new,
        "content/posts/we-have-moved.md",
        "title: We have moved\n",
        "title: We have moved\ndescription: Our clinic has moved to a new address; how to find us and where to park.\n",
    );
    std::fs::create_dir_all(new.join("static/images")).unwrap();
    std::fs::write(
        new.join("static/images/clinic.jpg"),
        crate::support::photos::jpeg(4, 3, 1),
    )
    .unwrap();
    let result = build(&new);
    assert!(result.summary.is_some(), "{}", report(&result.diagnostics));
    let page = html(&new, "treatments/microneedling/index.html");
    assert_eq!(attr(one(&page, "main h2#how-it-works"), "id"), "how-it-works");
    assert!(!new.join("public/posts/summer-offer/index.html").exists());
}

#[test]
fn import_refuses_a_folder_with_files_and_a_folder_inside_the_source() {
    let source = fixtures().join("import-hugo");
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("keep.txt"), "mine").unwrap();
    let refusal = dermapress::import(ImportFrom::Hugo, &source, Some(tmp.path())).unwrap_err();
    assert!(refusal.message.contains("is not empty"), "{}", refusal.message);
    assert_eq!(std::fs::read_to_string(tmp.path().join("keep.txt")).unwrap(), "mine");
    let inside = source.join("content/new-site");
    let refusal = dermapress::import(ImportFrom::Hugo, &source, Some(&inside)).unwrap_err();
    assert!(
        refusal.message.contains("inside the site being imported"),
        "{}",
        refusal.message
    );
    assert!(!inside.exists());
}

#[test]
fn the_import_command_prints_the_report_and_a_summary() {
    let tmp = tempfile::tempdir().unwrap();
    let source = fixtures().join("import-zola");
    let run = run_in(
        tmp.path(),
        &["import", "zola", source.to_str().unwrap(), "--into", "clinic"],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout
            .contains("content/blog/first.md:10:8: Zola shortcode `youtube` cannot be converted"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("imported 3 pages and 1 static file into clinic; 5 things to look at"),
        "{}",
        run.stdout
    );
    let again = run_in(
        tmp.path(),
        &["import", "zola", source.to_str().unwrap(), "--into", "clinic"],
    );
    assert_eq!(again.code, Some(2));
}

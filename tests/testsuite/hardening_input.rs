//! Hostile and broken input: huge files, binary files, other encodings and
//! line endings, YAML bombs, deep nesting, symbolic links, unreadable files,
//! paths that try to climb out of the site, and very many files. Each either
//! builds or fails with a diagnostic that names the file (and line), and a
//! failed build leaves the previous output exactly as it was.
//!
//! Inputs that could crash the process (a stack overflow cannot be caught)
//! are built by the `dermapress` binary in a child process, so that a crash
//! fails the test instead of killing the test runner.

use std::path::Path;
use std::process::Command;

use crate::support::*;
use dermapress::Diagnostic;

/// A site that builds: a home page and one other page.
fn good_site() -> TestSite {
    let site = TestSite::new();
    site.write("content/_index.md", &page("Home", "", "Welcome.\n"));
    site.write("content/page.md", &page("Page", "", "Text.\n"));
    site
}

fn expect(d: &Diagnostic, file: &str, line: usize, column: usize, rule: &str) {
    assert_eq!(
        (d.file.display().to_string(), d.line, d.column, d.rule),
        (file.to_string(), line, column, rule),
        "{d}"
    );
    assert!(d.help.as_deref().is_some_and(|h| !h.is_empty()), "{d} has no help");
}

/// Runs `dermapress build` in `root`, returning the exit code (None when a
/// signal ended it, e.g. a stack overflow) and what it printed.
fn build_in_child(root: &Path) -> Run {
    let run = run_in(root, &["build"]);
    assert!(
        run.code.is_some(),
        "the build crashed (ended by a signal):\n{}",
        run.stderr.chars().take(2000).collect::<String>()
    );
    run
}

#[test]
fn a_file_over_the_size_limit_is_refused_naming_the_limit() {
    let site = good_site();
    let mut big = page("Big", "", "").into_bytes();
    let line = b"Microneedling makes tiny channels in the skin, which heal within days.\n";
    while big.len() < 50 * 1024 * 1024 {
        big.extend_from_slice(line);
    }
    let errors = site.break_with_bytes("content/big.md", &big);
    let d = only(&errors);
    expect(d, "content/big.md", 0, 0, "file-too-large");
    assert_eq!(
        d.message,
        "this file is 50.0 MB, larger than the 10.0 MB a source file may have"
    );
}

#[test]
fn a_file_of_nul_bytes_is_not_text() {
    let site = good_site();
    let errors = site.break_with_bytes("content/zeros.md", &[0u8; 4096]);
    let d = only(&errors);
    expect(d, "content/zeros.md", 1, 1, "not-text");
    assert!(d.message.contains("NUL byte"), "{d}");
    // Printing it puts no NUL (or any control character) on the terminal.
    assert!(!d.to_string().contains('\0'));

    let site = good_site();
    let errors = site.break_with_bytes("content/faq.yaml", b"kind: faq\ntitle: F\0AQ\n");
    expect(only(&errors), "content/faq.yaml", 2, 9, "not-text");
}

#[test]
fn windows_line_endings_and_a_byte_order_mark_are_accepted() {
    let site = good_site();
    site.write(
        "content/windows.md",
        "\u{feff}---\r\ntitle: Written on Windows\r\ndescription: A page saved by Notepad.\r\n---\r\n## Aftercare\r\n\r\nKeep it clean.\r\n",
    );
    site.write(
        "content/faq.yaml",
        "\u{feff}kind: faq\r\ntitle: Questions\r\ndescription: Asked often.\r\nquestions:\r\n  - q: Does it hurt?\r\n    a: |\r\n      A little.\r\n",
    );
    site.build_ok();
    let html = site.html("windows/index.html");
    assert_eq!(text(one(&html, "h1")), "Written on Windows");
    assert_eq!(attr(one(&html, "#content h2"), "id"), "aftercare");
    let faq = site.html("faq/index.html");
    assert_eq!(text(one(&faq, "details .answer")), "A little.");
}

#[test]
fn line_numbers_are_right_with_windows_line_endings() {
    let site = good_site();
    let errors = site.break_with(
        "content/windows.md",
        "\u{feff}---\r\ntitle: Windows\r\ndescription: A page saved by Notepad.\r\nslugg: x\r\n---\r\nText.\r\n",
    );
    let d = only(&errors);
    expect(d, "content/windows.md", 4, 1, "unknown-key");
    assert_eq!(d.excerpt.as_deref(), Some("slugg: x"));
    let site = good_site();
    let errors = site.break_with(
        "content/windows.md",
        "\u{feff}---\r\ntitle: Windows\r\ndescription: A page saved by Notepad.\r\n---\r\nText.\r\n\r\nSee [the risks](risk.md).\r\n",
    );
    let d = only(&errors);
    expect(d, "content/windows.md", 7, 17, "broken-link");
    assert_eq!(d.excerpt.as_deref(), Some("See [the risks](risk.md)."));

    let site = good_site();
    let errors = site.break_with(
        "content/faq.yaml",
        "kind: faq\r\ntitle: Questions\r\ndescription: Asked often.\r\nquestions:\r\n  - q: Does it hurt?\r\n    aa: A little.\r\n",
    );
    let d = errors.iter().find(|d| d.rule == "unknown-key").expect("unknown key");
    expect(d, "content/faq.yaml", 6, 5, "unknown-key");
}

#[test]
fn invalid_utf8_is_an_error_at_its_line() {
    let site = good_site();
    let mut bytes = page("Latin", "", "First line.\nCaf").into_bytes();
    bytes.extend_from_slice(b"\xe9 au lait.\n");
    let errors = site.break_with_bytes("content/latin1.md", &bytes);
    let d = only(&errors);
    expect(d, "content/latin1.md", 6, 4, "not-utf8");
    assert_eq!(d.excerpt.as_deref(), Some("Caf\u{fffd} au lait."));
}

/// The "billion laughs": nine aliases to nine aliases, nine levels deep.
fn laughs(indent: &str) -> String {
    let mut yaml =
        format!("{indent}a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
    let names: Vec<char> = "abcdefghi".chars().collect();
    for pair in names.windows(2) {
        let (prev, name) = (pair[0], pair[1]);
        let refs = vec![format!("*{prev}"); 9].join(", ");
        yaml.push_str(&format!("{indent}{name}: &{name} [{refs}]\n"));
    }
    yaml
}

#[test]
fn a_yaml_bomb_is_refused() {
    let bomb = laughs("  ");
    let site = good_site();
    let errors = site.break_with(
        "content/page.md",
        &format!("---\ntitle: Page\ndescription: About the page.\nextra:\n{bomb}---\nText.\n"),
    );
    let d = only(&errors);
    expect(d, "content/page.md", 2, 1, "yaml-too-deep");
    assert_eq!(
        d.message,
        "this YAML repeats itself through anchors and aliases (`&` and `*`) too often to read"
    );

    let site = good_site();
    let errors = site.break_with("site.yaml", &format!("{SITE_YAML}extra:\n{bomb}"));
    assert_eq!(only(&errors).rule, "yaml-too-deep");

    let site = good_site();
    let errors = site.break_with(
        "content/faq.yaml",
        &format!("kind: faq\ntitle: Q\ndescription: D.\nextra:\n{bomb}questions:\n  - q: Why?\n    a: Because.\n"),
    );
    assert!(errors.iter().any(|d| d.rule == "yaml-too-deep"), "{errors:?}");
}

/// Limits the child's address space, so that a bomb that did expand would
/// fail the build instead of filling the machine's memory.
#[cfg(unix)]
#[test]
fn a_yaml_bomb_is_refused_within_bounded_memory() {
    let site = good_site();
    site.write(
        "content/page.md",
        &format!(
            "---\ntitle: Page\ndescription: About the page.\nextra:\n{}  all: *i\n---\nText.\n",
            laughs("  ")
        ),
    );
    let output = Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 4000000 && exec \"$0\" build")
        .arg(env!("CARGO_BIN_EXE_dermapress"))
        // Few threads and malloc arenas, so that the address space the limit
        // counts does not grow with the machine's number of cores.
        .env("RAYON_NUM_THREADS", "2")
        .env("MALLOC_ARENA_MAX", "2")
        .current_dir(site.root())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("content/page.md:2:1: error: this YAML repeats itself through anchors and aliases"),
        "{stderr}"
    );
}

#[test]
fn deeply_nested_markdown_builds_without_overflowing_the_stack() {
    let depth = 100_000;
    let site = good_site();
    site.write(
        "content/quotes.md",
        &page("Quotes", "", &format!("{}deep\n", "> ".repeat(depth))),
    );
    site.write(
        "content/lists.md",
        &page("Lists", "", &format!("{}deep\n", "- ".repeat(depth))),
    );
    site.write(
        "content/indented.md",
        &page(
            "Indented",
            "",
            &(0..2_000)
                .map(|i| format!("{}- item\n", "  ".repeat(i)))
                .collect::<String>(),
        ),
    );
    site.write(
        "content/inline.md",
        &page(
            "Inline",
            "",
            &format!(
                "{}x{}\n\n{}x{}\n",
                "*".repeat(depth),
                "*".repeat(depth),
                "[".repeat(depth),
                "]".repeat(depth)
            ),
        ),
    );
    let run = build_in_child(site.root());
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(site.exists("quotes/index.html"));
    assert!(site.read("lists/index.html").contains("deep"));
}

#[test]
fn deeply_nested_yaml_is_an_error_without_overflowing_the_stack() {
    let depth = 100_000;
    let cases = [
        ("flow lists", format!("{}{}", "[".repeat(depth), "]".repeat(depth))),
        (
            "flow mappings",
            format!("{}1{}", "{a: ".repeat(depth), "}".repeat(depth)),
        ),
        ("block lists", format!("\n  {}x", "- ".repeat(depth))),
    ];
    for (what, value) in cases {
        let site = good_site();
        site.write(
            "content/page.md",
            &format!("---\ntitle: Page\ndescription: About the page.\nextra: {value}\n---\nText.\n"),
        );
        let run = build_in_child(site.root());
        assert_eq!(run.code, Some(1), "{what}: {}", run.stderr);
        assert!(
            run.stderr
                .contains("error: this YAML nests lists or groups more than 128 levels deep"),
            "{what}: {}",
            run.stderr.chars().take(2000).collect::<String>()
        );
        assert!(run.stderr.contains("content/page.md:"), "{what}");
        // The excerpt of a 100,000-character line is cut to a window.
        assert!(run.stderr.lines().all(|l| l.chars().count() < 200), "{what}");
    }
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_loop_is_reported_and_not_followed() {
    let site = good_site();
    std::fs::create_dir_all(site.root().join("content/guides")).unwrap();
    site.write("content/guides/a.md", &page("A", "", "Text.\n"));
    std::os::unix::fs::symlink("..", site.root().join("content/guides/loop")).unwrap();
    let errors = site.build_errors();
    let d = only(&errors);
    assert_eq!(
        (d.file.display().to_string(), d.rule),
        ("content/guides/loop".to_string(), "link-loop")
    );
    assert!(d.message.contains("points back to a folder that contains it"), "{d}");
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_to_the_site_root_or_above_is_refused_before_reading_through_it() {
    for target in ["..", "../..", "."] {
        let site = good_site();
        // Read through the link, this would be a broken page and site.yaml a published file.
        site.write("notes/broken.md", "---\ntitel: x\n---\n");
        std::os::unix::fs::symlink(target, site.root().join("content/x")).unwrap();
        let errors = site.build_errors();
        let d = only(&errors);
        assert_eq!(
            (d.file.display().to_string(), d.rule),
            ("content/x".to_string(), "link-loop"),
            "{target}: {d}"
        );
        assert!(d.message.contains("not followed"), "{d}");
        assert!(!site.out().join("x").exists());
    }
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_out_of_the_site_is_reported_and_not_followed() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.md"), page("Secret", "", "Private notes.\n")).unwrap();
    std::fs::write(outside.path().join("id_rsa"), "PRIVATE KEY").unwrap();
    let site = good_site();
    site.build_ok();
    let before = site.tree();
    std::os::unix::fs::symlink(outside.path().join("secret.md"), site.root().join("content/secret.md")).unwrap();
    std::fs::create_dir_all(site.root().join("static")).unwrap();
    std::os::unix::fs::symlink(outside.path(), site.root().join("static/keys")).unwrap();
    let errors = site.build_errors();
    let found: Vec<(String, &str)> = errors.iter().map(|d| (d.file.display().to_string(), d.rule)).collect();
    assert_eq!(
        found,
        [
            ("content/secret.md".to_string(), "link-outside"),
            ("static/keys".to_string(), "link-outside")
        ]
    );
    assert_eq!(site.tree(), before);
    let published = tree(&site.out());
    assert!(
        !published
            .values()
            .any(|bytes| bytes == b"PRIVATE KEY" || bytes.ends_with(b"Private notes.\n")),
        "nothing from outside the site may be copied into it"
    );
}

/// Whether this process can read a file whose permissions forbid it (it
/// runs as root, or with CAP_DAC_OVERRIDE).
#[cfg(unix)]
fn permissions_are_bypassed(path: &Path) -> bool {
    std::fs::read(path).is_ok()
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_named_with_its_permission_error() {
    use std::os::unix::fs::PermissionsExt;
    let site = good_site();
    site.build_ok();
    let path = site.root().join("content/page.md");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    if permissions_are_bypassed(&path) {
        println!("skipped: this test runs with rights (root?) that read a chmod 000 file anyway");
        return;
    }
    let before = site.tree();
    let errors = site.build_errors();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let d = only(&errors);
    assert_eq!(
        (d.file.display().to_string(), d.rule, d.message.as_str()),
        (
            "content/page.md".to_string(),
            "unreadable",
            "this file cannot be read: permission denied"
        )
    );
    assert_eq!(site.tree(), before);
}

/// Every file below `dir`, as relative paths.
fn files_below(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/"))
        .collect()
}

#[test]
fn paths_that_climb_out_of_the_output_are_errors_and_nothing_is_written_outside() {
    // The site is one folder down, so that "outside the output" can be watched.
    let site = good_site();
    let slugs = [
        "../../escaped",
        "../escaped",
        "/tmp/escaped",
        "a/../../escaped",
        "..\\\\escaped",
        "..",
    ];
    for (i, slug) in slugs.iter().enumerate() {
        site.write(
            &format!("content/s{i}.md"),
            &page(&format!("Slug {i}"), &format!("slug: \"{slug}\"\n"), "Text.\n"),
        );
    }
    site.write(
        "content/compare/x.yaml",
        "kind: comparison\ntitle: X vs Y\ndescription: Two options.\noptions:\n  - id: x\n    name: X\n    page: ../../../escaped.md\n  - id: y\n    name: Y\n    page: /etc/passwd\n  - id: z\n    name: Z\n    page: ..\\..\\escaped.md\ncriteria:\n  - label: Depth\n    values: { x: a, y: b, z: c }\n",
    );
    site.write(
        "content/faq.yaml",
        "kind: faq\ntitle: Q\ndescription: D.\nquestions:\n  - q: Why?\n    a: Because.\n    id: ../../escaped\n",
    );
    site.write(
        "content/t.md",
        &page("Template", "template: ../../../../etc/passwd\n", "Text.\n"),
    );
    let errors = site.build_errors();
    let rules: Vec<(String, usize, &str)> = errors
        .iter()
        .map(|d| (d.file.display().to_string(), d.line, d.rule))
        .collect();
    let mut expected: Vec<(String, usize, &str)> = (0..slugs.len())
        .map(|i| (format!("content/s{i}.md"), 4, "bad-slug"))
        .collect();
    expected.extend([
        ("content/compare/x.yaml".to_string(), 7, "broken-link"),
        ("content/compare/x.yaml".to_string(), 10, "broken-link"),
        ("content/compare/x.yaml".to_string(), 13, "broken-link"),
        ("content/faq.yaml".to_string(), 7, "faq-id"),
        ("content/t.md".to_string(), 4, "bad-template"),
    ]);
    expected.sort();
    let mut rules = rules;
    rules.sort();
    assert_eq!(rules, expected, "{}", crate::support::report(&errors));
    let parent = site.root().parent().unwrap();
    assert!(!parent.join("escaped").exists() && !Path::new("/tmp/escaped").exists());
    assert!(!site.out().exists(), "a failed build writes nothing");
    let mut files = files_below(site.root());
    files.retain(|f| !f.starts_with("themes/"));
    files.sort();
    assert!(
        files.iter().all(|f| f.starts_with("content/") || f == "site.yaml"),
        "{files:?}"
    );
}

#[test]
fn a_theme_outside_the_themes_folder_is_refused() {
    let site = good_site();
    let errors = site.break_with("site.yaml", &format!("{SITE_YAML}theme: ../../../etc\n"));
    let d = only(&errors);
    expect(d, "site.yaml", 7, 8, "bad-theme");
}

#[test]
fn ten_thousand_files_in_one_folder_build() {
    let site = good_site();
    let dir = site.root().join("content/many");
    std::fs::create_dir_all(&dir).unwrap();
    for i in 0..10_000 {
        std::fs::write(
            dir.join(format!("p{i:05}.md")),
            format!("---\ntitle: Page {i}\ndescription: Page number {i}.\n---\nText {i}.\n"),
        )
        .unwrap();
    }
    let summary = site.build_ok();
    assert_eq!(summary.pages, 10_002);
    assert_eq!(text(one(&site.html("many/p09999/index.html"), "h1")), "Page 9999");
}

#[cfg(unix)]
#[test]
fn file_names_that_cannot_be_part_of_a_url_are_errors() {
    let site = good_site();
    site.write("content/q?x.md", &page("Query", "", "Text.\n"));
    site.write(
        "content/a#b.yaml",
        "kind: faq\ntitle: Q\ndescription: D.\nquestions:\n  - q: Why?\n    a: Because.\n",
    );
    site.write("content/50%/p.md", &page("Percent", "", "Text.\n"));
    // A slug replaces the file's name in the URL, so the name may be anything.
    site.write("content/say \"hi\".md", &page("Quoted", "slug: say-hi\n", "Text.\n"));
    let errors = site.build_errors();
    let found: Vec<(String, &str, &str)> = errors
        .iter()
        .map(|d| (d.file.display().to_string(), d.rule, d.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "content/50%/p.md".to_string(),
                "bad-file-name",
                "the name \"50%\" has `%`, which cannot be part of a web address"
            ),
            (
                "content/a#b.yaml".to_string(),
                "bad-file-name",
                "the name \"a#b\" has `#`, which cannot be part of a web address"
            ),
            (
                "content/q?x.md".to_string(),
                "bad-file-name",
                "the name \"q?x\" has `?`, which cannot be part of a web address"
            ),
        ]
    );
}

/// Each repeated heading or row label gets the next free number in one step;
/// counting up from 1 for each one took 50 seconds for this page.
#[test]
fn twenty_thousand_equal_headings_and_rows_get_numbered_ids() {
    let site = good_site();
    site.write(
        "content/page.md",
        &page("Page", "", &"## Aftercare\n\nText.\n\n".repeat(20_000)),
    );
    let mut compare =
        String::from("kind: comparison\ntitle: X vs Y\ndescription: D.\noptions:\n  - { id: x, name: X }\n  - { id: y, name: Y }\ncriteria:\n");
    compare.push_str(&"  - { label: Cost, values: { x: a, y: b } }\n".repeat(3_000));
    site.write("content/compare.yaml", &compare);
    site.write(
        "content/faq.yaml",
        &format!(
            "kind: faq\ntitle: Q\ndescription: D.\nquestions:\n{}",
            (0..20_000)
                .map(|i| format!("  - {{ q: Question {i}?, a: Answer. }}\n"))
                .collect::<String>()
        ),
    );
    site.build_ok();
    let html = site.html("page/index.html");
    let ids: Vec<&str> = select(&html, "#content h2").iter().map(|h| attr(*h, "id")).collect();
    assert_eq!(ids.len(), 20_000);
    assert_eq!(
        (ids[0], ids[1], ids[19_999]),
        ("aftercare", "aftercare-1", "aftercare-19999")
    );
    let compare = site.read("compare/index.html");
    assert!(compare.contains("id=\"cost-2999\""));
    let faq = site.html("faq/index.html");
    assert_eq!(select(&faq, "details").len(), 20_000);
}

#[test]
fn old_mac_line_breaks_are_read_as_lines() {
    let site = good_site();
    site.write(
        "content/mac.md",
        "---\rtitle: Saved on an old Mac\rdescription: Lines end with a carriage return.\r---\r## Aftercare\r\rKeep it clean.\r",
    );
    site.build_ok();
    assert_eq!(
        attr(one(&site.html("mac/index.html"), "#content h2"), "id"),
        "aftercare"
    );
    let errors = site.break_with(
        "content/mac.md",
        "---\rtitle: Mac\rdescription: Old Mac.\rtitel: x\r---\rText.\r",
    );
    expect(only(&errors), "content/mac.md", 4, 1, "unknown-key");
}

#[test]
fn a_utf16_file_is_named_as_such() {
    let site = good_site();
    let mut bytes = vec![0xff, 0xfe];
    for unit in page("Unicode", "", "Text.\n").encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    let errors = site.break_with_bytes("content/notepad.md", &bytes);
    let d = only(&errors);
    expect(d, "content/notepad.md", 1, 1, "not-utf8");
    assert!(d.message.contains("UTF-16"), "{d}");
}

/// The work per file is bounded, not only its bytes: each of these is far
/// under the 10 MB a file may have, and each is refused at the place it
/// went past its limit, before the expensive reading starts.
#[test]
fn the_work_per_file_is_bounded_keys_list_items_links_and_elements() {
    let keys: String = (0..100_001).map(|i| format!("  k{i}: 1\n")).collect();
    let items = "    - x\n".repeat(100_001);
    let links = "[a](page.md) ".repeat(20_001);
    let emphasis = "*a* ".repeat(200_001);
    let list = "- a\n".repeat(200_001);
    let cases = [
        (
            "content/keys.yaml",
            format!("kind: faq\ntitle: K\ndescription: D.\nquestions: []\nextra:\n{keys}"),
            "yaml-too-large",
            "more than 100000 keys and list items",
        ),
        (
            "content/items.yaml",
            format!("kind: faq\ntitle: K\ndescription: D.\nquestions: []\nextra:\n  a:\n{items}"),
            "yaml-too-large",
            "more than 100000 keys and list items",
        ),
        (
            "content/front.md",
            format!("---\ntitle: F\ndescription: D.\nextra:\n{keys}---\nText.\n"),
            "yaml-too-large",
            "more than 100000 keys and list items",
        ),
        (
            "content/links.md",
            page("L", "", &links),
            "page-too-large",
            "more than 20000 links and images",
        ),
        (
            "content/emphasis.md",
            page("E", "", &emphasis),
            "page-too-large",
            "more than 200000 Markdown elements",
        ),
        (
            "content/list.md",
            page("L", "", &list),
            "page-too-large",
            "more than 200000 Markdown elements",
        ),
        (
            "content/answers.yaml",
            format!(
                "kind: faq\ntitle: A\ndescription: D.\nquestions:\n  - q: Why?\n    a: '{}'\n",
                "[a](page.md) ".repeat(20_001)
            ),
            "page-too-large",
            "more than 20000 links and images",
        ),
    ];
    for (file, text, rule, message) in cases {
        let site = good_site();
        site.write(file, &text);
        let errors = site.build_errors();
        let d = only(&errors);
        assert_eq!((d.file.display().to_string(), d.rule), (file.to_string(), rule), "{d}");
        assert!(d.message.contains(message), "{d}");
        assert!(d.line > 0, "{d}");
    }
}

//! The `dermapress build` command line: exit codes, the summary, the error
//! format on the terminal, and the output folders it refuses.

use crate::support::*;

fn good_site() -> TestSite {
    let site = TestSite::new();
    site.write("content/_index.md", &page("Home", "", "Welcome.\n"));
    site
}

#[test]
fn success_exits_0_with_a_one_line_summary() {
    let site = good_site();
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{}", run.stdout);
    assert!(lines[0].starts_with("built 1 page and 0 data pages"), "{}", lines[0]);
    assert!(site.exists("index.html"));
}

#[test]
fn root_flag_builds_another_folder() {
    let site = good_site();
    let elsewhere = tempfile::tempdir().unwrap();
    let root = site.root().display().to_string();
    let run = run_in(elsewhere.path(), &["build", "--root", &root]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(site.exists("index.html"));
}

#[test]
fn site_errors_exit_1_in_the_path_line_column_format_with_excerpt_and_caret() {
    let site = good_site();
    site.write(
        "content/page.md",
        "---\ntitle: Page\ndescription: About the page.\nweight: heavy\n---\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(run.stdout, "");
    let lines: Vec<&str> = run.stderr.lines().collect();
    let first = lines
        .iter()
        .position(|l| l.starts_with("content/page.md:"))
        .unwrap_or_else(|| panic!("{}", run.stderr));
    assert_eq!(
        &lines[first..first + 5],
        [
            "content/page.md:4:9: error: `weight` should be a whole number, not the text \"heavy\"",
            "  |",
            "4 | weight: heavy",
            "  |         ^^^^^",
            "  = help: check the value's spelling and form; put text in quotes if it looks like a number or a list",
        ]
    );
    // Content findings now come from loading (issue #12), so the short
    // description of the home page is reported in the same run as a warning.
    assert!(run.stderr.contains("1 error and 1 warning found"), "{}", run.stderr);
    assert!(!site.exists("index.html"), "nothing is written on errors");
}

#[test]
fn unknown_flag_exits_2() {
    let site = good_site();
    let run = site.run(&["build", "--colour"]);
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("--colour"), "{}", run.stderr);
    assert!(!site.exists(""), "nothing is written");
}

#[test]
fn missing_site_yaml_exits_2() {
    let empty = tempfile::tempdir().unwrap();
    let run = run_in(empty.path(), &["build"]);
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("site.yaml"), "{}", run.stderr);
    assert!(run.stderr.contains("help"), "{}", run.stderr);
    assert!(!empty.path().join("public").exists());
}

#[test]
fn dangerous_output_folders_are_refused_with_exit_2() {
    let site = good_site();
    let sources = tree(site.root());
    for output in [".", "content", "..", "/", "themes", "content/sub"] {
        let run = site.run(&["build", "--output", output]);
        assert_eq!(run.code, Some(2), "--output {output}: {}", run.stderr);
        assert!(run.stderr.contains("refusing"), "--output {output}: {}", run.stderr);
        assert!(run.stderr.contains("help"), "--output {output}: {}", run.stderr);
    }
    assert_eq!(tree(site.root()), sources, "a refused build touches nothing");
}

#[test]
fn output_folder_elsewhere_is_fine() {
    let site = good_site();
    let run = site.run(&["build", "--output", "dist"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(site.root().join("dist/index.html").is_file());
}

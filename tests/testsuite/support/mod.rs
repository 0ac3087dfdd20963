//! The one helper module of the test suite: a site in a temporary folder
//! (written file by file, copied from `tests/testsuite/fixtures/<name>/`, or
//! the small clinic site of the watch tests), built through the library or
//! the binary, and the HTML and diagnostic helpers the tests assert with.
//!
//! Sites made with `new` or `fixture` get the bare test theme
//! (`tests/testsuite/fixtures/theme-min/`) as `themes/clinic`, so that those
//! tests assert on markup they own, never on the real theme's design; the
//! clinic site (`clinic`) uses the repository's real theme, as a user's would.

// Each test module uses a different part of these helpers.
#![allow(dead_code)]

pub mod browser;
mod clinic;
pub mod http;
pub mod photos;
mod site;
pub mod watch;

pub use site::{copy_dir, repo, TestSite};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use dermapress::{BuildResult, BuildSummary, Diagnostic, LoadOptions};
use scraper::{ElementRef, Html, Selector};

pub const SITE_YAML: &str = "\
title: Test Clinic
base_url: https://test.example.com
language: en
reviewers:
  - id: dr-smith
    name: Dr Smith
";

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/testsuite/fixtures")
}

/// The repository's own site, built into `public/` of a temporary folder.
pub fn built_repo() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let result = dermapress::build(repo(), &out.path().join("public"), &LoadOptions::default());
    assert!(result.summary.is_some(), "{}", report(&result.diagnostics));
    out
}

/// What `build` prints for these diagnostics.
pub fn report(diagnostics: &[Diagnostic]) -> String {
    dermapress::report::diagnostics(diagnostics)
}

/// Sorts diagnostics into the order the library reports them in: by file,
/// then place, then message.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message)));
}

impl TestSite {
    /// A site with only site.yaml and the test theme; add files with `write`.
    pub fn new() -> TestSite {
        let site = TestSite::bare();
        site.write("site.yaml", SITE_YAML);
        site
    }

    /// A copy of `tests/testsuite/fixtures/<name>/` with the test theme.
    pub fn fixture(name: &str) -> TestSite {
        let site = TestSite::bare();
        copy_dir(&fixtures().join(name), site.root());
        site
    }

    fn bare() -> TestSite {
        let site = TestSite::empty();
        copy_dir(&fixtures().join("theme-min"), &site.path("themes/clinic"));
        site
    }

    pub fn out(&self) -> PathBuf {
        self.root().join("public")
    }

    pub fn build_with(&self, options: &LoadOptions) -> BuildResult {
        dermapress::build(self.root(), &self.out(), options)
    }

    pub fn build(&self) -> BuildResult {
        self.build_with(&LoadOptions::default())
    }

    /// Builds and fails the test, showing every diagnostic, unless it worked.
    pub fn build_ok_with(&self, options: &LoadOptions) -> BuildSummary {
        let result = self.build_with(options);
        let report = report(&result.diagnostics);
        match result.summary {
            Some(s) if !result.diagnostics.iter().any(Diagnostic::is_error) => s,
            _ => panic!("the build failed:\n{report}"),
        }
    }

    pub fn build_ok(&self) -> BuildSummary {
        self.build_ok_with(&LoadOptions::default())
    }

    /// Builds expecting failure and returns the errors, sorted.
    pub fn build_errors_with(&self, options: &LoadOptions) -> Vec<Diagnostic> {
        let mut result = self.build_with(options);
        assert!(result.summary.is_none(), "the build should have failed");
        sort(&mut result.diagnostics);
        let errors: Vec<Diagnostic> = result.diagnostics.into_iter().filter(Diagnostic::is_error).collect();
        assert!(!errors.is_empty(), "a failed build must say why");
        errors
    }

    pub fn build_errors(&self) -> Vec<Diagnostic> {
        self.build_errors_with(&LoadOptions::default())
    }

    /// Builds once (which must work), writes `text` to `rel`, builds again,
    /// and returns the errors of the second build after checking that the
    /// output folder is byte for byte what the first build left.
    pub fn break_with(&self, rel: &str, text: &str) -> Vec<Diagnostic> {
        self.break_with_bytes(rel, text.as_bytes())
    }

    pub fn break_with_bytes(&self, rel: &str, bytes: &[u8]) -> Vec<Diagnostic> {
        self.build_ok();
        let before = self.tree();
        assert!(!before.is_empty());
        self.write_bytes(rel, bytes);
        let errors = self.build_errors();
        assert_eq!(
            self.tree(),
            before,
            "a failed build must leave the previous output untouched"
        );
        errors
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.out().join(rel).exists()
    }

    /// An output file's text.
    pub fn read(&self, rel: &str) -> String {
        let path = self.out().join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
    }

    pub fn html(&self, rel: &str) -> Html {
        Html::parse_document(&self.read(rel))
    }

    /// Every file of the output folder, by relative path, with its bytes.
    pub fn tree(&self) -> BTreeMap<String, Vec<u8>> {
        tree(&self.out())
    }

    /// Runs the `dermapress` binary in the site's folder.
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.root(), args)
    }
}

/// Every file below `dir`, by relative path, with its bytes.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path.strip_prefix(base).unwrap().to_string_lossy().replace('\\', "/");
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_dermapress"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// A diagnostic's place and message, the part a user reads first.
pub fn at(d: &Diagnostic) -> (String, usize, usize, String) {
    (d.file.display().to_string(), d.line, d.column, d.message.clone())
}

/// The single error of a build, with its help checked to be there.
pub fn only(errors: &[Diagnostic]) -> &Diagnostic {
    assert_eq!(errors.len(), 1, "expected one error, got:\n{}", report(errors));
    let d = &errors[0];
    assert!(
        d.help.as_deref().is_some_and(|h| !h.trim().is_empty()),
        "{} has no help",
        d.message
    );
    d
}

pub fn help(d: &Diagnostic) -> &str {
    d.help.as_deref().unwrap_or("")
}

pub fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap()
}

pub fn select<'a>(html: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    html.select(&sel(css)).collect()
}

/// The one element matching `css`.
pub fn one<'a>(html: &'a Html, css: &str) -> ElementRef<'a> {
    let found = select(html, css);
    assert_eq!(
        found.len(),
        1,
        "expected one element for `{css}`, found {}",
        found.len()
    );
    found[0]
}

pub fn text(e: ElementRef) -> String {
    e.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn attr<'a>(e: ElementRef<'a>, name: &str) -> &'a str {
    e.value()
        .attr(name)
        .unwrap_or_else(|| panic!("<{}> has no {name}", e.value().name()))
}

/// The `href` of every link inside `css`.
pub fn hrefs(html: &Html, css: &str) -> Vec<String> {
    select(html, &format!("{css} a[href]"))
        .into_iter()
        .map(|a| attr(a, "href").to_string())
        .collect()
}

/// A Markdown page with a title and a description, plus `front` and `body`.
pub fn page(title: &str, front: &str, body: &str) -> String {
    format!("---\ntitle: {title}\ndescription: About {title}.\n{front}---\n{body}")
}

/// A PNG of `width` x `height` pixels, each coloured by `paint(x, y)`: a
/// real image for pages whose images are decoded (social cards).
pub fn png(width: u32, height: u32, paint: impl Fn(u32, u32) -> [u8; 3]) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| image::Rgb(paint(x, y)));
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

//! The repository's own microneedling site in a real headless Chromium: on a
//! 375 px phone no page scrolls sideways and no table cell breaks a word in
//! the middle; printed on A4 and on Letter, the aftercare sheet is one page.
//!
//! Skipped, with a message, where Chromium or chromedriver is not installed
//! (and failing in CI, see `browser_installed`).

use std::path::Path;

use crate::support::browser::*;
use crate::support::built_repo as built_site;
use serde_json::{json, Value};

/// What the page measures: its widths, and each word of a visible table
/// cell (split at spaces, hyphens, dashes and slashes, where a line may break)
/// whose letters sit on more than one line.
const MEASURE: &str = r#"
var out = {scroll: document.documentElement.scrollWidth, inner: window.innerWidth, broken: []};
var cells = document.querySelectorAll("main td, main th, main .option-card dd, main .option-card dt");
for (var i = 0; i < cells.length; i++) {
  var cell = cells[i];
  if (cell.getClientRects().length === 0) continue;
  var walk = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  var node;
  while ((node = walk.nextNode())) {
    var re = /[^\s\-\u2010-\u2015\/]+/g, m;
    while ((m = re.exec(node.textContent))) {
      var range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      var rects = Array.prototype.filter.call(range.getClientRects(), function (r) { return r.width > 0; });
      var tops = {};
      rects.forEach(function (r) { tops[Math.round(r.bottom)] = true; });
      if (Object.keys(tops).length > 1) out.broken.push(m[0]);
    }
  }
}
return out;
"#;

#[test]
fn on_a_375_px_phone_no_page_scrolls_sideways_and_no_table_cell_breaks_a_word() {
    if !browser_installed() {
        return;
    }
    let site = built_site();
    let public = site.path().join("public");
    let origin = serve_dir(&public);
    let (_chromedriver, driver) = chromium(375, 812);
    let mut problems = Vec::new();
    let all = pages(&public);
    assert!(all.len() >= 20, "{all:?}");
    for path in &all {
        driver.goto(&format!("{origin}{path}"));
        driver.wait_for("the page loads", "return document.readyState", |v| v == "complete");
        let m = driver.run(MEASURE);
        let inner = m["inner"].as_f64().unwrap();
        assert!(inner <= 400.0, "the window is {inner} px wide, not a phone's");
        if m["scroll"].as_f64().unwrap() > inner {
            problems.push(format!("{path} scrolls sideways: {} px wide in {inner}", m["scroll"]));
        }
        let broken: Vec<&str> = m["broken"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        if !broken.is_empty() {
            problems.push(format!("{path}: words broken inside table cells: {broken:?}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Pages in a PDF: its page objects (`/Type /Page`, not `/Pages`).
fn pdf_pages(pdf: &[u8]) -> usize {
    let text = String::from_utf8_lossy(pdf);
    let re = regex::Regex::new(r"/Type\s*/Page\b").unwrap();
    re.find_iter(&text).count()
}

fn base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let digits: Vec<u8> = text.bytes().filter_map(value).collect();
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let n = chunk.iter().fold(0u32, |n, d| n << 6 | u32::from(*d)) << (6 * (4 - chunk.len()));
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..chunk.len() - 1]);
    }
    out
}

#[test]
fn the_aftercare_sheet_prints_on_one_a4_or_letter_page() {
    if !browser_installed() {
        return;
    }
    let site = built_site();
    let public = site.path().join("public");
    let origin = serve_dir(&public);
    let (_chromedriver, driver) = chromium(1280, 900);
    driver.goto(&format!("{origin}/aftercare/"));
    driver.wait_for("the page loads", "return document.readyState", |v| v == "complete");
    // WebDriver's Print Page prints with the print stylesheet, as Chromium's
    // --print-to-pdf does, and takes the paper size (in centimetres).
    for (paper, width, height) in [("A4", 21.0, 29.7), ("Letter", 21.59, 27.94)] {
        let pdf = driver.call(
            "POST",
            "/print",
            Some(json!({"page": {"width": width, "height": height}, "background": false})),
        );
        let pdf = base64(pdf.as_str().expect("a PDF"));
        if let Some(dir) = std::env::var_os("DERMAPRESS_KEEP_PDF") {
            std::fs::write(Path::new(&dir).join(format!("aftercare-{paper}.pdf")), &pdf).unwrap();
        }
        assert!(pdf.starts_with(b"%PDF"), "{paper}: not a PDF");
        assert_eq!(pdf_pages(&pdf), 1, "the aftercare sheet on {paper}");
    }
    // The sheet names the clinic's phone number and the page's address.
    let printed = driver.run(
        "return document.querySelector('.print-address') ? document.querySelector('.print-address').textContent : ''",
    );
    let printed = printed.as_str().unwrap_or("");
    assert!(printed.contains("555 0100"), "{printed}");
    assert!(printed.contains("clinic.example.com/aftercare/"), "{printed}");
}

#[test]
fn base64_reads_back() {
    assert_eq!(base64("JVBERi0xLjQ="), b"%PDF-1.4");
    assert_eq!(base64("YWI="), b"ab");
    assert_eq!(base64("YWJj"), b"abc");
}

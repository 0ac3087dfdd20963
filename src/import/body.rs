//! The text of an imported page: shortcode calls converted where they can be
//! (`ref`, `relref`) and replaced by a visible placeholder where they cannot,
//! Zola's `@/` links made content paths, and every link checked against the
//! new site.

use std::sync::OnceLock;

use pulldown_cmark::{Event, Parser, Tag};
use regex::Regex;

use super::{ImportFrom, NewSite};

fn hugo_call() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r#"\{\{([<%])\s*(/?)\s*([\w./-]+)((?:[^>%]|[>%][^}])*?)\s*[>%]\}\}"#).unwrap())
}

fn zola_call() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r#"\{\{\s*([A-Za-z_]\w*)\(.*?\)\s*\}\}|\{%\s*([A-Za-z_]\w*)\(.*?\)\s*%\}|\{%\s*end\s*%\}"#).unwrap()
    })
}

/// The converted body. `line0` is the line the body starts on in `file`.
pub(super) fn convert(from: ImportFrom, body: &str, file: &str, line0: usize, site: &mut NewSite) -> String {
    let mut out = String::with_capacity(body.len());
    let mut last = 0;
    let calls: Vec<(usize, usize, String)> = match from {
        ImportFrom::Hugo => hugo_call()
            .captures_iter(body)
            .map(|c| {
                let m = c.get(0).unwrap();
                let closing = &c[2] == "/";
                let name = c[3].to_string();
                let args = c[4].trim();
                let replacement = if !closing && (name == "ref" || name == "relref") {
                    // Inside a link's destination it is the destination; on
                    // its own it is shown as a link to the page.
                    let target = ref_target(args);
                    if body[..m.start()].ends_with("](") {
                        target
                    } else {
                        format!("[{target}]({target})")
                    }
                } else if closing {
                    String::new()
                } else {
                    placeholder(&name)
                };
                if !(name == "ref" || name == "relref" || closing) {
                    note_call(site, file, body, m.start(), line0, &name, "Hugo shortcode");
                }
                (m.start(), m.end(), replacement)
            })
            .collect(),
        ImportFrom::Zola => zola_call()
            .captures_iter(body)
            .map(|c| {
                let m = c.get(0).unwrap();
                match c.get(1).or(c.get(2)) {
                    Some(name) => {
                        note_call(site, file, body, m.start(), line0, name.as_str(), "Zola shortcode");
                        (m.start(), m.end(), placeholder(name.as_str()))
                    }
                    None => (m.start(), m.end(), String::new()),
                }
            })
            .collect(),
        _ => Vec::new(),
    };
    for (start, end, replacement) in calls {
        out.push_str(&body[last..start]);
        out.push_str(&replacement);
        last = end;
    }
    out.push_str(&body[last..]);
    if from == ImportFrom::Zola {
        out = out.replace("](@/", "](/");
    }
    out
}

/// `"risks.md"` / `"/guides/a/index.md"` -> a content path dermapress reads.
fn ref_target(args: &str) -> String {
    let path = args.trim().trim_matches('"').trim_matches('\'');
    let (path, fragment) = path.split_once('#').map_or((path, ""), |(p, f)| (p, f));
    let mut path = path.to_string();
    if path.ends_with("/index.md") {
        path = format!("{}_index.md", path.trim_end_matches("index.md"));
    } else if !path.ends_with(".md") && !path.is_empty() {
        path.push_str(".md");
    }
    if fragment.is_empty() {
        path
    } else {
        format!("{path}#{fragment}")
    }
}

fn placeholder(name: &str) -> String {
    format!("`[not converted: {name}]`")
}

pub(super) fn note_call(site: &mut NewSite, file: &str, body: &str, at: usize, line0: usize, name: &str, kind: &str) {
    let (line, column) = line_col(body, at);
    site.note(
        file,
        line0 + line - 1,
        column,
        format!("{kind} `{name}` cannot be converted"),
        format!("rewrite it as Markdown; the page shows `[not converted: {name}]` in its place"),
    );
}

/// 1-based line and column (in characters) of byte `at` in `text`.
pub(super) fn line_col(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}

/// A note for each link of `body` (converted) that `exists` does not find.
pub(super) fn check_links(body: &str, file: &str, line0: usize, site: &mut NewSite, exists: &dyn Fn(&str) -> bool) {
    for (event, span) in Parser::new_ext(body, crate::markdown::options()).into_offset_iter() {
        let (Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. })) = event else {
            continue;
        };
        let dest = dest_url.as_ref();
        if dest.is_empty() || dest.starts_with('#') || crate::markdown::is_external(dest) || exists(dest) {
            continue;
        }
        let at = span.start + body[span.clone()].rfind(dest).unwrap_or(0);
        let (line, column) = line_col(body, at);
        site.note(
            file,
            line0 + line - 1,
            column,
            format!("the link `{dest}` points at nothing in the imported site"),
            "link to the page's file (e.g. risks.md) or fix the address; the build reports it until then",
        );
    }
}

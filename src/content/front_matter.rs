//! Splitting a Markdown file into its front matter and its body.

use std::ops::Range;

use crate::diagnostics::{Diagnostic, Pos, SourceFile};

/// Byte ranges of the YAML between the `---` lines and of the Markdown after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Split {
    pub(crate) yaml: Range<usize>,
    pub(crate) body: Range<usize>,
}

fn is_fence(line: &str) -> bool {
    line.trim_end() == "---"
}

pub(crate) fn split(source: &SourceFile) -> Result<Split, Box<Diagnostic>> {
    let text = &source.text;
    if text.trim().is_empty() {
        return Err(Box::new(
            Diagnostic::error(source.path(), "empty-file", "this file is empty")
                .at(source, Pos::new(1, 1, 1))
                .with_help("start the page with front matter: a line `---`, then `title: ...` and `description: ...`, then a line `---`; or delete the file"),
        ));
    }
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if !is_fence(first) {
        return Err(Box::new(
            Diagnostic::error(source.path(), "no-front-matter", "this page does not start with front matter")
                .at(source, Pos::new(1, 1, first.trim_end().chars().count().max(1)))
                .with_help("make the first line `---`, then add `title: ...` and `description: ...`, then a line `---` before the text"),
        ));
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    for line in lines {
        if is_fence(line) {
            return Ok(Split {
                yaml: yaml_start..offset,
                body: offset + line.len()..text.len(),
            });
        }
        offset += line.len();
    }
    if let Some(d) = near_fence(source) {
        return Err(Box::new(d));
    }
    Err(Box::new(
        Diagnostic::error(
            source.path(),
            "unclosed-front-matter",
            "the front matter that starts here is never closed",
        )
        .at(source, Pos::new(1, 1, 3))
        .with_help("add a line with only `---` after the last front matter line (title, description, ...)"),
    ))
}

/// A line that was meant to close the front matter (`--`, `----`, `---`
/// with text after it), as an error at that line.
fn near_fence(source: &SourceFile) -> Option<Diagnostic> {
    let (number, line) = source
        .text
        .lines()
        .enumerate()
        .skip(1)
        .map(|(i, l)| (i + 1, l.trim_end()))
        .find(|(_, l)| {
            let dashes = l.len() - l.trim_start_matches('-').len();
            (dashes >= 2 && l.chars().all(|c| c == '-')) || (dashes == 3 && l[3..].starts_with(char::is_whitespace))
        })?;
    let what = if line.chars().all(|c| c == '-') {
        format!("has {} dashes", line.len())
    } else {
        "has text after the dashes".to_string()
    };
    Some(
        Diagnostic::error(
            source.path(),
            "unclosed-front-matter",
            format!("this line looks like the end of the front matter, but it {what}; the closing line must be exactly `---`"),
        )
        .at(source, Pos::new(number, 1, line.chars().count().max(1)))
        .with_help("make this line three dashes and nothing else: ---"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split_text(text: &str) -> Result<(String, String), String> {
        let src = SourceFile::new("a.md", text.to_string());
        split(&src)
            .map(|s| (src.text[s.yaml].to_string(), src.text[s.body].to_string()))
            .map_err(|d| format!("{}: {}", d.location(), d.message))
    }

    #[test]
    fn splits_yaml_from_body() {
        assert_eq!(
            split_text("---\ntitle: A\n---\n# Hi\n"),
            Ok(("title: A\n".into(), "# Hi\n".into()))
        );
        assert_eq!(
            split_text("---\r\ntitle: A\r\n---\r\nx"),
            Ok(("title: A\r\n".into(), "x".into()))
        );
        assert_eq!(split_text("---\n---"), Ok(("".into(), "".into())));
    }

    #[test]
    fn a_closer_typed_wrongly_is_pointed_at() {
        for (text, line) in [
            ("---\ntitle: A\n--\nHi\n", 3),
            ("---\ntitle: A\ndescription: B\n----\n", 4),
            ("---\ntitle: A\n--- and more\n", 3),
        ] {
            let err = split_text(text).unwrap_err();
            assert!(
                err.starts_with(&format!("a.md:{line}:1: this line looks like the end")),
                "{err}"
            );
        }
    }

    #[test]
    fn mistakes_are_placed() {
        assert_eq!(split_text(""), Err("a.md:1:1: this file is empty".into()));
        assert_eq!(
            split_text("title: A\n"),
            Err("a.md:1:1: this page does not start with front matter".into())
        );
        assert_eq!(
            split_text("---\ntitle: A\n# Hi\n"),
            Err("a.md:1:1: the front matter that starts here is never closed".into())
        );
    }
}

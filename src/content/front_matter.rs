//! Splitting a Markdown file into its front matter and its body.

use std::ops::Range;

use crate::diagnostics::{Diagnostic, Pos, SourceFile};

/// Byte ranges of the YAML between the `---` lines and of the Markdown after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    pub yaml: Range<usize>,
    pub body: Range<usize>,
}

fn is_fence(line: &str) -> bool {
    line.trim_end() == "---"
}

pub fn split(source: &SourceFile) -> Result<Split, Box<Diagnostic>> {
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

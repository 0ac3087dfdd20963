//! The layout mistakes people make in YAML, found from the lines themselves
//! when the reader has given up: a key indented under a plain value, a line
//! one space out of step with its neighbours, a tab in the indentation. The
//! reader reports these as "mapping values are not allowed" or "did not find
//! expected '-'", often at the line after the mistake; these say what is
//! wrong, at the line that is wrong, with that line as it should be.

use crate::diagnostics::{Diagnostic, Pos, SourceFile};

/// How far back from the reader's line a mistake is looked for.
const LOOK_BACK: usize = 4;

/// A line of the block, as far as its layout goes.
struct Line<'a> {
    number: usize,
    text: &'a str,
}

impl Line<'_> {
    fn indent(&self) -> usize {
        self.text.len() - self.text.trim_start_matches(' ').len()
    }

    /// Where the line's key or value starts, after any `- ` list markers.
    fn key_column(&self) -> usize {
        let mut rest = &self.text[self.indent()..];
        let mut column = self.indent();
        while let Some(r) = rest.strip_prefix("- ") {
            let spaces = r.len() - r.trim_start_matches(' ').len();
            column += 2 + spaces;
            rest = &r[spaces..];
        }
        column
    }

    fn is_content(&self) -> bool {
        let t = self.text.trim();
        !t.is_empty() && !t.starts_with('#')
    }

    /// `key: value` with a plain value on the same line (not `key:` alone,
    /// not the start of a block of text).
    fn plain_value_key(&self) -> Option<&str> {
        let body = self.text[self.key_column()..].trim_end();
        let (key, value) = body.split_once(": ")?;
        let value = value.trim();
        let opens_block = value.is_empty() || value.starts_with('|') || value.starts_with('>');
        (!opens_block && !key.contains(' ') && !value.starts_with('#')).then_some(key)
    }

    /// Starts a block of text (`a: |`), whose lines may be indented freely.
    fn opens_text_block(&self) -> bool {
        let t = self.text.trim_end();
        [": |", ": >", ": |-", ": >-", ": |+", ": >+"]
            .iter()
            .any(|end| t.ends_with(end))
    }
}

/// The lines of the block from `first` up to and including `last`, with
/// the lines inside blocks of text left out.
fn lines(source: &SourceFile, first: usize, last: usize) -> Vec<Line<'_>> {
    let mut out: Vec<Line> = Vec::new();
    let mut text_block: Option<usize> = None;
    for number in first..=last {
        let Some(text) = source.line_text(number) else { break };
        let line = Line { number, text };
        if !line.is_content() {
            continue;
        }
        if let Some(indent) = text_block {
            if line.indent() > indent {
                continue;
            }
            text_block = None;
        }
        if line.opens_text_block() {
            text_block = Some(line.indent());
        }
        out.push(line);
    }
    out
}

/// A layout mistake near `at` (the reader's line), if the lines show one.
pub(super) fn mistake(source: &SourceFile, first_line: usize, at: usize, raw: &str) -> Option<Diagnostic> {
    if let Some(d) = tab(source, first_line, at) {
        return Some(d);
    }
    let block = lines(source, first_line, at + 1);
    // A key indented under a plain value reads as more of that value: a
    // syntax error, or a value of the wrong type when the value may go on.
    if raw.contains("mapping values are not allowed") || raw.contains("invalid type") {
        if let Some(d) = indented_under_value(source, &block, at) {
            return Some(d);
        }
    }
    let structural = [
        "did not find expected",
        "mapping values are not allowed",
        "block mapping",
        "block sequence",
    ];
    if structural.iter().any(|s| raw.contains(s)) {
        return out_of_step(source, &block, at);
    }
    None
}

/// `  weight: 5` under `last_reviewed: 2026-10-01`: the reader takes the
/// second line as more of the first one's value.
fn indented_under_value(source: &SourceFile, block: &[Line], at: usize) -> Option<Diagnostic> {
    // The reader blames the indented line or, when the value could go on,
    // the line of the value above it.
    [at, at + 1].into_iter().find_map(|n| indented_line(source, block, n))
}

fn indented_line(source: &SourceFile, block: &[Line], at: usize) -> Option<Diagnostic> {
    let i = block.iter().position(|l| l.number == at)?;
    let (above, line) = (block.get(i.checked_sub(1)?)?, &block[i]);
    let key = above.plain_value_key()?;
    let looks_like_key = line.text.trim_end().ends_with(':') || line.text.contains(": ");
    if line.key_column() <= above.key_column() || !looks_like_key {
        return None;
    }
    let fixed = format!("{}{}", " ".repeat(above.key_column()), line.text.trim_start());
    Some(
        Diagnostic::error(
            source.path(),
            "yaml-indent",
            format!("this line is indented more than `{key}:` on the line above, so it reads as part of that value"),
        )
        .at(source, Pos::new(line.number, 1, line.indent().max(1)))
        .with_help(format!(
            "start it at the same column as the key above:\n  {}\n  {fixed}",
            above.text.trim_end()
        )),
    )
}

/// A line one or two spaces out of step with the lines around it.
fn out_of_step(source: &SourceFile, block: &[Line], at: usize) -> Option<Diagnostic> {
    let near = |l: &Line| l.number + LOOK_BACK >= at && l.number <= at;
    for (i, line) in block.iter().enumerate().rev().filter(|(_, l)| near(l)) {
        let column = line.key_column();
        let others: Vec<usize> = block
            .iter()
            .enumerate()
            .filter(|(j, l)| *j != i && l.number + 8 >= line.number && l.number <= line.number + 8)
            .map(|(_, l)| l.key_column())
            .collect();
        if others.contains(&column) {
            continue;
        }
        // The line's siblings are most likely the lines just above and below.
        let neighbours = [i.checked_sub(1), Some(i + 1)]
            .into_iter()
            .flatten()
            .filter_map(|j| block.get(j));
        let close = |c: &usize| c.abs_diff(column) <= 2;
        let Some(expected) = neighbours
            .map(Line::key_column)
            .find(close)
            .or_else(|| others.iter().copied().filter(close).min_by_key(|c| c.abs_diff(column)))
        else {
            continue;
        };
        let new_indent = expected.saturating_sub(column - line.indent());
        let fixed = format!("{}{}", " ".repeat(new_indent), line.text.trim_start());
        return Some(
            Diagnostic::error(
                source.path(),
                "yaml-indent",
                format!(
                    "this line starts at column {}, but the lines beside it start at column {}",
                    column + 1,
                    expected + 1
                ),
            )
            .at(source, Pos::new(line.number, 1, line.indent().max(1)))
            .with_help(format!(
                "indent it by {new_indent} {}, like its neighbours:\n  {fixed}",
                if new_indent == 1 { "space" } else { "spaces" }
            )),
        );
    }
    None
}

/// A tab in a line's indentation: YAML allows only spaces there.
fn tab(source: &SourceFile, first_line: usize, at: usize) -> Option<Diagnostic> {
    let number = (first_line..=at).rev().find(|n| {
        source
            .line_text(*n)
            .is_some_and(|t| t.trim_start_matches(' ').starts_with('\t'))
    })?;
    let text = source.line_text(number)?;
    let lead: String = text.chars().take_while(|c| *c == ' ' || *c == '\t').collect();
    let tabs = lead.chars().filter(|c| *c == '\t').count();
    let spaces = (first_line..number)
        .rev()
        .filter_map(|n| source.line_text(n))
        .map(|t| Line { number: 0, text: t })
        .find(Line::is_content)
        .map_or(2, |above| {
            if above.text.trim_end().ends_with(':') {
                above.indent() + 2
            } else {
                above.indent()
            }
        });
    let shown: String = text.replace('\t', "→");
    let fixed = format!("{}{}", " ".repeat(spaces), text.trim_start_matches([' ', '\t']));
    Some(
        Diagnostic::error(
            source.path(),
            "yaml-tab",
            format!(
                "this line is indented with {} (shown as →); YAML allows only spaces for indentation",
                if tabs == 1 {
                    "a tab".to_string()
                } else {
                    format!("{tabs} tabs")
                }
            ),
        )
        .at(source, Pos::new(number, 1, lead.chars().count().max(1)))
        .with_help(match spaces {
            0 => format!("remove the indentation (this line starts a key like the lines above), so that\n  {shown}\nbecomes\n  {fixed}"),
            n => format!("use {n} spaces instead, so that\n  {shown}\nbecomes\n  {fixed}"),
        }),
    )
}

#[cfg(test)]
mod tests {
    use crate::yaml::tests::parse_doc;

    /// line, column, message and help of the first diagnostic.
    fn first(text: &str) -> (usize, usize, String, String) {
        let p = parse_doc(text);
        let d = p.diagnostics.first().expect("a diagnostic");
        (d.line, d.column, d.message.clone(), d.help.clone().unwrap_or_default())
    }

    #[test]
    fn a_key_indented_under_a_plain_value_is_named_with_the_fix() {
        let (line, column, message, help) = first("title: x\nweight: 3\n  extra: 5\n");
        assert_eq!((line, column), (3, 1));
        assert_eq!(
            message,
            "this line is indented more than `weight:` on the line above, so it reads as part of that value"
        );
        assert_eq!(
            help,
            "start it at the same column as the key above:\n  weight: 3\n  extra: 5"
        );
        assert!(!help.contains("quote"), "quoting is not the fix");
    }

    #[test]
    fn a_line_out_of_step_is_reported_at_its_own_line() {
        let text = "title: x\nextra:\n  - one: 1\n    two: 2\n   three: 3\n";
        let (line, column, message, help) = first(text);
        assert_eq!((line, column), (5, 1), "{message}");
        assert_eq!(
            message,
            "this line starts at column 4, but the lines beside it start at column 5"
        );
        assert_eq!(help, "indent it by 4 spaces, like its neighbours:\n      three: 3");
    }

    #[test]
    fn a_tab_is_named_shown_and_replaced_by_spaces() {
        let (line, column, message, help) = first("title: x\nitems:\n\t- id: a\n");
        assert_eq!((line, column), (3, 1));
        assert_eq!(
            message,
            "this line is indented with a tab (shown as →); YAML allows only spaces for indentation"
        );
        assert_eq!(help, "use 2 spaces instead, so that\n  →- id: a\nbecomes\n    - id: a");
    }

    #[test]
    fn text_blocks_are_not_mistaken_for_layout() {
        let p = parse_doc("title: |\n  one\n     two\nweight: 3\n");
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    }

    #[test]
    fn every_wrong_value_of_a_file_is_reported_in_one_pass() {
        let p = parse_doc("title: x\nitems: a, b\nweight: heavy\n");
        let found: Vec<(usize, &str)> = p.diagnostics.iter().map(|d| (d.line, d.message.as_str())).collect();
        assert_eq!(
            found,
            [
                (
                    2,
                    "`items` should be a list (lines starting with `- `), not the text \"a, b\""
                ),
                (3, "`weight` should be a whole number, not the text \"heavy\""),
            ]
        );
        assert_eq!(
            p.diagnostics[0].help.as_deref(),
            Some("write it as a list in brackets: items: [a, b]")
        );
    }

    #[test]
    fn a_required_key_of_the_wrong_type_is_not_also_missing() {
        let p = parse_doc("title: [a]\nweight: 3\n");
        let rules: Vec<&str> = p.diagnostics.iter().map(|d| d.rule).collect();
        assert_eq!(rules, ["wrong-type"], "{:?}", p.diagnostics);
    }
}

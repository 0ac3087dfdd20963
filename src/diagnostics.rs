//! Diagnostics: every problem dermapress finds, as a value with its place in a
//! source file, and the one place that prints them for people.
//!
//! Marketers fix what they can see: each diagnostic names the file, the line and
//! the column, says what is wrong in plain words and, where it can, the fix.
//! Nothing here may panic on what a user wrote.

use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// A problem at a place in a file. `line` and `column` are 1-based and counted
/// from the top of the file in characters; 0 means "the whole file".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    /// How many characters the caret underlines (at least 1 when shown).
    pub width: usize,
    pub severity: Severity,
    /// A short stable name, e.g. `yaml-syntax` or `broken-link`.
    pub rule: &'static str,
    pub message: String,
    pub help: Option<String>,
    /// The source line the problem is on, for the excerpt.
    pub excerpt: Option<String>,
}

impl Diagnostic {
    pub(crate) fn error(file: impl Into<PathBuf>, rule: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.into(),
            line: 0,
            column: 0,
            width: 0,
            severity: Severity::Error,
            rule,
            message: message.into(),
            help: None,
            excerpt: None,
        }
    }

    pub(crate) fn warning(file: impl Into<PathBuf>, rule: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, rule, message)
        }
    }

    /// Places the diagnostic at a position of `source`, taking the excerpt from it.
    pub(crate) fn at(mut self, source: &SourceFile, pos: Pos) -> Self {
        self.line = pos.line;
        self.column = pos.column;
        self.width = pos.width.max(1);
        self.excerpt = source.line_text(pos.line).map(str::to_owned);
        self
    }

    pub(crate) fn at_line(mut self, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column;
        self
    }

    pub(crate) fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `path:line:column` as the terminal and editors read it.
    pub fn location(&self) -> String {
        let file = self.file.display();
        match (self.line, self.column) {
            (0, _) => format!("{file}"),
            (l, 0) => format!("{file}:{l}"),
            (l, c) => format!("{file}:{l}:{c}"),
        }
    }
}

impl fmt::Display for Diagnostic {
    /// `path:line:column: error: message`, the source line with a caret under
    /// the column, then the help. Plain text so it reads the same in CI logs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{}: {}: {}",
            printable(&self.location()),
            self.severity,
            printable(&self.message)
        )?;
        if let (Some(text), true) = (&self.excerpt, self.line > 0) {
            let number = self.line.to_string();
            let pad = " ".repeat(number.len());
            let (text, lead, width) = excerpt_window(text, self.column.saturating_sub(1), self.width.max(1));
            writeln!(f, "{pad} |")?;
            writeln!(f, "{number} | {text}")?;
            if self.column > 0 {
                let lead = " ".repeat(lead);
                let carets = "^".repeat(width);
                writeln!(f, "{pad} | {lead}{carets}")?;
            }
        }
        if let Some(help) = &self.help {
            // A help may show corrected lines, one per line of its text.
            let mut lines = help.split('\n');
            writeln!(f, "  = help: {}", printable(lines.next().unwrap_or("")))?;
            for line in lines {
                writeln!(f, "          {}", printable(&line.replace('\t', "→")))?;
            }
        }
        Ok(())
    }
}

/// Text as it may go to a terminal: messages quote what users wrote (a key,
/// a file name), and a control character there could move the cursor, change
/// colours or retitle the window. Each one is shown as `�`.
fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().any(char::is_control) {
        text.chars()
            .map(|c| if c.is_control() { '\u{fffd}' } else { c })
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}

/// How many characters of a source line an excerpt shows at most.
const EXCERPT_CHARS: usize = 120;

/// The part of a line to show around a column (0-based), with the caret's
/// lead and width in it. Long lines (a minified file, a file of NUL bytes) are
/// cut to a window marked with `…`; control characters, which could move the
/// terminal's cursor or change its colours, are shown as `�`.
fn excerpt_window(line: &str, column: usize, width: usize) -> (String, usize, usize) {
    let chars: Vec<char> = line.chars().collect();
    let (start, end) = if chars.len() <= EXCERPT_CHARS {
        (0, chars.len())
    } else {
        let start = column.saturating_sub(EXCERPT_CHARS / 3).min(chars.len());
        (start, (start + EXCERPT_CHARS).min(chars.len()))
    };
    let mut text = String::new();
    if start > 0 {
        text.push('…');
    }
    text.extend(chars[start..end].iter().map(|&c| match c {
        // Shown, not hidden: a tab in YAML's indentation is the mistake.
        '\t' => '→',
        c if c.is_control() => '\u{fffd}',
        c => c,
    }));
    if end < chars.len() {
        text.push('…');
    }
    let lead = column.saturating_sub(start) + usize::from(start > 0);
    let width = width.min(end.saturating_sub(column)).max(1);
    (text, lead, width)
}

/// Sorts diagnostics into a stable reading order: by file, then place.
pub(crate) fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message)));
}

/// A place in a file: 1-based line and column (in characters), and how wide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Pos {
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) width: usize,
}

/// A `Pos` as a build keeps it for every link and YAML key of every page:
/// 12 bytes, not 24. A source is at most 10 MB, so nothing is lost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Place {
    line: u32,
    column: u32,
    width: u32,
}

impl From<Pos> for Place {
    fn from(pos: Pos) -> Place {
        let narrow = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Place {
            line: narrow(pos.line),
            column: narrow(pos.column),
            width: narrow(pos.width),
        }
    }
}

impl From<Place> for Pos {
    fn from(place: Place) -> Pos {
        Pos::new(place.line as usize, place.column as usize, place.width as usize)
    }
}

impl Pos {
    pub(crate) fn new(line: usize, column: usize, width: usize) -> Self {
        Pos { line, column, width }
    }
}

/// A source file's text with its name relative to the site root, able to turn
/// byte offsets into lines and columns.
#[derive(Debug, Clone)]
pub(crate) struct SourceFile {
    pub(crate) path: PathBuf,
    pub(crate) text: String,
    /// Where each line starts. `u32`: a source is at most 10 MB (see
    /// `source::read_text`), and a build keeps one table per page.
    line_starts: Vec<u32>,
    /// How many characters start before each multiple of `CHECKPOINT` bytes,
    /// so that a column on a very long line is counted from the nearest
    /// checkpoint rather than from the start of the line.
    char_checkpoints: Vec<usize>,
}

const CHECKPOINT: usize = 4096;

/// An offset into a source, which is never 4 GiB long; one that were would
/// show its later lines at the last line that fits.
fn narrow(offset: usize) -> u32 {
    u32::try_from(offset).unwrap_or(u32::MAX)
}

/// Whether a byte starts a character (is not a UTF-8 continuation byte).
fn starts_char(b: u8) -> bool {
    (b as i8) >= -0x40
}

impl SourceFile {
    pub(crate) fn new(path: impl Into<PathBuf>, text: String) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| narrow(i + 1)))
            .collect();
        let mut char_checkpoints = vec![0];
        for chunk in text.as_bytes().chunks(CHECKPOINT) {
            let last = char_checkpoints.last().copied().unwrap_or(0);
            char_checkpoints.push(last + chunk.iter().filter(|b| starts_char(**b)).count());
        }
        SourceFile {
            path: path.into(),
            text,
            line_starts,
            char_checkpoints,
        }
    }

    /// How many characters start before byte `offset`.
    fn chars_before(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let k = offset / CHECKPOINT;
        let counted = self.char_checkpoints.get(k).copied().unwrap_or(0);
        let rest = self.text.as_bytes().get(k * CHECKPOINT..offset).unwrap_or(&[]);
        counted + rest.iter().filter(|b| starts_char(**b)).count()
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// The position of a byte offset; `width` is the character count of `len` bytes.
    pub(crate) fn pos(&self, offset: usize, len: usize) -> Pos {
        let offset = offset.min(self.text.len());
        let line_index = match self.line_starts.binary_search(&narrow(offset)) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.line_starts[line_index] as usize;
        // Most lines are short: std's character count over the line beats two
        // checkpoint lookups; the checkpoints keep huge one-line files linear.
        let column = if offset - start <= 4 * CHECKPOINT {
            prefix_chars(&self.text, start, offset) + 1
        } else {
            self.chars_before(offset) - self.chars_before(start) + 1
        };
        let end = (offset + len).min(self.text.len());
        let line_end = self.line_end(line_index);
        let width = prefix_chars(&self.text, offset, end.min(line_end));
        Pos::new(line_index + 1, column, width)
    }

    fn line_end(&self, line_index: usize) -> usize {
        let end = self
            .line_starts
            .get(line_index + 1)
            .map(|next| *next as usize - 1)
            .unwrap_or(self.text.len());
        end.max(self.line_starts[line_index] as usize)
    }

    /// The text of a 1-based line, without its line ending.
    pub(crate) fn line_text(&self, line: usize) -> Option<&str> {
        let index = line.checked_sub(1)?;
        let start = *self.line_starts.get(index)? as usize;
        let end = self.line_end(index);
        self.text.get(start..end).map(|l| l.strip_suffix('\r').unwrap_or(l))
    }

    /// The byte offset of a position (its line and column).
    pub(crate) fn offset(&self, pos: Pos) -> usize {
        let Some(start) = self.line_start(pos.line) else {
            return self.text.len();
        };
        let line = &self.text[start..];
        start
            + line
                .char_indices()
                .nth(pos.column.saturating_sub(1))
                .map_or(line.len(), |(i, _)| i)
    }

    /// The byte offset where a 1-based line starts.
    pub(crate) fn line_start(&self, line: usize) -> Option<usize> {
        self.line_starts.get(line.checked_sub(1)?).map(|s| *s as usize)
    }
}

fn prefix_chars(text: &str, from: usize, to: usize) -> usize {
    let mut from = from;
    while from < to && !text.is_char_boundary(from) {
        from += 1;
    }
    let mut to = to;
    while to > from && !text.is_char_boundary(to) {
        to -= 1;
    }
    text.get(from..to).map_or(0, |s| s.chars().count())
}

/// The closest of `candidates` to a mistyped `word`, if one is close enough to
/// be what the user meant.
pub(crate) fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&lower, &c.to_lowercase()), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_from_one() {
        let src = SourceFile::new("a.md", "first\nsécond line\nthird".to_string());
        let offset = src.text.find("line").unwrap();
        assert_eq!(src.pos(offset, 4), Pos::new(2, 8, 4));
        assert_eq!(src.pos(0, 0), Pos::new(1, 1, 0));
        assert_eq!(src.line_text(3), Some("third"));
        assert_eq!(src.line_text(4), None);
    }

    #[test]
    fn prints_location_excerpt_caret_and_help() {
        let src = SourceFile::new("content/a.md", "---\ntitel: Hi\n---\n".to_string());
        let d = Diagnostic::error("content/a.md", "unknown-key", "unknown key `titel`")
            .at(&src, Pos::new(2, 1, 5))
            .with_help("did you mean `title`?");
        assert_eq!(
            d.to_string(),
            "content/a.md:2:1: error: unknown key `titel`\n  |\n2 | titel: Hi\n  | ^^^^^\n  = help: did you mean `title`?\n"
        );
    }

    #[test]
    fn long_lines_and_control_characters_are_shown_safely() {
        let line = format!("{}\u{1b}[31mX{}", "a".repeat(500), "b".repeat(500));
        let src = SourceFile::new("a.md", line);
        let d = Diagnostic::error("a.md", "r", "m").at(&src, Pos::new(1, 506, 1));
        let shown = d.to_string();
        let lines: Vec<&str> = shown.lines().collect();
        assert!(!shown.contains('\u{1b}'), "{shown}");
        assert!(lines[2].chars().count() < EXCERPT_CHARS + 10, "{shown}");
        let caret = lines[3].chars().position(|c| c == '^').unwrap();
        assert_eq!(lines[2].chars().nth(caret), Some('X'), "{shown}");
    }

    #[test]
    fn messages_and_file_names_print_no_control_characters() {
        let d = Diagnostic::error("content/\u{1b}]0;x\u{7}.md", "r", "unknown key `\u{1b}[2J`")
            .with_help("did you mean `\u{9b}31m`?");
        let shown = d.to_string();
        assert!(!shown.chars().any(|c| c.is_control() && c != '\n'), "{shown:?}");
        assert!(shown.starts_with("content/\u{fffd}]0;x\u{fffd}.md: error: unknown key `\u{fffd}[2J`"));
    }

    #[test]
    fn suggests_close_words_only() {
        let keys = ["title", "description", "slug"];
        assert_eq!(did_you_mean("titel", keys), Some("title"));
        assert_eq!(did_you_mean("descripion", keys), Some("description"));
        assert_eq!(did_you_mean("colour", keys), None);
    }
}

#[cfg(test)]
pub(crate) mod props;

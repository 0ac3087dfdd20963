//! Where each key and value of a YAML block starts, found by a pass over
//! yaml-rust2's events. serde_yaml knows positions only for the errors it
//! raises itself; checks that span several fields (an unknown reviewer id, a
//! comparison value for a missing option) still need the line of the key they
//! blame.
//!
//! Must never recurse once per level of nesting, nor panic on input: a hostile
//! file could otherwise overflow the stack.

use std::collections::HashMap;
use std::ops::Range;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use crate::diagnostics::{Place, Pos, SourceFile};

/// Where each key and value of a YAML block starts in its file. Paths are
/// dotted, with list items as numbers: `criteria.0.values.microneedling`.
// `pub`, not `pub(crate)`: `content::kinds::DataKind` names it in a `pub` field.
#[derive(Debug, Default, Clone)]
pub(crate) struct Spans {
    /// Sorted by path. A build keeps every page's spans, so they are kept
    /// without the room a map grows into (a third of it at 10,000 pages).
    nodes: Box<[(Box<str>, NodeSpan)]>,
    /// The position of the block's first line, used when no node matches.
    start: Pos,
    /// Where the nesting first went deeper than `MAX_DEPTH`, if it did.
    pub(super) too_deep: Option<Pos>,
    /// Where the block passed `MAX_NODES` keys and list items, if it did.
    pub(super) too_many: Option<Pos>,
}

/// How many keys and list items one YAML block may have. serde_yaml holds
/// every event of a document in memory before it builds anything, about
/// 400 bytes per node: 500,000 one-line keys (a 10 MB file) took 1.4 GB.
/// A patient information page has hundreds of nodes; a long FAQ a few
/// thousand. The event pass stops here, before serde_yaml is started.
pub(crate) const MAX_NODES: usize = 100_000;

/// How deeply lists and mappings may nest. serde_yaml refuses anything deeper
/// (its recursion limit is 128) but only after its scanner has read the whole
/// block, which takes time that grows with the square of the depth: 100,000
/// nested `[` took a minute. The event pass stops at this depth instead, and
/// the typed pass is then never started.
pub(super) const MAX_DEPTH: usize = 128;

/// A key's place and its value's; a key at line 0 is none (a list item).
#[derive(Debug, Clone, Copy, Default)]
struct NodeSpan {
    key: Place,
    value: Place,
}

impl NodeSpan {
    fn new(key: Option<Pos>, value: Pos) -> NodeSpan {
        NodeSpan {
            key: key.map(Place::from).unwrap_or_default(),
            value: value.into(),
        }
    }

    fn key(&self) -> Option<Pos> {
        Some(Pos::from(self.key)).filter(|k| k.line > 0)
    }

    fn value(&self) -> Pos {
        self.value.into()
    }
}

impl Spans {
    fn get(&self, path: &str) -> Option<&NodeSpan> {
        let i = self.nodes.binary_search_by(|(p, _)| (**p).cmp(path)).ok()?;
        Some(&self.nodes[i].1)
    }

    /// The key of `path` (`title` in `title: x`), else its value, else the block start.
    pub(crate) fn key(&self, path: &str) -> Pos {
        self.get(path)
            .map(|n| n.key().unwrap_or(n.value()))
            .unwrap_or(self.start)
    }

    /// The value of `path`, else the block start.
    pub(crate) fn value(&self, path: &str) -> Pos {
        self.get(path).map(NodeSpan::value).unwrap_or(self.start)
    }

    pub(crate) fn has(&self, path: &str) -> bool {
        self.get(path).is_some()
    }

    pub(crate) fn start(&self) -> Pos {
        self.start
    }

    /// The path whose value starts at a position, for naming the field a
    /// typed-pass error points at.
    pub(super) fn path_at(&self, line: usize, column: usize) -> Option<&str> {
        self.nodes
            .iter()
            .filter(|(_, n)| n.value().line == line && n.value().column == column)
            .map(|(p, _)| &**p)
            .max_by_key(|p| p.len())
    }
}

/// Records the positions of the keys and values of a YAML block.
pub(crate) fn spans(source: &SourceFile, range: Range<usize>) -> Spans {
    let first_line = source.pos(range.start, 0).line;
    let text = source.text.get(range).unwrap_or("");
    let mut recorder = Recorder {
        first_line,
        stack: Vec::new(),
        anchored: HashMap::new(),
        nodes: HashMap::new(),
        spans: Spans {
            nodes: Box::default(),
            start: Pos::new(first_line, 1, 1),
            too_deep: None,
            too_many: None,
        },
        count: 0,
    };
    // Events are pulled one by one rather than with `Parser::load`, which
    // recurses once per level of nesting: a hostile file could overflow the stack.
    let mut parser = Parser::new_from_str(text);
    loop {
        let (event, mark) = match parser.next_token() {
            Ok(next) => next,
            // yaml-rust2 has a nesting limit of its own for `[` and `{`.
            Err(e) if e.info().contains("recursion limit") => {
                recorder.spans.too_deep = Some(recorder.pos(*e.marker(), 1));
                break;
            }
            // A syntax error is reported by the typed pass; keep what was recorded.
            Err(_) => break,
        };
        match event {
            // Only the first document is read, as serde_yaml does.
            Event::DocumentEnd | Event::StreamEnd => break,
            Event::MappingStart(..) | Event::SequenceStart(..) if recorder.stack.len() >= MAX_DEPTH => {
                recorder.spans.too_deep = Some(recorder.pos(mark, 1));
                break;
            }
            event => recorder.on_event(event, mark),
        }
        if recorder.count > MAX_NODES {
            recorder.spans.too_many = Some(recorder.pos(mark, 1));
            break;
        }
    }
    let mut nodes: Vec<(Box<str>, NodeSpan)> = recorder
        .nodes
        .into_iter()
        .map(|(path, node)| (path.into_boxed_str(), node))
        .collect();
    nodes.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    recorder.spans.nodes = nodes.into_boxed_slice();
    recorder.spans
}

enum Frame {
    Map {
        path: String,
        key: Option<(String, Pos)>,
        /// No key seen yet: the first key's place is the mapping's place
        /// (yaml-rust2 marks a block mapping's start after its first key).
        fresh: bool,
    },
    Seq {
        path: String,
        index: usize,
    },
}

struct Recorder {
    first_line: usize,
    stack: Vec<Frame>,
    /// Each path's places, while they are being recorded.
    nodes: HashMap<String, NodeSpan>,
    spans: Spans,
    /// The text of scalars with an anchor (`&a text`), by anchor id, so that
    /// an alias used as a key (`*a : value`) is recorded under its text.
    anchored: HashMap<usize, String>,
    /// The values recorded so far (keys and list items), aliases included.
    count: usize,
}

impl Recorder {
    fn pos(&self, mark: Marker, width: usize) -> Pos {
        Pos::new(self.first_line + mark.line() - 1, mark.col() + 1, width)
    }

    /// A value starts: record it under the current key or index. Returns its path.
    fn value(&mut self, pos: Pos) -> String {
        self.count += 1;
        let (path, key) = match self.stack.last_mut() {
            None => (String::new(), None),
            Some(Frame::Seq { path, index }) => {
                let p = join(path, &index.to_string());
                *index += 1;
                (p, None)
            }
            Some(Frame::Map { path, key, .. }) => match key.take() {
                Some((k, kpos)) => (join(path, &k), Some(kpos)),
                None => (join(path, "?"), None),
            },
        };
        self.nodes.entry(path.clone()).or_insert(NodeSpan::new(key, pos));
        path
    }

    /// In a mapping that waits for a key, a scalar is that key.
    fn expects_key(&self) -> bool {
        matches!(self.stack.last(), Some(Frame::Map { key: None, .. }))
    }
}

fn join(path: &str, segment: &str) -> String {
    if path.is_empty() {
        segment.to_string()
    } else {
        format!("{path}.{segment}")
    }
}

impl MarkedEventReceiver for Recorder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        match ev {
            Event::Scalar(value, style, anchor, _) => self.scalar(value, style, anchor, mark),
            Event::Alias(anchor) => self.alias(anchor, mark),
            Event::MappingStart(..) => self.open(mark, true),
            Event::SequenceStart(..) => self.open(mark, false),
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

impl Recorder {
    fn scalar(&mut self, value: String, style: TScalarStyle, anchor: usize, mark: Marker) {
        if anchor > 0 {
            self.anchored.insert(anchor, value.clone());
        }
        let width = value.chars().count()
            + match style {
                TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted => 2,
                _ => 0,
            };
        let pos = self.pos(mark, width);
        if self.expects_key() {
            if let Some(Frame::Map { key, fresh, path }) = self.stack.last_mut() {
                *key = Some((value, pos));
                if std::mem::take(fresh) {
                    if let Some(node) = self.nodes.get_mut(path.as_str()) {
                        node.value = Pos::new(pos.line, pos.column, 1).into();
                    }
                }
            }
        } else {
            // `label:` with nothing after it: the reader places the empty
            // value at the next token, often on the next line; the place
            // to write it is right after the key's colon.
            let pos = match self.stack.last() {
                Some(Frame::Map {
                    key: Some((_, key)), ..
                }) if value.is_empty() && style == TScalarStyle::Plain => Pos::new(key.line, key.column + key.width, 1),
                _ => pos,
            };
            self.value(pos);
        }
    }

    fn alias(&mut self, anchor: usize, mark: Marker) {
        let pos = self.pos(mark, 1);
        if self.expects_key() {
            let name = self.anchored.get(&anchor).cloned().unwrap_or_else(|| "?".to_string());
            if let Some(Frame::Map { key, .. }) = self.stack.last_mut() {
                *key = Some((name, pos));
            }
        } else {
            self.value(pos);
        }
    }

    /// A mapping or a list starts.
    fn open(&mut self, mark: Marker, mapping: bool) {
        let pos = self.pos(mark, 1);
        let path = if self.expects_key() {
            // A complex key: record nothing beneath it.
            if let Some(Frame::Map { key, .. }) = self.stack.last_mut() {
                *key = Some(("?".to_string(), pos));
            }
            "?".to_string()
        } else {
            self.value(pos)
        };
        self.stack.push(if mapping {
            Frame::Map {
                path,
                key: None,
                fresh: true,
            }
        } else {
            Frame::Seq { path, index: 0 }
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostics::Pos;
    use crate::yaml::tests::parse_doc;

    #[test]
    fn records_key_and_value_positions() {
        let p = parse_doc("title: Hello\nitems:\n  - id: a\n  - id: \"b\"\n");
        assert_eq!(p.spans.key("title"), Pos::new(1, 1, 5));
        assert_eq!(p.spans.value("title"), Pos::new(1, 8, 5));
        assert_eq!(p.spans.key("items.1.id"), Pos::new(4, 5, 2));
        assert_eq!(p.spans.value("items.1.id"), Pos::new(4, 9, 3));
        assert!(p.diagnostics.is_empty());
    }
}

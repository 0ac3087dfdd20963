//! Property tests of the Markdown renderer, and the strategy for Markdown
//! text that the content tests reuse: whatever a body holds, it renders,
//! link positions stay inside it, and data text never passes raw HTML.

use std::sync::Arc;

use proptest::prelude::*;

use super::Document;
use crate::diagnostics::props::cases;
use crate::diagnostics::{Pos, SourceFile};

pub(crate) fn markdown_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z ]{0,30}".prop_map(|t| format!("{t}\n")),
        "[a-zA-Z ]{0,12}".prop_map(|t| format!("## {t}\n")),
        "[a-zA-Z ]{0,12}".prop_map(|t| format!("### {t} {{#id-{}}}\n", t.len())),
        prop::sample::select(vec![
            "risks.md",
            "../up.md",
            "/abs.md",
            "#anchor",
            "faq.yaml#q",
            "https://example.com",
            "mailto:a@b.example",
            "",
            "<bad",
            "a b.md",
            "%zz",
            "//host/x",
            "javascript:alert(1)",
        ])
        .prop_map(|d| format!("See [link]({d}) and ![img]({d}).\n")),
        Just("- item\n  - nested\n    > quote\n".to_string()),
        Just("1. one\n2. two\n".to_string()),
        Just("> > > quoted\n".to_string()),
        Just("| a | b |\n|---|---|\n| 1 | 2 |\n".to_string()),
        Just("Table: caption\n| a |\n|---|\n| 1 |\n".to_string()),
        Just("Table: caption without a table\n".to_string()),
        Just("```\ncode\n```\n".to_string()),
        Just("```\nunclosed fence\n".to_string()),
        Just("<div>raw <b>html</b></div>\n".to_string()),
        Just("<!-- comment\n".to_string()),
        Just("Footnote[^1].\n\n[^1]: The note.\n".to_string()),
        Just("[^missing]\n".to_string()),
        Just("- [ ] task\n- [x] done\n".to_string()),
        Just("~~struck~~ *em* **strong** `code`\n".to_string()),
        Just("[ref][r]\n\n[r]: risks.md \"title\"\n".to_string()),
        Just("---\n".to_string()),
        Just("\n".to_string()),
        Just("#\n".to_string()),
        Just("## {#}\n".to_string()),
        "\\PC{0,20}".prop_map(|t| format!("{t}\n")),
    ]
}

pub(crate) fn markdown_body() -> impl Strategy<Value = String> {
    prop::collection::vec(markdown_piece(), 0..12).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(cases(500))]

    #[test]
    fn markdown_renders_whatever_it_holds(body in markdown_body(), value in markdown_body()) {
        let text = format!("---\ntitle: T\n---\n{body}");
        let start = text.len() - body.len();
        let source = Arc::new(SourceFile::new("content/p.md", text.clone()));
        let doc = Document::parse(source.clone(), start..text.len());
        let lines = text.split('\n').count();
        for link in &doc.links {
            prop_assert!(link.pos().line >= 4 && link.pos().line <= lines, "{:?}", link);
        }
        let ids: Vec<&str> = doc.anchors().collect();
        let unique: std::collections::BTreeSet<&str> = ids.iter().copied().collect();
        prop_assert!(doc.headings.iter().all(|h| !h.id.is_empty()));
        let explicit = body.matches("{#").count();
        if explicit == 0 {
            prop_assert_eq!(ids.len(), unique.len(), "generated heading ids are unique");
        }
        let _ = doc.to_html(&[]);
        let data = Document::parse_value(value, &source, Pos::new(4, 1, 1));
        let html = data.to_data_html(&[]);
        prop_assert!(!html.contains("<div>") && !html.contains("<b>"), "data never passes raw HTML: {}", html);
        let _ = data.to_inline_html(&[]);
    }
}

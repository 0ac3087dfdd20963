//! The preview's `/__dermapress/` page: the content inventory of
//! `dermapress status` for the last build, as a plain, accessible HTML page
//! (its template is `inventory.html` beside this file; autoescaped, so file
//! text is never read as markup). Linked from the overlay and the warnings
//! panel of every previewed page.

use serde::Serialize;

use crate::status::Inventory;

pub(crate) const PATH: &str = "/__dermapress/";
const TEMPLATE: &str = include_str!("inventory.html");

/// A review with its state in words, as the terminal says it.
#[derive(Serialize)]
struct ReviewRow<'a> {
    file: &'a str,
    title: &'a str,
    state: String,
    overdue: bool,
}

/// One list of pages with its heading.
#[derive(Serialize)]
struct List<'a> {
    id: &'a str,
    heading: &'a str,
    pages: &'a [crate::status::Listed],
}

#[derive(Serialize)]
struct FindingRow<'a> {
    line: usize,
    column: usize,
    severity: String,
    rule: &'a str,
    message: &'a str,
    help: Option<&'a str>,
}

#[derive(Serialize)]
struct FileRows<'a> {
    file: &'a str,
    findings: Vec<FindingRow<'a>>,
}

/// The page for `inv`, or why the template failed (a bug: it is the binary's own).
pub(crate) fn page(inv: &Inventory) -> Result<String, String> {
    let reviews: Vec<ReviewRow> = inv
        .reviews
        .iter()
        .map(|r| ReviewRow {
            file: &r.file,
            title: &r.title,
            state: crate::report::review_state(r),
            overdue: r.days_left.is_none_or(|d| d < 0),
        })
        .collect();
    let files: Vec<FileRows> = inv
        .findings
        .iter()
        .map(|f| FileRows {
            file: &f.file,
            findings: f
                .findings
                .iter()
                .map(|d| FindingRow {
                    line: d.line,
                    column: d.column,
                    severity: d.severity.to_string(),
                    rule: d.rule,
                    message: &d.message,
                    help: d.help.as_deref(),
                })
                .collect(),
        })
        .collect();
    let mut lists = vec![
        List {
            id: "drafts",
            heading: "Drafts",
            pages: &inv.drafts,
        },
        List {
            id: "scheduled",
            heading: "Scheduled",
            pages: &inv.scheduled,
        },
        List {
            id: "expired",
            heading: "Expired",
            pages: &inv.expired,
        },
        List {
            id: "without-sources",
            heading: "Medical pages without sources",
            pages: &inv.without_sources,
        },
    ];
    if !inv.outdated_translations.is_empty() {
        lists.push(List {
            id: "outdated-translations",
            heading: "Outdated translations",
            pages: &inv.outdated_translations,
        });
    }
    let mut ctx = tera::Context::new();
    ctx.insert("inv", inv);
    ctx.insert("lists", &lists);
    ctx.insert("reviews", &reviews);
    ctx.insert("files", &files);
    let mut tera = tera::Tera::new();
    tera.autoescape_on(vec![".html"]);
    tera.add_raw_template("inventory.html", TEMPLATE)
        .and_then(|_| tera.render("inventory.html", &ctx))
        .map_err(|e| e.to_string())
}

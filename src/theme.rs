//! The theme: its tera templates (the theme's own, replaced file by file by
//! the site's `templates/`), read and compiled once, with dermapress's filters.
//!
//! Template errors name the template file, its line and column, and the page
//! being rendered.

pub(crate) mod settings;
pub(crate) mod strings;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use tera::{Context, ErrorKind, Kwargs, ReportError, State, Tera};

use crate::config::{Config, LoadedConfig};
use crate::diagnostics::{Diagnostic, Pos, SourceFile};
use crate::picture::{self, Pictures, Priority};

/// Templates the binary carries, used when the theme has none of that name.
const BUILTIN: &[(&str, &str)] = &[
    ("sitemap.xml", include_str!("builtin/sitemap.xml")),
    ("robots.txt", include_str!("builtin/robots.txt")),
    ("atom.xml", include_str!("builtin/atom.xml")),
    ("_redirects", include_str!("builtin/_redirects")),
    ("alias.html", include_str!("builtin/alias.html")),
    ("_headers", include_str!("builtin/_headers")),
];

/// The compiled templates. Cloning is cheap: clones share the compiled set,
/// which is also how a rebuild knows the templates did not change.
#[derive(Clone)]
pub(crate) struct Theme {
    pub(crate) dir: PathBuf,
    tera: Arc<Tera>,
    /// Where each template came from, to point errors at the right file.
    files: Arc<BTreeMap<String, SourceFile>>,
    /// The site's images for `picture()`, set before each render: the
    /// compiled templates outlive one build in `watch`.
    pictures: Slot,
}

type Slot = Arc<RwLock<Arc<Pictures>>>;

/// The text of every template a theme is compiled from, read but not compiled.
pub(crate) struct ThemeSources {
    pub(crate) dir: PathBuf,
    files: BTreeMap<String, SourceFile>,
}

impl ThemeSources {
    /// Whether `theme` was compiled from exactly these texts.
    pub(crate) fn compiled_into(&self, theme: &Theme) -> bool {
        self.dir == theme.dir
            && self.files.len() == theme.files.len()
            && self
                .files
                .iter()
                .zip(theme.files.iter())
                .all(|((n1, f1), (n2, f2))| n1 == n2 && f1.path == f2.path && f1.text == f2.text)
    }
}

impl Theme {
    /// Whether two themes share one compiled template set.
    pub(crate) fn same_as(&self, other: &Theme) -> bool {
        Arc::ptr_eq(&self.tera, &other.tera)
    }

    /// Reads the template files without compiling them.
    pub(crate) fn read(
        root: &Path,
        config: &Config,
        config_file: &LoadedConfig,
    ) -> Result<ThemeSources, Vec<Diagnostic>> {
        let dir = root.join("themes").join(&config.theme);
        if !dir.join("templates").is_dir() {
            let available: Vec<String> = std::fs::read_dir(root.join("themes"))
                .map(|rd| {
                    rd.filter_map(|e| e.ok())
                        .filter(|e| e.path().join("templates").is_dir())
                        .filter_map(|e| e.file_name().into_string().ok())
                        .collect()
                })
                .unwrap_or_default();
            let help = if available.is_empty() {
                "put a theme in themes/<name>/templates, or run `dermapress init` to get the default theme".to_string()
            } else {
                format!("the themes there are: {}", available.join(", "))
            };
            return Err(vec![Diagnostic::error(
                crate::config::FILE,
                "unknown-theme",
                format!(
                    "there is no theme `{}` (looked for themes/{}/templates)",
                    config.theme, config.theme
                ),
            )
            .at(&config_file.source, config_file.spans.value("theme"))
            .with_help(help)]);
        }
        let mut diagnostics = Vec::new();
        let mut files: BTreeMap<String, SourceFile> = BTreeMap::new();
        let theme_rel = PathBuf::from("themes").join(&config.theme).join("templates");
        for (folder, report_as) in [
            (dir.join("templates"), theme_rel),
            (root.join("templates"), PathBuf::from("templates")),
        ] {
            let (found, problems) = crate::source::discover(&folder, &report_as, root);
            diagnostics.extend(problems);
            for f in found {
                let rel = report_as.join(&f.rel);
                match crate::source::read_text(&f.full, &rel) {
                    Ok(text) => {
                        files.insert(f.rel, SourceFile::new(rel, text));
                    }
                    Err(d) => diagnostics.push(*d),
                }
            }
        }
        if !diagnostics.is_empty() {
            return Err(diagnostics);
        }
        Ok(ThemeSources { dir, files })
    }

    pub(crate) fn compile(sources: ThemeSources) -> Result<Theme, Vec<Diagnostic>> {
        let ThemeSources { dir, files } = sources;
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".htm", ".xml"]);
        register_filters(&mut tera);
        let pictures = Slot::default();
        register_picture(&mut tera, pictures.clone());
        let mut all: Vec<(String, String)> = BUILTIN
            .iter()
            .filter(|(name, _)| !files.contains_key(*name))
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        all.extend(files.iter().map(|(n, f)| (n.clone(), f.text.clone())));
        if let Err(err) = tera.add_raw_templates(all) {
            return Err(vec![template_error(&files, &err, None)]);
        }
        Ok(Theme {
            dir,
            tera: Arc::new(tera),
            files: Arc::new(files),
            pictures,
        })
    }

    /// The ids the templates give their own elements, which headings must not take.
    pub(crate) fn ids(&self) -> std::collections::BTreeSet<String> {
        self.files
            .values()
            .flat_map(|f| crate::markdown::template_ids(&f.text))
            .collect()
    }

    /// The images `picture()` shows from now on.
    pub(crate) fn set_pictures(&self, pictures: Arc<Pictures>) {
        if let Ok(mut slot) = self.pictures.write() {
            *slot = pictures;
        }
    }

    /// Whether a template calls `picture()`, and so depends on every image.
    pub(crate) fn uses_picture(&self) -> bool {
        self.files.values().any(|f| f.text.contains("picture("))
    }

    pub(crate) fn has(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    pub(crate) fn render(&self, name: &str, context: &Context, page: Option<&str>) -> Result<String, Diagnostic> {
        self.tera
            .render(name, context)
            .map_err(|err| template_error(&self.files, &err, page))
    }
}

fn register_filters(tera: &mut Tera) {
    // `asset(path="css/style.css")` -> "/css/style.3f9a1c0b2e.css": the URL of
    // a stylesheet or script under its content name (see `load::fingerprint`).
    tera.register_function("asset", |kwargs: Kwargs, state: &State| -> tera::TeraResult<String> {
        let path: String = kwargs.must_get("path")?;
        let site: Option<tera::Value> = state.get("site")?;
        let found = site.as_ref().and_then(|s| s.as_map()).and_then(|site| {
            let assets = site.iter().find(|(k, _)| k.to_string() == "assets")?.1.as_map()?;
            let url = assets.iter().find(|(k, _)| k.to_string() == path.trim_start_matches('/'))?;
            url.1.as_str().map(str::to_string)
        });
        found.ok_or_else(|| {
            tera::Error::message(format!(
                "asset(path=\"{path}\"): there is no stylesheet or script {path} in the theme's or the site's static/ folder"
            ))
        })
    });
    // "2026-10-01" -> "October 1, 2026": a date people read the same way
    // everywhere. `format` ("{day} de {month} de {year}") and `months` (twelve
    // names, space-separated) come from the theme's strings of the language.
    tera.register_filter("long_date", |value: &str, kwargs: Kwargs, _: &State| -> String {
        let Some(d) = crate::content::meta::Date::parse(value) else {
            return value.to_string();
        };
        let format: Option<String> = kwargs.get("format").ok().flatten();
        let months: Option<String> = kwargs.get("months").ok().flatten();
        let names: Vec<&str> = months
            .as_deref()
            .map(|m| m.split_whitespace().collect())
            .unwrap_or_default();
        let index = (d.0.month() as usize).saturating_sub(1) % 12;
        let month = match names.get(index) {
            Some(name) if names.len() == 12 => name,
            _ => crate::content::meta::MONTHS[index],
        };
        format
            .as_deref()
            .unwrap_or("{month} {day}, {year}")
            .replace("{month}", month)
            .replace("{day}", &d.0.day().to_string())
            .replace("{year}", &d.0.year().to_string())
    });
}

/// `picture(src=..., alt=..., sizes=..., priority=...)`: an image of the
/// site as its `<picture>` (see `crate::picture`); `priority` is `lazy`
/// (the default), `eager` or `high` (a hero). An image that is not a
/// processed one (SVG, another site's) is an `<img>`.
fn register_picture(tera: &mut Tera, pictures: Slot) {
    tera.register_function(
        "picture",
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<tera::Value> {
            let src: &str = kwargs.must_get("src")?;
            let alt: Option<&str> = kwargs.get("alt")?;
            let Some(alt) = alt else {
                return Err(tera::Error::message(
                    "picture() needs alt=\"...\": say what the image shows (alt=\"\" only for a decorative one)",
                ));
            };
            let sizes: Option<&str> = kwargs.get("sizes")?;
            let priority: Option<&str> = kwargs.get("priority")?;
            let priority = match priority {
                None => Priority::Lazy,
                Some(p) => Priority::named(p).ok_or_else(|| {
                    tera::Error::message(format!(
                        "picture(): priority is `{p}`, but it is \"lazy\", \"eager\" or \"high\""
                    ))
                })?,
            };
            let at = picture::Use {
                alt,
                title: None,
                sizes,
                priority,
            };
            let table = pictures.read().map(|t| t.clone()).unwrap_or_default();
            let plain = picture::Picture {
                src: src.to_string(),
                width: 0,
                height: 0,
                sources: Vec::new(),
                fallback: Vec::new(),
                sizes: String::new(),
            };
            let html = picture::html(table.find(src).unwrap_or(&plain), &at);
            Ok(tera::Value::safe_string(&html))
        },
    );
}

/// The first report in tera's text form: message, template name, line, column.
fn first_report(text: &str) -> Option<(&str, &str, usize, usize)> {
    let mut lines = text.lines();
    let message = lines.next()?.trim().trim_start_matches("error:").trim();
    let place = lines.find_map(|l| l.trim().strip_prefix("--> "))?;
    let mut parts = place.rsplitn(3, ':');
    let column = parts.next()?.trim().parse().ok()?;
    let line = parts.next()?.trim().parse().ok()?;
    let name = parts.next()?.trim();
    Some((message, name, line, column))
}

/// A tera error as a diagnostic at the template's file, line and column.
fn template_error(files: &BTreeMap<String, SourceFile>, err: &tera::Error, page: Option<&str>) -> Diagnostic {
    let rendering = page.map(|p| format!(" (while rendering {p})")).unwrap_or_default();
    match err.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            let syntax = matches!(err.kind(), ErrorKind::SyntaxError(_));
            reported_error(files, report, syntax, &rendering)
        }
        ErrorKind::TemplateNotFound(name) => Diagnostic::error(
            file_of(files, name),
            "missing-template",
            format!("the template `{name}` does not exist{rendering}"),
        )
        .with_help("create it in the theme's templates folder or in templates/ at the site root"),
        ErrorKind::MissingParent { current, parent } => Diagnostic::error(
            file_of(files, current),
            "missing-template",
            format!("`{current}` extends `{parent}`, which does not exist"),
        )
        .with_help("create the missing template or fix the name in {% extends %}"),
        _ => other_error(files, err, &rendering),
    }
}

/// The file a template was read from, or words for a built-in one.
fn file_of(files: &BTreeMap<String, SourceFile>, name: &str) -> PathBuf {
    files
        .get(name)
        .map(|f| f.path.clone())
        .unwrap_or_else(|| PathBuf::from(format!("built-in template {name}")))
}

/// A syntax or rendering error that tera reports with its span.
fn reported_error(
    files: &BTreeMap<String, SourceFile>,
    report: &ReportError,
    syntax: bool,
    rendering: &str,
) -> Diagnostic {
    let span = report.span();
    let pos = Pos::new(span.start_line, span.start_col + 1, span.range.len().clamp(1, 40));
    let rule = if syntax { "template-syntax" } else { "template-render" };
    let (message, help) = if report.message() == "Unexpected end of input" {
        (
            "the template ends while a tag is still open".to_string(),
            "close every {% if %}, {% for %} and {% block %} with {% endif %}, {% endfor %} and {% endblock %}",
        )
    } else if rule == "template-syntax" {
        (
            report.message().to_string(),
            "fix the template syntax here; tags are written {{ value }} and {% tag %}",
        )
    } else {
        (
            report.message().to_string(),
            "check the variable names this template uses against the README's template variables",
        )
    };
    let d = Diagnostic::error(file_of(files, report.filename()), rule, format!("{message}{rendering}"));
    let d = match files.get(report.filename()) {
        Some(source) => d.at(source, pos),
        None => d.at_line(pos.line, pos.column),
    };
    d.with_help(help)
}

/// Any other tera error, placed when its text names a place.
fn other_error(files: &BTreeMap<String, SourceFile>, err: &tera::Error, rendering: &str) -> Diagnostic {
    let text = err.to_string();
    // Unknown filters, tests and includes come as tera's own report
    // text ("error: Unknown filter `x`\n --> page.html:3:21"): place it.
    if let Some((message, name, line, column)) = first_report(&text) {
        let width = message.split('`').nth(1).map_or(1, |w| w.chars().count());
        let d = Diagnostic::error(file_of(files, name), "template-syntax", format!("{message}{rendering}"));
        let d = match files.get(name) {
            Some(source) => d.at(source, Pos::new(line, column, width)),
            None => d.at_line(line, column),
        };
        return d.with_help("use a filter, test or template that exists; the README lists dermapress's own");
    }
    let d = Diagnostic::error(
        PathBuf::from("templates"),
        "template",
        format!("{}{rendering}", text.trim()),
    );
    d.with_help("fix the template named above")
}

#[cfg(test)]
mod tests {
    use super::first_report;

    #[test]
    fn tera_report_text_is_placed() {
        let text = "error: Unknown filter `nofilter`\n --> page.html:3:21\n  |\n3 | x\n";
        assert_eq!(
            first_report(text),
            Some(("Unknown filter `nofilter`", "page.html", 3, 21))
        );
    }
}

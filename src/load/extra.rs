//! The values of site.yaml and of front matter that are not the typed
//! fields' business: site.yaml's URLs outside the menu (`clinic.booking_url`),
//! every text under an `extra` that reads as a link with a scheme, and the
//! theme's declared settings.
//!
//! Templates put these values into `href`, `src` and `<style>` as they are:
//! a `javascript:` link or a `;}` in a colour would reach every page, so
//! they are refused here, with the others' findings, before rendering.

use crate::config::LoadedConfig;
use crate::content::page::Page;
use crate::diagnostics::{Diagnostic, SourceFile};
use crate::theme::settings::Settings;
use crate::yaml::{self, Spans, Value};

/// `clinic.booking_url`, the theme's settings, and the links under site.yaml's `extra`.
pub(super) fn site(config_file: &LoadedConfig, settings: &Settings) -> Vec<Diagnostic> {
    let (config, spans, source) = (&config_file.config, &config_file.spans, &config_file.source);
    let mut out = Vec::new();
    if let Some(url) = config.clinic.as_ref().and_then(|c| c.booking_url.as_deref()) {
        out.extend(script_link(url, "clinic.booking_url", spans, source));
    }
    out.extend(settings.check(&config.extra, spans, source));
    out.extend(links_in(&config.extra, spans, source));
    out
}

/// The links under each page's `extra`.
pub(super) fn pages(pages: &[Page]) -> Vec<Diagnostic> {
    pages
        .iter()
        .flat_map(|p| links_in(&p.meta.extra, &p.spans, &p.source).collect::<Vec<_>>())
        .collect()
}

fn links_in<'a>(extra: &'a Value, spans: &'a Spans, source: &'a SourceFile) -> impl Iterator<Item = Diagnostic> + 'a {
    yaml::strings(extra, "extra")
        .into_iter()
        .filter(|(_, s)| reads_as_link(s))
        .filter_map(move |(path, s)| script_link(s, &path, spans, source))
}

/// `name:` followed by something other than a space: `javascript:alert(1)`
/// is a link, `Note: bring a list` is text.
fn reads_as_link(text: &str) -> bool {
    let t = text.trim_start_matches(|c: char| c <= ' ');
    t.split_once(':')
        .is_some_and(|(_, rest)| rest.chars().next().is_some_and(|c| !c.is_whitespace()))
}

fn script_link(url: &str, path: &str, spans: &Spans, source: &SourceFile) -> Option<Diagnostic> {
    let scheme = crate::urls::unsafe_scheme(url)?;
    let shown: String = url.chars().take(40).collect();
    Some(
        Diagnostic::error(
            source.path(),
            "script-link",
            format!(
                "`{path}` is a `{scheme}:` link (`{shown}`); links may only be https://, http://, mailto:, tel: or the site's own pages and files"
            ),
        )
        .at(source, spans.value(path))
        .with_help("write an https:// address or a path of the site; a template puts this value into a link as it is"),
    )
}

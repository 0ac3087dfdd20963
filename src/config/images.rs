//! `images:` in site.yaml: the widths and formats every raster image of the
//! site is published in, and how much the encoders may compress.

use serde::{Deserialize, Serialize};

use super::FILE;
use crate::diagnostics::{Diagnostic, SourceFile};
use crate::yaml::Spans;

pub(crate) const KEYS: &[&str] = &["widths", "formats", "quality", "sizes"];

/// The narrowest and widest widths that make sense for a web page.
const WIDTHS: std::ops::RangeInclusive<u32> = 16..=8192;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub(crate) struct Images {
    /// Sorted and without repeats once validated.
    #[serde(default = "default_widths")]
    pub(crate) widths: Vec<u32>,
    /// The modern formats, offered in this order before the JPEG or PNG fallback.
    #[serde(default = "default_formats")]
    pub(crate) formats: Vec<Format>,
    /// 1 to 100, as image editors count it.
    #[serde(default = "default_quality")]
    pub(crate) quality: u8,
    /// The `sizes` attribute: how wide the image is shown, for the browser
    /// to pick a width before it knows the layout.
    #[serde(default = "default_sizes")]
    pub(crate) sizes: String,
}

impl Default for Images {
    fn default() -> Self {
        Images {
            widths: default_widths(),
            formats: default_formats(),
            quality: default_quality(),
            sizes: default_sizes(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Format {
    Avif,
    Webp,
}

// A phone (375 px at 2x) takes 960, a laptop's text column 960 or 1600.
fn default_widths() -> Vec<u32> {
    vec![480, 960, 1600]
}
fn default_formats() -> Vec<Format> {
    vec![Format::Avif, Format::Webp]
}
// Photos look the same as the original at this quality, at a third of the bytes.
fn default_quality() -> u8 {
    75
}
// The theme's text column is at most 45rem wide.
fn default_sizes() -> String {
    "(max-width: 45rem) 100vw, 45rem".to_string()
}

/// Checks the values serde could not: ranges, an empty list, repeats.
pub(crate) fn validate(images: &mut Images, spans: &Spans, source: &SourceFile) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let problem = |key: &str, message: String, help: &str| {
        Diagnostic::error(FILE, "bad-images", message)
            .at(source, spans.value(key))
            .with_help(help.to_string())
    };
    if images.widths.is_empty() {
        out.push(problem(
            "images.widths",
            "`images.widths` is empty".into(),
            "list the widths to publish, e.g. widths: [480, 960, 1600]",
        ));
    }
    for (i, w) in images.widths.iter().enumerate() {
        if !WIDTHS.contains(w) {
            out.push(problem(
                &format!("images.widths.{i}"),
                format!("an image width of {w} pixels is not one a page can use"),
                "give widths between 16 and 8192 pixels, e.g. widths: [480, 960, 1600]",
            ));
        }
    }
    if !(1..=100).contains(&images.quality) {
        out.push(problem(
            "images.quality",
            format!("`images.quality` is {}, but it goes from 1 to 100", images.quality),
            "75 suits photos; higher keeps more detail and makes larger files",
        ));
    }
    let mut seen = Vec::new();
    for (i, f) in images.formats.iter().enumerate() {
        if seen.contains(f) {
            out.push(problem(
                &format!("images.formats.{i}"),
                "this format is listed twice".into(),
                "list each format once, e.g. formats: [avif, webp]",
            ));
        }
        seen.push(*f);
    }
    if !out.is_empty() {
        // The site is still checked with these settings: keep them usable.
        *images = Images::default();
    }
    images.widths.sort_unstable();
    images.widths.dedup();
    out
}

#[cfg(test)]
mod tests {
    fn errors(images: &str) -> Vec<String> {
        let text = format!("title: T\nbase_url: https://x.example.com\nimages:\n{images}");
        match super::super::parse(text) {
            Ok(loaded) => {
                assert!(!loaded.config.images.widths.is_empty());
                vec![]
            }
            Err(ds) => ds.iter().map(|d| format!("{}: {}", d.location(), d.message)).collect(),
        }
    }

    #[test]
    fn image_settings_are_checked_where_they_are_written() {
        assert!(errors("  widths: [320, 640]\n  formats: [webp]\n  quality: 80\n").is_empty());
        assert_eq!(
            errors("  widths: [320, 0]\n  quality: 101\n  formats: [webp, webp]\n"),
            vec![
                "site.yaml:4:17: an image width of 0 pixels is not one a page can use",
                "site.yaml:5:12: `images.quality` is 101, but it goes from 1 to 100",
                "site.yaml:6:19: this format is listed twice",
            ]
        );
        let unknown = errors("  widht: [320]\n  formats: [heic]\n");
        assert_eq!(unknown.len(), 2, "{unknown:?}");
        assert!(
            unknown[0].starts_with("site.yaml:4:3: unknown key `widht`"),
            "{unknown:?}"
        );
        assert!(
            unknown[1].starts_with("site.yaml:5:13: unknown variant `heic`"),
            "{unknown:?}"
        );
    }
}

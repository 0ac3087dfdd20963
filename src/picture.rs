//! The `<picture>` element of a processed image: one modern source per
//! format, the fallback `<img>` with its `srcset`, `sizes`, `width` and
//! `height`, and how eagerly the browser should fetch it.
//!
//! This is the one place that writes an image's HTML for a processed image:
//! Markdown images, the front matter's `image` (through the theme) and the
//! theme's `picture()` function all come here, so that they never differ.
//! It knows nothing of files or encoders: the variants come in as values.

use pulldown_cmark_escape::{escape_href, escape_html};

/// A file of a processed image, as the page links to it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub(crate) struct Variant {
    pub(crate) url: String,
    pub(crate) width: u32,
}

/// One `<source>`: a format with its widths.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub(crate) struct Source {
    pub(crate) mime: &'static str,
    pub(crate) variants: Vec<Variant>,
}

/// What the browser may fetch for one image of the site.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub(crate) struct Picture {
    /// The fallback `<img>`'s own `src`: the largest fallback variant.
    pub(crate) src: String,
    /// The size of `src`, for `width` and `height`.
    pub(crate) width: u32,
    pub(crate) height: u32,
    /// AVIF and WebP, best first; empty for an image used as it is.
    pub(crate) sources: Vec<Source>,
    /// The fallback format (JPEG or PNG) at every width; empty for an image
    /// smaller than the smallest width, which is used as it is.
    pub(crate) fallback: Vec<Variant>,
    /// The `sizes` attribute unless the caller gives one.
    pub(crate) sizes: String,
}

/// How soon the browser should fetch an image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Priority {
    /// Below the first screen, most likely: `loading="lazy"`.
    Lazy,
    /// The first image of a page, the likely largest paint: fetched at once.
    Eager,
    /// A hero image: fetched at once and before other images.
    High,
}

impl Priority {
    /// As a template names it: `high`, `eager` or `lazy`.
    pub(crate) fn named(name: &str) -> Option<Priority> {
        match name {
            "lazy" => Some(Priority::Lazy),
            "eager" => Some(Priority::Eager),
            "high" => Some(Priority::High),
            _ => None,
        }
    }
}

/// Every image of the site a template can show with `picture()`, by its
/// path in the output (`images/skin.jpg`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub(crate) struct Pictures {
    pub(crate) base_path: String,
    #[serde(serialize_with = "shared")]
    pub(crate) by_path: std::collections::BTreeMap<String, std::sync::Arc<Picture>>,
}

fn shared<S: serde::Serializer>(
    map: &std::collections::BTreeMap<String, std::sync::Arc<Picture>>,
    s: S,
) -> Result<S::Ok, S::Error> {
    s.collect_map(map.iter().map(|(k, v)| (k, &**v)))
}

impl Pictures {
    /// The image a template names by its URL (`/images/skin.jpg`, with the
    /// base path or without) or its path.
    pub(crate) fn find(&self, src: &str) -> Option<&Picture> {
        let path = src
            .strip_prefix(self.base_path.as_str())
            .filter(|_| !self.base_path.is_empty())
            .unwrap_or(src);
        self.by_path.get(path.trim_start_matches('/')).map(|p| &**p)
    }
}

/// What a page says about one use of an image.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Use<'a> {
    pub(crate) alt: &'a str,
    pub(crate) title: Option<&'a str>,
    /// Replaces the site's `images.sizes` for this image.
    pub(crate) sizes: Option<&'a str>,
    pub(crate) priority: Priority,
}

/// The HTML of `picture` as used by `at`: a `<picture>` when there are
/// variants, else the `<img>` alone.
pub(crate) fn html(picture: &Picture, at: &Use) -> String {
    let sizes = at.sizes.unwrap_or(&picture.sizes);
    let mut out = String::with_capacity(512);
    let resized = !picture.fallback.is_empty();
    if resized {
        out.push_str("<picture>");
        for source in &picture.sources {
            out.push_str("<source type=\"");
            out.push_str(source.mime);
            out.push('"');
            srcset(&mut out, &source.variants, sizes);
            out.push('>');
        }
    }
    out.push_str("<img src=\"");
    let _ = escape_href(&mut out, &picture.src);
    out.push('"');
    if resized {
        srcset(&mut out, &picture.fallback, sizes);
    }
    out.push_str(" alt=\"");
    let _ = escape_html(&mut out, at.alt);
    out.push('"');
    if let Some(title) = at.title.filter(|t| !t.is_empty()) {
        out.push_str(" title=\"");
        let _ = escape_html(&mut out, title);
        out.push('"');
    }
    if picture.width > 0 && picture.height > 0 {
        out.push_str(&format!(" width=\"{}\" height=\"{}\"", picture.width, picture.height));
    }
    out.push_str(match at.priority {
        Priority::Lazy => " loading=\"lazy\" decoding=\"async\"",
        Priority::Eager => "",
        Priority::High => " fetchpriority=\"high\"",
    });
    out.push('>');
    if resized {
        out.push_str("</picture>");
    }
    out
}

fn srcset(out: &mut String, variants: &[Variant], sizes: &str) {
    out.push_str(" srcset=\"");
    for (i, v) in variants.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let _ = escape_href(&mut *out, &v.url);
        out.push_str(&format!(" {}w", v.width));
    }
    out.push_str("\" sizes=\"");
    let _ = escape_html(&mut *out, sizes);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn variants(stem: &str, ext: &str, widths: &[u32]) -> Vec<Variant> {
        widths
            .iter()
            .map(|w| Variant {
                url: format!("/{stem}.{w}.{ext}"),
                width: *w,
            })
            .collect()
    }

    #[test]
    fn a_resized_image_is_a_picture_with_a_source_per_format() {
        let picture = Picture {
            src: "/a b.960.jpg".into(),
            width: 960,
            height: 640,
            sources: vec![Source {
                mime: "image/avif",
                variants: variants("a", "avif", &[480, 960]),
            }],
            fallback: variants("a", "jpg", &[480, 960]),
            sizes: "100vw".into(),
        };
        let at = Use {
            alt: "A \"needle\"",
            title: None,
            sizes: None,
            priority: Priority::Lazy,
        };
        assert_eq!(
            html(&picture, &at),
            "<picture><source type=\"image/avif\" srcset=\"/a.480.avif 480w, /a.960.avif 960w\" sizes=\"100vw\">\
             <img src=\"/a%20b.960.jpg\" srcset=\"/a.480.jpg 480w, /a.960.jpg 960w\" sizes=\"100vw\" \
             alt=\"A &quot;needle&quot;\" width=\"960\" height=\"640\" loading=\"lazy\" decoding=\"async\"></picture>"
        );
        let hero = html(
            &picture,
            &Use {
                sizes: Some("50vw"),
                priority: Priority::High,
                ..at
            },
        );
        assert!(
            hero.contains("sizes=\"50vw\"") && hero.ends_with("fetchpriority=\"high\"></picture>"),
            "{hero}"
        );
    }

    #[test]
    fn a_small_image_is_an_img_as_it_is() {
        let picture = Picture {
            src: "/dot.png".into(),
            width: 20,
            height: 10,
            sources: Vec::new(),
            fallback: Vec::new(),
            sizes: "100vw".into(),
        };
        let at = Use {
            alt: "",
            title: Some("t"),
            sizes: None,
            priority: Priority::Eager,
        };
        assert_eq!(
            html(&picture, &at),
            "<img src=\"/dot.png\" alt=\"\" title=\"t\" width=\"20\" height=\"10\">"
        );
    }
}

//! The `gallery` context: each pair's facts, and its two photos as HTML
//! made by `photo_html`, the one place a gallery image is written.

use serde::Serialize;

use crate::config::Config;
use crate::content::kinds::gallery::Photo;
use crate::content::kinds::Gallery;
use crate::markdown::Target;

#[derive(Serialize)]
pub(crate) struct GalleryContext {
    pub(crate) intro: Option<String>,
    /// site.yaml's `gallery.retouching`.
    pub(crate) retouching: String,
    pub(crate) pairs: Vec<PairContext>,
}

#[derive(Serialize)]
pub(crate) struct PairContext {
    pub(crate) id: String,
    pub(crate) treatment: String,
    pub(crate) sessions: u32,
    pub(crate) since_last_session: String,
    pub(crate) caption: Option<String>,
    pub(crate) before: PhotoContext,
    pub(crate) after: PhotoContext,
}

#[derive(Serialize)]
pub(crate) struct PhotoContext {
    pub(crate) alt: String,
    /// The `<img>`, ready to print.
    pub(crate) html: String,
}

pub(super) fn context(g: &Gallery, targets: &[Vec<Target>], config: &Config) -> GalleryContext {
    // Documents come in the order Gallery::documents gives: the intro, then
    // each pair's before and after photo.
    let mut docs = targets.iter();
    let intro = g
        .intro
        .as_ref()
        .map(|d| d.to_data_html(docs.next().map_or(&[][..], Vec::as_slice)));
    let mut photo = |p: &Photo| {
        let target = docs.next().and_then(|t| t.first());
        PhotoContext {
            alt: p.alt.clone(),
            html: photo_html(target, &p.alt),
        }
    };
    let pairs = g
        .pairs
        .iter()
        .map(|p| PairContext {
            id: p.id.clone(),
            treatment: p.treatment.clone(),
            sessions: p.sessions,
            since_last_session: p.since_last_session.clone(),
            caption: p.caption.clone(),
            before: photo(&p.before),
            after: photo(&p.after),
        })
        .collect();
    GalleryContext {
        intro,
        retouching: config
            .gallery
            .as_ref()
            .map(|s| s.retouching.clone())
            .unwrap_or_default(),
        pairs,
    }
}

/// A gallery photo as HTML: its `<picture>` once processed, else an `<img>`
/// with its alt text and, when its size is known, `width` and `height`, lazily loaded (a gallery is long,
/// and its photos are rarely the first thing on screen).
fn photo_html(target: Option<&Target>, alt: &str) -> String {
    // A processed photo: the same <picture> as any other image of the site.
    if let Some(picture) = target.and_then(Target::picture) {
        let at = crate::picture::Use {
            alt,
            title: None,
            // Side by side from 600 px wide, stacked below.
            sizes: Some("(min-width: 600px) 50vw, 100vw"),
            priority: crate::picture::Priority::Lazy,
        };
        return crate::picture::html(picture, &at);
    }
    let mut img = String::from("<img src=\"");
    let _ = pulldown_cmark_escape::escape_href(&mut img, target.map_or("", |t| &*t.url));
    img.push_str("\" alt=\"");
    let _ = pulldown_cmark_escape::escape_html(&mut img, alt);
    img.push('"');
    if let Some(size) = target.and_then(Target::size) {
        img.push_str(&format!(" width=\"{}\" height=\"{}\"", size.width, size.height));
    }
    img.push_str(" loading=\"lazy\" decoding=\"async\">");
    img
}

//! Social cards: the picture a link to a page shows when it is shared.
//! Every page whose front matter names one of the site's images gets a
//! 1200 x 630 JPEG made from it, published at `social/<page route>.jpg`
//! (the home page's at `social/index.jpg`), which `og:image` points at.
//! Social networks show no SVG, so SVGs are drawn first.
//!
//! This is the edge: it reads each image file once, and the pure `card`
//! makes the JPEG, unless the cache (`.dermapress-cache/social/`, keyed by
//! the image's bytes and the card's settings) has it from an earlier build.
//! Problems are reported at the page's `image:` line.

pub(crate) mod card;

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use resvg::usvg::fontdb;

use crate::content::page::Page;
use crate::diagnostics::Diagnostic;
use crate::images::cache::{self, Cache};
use crate::source::Asset;
use card::{CardError, CardSettings, Fonts, Picture};

/// A page's card: where it is published and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Card {
    pub(crate) path: String,
    pub(crate) bytes: Vec<u8>,
    /// Its cache entry's key.
    key: String,
    /// Made in this build, not taken from the cache.
    pub(crate) fresh: bool,
}

/// The cards' folder in the site's cache.
const CACHE: &str = "social";

/// The output path of the card of the page at `route` ("/guides/aftercare/").
pub(crate) fn card_path(route: &str) -> String {
    match route.trim_matches('/') {
        "" => "social/index.jpg".to_string(),
        path => format!("social/{path}.jpg"),
    }
}

/// Whether an output path is where cards are published (`social/*.jpg`).
pub(crate) fn is_card_path(path: &str) -> bool {
    path.starts_with("social/") && path.ends_with(".jpg")
}

/// The card of every page with an image of the site's own, by page index,
/// and what stopped any of them.
pub(crate) fn cards(
    root: &Path,
    pages: &[Page],
    routes: &[String],
    assets: &[Asset],
    image_assets: &[Option<String>],
) -> (Vec<Option<Card>>, Vec<Diagnostic>) {
    let by_path: HashMap<&str, &Asset> = assets.iter().map(|a| (a.path.as_str(), a)).collect();
    let cache = Cache::folder(root, CACHE);
    let made: Vec<Result<Option<Card>, Diagnostic>> = (0..pages.len())
        .into_par_iter()
        .map(|i| {
            let Some(asset) = image_assets
                .get(i)
                .and_then(|a| a.as_deref())
                .and_then(|a| by_path.get(a))
            else {
                return Ok(None);
            };
            page_card(&pages[i], &routes[i], asset, &by_path, &cache).map(Some)
        })
        .collect();
    let mut diagnostics = Vec::new();
    let cards = made
        .into_iter()
        .map(|r| r.map_err(|d| diagnostics.push(d)).ok().flatten())
        .collect();
    (cards, diagnostics)
}

/// Deletes the cached cards no page of this build uses.
pub(crate) fn prune(root: &Path, cards: &[Option<Card>]) {
    let keep: BTreeSet<String> = cards.iter().flatten().map(|c| c.key.clone()).collect();
    Cache::folder(root, CACHE).prune(&keep);
}

fn page_card(
    page: &Page,
    route: &str,
    asset: &Asset,
    assets: &HashMap<&str, &Asset>,
    cache: &Cache,
) -> Result<Card, Diagnostic> {
    let error = |message: String, help: &str| {
        Diagnostic::error(page.source.path(), "social-card", message)
            .at(&page.source, page.spans.value("image.src"))
            .with_help(help.to_string())
    };
    let path = card_path(route);
    if assets.contains_key(path.as_str()) {
        return Err(error(
            format!("this page's social card is published at {path}, where a static file already is"),
            "rename or move that file: dermapress writes the folder social/ for the pages' cards",
        ));
    }
    let lower = asset.path.to_ascii_lowercase();
    let unsupported = |kind: &str| {
        error(
            format!("no social card can be made from {kind} `{}`", asset.path),
            "use a JPEG, PNG, WebP or SVG image for `image`; export the picture as JPEG from your photo app",
        )
    };
    if lower.ends_with(".heic") || lower.ends_with(".heif") {
        return Err(error(
            format!("`{}` is a HEIC photo, which web browsers and social networks cannot show", asset.path),
            "convert it to JPEG (Photos on a Mac: File > Export; iPhone: Settings > Camera > Formats > Most Compatible) and link the .jpg",
        ));
    }
    let bytes = std::fs::read(&asset.source).map_err(|e| {
        error(
            format!("could not read `{}`: {e}", asset.path),
            "check that the file is there and readable",
        )
    })?;
    let picture = if lower.ends_with(".svg") {
        Picture::Svg(&bytes)
    } else if [".jpg", ".jpeg", ".png", ".webp"].iter().any(|e| lower.ends_with(e)) {
        Picture::Raster(&bytes)
    } else if lower.ends_with(".gif") || lower.ends_with(".avif") {
        return Err(unsupported("the image"));
    } else {
        return Err(unsupported("the file"));
    };
    let settings = CardSettings {
        focus: page.meta.focus,
        ..CardSettings::default()
    };
    // The fonts an SVG's text is drawn with are not in the key: they are
    // the machine's, and change far more rarely than a cache is deleted.
    let key = cache::key(
        &bytes,
        &format!("card v{}|{:?}|{}", card::VERSION, settings.focus, settings.quality),
    );
    let name = format!("{key}.jpg");
    if let Ok(bytes) = std::fs::read(cache.path(&name)) {
        return Ok(Card {
            path,
            bytes,
            key,
            fresh: false,
        });
    }
    let bytes = card::social_card(picture, &settings, system_fonts()).map_err(|e| {
        let (message, help) = explain(&asset.path, e);
        error(message, help)
    })?;
    // The cache only saves time: a card it cannot keep is made again next time.
    let _ = cache.write(&name, &bytes);
    Ok(Card {
        path,
        bytes,
        key,
        fresh: true,
    })
}

/// What went wrong, in words, and what to do about it.
fn explain(path: &str, e: CardError) -> (String, &'static str) {
    match e {
        CardError::Unsupported(kind) => (
            format!("`{path}` is a kind of image no social card can be made from ({kind})"),
            "save it as JPEG or PNG and link that file in `image`",
        ),
        CardError::TooLarge { width, height } => (
            format!(
                "`{path}` is {width} x {height} pixels, more than the {} megapixels a page image may have",
                card::MAX_PIXELS / 1_000_000
            ),
            "make it smaller, e.g. 2400 pixels wide, in a photo editor",
        ),
        CardError::Unreadable(why) => (
            format!("`{path}` cannot be read as an image: {why}"),
            "open it in an image editor and save it again (JPEG, PNG, WebP or SVG); it may be damaged or cut short",
        ),
    }
}

/// The system's fonts, read once per process, for the text in SVG images.
/// The generic families point at fonts that are there: the defaults
/// (Arial, Times New Roman) are missing on most Linux machines.
fn system_fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        let mut db = fontdb::Database::new();
        db.load_system_fonts();
        let first = |db: &fontdb::Database, names: &[&str]| {
            names
                .iter()
                .find(|n| db.faces().any(|f| f.families.iter().any(|(family, _)| family == *n)))
                .map(|n| n.to_string())
        };
        if let Some(sans) = first(
            &db,
            &["Arial", "Helvetica", "Liberation Sans", "DejaVu Sans", "Noto Sans"],
        ) {
            db.set_sans_serif_family(sans);
        }
        if let Some(serif) = first(
            &db,
            &["Times New Roman", "Liberation Serif", "DejaVu Serif", "Noto Serif"],
        ) {
            db.set_serif_family(serif);
        }
        Fonts(Arc::new(db))
    })
}

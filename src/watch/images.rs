//! Images in the preview: a build takes what the cache has and shows the
//! original of any other image (see `LoadOptions::background_images`);
//! this processes those in a thread of their own, so that a save reloads
//! the page at once, and when they are in the cache it tells the watch
//! loop that they changed, which rebuilds with the processed files.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use super::watcher::Signal;
use crate::load::Site;
use crate::source::Asset;

/// An image as it was when processing started: a changed file is a new one.
type Version = (PathBuf, Option<SystemTime>, u64);

pub(super) struct Background {
    root: PathBuf,
    signals: Sender<Signal>,
    /// Versions handed to a thread, so that none is processed twice (one that
    /// fails stays the original in the preview; `build` reports why).
    started: Arc<Mutex<BTreeSet<Version>>>,
}

impl Background {
    pub(super) fn new(root: PathBuf, signals: Sender<Signal>) -> Background {
        Background {
            root,
            signals,
            started: Arc::default(),
        }
    }

    /// Starts processing the images the last build left for later.
    pub(super) fn process(&self, site: &Site) {
        let pending: Vec<Asset> = {
            let Ok(mut started) = self.started.lock() else {
                return;
            };
            site.assets
                .iter()
                .filter(|a| site.images.pending.contains(&a.path))
                .filter(|a| started.insert(version(a)))
                .cloned()
                .collect()
        };
        if pending.is_empty() {
            return;
        }
        let root = self.root.clone();
        let settings = site.config.images.clone();
        let base_path = site.config.base_path().to_string();
        let signals = self.signals.clone();
        let _ = std::thread::Builder::new().name("images".to_string()).spawn(move || {
            crate::images::process(&root, &pending, &settings, &base_path, crate::images::Mode::Process);
            let _ = signals.send(Signal::Ready(pending.iter().map(|a| a.source.clone()).collect()));
        });
    }
}

fn version(asset: &Asset) -> Version {
    let meta = std::fs::metadata(&asset.source).ok();
    (
        asset.source.clone(),
        meta.as_ref().and_then(|m| m.modified().ok()),
        meta.map_or(0, |m| m.len()),
    )
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::load::LoadOptions;
    use crate::output::Content;
    use crate::testing::{photos, TestSite};
    use crate::watch::rebuild::Rebuilder;

    fn page_html(rb: &Rebuilder) -> String {
        match &rb.output().files["photo/index.html"] {
            Content::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_preview_shows_the_original_until_the_processed_image_is_ready() {
        let site = TestSite::clinic();
        site.write_bytes("content/images/room.jpg", &photos::jpeg(640, 400, 1)).write(
            "content/photo.md",
            "---\ntitle: A photo of the room\ndescription: A page with one photo on it, for the tests of the preview's images.\n---\n\n![The room](images/room.jpg)\n",
        );
        let options = LoadOptions {
            background_images: true,
            ..LoadOptions::default()
        };
        let mut rb = Rebuilder::new(site.root(), options);
        assert!(rb.rebuild([]).stats.is_some());
        let first = page_html(&rb);
        assert!(
            first.contains("<img src=\"/info/images/room.jpg\""),
            "the original at first: {first}"
        );
        assert_eq!(
            rb.output().files["images/room.jpg"],
            Content::Copy(site.path("content/images/room.jpg"))
        );
        let (tx, rx) = std::sync::mpsc::channel();
        let background = Background::new(site.root().to_path_buf(), tx);
        background.process(rb.site().expect("a site"));
        let Ok(Signal::Ready(ready)) = rx.recv_timeout(Duration::from_secs(600)) else {
            panic!("no word from the image thread");
        };
        assert_eq!(ready, [site.path("content/images/room.jpg")]);
        background.process(rb.site().expect("a site"));
        assert!(rx.try_recv().is_err(), "an image is processed once");
        let paths: Vec<&std::path::Path> = ready.iter().map(PathBuf::as_path).collect();
        assert!(rb.rebuild(paths).stats.is_some());
        assert!(page_html(&rb).contains("<picture>"), "{}", page_html(&rb));
        assert!(rb.site().expect("a site").images.pending.is_empty());
    }
}

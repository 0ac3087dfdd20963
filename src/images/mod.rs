//! Responsive images: every raster image of the site (JPEG, PNG, WebP) is
//! published upright and without metadata at its own path, and resized to
//! the widths of `images:` in site.yaml, in AVIF, WebP and a fallback every
//! browser shows. The files come from the cache in the site folder when the
//! same image was processed with the same settings before.
//!
//! It reads the source images and writes the cache, and nothing else: the
//! output folder is `output`'s business, the HTML `picture`'s.

pub(crate) mod cache;
mod decode;
mod encode;
mod progress;
mod strip;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::images::Images as Settings;
use crate::picture::{self, Picture, Variant};
use crate::source::Asset;
use cache::{Cache, Manifest};
pub(crate) use decode::Problem;
use decode::{Decoded, Kind};
use encode::Out;

/// What processing needs to know: where the cache is and how to show work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Mode {
    /// Process every image not in the cache (`build`, `check`).
    #[default]
    Process,
    /// Use the cache only; images not in it are left for later (the
    /// preview shows the original until then).
    CachedOnly,
}

/// The outcome for the site's raster images, by asset path.
#[derive(Debug, Default)]
pub(crate) struct Processed {
    pub(crate) pictures: BTreeMap<String, Arc<Picture>>,
    pub(crate) problems: BTreeMap<String, Problem>,
    /// Images whose source says where it was taken.
    pub(crate) located: BTreeSet<String>,
    /// Output path -> the cache file to publish there.
    pub(crate) files: BTreeMap<String, PathBuf>,
    /// Images left for later in `Mode::CachedOnly`.
    pub(crate) pending: Vec<String>,
    pub(crate) processed: usize,
    pub(crate) cached: usize,
    /// The cache keys in use, for pruning.
    keys: BTreeSet<String>,
}

/// Whether `path` names an image this module resizes (HEIC only to say
/// how to convert it).
pub(crate) fn is_raster(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// One image's result.
enum One {
    Done {
        picture: Picture,
        files: Vec<(String, PathBuf)>,
        located: bool,
        key: String,
        fresh: bool,
    },
    Pending,
    Failed(Problem),
}

/// Processes the raster images among `assets`. `base_path` is put in front
/// of every URL.
pub(crate) fn process(
    root: &std::path::Path,
    assets: &[Asset],
    settings: &Settings,
    base_path: &str,
    mode: Mode,
) -> Processed {
    let cache = Cache::new(root);
    let raster: Vec<&Asset> = assets.iter().filter(|a| is_raster(&a.path)).collect();
    let job = Job {
        cache: &cache,
        settings,
        base_path,
        tag: settings_tag(settings),
    };
    // First what the cache already has, so the progress bar counts real work.
    let mut results: Vec<Result<One, String>> = raster.par_iter().map(|a| job.cached(a)).collect();
    let misses: Vec<(usize, String)> = results
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.as_ref().err().map(|key| (i, key.clone())))
        .collect();
    let bar = progress::Bar::new(if mode == Mode::Process { misses.len() } else { 0 });
    // A few images at a time, each encoded on all threads: an image being
    // encoded holds its pixels and an encoder per file, and a thread waiting
    // for its own image's files would otherwise start on yet another image.
    for batch in misses.chunks(rayon::current_num_threads().max(1)) {
        let made: Vec<One> = batch
            .par_iter()
            .map(|(i, key)| match mode {
                Mode::CachedOnly => One::Pending,
                Mode::Process => {
                    let one = job.make(raster[*i], key.clone());
                    bar.tick();
                    one
                }
            })
            .collect();
        for ((i, _), one) in batch.iter().zip(made) {
            results[*i] = Ok(one);
        }
    }
    bar.finish();
    let results = results.into_iter().map(|r| r.unwrap_or(One::Pending));
    let mut out = Processed::default();
    for (asset, one) in raster.iter().zip(results) {
        match one {
            One::Done {
                picture,
                files,
                located,
                key,
                fresh,
            } => {
                out.pictures.insert(asset.path.clone(), Arc::new(picture));
                out.files.extend(files);
                if located {
                    out.located.insert(asset.path.clone());
                }
                out.keys.insert(key);
                if fresh {
                    out.processed += 1;
                } else {
                    out.cached += 1;
                }
            }
            One::Pending => out.pending.push(asset.path.clone()),
            One::Failed(problem) => {
                out.problems.insert(asset.path.clone(), problem);
            }
        }
    }
    out
}

impl Processed {
    /// Deletes the cache entries this build did not use. Only after a full
    /// build: a preview that has not processed everything yet keeps all.
    pub(crate) fn prune(&self, root: &std::path::Path) {
        if self.pending.is_empty() {
            Cache::new(root).prune(&self.keys);
        }
    }
}

/// A file as the system describes it, with the settings: while it stays the
/// same, so do its bytes, and `watch` need not read and hash every photo of
/// the site again on each save.
type Stamp = (PathBuf, std::time::SystemTime, u64, String);

static KEYS: std::sync::LazyLock<std::sync::Mutex<std::collections::HashMap<Stamp, String>>> =
    std::sync::LazyLock::new(Default::default);

fn stamp(asset: &Asset, tag: &str) -> Option<Stamp> {
    let meta = std::fs::metadata(&asset.source).ok()?;
    Some((asset.source.clone(), meta.modified().ok()?, meta.len(), tag.to_string()))
}

/// Everything that changes an image's files besides its bytes.
fn settings_tag(s: &Settings) -> String {
    format!("v{}|{:?}|{:?}|{}", encode::VERSION, s.widths, s.formats, s.quality)
}

struct Job<'a> {
    cache: &'a Cache,
    settings: &'a Settings,
    base_path: &'a str,
    tag: String,
}

/// A planned output file: where it is published, its cache name, its width.
struct Planned {
    out: Out,
    width: u32,
    path: String,
    name: String,
}

impl Job<'_> {
    /// The image from the cache, or its key to process it.
    fn cached(&self, asset: &Asset) -> Result<One, String> {
        let stamp = stamp(asset, &self.tag);
        let known = stamp.as_ref().and_then(|s| KEYS.lock().ok()?.get(s).cloned());
        // The bytes are read only to be hashed: they are read again if the
        // image has to be made, so that they are not all held meanwhile.
        let key = match known {
            Some(key) => key,
            None => match std::fs::read(&asset.source) {
                Ok(bytes) => {
                    let key = cache::key(&bytes, &self.tag);
                    if let (Some(stamp), Ok(mut keys)) = (stamp, KEYS.lock()) {
                        keys.insert(stamp, key.clone());
                    }
                    key
                }
                Err(e) => return Ok(unreadable(e)),
            },
        };
        let files = |m: &Manifest| self.plan(asset, &key, m).into_iter().map(|p| p.name).collect();
        if let Some(manifest) = self.cache.finished(&key, files) {
            return Ok(self.done(asset, &key, &manifest, false));
        }
        Err(key)
    }

    /// Decodes, resizes and encodes one image into the cache.
    fn make(&self, asset: &Asset, key: String) -> One {
        let bytes = match std::fs::read(&asset.source) {
            Ok(bytes) => bytes,
            Err(e) => return unreadable(e),
        };
        let bytes = &bytes[..];
        let decoded = match decode::kind_of(bytes).and_then(|kind| decode::decode(bytes, kind)) {
            Ok(d) => d,
            Err(p) => return One::Failed(p),
        };
        let Decoded { kind, pixels } = decoded;
        let manifest = Manifest {
            kind: kind.name().to_string(),
            width: pixels.width(),
            height: pixels.height(),
            alpha: pixels.color().has_alpha(),
            located: decode::has_location(bytes),
        };
        let planned = self.plan(asset, &key, &manifest);
        // An upright JPEG's full-size copy is the source without metadata.
        let lossless = (kind == Kind::Jpeg && decode::is_upright(bytes))
            .then(|| strip::jpeg_without_metadata(bytes))
            .flatten();
        let sizes = resized_chain(&pixels, planned.iter().skip(1).map(|p| p.width));
        let written: Result<(), String> = planned.par_iter().enumerate().try_for_each(|(n, p)| {
            let bytes = match (n, &lossless) {
                (0, Some(same)) => same.clone(),
                (0, None) => encode::encode(&pixels, p.out, self.settings.quality)?,
                _ => {
                    let image = sizes.get(&p.width).unwrap_or(&pixels);
                    encode::encode(image, p.out, self.settings.quality)?
                }
            };
            self.cache.write(&p.name, &bytes).map_err(|e| e.to_string())
        });
        if let Err(e) = written.and_then(|()| self.cache.finish(&key, &manifest).map_err(|e| e.to_string())) {
            return One::Failed(Problem {
                rule: "image-cache",
                message: format!("could not write the processed image into {}/: {e}", cache::DIR),
                help: format!(
                    "free some disk space or make {}/ writable, then build again",
                    cache::DIR
                ),
            });
        }
        self.done(asset, &key, &manifest, true)
    }

    /// The files of an image: the full-size copy at its own path, and each
    /// width in each format.
    fn plan(&self, asset: &Asset, key: &str, m: &Manifest) -> Vec<Planned> {
        let kind = Kind::from_name(&m.kind).unwrap_or(Kind::Jpeg);
        let full = Out::same_as(kind);
        let mut planned = vec![Planned {
            out: full,
            width: m.width,
            path: asset.path.clone(),
            name: format!("{key}.full.{}", full.ext()),
        }];
        let (stem, _) = asset.path.rsplit_once('.').unwrap_or((&asset.path, ""));
        let short = &key[..8];
        let formats = self.settings.formats.iter().map(|f| Out::of(*f));
        for out in formats.chain([Out::fallback(kind, m.alpha)]) {
            for width in widths(&self.settings.widths, m.width) {
                planned.push(Planned {
                    out,
                    width,
                    path: format!("{stem}.{width}.{short}.{}", out.ext()),
                    name: format!("{key}.{width}.{}", out.ext()),
                });
            }
        }
        planned
    }

    fn done(&self, asset: &Asset, key: &str, m: &Manifest, fresh: bool) -> One {
        let planned = self.plan(asset, key, m);
        let url = |path: &str| format!("{}/{path}", self.base_path);
        let height_at =
            |w: u32| ((u64::from(m.height) * u64::from(w) + u64::from(m.width) / 2) / u64::from(m.width)).max(1) as u32;
        let variants = |out: Out| -> Vec<Variant> {
            planned[1..]
                .iter()
                .filter(|p| p.out == out)
                .map(|p| Variant {
                    url: url(&p.path),
                    width: p.width,
                })
                .collect()
        };
        let fallback = variants(Out::fallback(Kind::from_name(&m.kind).unwrap_or(Kind::Jpeg), m.alpha));
        let (src, width) = match fallback.last() {
            Some(v) => (v.url.clone(), v.width),
            None => (url(&asset.path), m.width),
        };
        let sources = self
            .settings
            .formats
            .iter()
            .map(|f| Out::of(*f))
            .filter(|_| !fallback.is_empty())
            .map(|out| picture::Source {
                mime: out.mime(),
                variants: variants(out),
            })
            .collect();
        One::Done {
            picture: Picture {
                src,
                width,
                height: height_at(width),
                sources,
                fallback,
                sizes: self.settings.sizes.clone(),
            },
            files: planned
                .into_iter()
                .map(|p| (p.path, self.cache.path(&p.name)))
                .collect(),
            located: m.located,
            key: key.to_string(),
            fresh,
        }
    }
}

/// `pixels` at each of `widths` narrower than it, each made from the next
/// wider one rather than from the source: a third of the work, and a
/// Lanczos filter from a wider copy gives the same look.
fn resized_chain(
    pixels: &image::DynamicImage,
    widths: impl Iterator<Item = u32>,
) -> BTreeMap<u32, image::DynamicImage> {
    let mut wanted: Vec<u32> = widths.filter(|&w| w < pixels.width()).collect();
    wanted.sort_unstable_by(|a, b| b.cmp(a));
    wanted.dedup();
    let mut out: BTreeMap<u32, image::DynamicImage> = BTreeMap::new();
    for width in wanted {
        let from = out.values().next().unwrap_or(pixels);
        let image = encode::resized(from, width);
        out.insert(width, image);
    }
    out
}

fn unreadable(e: std::io::Error) -> One {
    One::Failed(Problem {
        rule: "image-broken",
        message: format!("this image cannot be read: {e}"),
        help: "check that the file is there and readable".into(),
    })
}

/// The widths an image `width` pixels wide is published in: the configured
/// ones below its own width, and its own width in place of the larger
/// ones (never upscaled); none when it is no wider than the smallest, as
/// it is then used as it is.
fn widths(configured: &[u32], width: u32) -> Vec<u32> {
    if configured.first().is_none_or(|&w| width <= w) {
        return Vec::new();
    }
    let mut out: Vec<u32> = configured.iter().copied().filter(|&w| w < width).collect();
    if configured.iter().any(|&w| w >= width) {
        out.push(width);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::widths;

    #[test]
    fn images_are_never_upscaled() {
        let configured = [480, 960, 1600];
        assert_eq!(widths(&configured, 3000), [480, 960, 1600]);
        assert_eq!(widths(&configured, 1200), [480, 960, 1200]);
        assert_eq!(widths(&configured, 960), [480, 960]);
        assert_eq!(widths(&configured, 481), [480, 481]);
        assert!(widths(&configured, 480).is_empty());
        assert!(widths(&configured, 200).is_empty());
    }
}

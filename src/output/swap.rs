//! Swapping a finished staging folder in, keeping the replaced site as the
//! next build's spare, and repairing what a killed build left.

use std::path::Path;

use super::refuse::target_of;

/// The name of the folder that keeps the replaced site for the next build.
pub(crate) fn spare_name(output_name: &str) -> String {
    format!(".{output_name}.spare")
}

/// Only a real folder is reused: a link there could point anywhere.
pub(super) fn spare_is_usable(spare: &Path) -> bool {
    std::fs::symlink_metadata(spare).is_ok_and(|m| m.is_dir())
}

/// Swaps two folders in one step, so that there is no moment without an
/// output folder (Linux 3.15 and later, on file systems that support it).
#[cfg(target_os = "linux")]
pub(super) fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both paths are valid NUL-terminated strings that outlive the
    // call; renameat2 only reads them. The raw system call is used because
    // not every C library wraps renameat2.
    let result = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if result == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// Elsewhere the two folders are swapped with two renames; a build killed
/// between them is repaired by the next one (see `clean_leftovers`).
#[cfg(not(target_os = "linux"))]
pub(super) fn exchange(_a: &Path, _b: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

/// Staging and old folders left by a build that was killed: an old folder
/// whose output folder is missing is the last good site, and comes back.
/// Folders of a build that is still running (two builds started at once)
/// are left to it.
/// Puts back the last good site if a killed build left it beside `dir`, and
/// removes what killed builds left. Called before every build, so that even a
/// build that then fails leaves `dir` complete.
pub(crate) fn recover(dir: &Path) {
    let dir = &target_of(dir);
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if let Some(name) = dir.file_name().and_then(|n| n.to_str()) {
        clean_leftovers(parent, name);
    }
}

pub(super) fn clean_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let staging_prefix = format!(".{name}.staging-");
    let old_prefix = format!(".{name}.old-");
    let dir = parent.join(name);
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(n) = file_name.to_str() else { continue };
        if still_running(n, &staging_prefix) || still_running(n, &old_prefix) {
            continue;
        }
        if n.starts_with(&staging_prefix) {
            let _ = std::fs::remove_dir_all(entry.path());
        } else if n.starts_with(&old_prefix) {
            if !dir.exists() {
                let _ = std::fs::rename(entry.path(), &dir);
            } else {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
}

/// Whether the build that named a folder `<prefix><process id>` is another
/// process that is still running.
pub(super) fn still_running(folder: &str, prefix: &str) -> bool {
    let Some(pid) = folder.strip_prefix(prefix).and_then(|p| p.parse::<u32>().ok()) else {
        return false;
    };
    pid != 0 && pid != std::process::id() && process_alive(pid)
}

#[cfg(unix)]
pub(super) fn process_alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // SAFETY: signal 0 sends nothing; it only asks whether the process exists.
    let result = unsafe { libc::kill(pid, 0) };
    result == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

/// Elsewhere a leftover is taken to be a killed build's.
#[cfg(not(unix))]
pub(super) fn process_alive(_pid: u32) -> bool {
    false
}

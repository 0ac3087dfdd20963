//! Rebuilds the binary when a file is added to or removed from the folders
//! `dermapress init` embeds (include_dir only tracks files that existed at
//! the last build), so `init` always ships the current theme.

fn main() {
    println!("cargo:rerun-if-changed=themes/clinic");
    println!("cargo:rerun-if-changed=src/scaffold/starter");
}

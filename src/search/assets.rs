//! pagefind's files that do not depend on the pages: its search script,
//! its worker and its WebAssembly (a general one, and one per language
//! with a stemmer). They are taken from the pagefind crate, by having it
//! index one tiny page in the language once per run, so that the scripts
//! always match the crate's version and none of them is copied here.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

/// The files every index folder of a language holds besides the index.
pub(crate) struct Assets {
    pub(crate) files: Vec<(String, Vec<u8>)>,
    /// The language named in the entry file's `wasm` (its own WebAssembly
    /// with a stemmer), or none when pagefind has no stemmer for it.
    pub(crate) wasm_language: Option<String>,
}

/// The names of pagefind's files the theme's search loads.
const WANTED: &[&str] = &["pagefind.js", "pagefind-worker.js", "wasm.unknown.pagefind"];

/// The assets for `language`, made once per run.
pub(crate) fn for_language(language: &str) -> Result<Arc<Assets>, String> {
    static MADE: OnceLock<Mutex<HashMap<String, Arc<Assets>>>> = OnceLock::new();
    let made = MADE.get_or_init(Mutex::default);
    if let Some(assets) = made.lock().map_err(|_| "a search thread failed")?.get(language) {
        return Ok(Arc::clone(assets));
    }
    let assets = Arc::new(make(language)?);
    made.lock()
        .map_err(|_| "a search thread failed")?
        .insert(language.to_string(), Arc::clone(&assets));
    Ok(assets)
}

fn make(language: &str) -> Result<Assets, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| e.to_string())?;
    let options = PagefindServiceConfig::builder()
        .force_language(language.to_string())
        .build();
    let mut index = PagefindIndex::new(Some(options)).map_err(|e| e.to_string())?;
    let page = "<html><body><p>search</p></body></html>".to_string();
    runtime
        .block_on(index.add_html_file(None, Some("/".to_string()), page))
        .map_err(|e| e.to_string())?;
    let files = runtime.block_on(index.get_files()).map_err(|e| e.to_string())?;
    let own_wasm = format!("wasm.{language}.pagefind");
    let mut assets = Assets {
        files: Vec::new(),
        wasm_language: None,
    };
    for file in files {
        let name = file.filename.to_string_lossy().replace('\\', "/");
        if name == own_wasm {
            assets.wasm_language = Some(language.to_string());
            assets.files.push((name, file.contents));
        } else if WANTED.contains(&name.as_str()) {
            assets.files.push((name, file.contents));
        }
    }
    if assets.files.len() < WANTED.len() {
        return Err(format!("pagefind did not provide its search scripts for `{language}`"));
    }
    Ok(assets)
}

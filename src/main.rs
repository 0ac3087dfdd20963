//! The command line: parse arguments, call the library, print, exit.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::builder::PossibleValuesParser;
use clap::{Parser, Subcommand};
use dermapress::{report, LoadOptions, PageKind};

#[derive(Parser)]
#[command(
    name = "dermapress",
    version,
    about = "Build patient-information websites for clinics from Markdown and YAML"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (public/ by default)
    Build {
        /// The site folder (with site.yaml and content/)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: <root>/public]
        #[arg(long)]
        output: Option<PathBuf>,
        /// Also build pages marked `draft: true`
        #[arg(long)]
        drafts: bool,
        /// Use this address instead of base_url from site.yaml
        #[arg(long)]
        base_url: Option<String>,
        /// Write into an output folder that has files dermapress did not write (they are replaced)
        #[arg(long)]
        force: bool,
        /// Build the site as it is on this day (year-month-day): which scheduled pages are up, how old reviews are [default: today in site.yaml's timezone]
        #[arg(long, value_name = "DATE", value_parser = as_of)]
        as_of: Option<jiff::civil::Date>,
    },
    /// Check the site for broken links, claims regulators warn about, metadata and review dates
    Check {
        /// The site folder (with site.yaml and content/)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Also check pages marked `draft: true`
        #[arg(long)]
        drafts: bool,
        /// `human` for people, `json` for tools: one array of findings
        #[arg(long, value_enum, default_value = "human")]
        format: CheckFormat,
        /// Check the site as it is on this day (year-month-day): which scheduled pages are up, how old reviews are [default: today in site.yaml's timezone]
        #[arg(long, value_name = "DATE", value_parser = as_of)]
        as_of: Option<jiff::civil::Date>,
        /// Also ask every linked site and cited source whether the page is still there (uses the network)
        #[arg(long)]
        external: bool,
    },
    /// List what needs attention: drafts, scheduled and expired pages, reviews due, pages without sources, findings
    Status {
        /// The site folder (with site.yaml and content/)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// List reviews that fall due within this many days (and those overdue)
        #[arg(long, value_name = "DAYS", default_value_t = dermapress::DUE_WITHIN_DAYS)]
        due_within: u32,
        /// `human` for people, `json` for tools: one object
        #[arg(long, value_enum, default_value = "human")]
        format: CheckFormat,
        /// Take stock as it is on this day (year-month-day): which scheduled pages are up, how old reviews are [default: today in site.yaml's timezone]
        #[arg(long, value_name = "DATE", value_parser = as_of)]
        as_of: Option<jiff::civil::Date>,
    },
    /// Rename a page: move its file, keep the old address as an alias, and rewrite the links to it
    Mv {
        /// The page's file now, below content/ (e.g. guides/old-name.md)
        old: String,
        /// Its new file, below content/ (e.g. guides/new-name.md)
        new: String,
        /// The site folder (with site.yaml and content/)
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Write a new page with a filled-in front matter skeleton (as a draft)
    New {
        /// What to write: a Markdown page or a data page of one kind
        #[arg(value_parser = PossibleValuesParser::new(PageKind::names()))]
        kind: String,
        /// The page's title, in quotes; the file name is made from it
        #[arg(required_unless_present = "from")]
        title: Option<String>,
        /// The folder below content/ to put it in, e.g. guides
        #[arg(long)]
        section: Option<String>,
        /// With --from: write a translation into this language (a code of site.yaml's `languages:`)
        #[arg(long, requires = "from")]
        lang: Option<String>,
        /// The page to translate, below content/, e.g. risks.md (its kind is the original's)
        #[arg(long, requires = "lang", conflicts_with_all = ["title", "section"])]
        from: Option<String>,
        /// The site folder (with site.yaml and content/)
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Build, serve a live preview, and rebuild and reload the browser on every save
    Watch {
        /// The site folder (with site.yaml and content/)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port of the preview (the next free one is taken if it is busy)
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to serve on; anything but 127.0.0.1 or ::1 shows the preview to your network
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Also build pages marked `draft: true`
        #[arg(long)]
        drafts: bool,
        /// Do not serve: rebuild public/ on every change instead
        #[arg(long)]
        no_serve: bool,
        /// Look for changes every 250 ms instead of waiting for the system's file events
        #[arg(long)]
        poll: bool,
        /// A host name the preview may be reached by from other machines (with --bind), e.g. clinic-laptop.local; repeatable
        #[arg(long = "allow-host", value_name = "NAME")]
        allow_host: Vec<String>,
        /// Preview the site as it is on this day (year-month-day): which scheduled pages are up, how old reviews are [default: today in site.yaml's timezone]
        #[arg(long, value_name = "DATE", value_parser = as_of)]
        as_of: Option<jiff::civil::Date>,
    },
    /// Turn a Hugo, Zola, plain Markdown or WordPress site into a new dermapress site, with a report of what needs a human
    Import {
        /// Where the site comes from
        #[arg(value_enum)]
        from: ImportKind,
        /// The site's folder (for wordpress: the export's .xml file); it is only read
        source: PathBuf,
        /// The new site's folder (new or empty); default: <source>-dermapress beside the source
        #[arg(long, value_name = "NEW_DIR")]
        into: Option<PathBuf>,
    },
    /// Create a new site with the default theme and sample pages in a new or empty folder
    Init {
        /// The folder to create the site in
        dir: PathBuf,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ImportKind {
    Hugo,
    Zola,
    Markdown,
    Wordpress,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum CheckFormat {
    Human,
    Json,
}

/// glibc gives each new thread a memory arena of its own, up to eight per
/// core, and keeps what is freed in it. The AVIF encoder starts a thread for
/// every file it encodes, so a first build of 40 photos grew to 645 MB where
/// two arenas need 260 MB, in the same time (see BENCHMARKS.md, images).
///
/// glibc also raises the size from which a block is mapped on its own to
/// that of the largest such block freed so far, so that later buffers of
/// megabytes come from the arenas and leave holes there when freed. Held
/// at glibc's starting 128 KiB, a 10,000-page build peaked some 5 MiB
/// lower; 512 KiB gives about 1 MiB of that back, and keeps the state of
/// the compressor each page's search fragment needs (372 KiB) in the
/// arenas, rather than mapped and unmapped ten thousand times.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn limit_malloc_arenas() {
    // SAFETY: mallopt only sets numbers inside malloc, before this process
    // has started any other thread.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 512 * 1024);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn limit_malloc_arenas() {}

fn main() -> ExitCode {
    limit_malloc_arenas();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return if err.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli.command {
        Command::Build {
            root,
            output,
            drafts,
            base_url,
            force,
            as_of,
        } => build(
            root,
            output,
            force,
            LoadOptions {
                drafts,
                base_url,
                as_of,
                ..LoadOptions::default()
            },
        ),
        Command::Check {
            root,
            drafts,
            format,
            as_of,
            external,
        } => check(
            root,
            format,
            external,
            LoadOptions {
                drafts,
                as_of,
                ..LoadOptions::default()
            },
        ),
        Command::Status {
            root,
            due_within,
            format,
            as_of,
        } => status(root, due_within, format, as_of),
        Command::Mv { old, new, root } => rename(&root, &old, &new),
        Command::New {
            kind,
            title,
            section,
            lang,
            from,
            root,
        } => match (lang, from) {
            (Some(lang), Some(from)) => new_translation(&from, &lang, &root),
            _ => new(kind, title.as_deref().unwrap_or(""), section.as_deref(), &root),
        },
        Command::Init { dir } => init(&dir),
        Command::Import { from, source, into } => import(from, &source, into.as_deref()),
        Command::Watch {
            root,
            port,
            bind,
            drafts,
            no_serve,
            poll,
            allow_host,
            as_of,
        } => watch(dermapress::WatchOptions {
            root,
            port,
            bind,
            drafts,
            no_serve,
            poll,
            allow_hosts: allow_host,
            as_of,
        }),
    }
}

fn watch(options: dermapress::WatchOptions) -> ExitCode {
    if let Some(refused) = not_a_site(&options.root) {
        return refused;
    }
    match dermapress::watch(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => usage_error(&e.message, &e.help),
    }
}

/// The usage error for a root folder that is not a site, if it is not one.
fn not_a_site(root: &std::path::Path) -> Option<ExitCode> {
    (!root.join("site.yaml").is_file()).then(|| {
        usage_error(
            &format!("{} is not a site folder: it has no site.yaml", root.display()),
            "run dermapress in your site's folder, pass --root DIR, or create a site with `dermapress init DIR`",
        )
    })
}

fn usage_error(message: &str, help: &str) -> ExitCode {
    report::err(&format!("error: {message}\n  = help: {help}\n"));
    ExitCode::from(2)
}

/// `--as-of`, read as the library reads dates.
fn as_of(text: &str) -> Result<jiff::civil::Date, String> {
    dermapress::parse_as_of(text)
}

fn build(root: PathBuf, output: Option<PathBuf>, force: bool, options: LoadOptions) -> ExitCode {
    let started = Instant::now();
    if let Some(refused) = not_a_site(&root) {
        return refused;
    }
    let out = output.unwrap_or_else(|| root.join("public"));
    if let Some(reason) = dermapress::refuse_output(&root, &out, force) {
        return usage_error(
            &format!("refusing to write to {}: {reason}", out.display()),
            if reason.contains("did not write") {
                "choose another folder with --output, move those files away, or pass --force to replace them"
            } else {
                "choose another folder with --output, e.g. --output public"
            },
        );
    }
    let result = dermapress::build(&root, &out, &options);
    report::err(&(report::diagnostics(&result.diagnostics) + &report::timings(started.elapsed())));
    match result.summary {
        Some(s) => {
            report::out(&report::built(&s, &out, started.elapsed().as_millis()));
            ExitCode::SUCCESS
        }
        None => ExitCode::from(1),
    }
}

fn check(root: PathBuf, format: CheckFormat, external: bool, options: LoadOptions) -> ExitCode {
    if let Some(refused) = not_a_site(&root) {
        return refused;
    }
    let started = Instant::now();
    let findings = if external {
        dermapress::check_external(&root, &options)
    } else {
        dermapress::check(&root, &options)
    };
    report::err(&report::timings(started.elapsed()));
    report::out(&match format {
        CheckFormat::Json => report::check_json(&findings),
        CheckFormat::Human => report::check_human(&findings),
    });
    if findings.iter().any(|d| d.is_error()) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn status(root: PathBuf, due_within: u32, format: CheckFormat, as_of: Option<jiff::civil::Date>) -> ExitCode {
    if let Some(refused) = not_a_site(&root) {
        return refused;
    }
    let options = LoadOptions {
        as_of,
        ..LoadOptions::default()
    };
    let inventory = dermapress::status(&root, &options, due_within);
    report::out(&match format {
        CheckFormat::Json => report::status_json(&inventory),
        CheckFormat::Human => report::status_human(&inventory),
    });
    ExitCode::SUCCESS
}

fn rename(root: &std::path::Path, old: &str, new: &str) -> ExitCode {
    if let Some(refused) = not_a_site(root) {
        return refused;
    }
    match dermapress::rename_page(root, old, new) {
        Ok(done) => {
            report::out(&report::renamed(&done));
            ExitCode::SUCCESS
        }
        Err(refusal) => usage_error(&refusal.message, &refusal.help),
    }
}

fn new(kind: String, title: &str, section: Option<&str>, root: &std::path::Path) -> ExitCode {
    // clap accepts only the names PageKind lists.
    let Some(kind) = PageKind::named(&kind) else {
        return usage_error(
            &format!("there is no kind of page `{kind}`"),
            "see `dermapress new --help`",
        );
    };
    match dermapress::new_page(root, kind, title, section, dermapress::today()) {
        Ok(created) => {
            report::out(&format!(
                "created {}\nit will be at {} once you remove `draft: true`\n",
                created.path.display(),
                created.url
            ));
            ExitCode::SUCCESS
        }
        Err(refusal) => usage_error(&refusal.message, &refusal.help),
    }
}

fn new_translation(from: &str, lang: &str, root: &std::path::Path) -> ExitCode {
    match dermapress::new_translation(root, from, lang) {
        Ok(created) => {
            report::out(&format!(
                "created {}
it will be at {} once it is translated, reviewed and no longer `draft: true`
",
                created.path.display(),
                created.url
            ));
            ExitCode::SUCCESS
        }
        Err(refusal) => usage_error(&refusal.message, &refusal.help),
    }
}

fn import(from: ImportKind, source: &std::path::Path, into: Option<&std::path::Path>) -> ExitCode {
    let from = match from {
        ImportKind::Hugo => dermapress::ImportFrom::Hugo,
        ImportKind::Zola => dermapress::ImportFrom::Zola,
        ImportKind::Markdown => dermapress::ImportFrom::Markdown,
        ImportKind::Wordpress => dermapress::ImportFrom::Wordpress,
    };
    match dermapress::import(from, source, into) {
        Ok(done) => {
            report::out(&report::imported(&done));
            ExitCode::SUCCESS
        }
        Err(refusal) => usage_error(&refusal.message, &refusal.help),
    }
}

fn init(dir: &std::path::Path) -> ExitCode {
    match dermapress::init(dir, dermapress::today()) {
        Ok(files) => {
            report::out(&format!(
                "created a new site in {} ({})\nnext: cd {}, put your clinic's details in site.yaml, then run `dermapress check` and `dermapress build`\n",
                dir.display(),
                report::counted(files, "file"),
                dir.display()
            ));
            ExitCode::SUCCESS
        }
        Err(refusal) => usage_error(&refusal.message, &refusal.help),
    }
}

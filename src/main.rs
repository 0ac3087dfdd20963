//! The command line: parse arguments, call the library, print, exit.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};
use dermapress::diagnostics::{self, counted};
use dermapress::LoadOptions;

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
    },
}

fn main() -> ExitCode {
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
        } => build(root, output, drafts, base_url),
    }
}

fn usage_error(message: &str, help: &str) -> ExitCode {
    eprintln!("error: {message}\n  = help: {help}");
    ExitCode::from(2)
}

fn build(root: PathBuf, output: Option<PathBuf>, drafts: bool, base_url: Option<String>) -> ExitCode {
    let started = Instant::now();
    if !root.join("site.yaml").is_file() {
        return usage_error(
            &format!("{} is not a site folder: it has no site.yaml", root.display()),
            "run dermapress in your site's folder, pass --root DIR, or create a site with `dermapress init DIR`",
        );
    }
    let out = output.unwrap_or_else(|| root.join("public"));
    if let Some(reason) = dermapress::output::refuse_output(&root, &out) {
        return usage_error(
            &format!("refusing to write to {}: {reason}", out.display()),
            "choose another folder with --output, e.g. --output public",
        );
    }
    let options = LoadOptions { drafts, base_url };
    let mut result = dermapress::build(&root, &out, &options);
    diagnostics::sort(&mut result.diagnostics);
    eprint!("{}", diagnostics::report(&result.diagnostics));
    match result.summary {
        Some(s) => {
            println!(
                "built {} and {} with {} into {} in {} ms",
                counted(s.pages, "page"),
                counted(s.data_pages, "data page"),
                counted(s.static_files, "static file"),
                out.display(),
                started.elapsed().as_millis()
            );
            ExitCode::SUCCESS
        }
        None => ExitCode::from(1),
    }
}

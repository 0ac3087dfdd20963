//! Memory and time for one large input file of each shape, the cases of
//! the second hardening round (issue 14, item 10): 10 MB of 500,000 small
//! YAML keys, one long list, deep-ish nesting, Markdown with many links,
//! many emphasised words and a long list; and ordinary large pages (plain
//! prose, a long FAQ, 95,000 keys with long values) that stay under the
//! limits per file.
//!
//! `cargo bench --bench big_inputs` builds each into a temporary site with
//! the repository's theme, running the release `dermapress build` once per
//! shape, and prints wall time, peak resident memory (from GNU time) and
//! whether the file was built or refused. It asserts nothing: the target is
//! under 200 MB and 2 s for any shape of a 10 MB page. Pass `--keep DIR` to
//! write the sites to DIR instead (for profiling with heaptrack).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// A source file's limit is 10 MB; each shape is made just under it.
const LIMIT: usize = 10 * 1024 * 1024 - 4096;

/// `head`, then `unit` as often as fits.
fn fill(head: &str, unit: &str) -> String {
    let n = (LIMIT - head.len()) / unit.len();
    let mut text = String::with_capacity(LIMIT);
    text.push_str(head);
    for _ in 0..n {
        text.push_str(unit);
    }
    text
}

/// `head`, then `line(i)` for i = 0, 1, ... as long as it fits (or `count` lines).
fn lines(head: &str, count: Option<usize>, line: impl Fn(usize) -> String) -> String {
    let mut text = head.to_string();
    for i in 0.. {
        let l = line(i);
        if text.len() + l.len() > LIMIT || count.is_some_and(|c| i >= c) {
            break;
        }
        text.push_str(&l);
    }
    text
}

const FAQ_HEAD: &str = "kind: faq\ntitle: Big\ndescription: A data page of a single very large shape, for the memory benchmark.\nquestions:\n  - q: Why?\n    a: Because.\nextra:\n";
const MD_HEAD: &str =
    "---\ntitle: Big\ndescription: A Markdown page of a single very large shape, for the memory benchmark.\n---\n";

fn shapes() -> Vec<(&'static str, &'static str, String)> {
    let nested = |i: usize| {
        let mut block = String::new();
        for depth in 0..60 {
            block.push_str(&"  ".repeat(depth + 1));
            block.push_str(&format!("n{i}x{depth}:\n"));
        }
        block.push_str(&"  ".repeat(61));
        block.push_str("v: 1\n");
        block
    };
    let answer = "An answer of ordinary length that explains the treatment and its risks plainly. ".repeat(12);
    vec![
        ("small keys (YAML)", "big.yaml", lines(FAQ_HEAD, Some(500_000), |i| format!("  k{i}: 1\n"))),
        ("one long list (YAML)", "big.yaml", fill(&format!("{FAQ_HEAD}  items:\n"), "    - x\n")),
        ("nesting 60 deep (YAML)", "big.yaml", lines(FAQ_HEAD, None, nested)),
        ("keys with long values (YAML)", "big.yaml", lines(FAQ_HEAD, Some(95_000), |i| format!("  k{i}: {}\n", "x".repeat(95)))),
        (
            "long FAQ answers (YAML)",
            "big.yaml",
            lines("kind: faq\ntitle: Big\ndescription: A long FAQ page with many questions and long answers, for the benchmark.\nquestions:\n", None, |i| {
                format!("  - q: Question number {i} about the treatment?\n    a: {answer}\n")
            }),
        ),
        ("many links (Markdown)", "big.md", fill(MD_HEAD, "See [home](_index.md) and [out](https://a.example.com/x).\n")),
        ("many emphasised words (Markdown)", "big.md", fill(MD_HEAD, "*a* ")),
        ("long list (Markdown)", "big.md", fill(MD_HEAD, "- a\n")),
        (
            "plain prose (Markdown)",
            "big.md",
            fill(MD_HEAD, "Microneedling makes tiny punctures in the skin to start healing, and the skin may be red for a day or two afterwards.\n\n"),
        ),
    ]
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create the theme folder");
    for entry in std::fs::read_dir(from).expect("read the theme").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy a theme file");
        }
    }
}

fn write_site(root: &Path, file: &str, text: &str) {
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/clinic"),
        &root.join("themes/clinic"),
    );
    std::fs::create_dir_all(root.join("content")).expect("create content/");
    std::fs::write(
        root.join("site.yaml"),
        "title: Big\nbase_url: https://big.example.com\n",
    )
    .expect("write site.yaml");
    std::fs::write(
        root.join("content/_index.md"),
        "---\ntitle: Home\ndescription: The home page of the site of the memory benchmark, long enough.\n---\nHello.\n",
    )
    .expect("write the home page");
    std::fs::write(root.join("content").join(file), text).expect("write the big file");
}

/// Runs `dermapress build` on `root` under GNU time: seconds, peak
/// resident KB, exit code, and the first error's message, if any. (The
/// child's own `wait4` figure would include this process's memory: a
/// vfork-ed child's high-water mark carries over its exec.)
fn measure(root: &Path) -> (f64, i64, i32, String) {
    let started = Instant::now();
    let peak_file = root.join("peak.txt");
    let status = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("%M")
        .arg("-o")
        .arg(&peak_file)
        .arg(env!("CARGO_BIN_EXE_dermapress"))
        .args(["build", "--root"])
        .arg(root)
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(root.join("stderr.txt")).expect("create stderr.txt"))
        .status()
        .expect("run /usr/bin/time (GNU time; apt-get install time)");
    let seconds = started.elapsed().as_secs_f64();
    let peak_kb = std::fs::read_to_string(&peak_file)
        .ok()
        .and_then(|t| t.lines().last().and_then(|l| l.trim().parse().ok()))
        .unwrap_or(-1);
    let stderr = std::fs::read_to_string(root.join("stderr.txt")).unwrap_or_default();
    let first_error = stderr
        .lines()
        .find(|l| l.contains(": error: "))
        .map(|l| l.split(": error: ").nth(1).unwrap_or("").chars().take(60).collect())
        .unwrap_or_default();
    (seconds, peak_kb, status.code().unwrap_or(-1), first_error)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let keep = args
        .iter()
        .position(|a| a == "--keep")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from);
    let temp = tempfile::tempdir().expect("a temporary folder");
    let base = keep.clone().unwrap_or_else(|| temp.path().to_path_buf());
    println!(
        "{:<34} {:>8} {:>8} {:>10}  outcome",
        "shape", "MB", "seconds", "peak MB"
    );
    for (i, (name, file, text)) in shapes().into_iter().enumerate() {
        let root = base.join(format!("shape-{i}"));
        let _ = std::fs::remove_dir_all(&root);
        write_site(&root, file, &text);
        if keep.is_some() {
            continue;
        }
        let (seconds, peak_kb, code, error) = measure(&root);
        let outcome = if code == 0 {
            "built".to_string()
        } else {
            format!("refused: {error}")
        };
        println!(
            "{name:<34} {:>8.1} {seconds:>8.2} {:>10.1}  {outcome}",
            text.len() as f64 / 1048576.0,
            peak_kb as f64 / 1024.0
        );
    }
    if let Some(dir) = keep {
        println!("sites written to {}", dir.display());
    }
}

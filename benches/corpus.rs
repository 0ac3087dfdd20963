//! The generated sites the benchmarks build: the same site for the same N,
//! always, written for dermapress and, with an equivalent minimal layout,
//! for Hugo. Shared by the benches through `#[path = "corpus.rs"] mod corpus;`.
#![allow(dead_code)] // each bench uses the parts it needs

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
/// A small deterministic generator: the same site for the same N, always.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() as usize) % items.len()]
    }
}

const WORDS: &[&str] = &[
    "skin",
    "collagen",
    "treatment",
    "session",
    "redness",
    "healing",
    "needle",
    "depth",
    "clinic",
    "patient",
    "results",
    "weeks",
    "texture",
    "tone",
    "scars",
    "pores",
    "gentle",
    "care",
    "sunscreen",
    "review",
    "layer",
    "dermis",
    "epidermis",
    "numbing",
    "cream",
    "serum",
    "recovery",
    "swelling",
    "mild",
    "common",
    "rare",
    "infection",
    "advice",
    "consultation",
    "device",
    "sterile",
    "routine",
    "evidence",
    "change",
    "gradual",
];
const TAGS: &[&str] = &[
    "collagen",
    "acne-scars",
    "aftercare",
    "risks",
    "results",
    "texture",
    "pigmentation",
];

fn sentence(rng: &mut Lcg, words: usize) -> String {
    let mut s = String::new();
    for i in 0..words {
        let w = rng.pick(WORDS);
        if i == 0 {
            let mut c = w.chars();
            if let Some(f) = c.next() {
                s.extend(f.to_uppercase());
                s.push_str(c.as_str());
            }
        } else {
            s.push(' ');
            s.push_str(w);
        }
    }
    s.push('.');
    s
}

/// The Markdown body of page `i` of `n`, ~600–1,200 words, with links to
/// other pages written as each tool wants them.
fn body(rng: &mut Lcg, i: usize, n: usize, sections: usize, link: &dyn Fn(usize, usize) -> String) -> String {
    let mut b = String::new();
    let blocks = 6 + (rng.next() % 5) as usize;
    for h in 0..blocks {
        let heading = sentence(rng, 3);
        let _ = writeln!(b, "## {} {h}\n", heading.trim_end_matches('.'));
        for _ in 0..2 {
            let mut para = String::new();
            for _ in 0..4 {
                let words = 10 + (rng.next() % 6) as usize;
                para.push_str(&sentence(rng, words));
                para.push(' ');
            }
            let target = (i + 1 + (rng.next() as usize) % (n - 1)) % n;
            let _ = writeln!(b, "{para}See [page {target}]({}).\n", link(target, sections));
        }
        if h % 3 == 1 {
            for _ in 0..4 {
                let _ = writeln!(b, "- {}", sentence(rng, 6));
            }
            b.push('\n');
        }
        if h % 4 == 2 {
            b.push_str("| Step | What happens |\n|---|---|\n");
            for s in 0..3 {
                let _ = writeln!(b, "| {s} | {} |", sentence(rng, 5));
            }
            b.push('\n');
        }
    }
    b
}

pub struct Site {
    pub dermapress: PathBuf,
    pub hugo: PathBuf,
}

fn section_of(i: usize, sections: usize) -> usize {
    i % sections
}

fn write(path: &Path, text: &str) {
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p).expect("create bench folder");
    }
    std::fs::write(path, text).expect("write bench file");
}

pub fn generate(dir: &Path, n: usize, nav: bool) -> Site {
    let sections = (n / 100).clamp(1, 100);
    let d = dir.join("dermapress");
    let h = dir.join("hugo");
    write(
        &d.join("site.yaml"),
        "title: Bench\nbase_url: https://bench.example.com\n",
    );
    let list = if nav {
        "<nav><ul>{% for p in page.siblings %}<li><a href=\"{{ p.url }}\">{{ p.title }}</a></li>{% endfor %}</ul></nav>"
    } else {
        ""
    };
    let page_tpl = format!(
        "<!doctype html><html lang=\"en\"><head><title>{{{{ page.title }}}}</title>\
         <meta name=\"description\" content=\"{{{{ page.description }}}}\"></head><body><main><h1>{{{{ page.title }}}}</h1>\
         {{{{ page.content | safe }}}}</main>{list}</body></html>\n"
    );
    write(&d.join("themes/clinic/templates/page.html"), &page_tpl);
    write(
        &d.join("themes/clinic/templates/section.html"),
        "<!doctype html><html lang=\"en\"><head><title>{{ page.title }}</title></head><body><h1>{{ page.title }}</h1>\
         {{ page.content | safe }}<ul>{% for p in page.pages %}<li><a href=\"{{ p.url }}\">{{ p.title }}</a></li>{% endfor %}</ul></body></html>\n",
    );
    write(
        &d.join("themes/clinic/templates/404.html"),
        "<!doctype html><title>Not found</title>\n",
    );
    write(
        &h.join("config.toml"),
        "baseURL = 'https://bench.example.com/'\ntitle = 'Bench'\ndisableKinds = ['taxonomy', 'term', 'RSS']\n",
    );
    let hugo_list = if nav {
        "<nav><ul>{{ range .CurrentSection.RegularPages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></nav>"
    } else {
        ""
    };
    write(
        &h.join("layouts/_default/single.html"),
        &format!(
            "<!doctype html><html lang=\"en\"><head><title>{{{{ .Title }}}}</title>\
             <meta name=\"description\" content=\"{{{{ .Description }}}}\"></head><body><main><h1>{{{{ .Title }}}}</h1>\
             {{{{ .Content }}}}</main>{hugo_list}</body></html>\n"
        ),
    );
    write(
        &h.join("layouts/_default/list.html"),
        "<!doctype html><html lang=\"en\"><head><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1>\
         {{ .Content }}<ul>{{ range .RegularPages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></body></html>\n",
    );
    write(&h.join("layouts/404.html"), "<!doctype html><title>Not found</title>\n");
    let home = "---\ntitle: Home of the bench site\ndescription: A generated site for measuring how fast a site of many pages builds.\n---\nWelcome.\n";
    write(&d.join("content/_index.md"), home);
    write(&h.join("content/_index.md"), home);
    for s in 0..sections {
        let idx = format!("---\ntitle: Section {s}\ndescription: The generated pages of section number {s} of the benchmark site.\nweight: {s}\n---\nSection {s}.\n");
        write(&d.join(format!("content/s{s}/_index.md")), &idx);
        write(&h.join(format!("content/s{s}/_index.md")), &idx);
    }
    let mut rng = Lcg(42);
    for i in 0..n {
        let s = section_of(i, sections);
        let seed = rng.next();
        let front = format!(
            "title: Page {i} about {}\ndescription: A generated page number {i} for the benchmark, long enough to pass the metadata checks.\ndate: 2025-{:02}-{:02}\nweight: {}\ntags: [{}, {}]\n",
            WORDS[(seed % WORDS.len() as u64) as usize],
            1 + seed % 12,
            1 + seed % 28,
            i,
            TAGS[(seed % 7) as usize],
            TAGS[((seed / 7) % 7) as usize]
        );
        let mut r1 = Lcg(seed);
        let mut r2 = Lcg(seed);
        let dm = body(&mut r1, i, n, sections, &|t, secs| {
            format!("../s{}/p{t}.md", section_of(t, secs))
        });
        let hg = body(&mut r2, i, n, sections, &|t, secs| {
            format!("/s{}/p{t}/", section_of(t, secs))
        });
        write(
            &d.join(format!("content/s{s}/p{i}.md")),
            &format!("---\n{front}---\n{dm}"),
        );
        write(
            &h.join(format!("content/s{s}/p{i}.md")),
            &format!("---\n{front}---\n{hg}"),
        );
    }
    Site { dermapress: d, hugo: h }
}

/// Makes the dermapress site one of `languages` languages: every page gets a
/// translation into each of the others (`p1.es.md`), with the same text, so
/// a site generated with n / languages pages has n pages. Links follow the
/// language, as on a real translated site. The translations record no
/// `source_hash`, so that rule is off (its check still runs on every page).
pub fn translate(dermapress: &Path, languages: usize) {
    const CODES: [&str; 4] = ["es", "fr", "de", "it"];
    let codes = &CODES[..(languages - 1).min(CODES.len())];
    let mut yaml = String::from("languages:\n  - { code: en, name: English }\n");
    for code in codes {
        yaml.push_str(&format!("  - {{ code: {code}, name: {code} }}\n"));
    }
    yaml.push_str("checks: { disable: [translation-outdated] }\n");
    let site_yaml = dermapress.join("site.yaml");
    let config = std::fs::read_to_string(&site_yaml).expect("read bench site.yaml");
    let pages: Vec<PathBuf> = walkdir::WalkDir::new(dermapress.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    for page in pages {
        let text = std::fs::read_to_string(&page).expect("read bench page");
        for code in codes {
            let stem = page.file_stem().and_then(|s| s.to_str()).unwrap_or("page");
            // Titles differ per language, as translated ones do.
            write(
                &page.with_file_name(format!("{stem}.{code}.md")),
                &text.replacen("title: ", &format!("title: ({code}) "), 1),
            );
        }
    }
    write(&site_yaml, &format!("{config}{yaml}"));
}

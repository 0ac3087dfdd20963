//! The fuzz targets' seed corpus (`fuzz/corpus/<target>/`) runs through
//! the same entry points on every `cargo test`, on stable: the entry points
//! keep working, and each seed stays harmless to read. The fuzzing itself
//! needs nightly and cargo-fuzz (see the README).

use crate::support::repo;

/// A target's name (its folder in `fuzz/corpus/`) and what it runs.
type Target = (&'static str, fn(&[u8]));

#[test]
fn every_seed_reads_without_panicking_through_its_target() {
    let targets: &[Target] = &[
        ("decode", dermapress::fuzzing::decode),
        ("front_matter", dermapress::fuzzing::front_matter),
        ("markdown", dermapress::fuzzing::markdown),
        ("markdown_page", dermapress::fuzzing::markdown_page),
        ("data_faq", |b| dermapress::fuzzing::data_page("faq", b)),
        ("data_comparison", |b| dermapress::fuzzing::data_page("comparison", b)),
        ("data_gallery", |b| dermapress::fuzzing::data_page("gallery", b)),
        ("data_any", dermapress::fuzzing::any_data_page),
        ("site_yaml", dermapress::fuzzing::site_yaml),
    ];
    assert_eq!(
        dermapress::fuzzing::data_kinds(),
        ["comparison", "faq", "gallery"],
        "a new data kind needs a fuzz target"
    );
    for (target, run) in targets {
        let dir = repo().join("fuzz/corpus").join(target);
        let seeds: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .flatten()
            .collect();
        assert!(seeds.len() >= 2, "{target} has too few seeds");
        for seed in seeds {
            run(&std::fs::read(seed.path()).unwrap());
        }
        run(b"");
    }
}

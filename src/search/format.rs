//! The CBOR structures of pagefind 1.6's index files, field by field: the
//! browser's code decodes them by field number, so their shapes follow
//! pagefind's exactly.

use minicbor::Encode;

#[derive(Encode)]
pub(super) struct MetaIndex {
    #[n(0)]
    pub(super) version: String,
    #[n(1)]
    pub(super) pages: Vec<MetaPage>,
    #[n(2)]
    pub(super) index_chunks: Vec<MetaChunk>,
    #[n(3)]
    pub(super) filters: Vec<MetaFilter>,
    #[n(4)]
    pub(super) sorts: Vec<MetaSort>,
    #[n(5)]
    pub(super) meta_fields: Vec<String>,
}

#[derive(Encode, Debug, PartialEq)]
pub(super) struct MetaChunk {
    #[n(0)]
    pub(super) from: String,
    #[n(1)]
    pub(super) to: String,
    #[n(2)]
    pub(super) hash: String,
}

#[derive(Encode)]
pub(super) struct MetaPage {
    #[n(0)]
    pub(super) hash: String,
    #[n(1)]
    pub(super) word_count: u32,
    #[n(2)]
    pub(super) group_hash: String,
}

#[derive(Encode)]
pub(super) struct MetaFilter {
    #[n(0)]
    pub(super) filter: String,
    #[n(1)]
    pub(super) hash: String,
}

#[derive(Encode)]
pub(super) struct MetaSort {
    #[n(0)]
    pub(super) sort: String,
    #[n(1)]
    pub(super) pages: Vec<usize>,
}

#[derive(Encode)]
pub(super) struct WordIndex {
    #[n(0)]
    pub(super) words: Vec<PackedWord>,
}

#[derive(Encode, Clone, Debug)]
pub(super) struct PackedWord {
    #[n(0)]
    pub(super) word: String,
    #[n(1)]
    pub(super) pages: Vec<PackedPage>,
    #[n(2)]
    pub(super) additional_variants: Vec<PackedVariant>,
}

#[derive(Encode, Clone, Debug)]
pub(super) struct PackedVariant {
    #[n(0)]
    pub(super) form: String,
    #[n(1)]
    pub(super) pages: Vec<PackedPage>,
}

#[derive(Encode, Clone, Debug)]
pub(super) struct PackedPage {
    #[n(0)]
    pub(super) page_number: usize,
    #[n(1)]
    pub(super) locs: Vec<i32>,
    #[n(2)]
    pub(super) meta_locs: Vec<i32>,
}

#[derive(Encode)]
pub(super) struct FilterIndex {
    #[n(0)]
    pub(super) filter: String,
    #[n(1)]
    pub(super) values: Vec<PackedValue>,
}

#[derive(Encode)]
pub(super) struct PackedValue {
    #[n(0)]
    pub(super) value: String,
    #[n(1)]
    pub(super) pages: Vec<usize>,
}

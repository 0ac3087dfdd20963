//! Content: each source file's text turned into a page value, with every
//! problem in it as a diagnostic. Pure: it is handed text and never reads
//! files, and it knows nothing of URLs of other pages or of rendering.

pub mod front_matter;
pub mod kinds;
pub mod meta;
pub mod page;
pub mod section;

#[cfg(test)]
pub(crate) mod props;

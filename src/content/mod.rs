//! Content: each source file's text turned into a page value, with every
//! problem in it as a diagnostic. Pure: it is handed text and never reads
//! files, and it knows nothing of URLs of other pages or of rendering.

pub(crate) mod aliases;
pub(crate) mod focus;
pub(crate) mod front_matter;
pub(crate) mod kinds;
pub(crate) mod meta;
pub(crate) mod page;
pub(crate) mod revision;
pub(crate) mod schedule;
pub(crate) mod section;
pub(crate) mod sources;

#[cfg(test)]
pub(crate) mod props;

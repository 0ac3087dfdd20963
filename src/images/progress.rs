//! The progress bar of a long first build: drawn on standard error only
//! when it is a terminal (indicatif hides it otherwise), and only when
//! there are images to process, so that scripts and logs see nothing.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

pub(super) struct Bar(Option<ProgressBar>);

impl Bar {
    pub(super) fn new(images: usize) -> Bar {
        if images == 0 {
            return Bar(None);
        }
        let bar = ProgressBar::with_draw_target(Some(images as u64), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template("processing images {bar:30} {pos}/{len} ({eta} left)") {
            bar.set_style(style);
        }
        Bar(Some(bar))
    }

    pub(super) fn tick(&self) {
        if let Some(bar) = &self.0 {
            bar.inc(1);
        }
    }

    pub(super) fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

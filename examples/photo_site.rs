//! Writes a starter site (as `dermapress init` does) with a page of
//! generated photo-like images, for CI's Lighthouse run on a page with
//! photos: `cargo run --example photo_site -- DIR`. The images are made on
//! the spot, so nothing photo-like is committed, and none shows a person.

#[path = "../tests/testsuite/support/photos.rs"]
mod photos;

use std::path::PathBuf;
use std::process::ExitCode;

const PAGE: &str = "---
title: What the treatment room looks like
description: Pictures of the rooms where treatments take place, so that you know what to expect when you arrive for your first appointment.
reviewed_by: medical-director
last_reviewed: {{today}}
image: { src: images/room-1.jpg, alt: \"A softly lit treatment room with a reclining chair\" }
---

The pictures below were generated for this example site and show no one.

![The waiting area, with chairs along a light wall](images/room-2.jpg)

Most appointments take about an hour, with time to talk before and after.

![The treatment chair under a bright lamp](images/room-3.png)

![Shelves with sealed, single-use needle cartridges](images/room-4.jpg)
";

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: photo_site DIR");
        return ExitCode::from(2);
    };
    let today = dermapress::today();
    if let Err(refusal) = dermapress::init(&dir, today) {
        eprintln!("{}", refusal.message);
        return ExitCode::from(2);
    }
    let images = dir.join("content/images");
    let written = std::fs::create_dir_all(&images)
        .and_then(|()| std::fs::write(images.join("room-1.jpg"), photos::jpeg(2400, 1600, 1)))
        .and_then(|()| std::fs::write(images.join("room-2.jpg"), photos::jpeg(3000, 2000, 2)))
        .and_then(|()| std::fs::write(images.join("room-3.png"), photos::png(1600, 1200, 3)))
        .and_then(|()| std::fs::write(images.join("room-4.jpg"), photos::phone_jpeg(2000, 1500, 1, false)))
        .and_then(|()| {
            std::fs::write(
                dir.join("content/rooms.md"),
                PAGE.replace("{{today}}", &today.to_string()),
            )
        });
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("could not write the site: {e}");
            ExitCode::from(1)
        }
    }
}

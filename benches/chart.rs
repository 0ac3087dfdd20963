//! The chart BENCHMARKS.md shows: milliseconds per page against site size
//! (pages on a logarithmic axis), one line per tool and corpus, as a small
//! hand-written SVG (a charting crate would cost more to compile than this).

use std::fmt::Write as _;

pub struct Point {
    pub series: String,
    pub pages: usize,
    pub ms_per_page: f64,
}

const W: f64 = 720.0;
const H: f64 = 420.0;
const LEFT: f64 = 70.0;
const RIGHT: f64 = 220.0;
const TOP: f64 = 30.0;
const BOTTOM: f64 = 60.0;
const COLOURS: &[&str] = &["#1b7f5b", "#c2410c", "#1d4ed8", "#7c3aed", "#0f766e", "#b91c1c"];

pub fn svg(points: &[Point]) -> String {
    let mut series: Vec<&str> = Vec::new();
    for p in points {
        if !series.contains(&p.series.as_str()) {
            series.push(&p.series);
        }
    }
    let (lo, hi) = points.iter().fold((f64::MAX, f64::MIN), |(lo, hi), p| {
        let x = (p.pages as f64).log10();
        (lo.min(x), hi.max(x))
    });
    let (lo, hi) = (lo.floor(), hi.ceil().max(lo.floor() + 1.0));
    let top = points.iter().map(|p| p.ms_per_page).fold(0.0, f64::max) * 1.1;
    let top = if top > 0.0 { top } else { 1.0 };
    let x = |pages: usize| LEFT + ((pages as f64).log10() - lo) / (hi - lo) * (W - LEFT - RIGHT);
    let y = |ms: f64| H - BOTTOM - ms / top * (H - TOP - BOTTOM);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{W}\" height=\"{H}\" viewBox=\"0 0 {W} {H}\" font-family=\"sans-serif\" font-size=\"12\">"
    );
    let _ = writeln!(s, "<rect width=\"{W}\" height=\"{H}\" fill=\"white\"/>");
    let _ = writeln!(
        s,
        "<text x=\"{LEFT}\" y=\"18\" font-size=\"14\">Wall time per page, first build into tmpfs (lower is better)</text>"
    );
    for decade in lo as i32..=hi as i32 {
        let pages = 10usize.pow(decade as u32);
        let px = x(pages);
        let _ = writeln!(
            s,
            "<line x1=\"{px:.1}\" y1=\"{TOP}\" x2=\"{px:.1}\" y2=\"{:.1}\" stroke=\"#ddd\"/><text x=\"{px:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{pages}</text>",
            H - BOTTOM,
            H - BOTTOM + 18.0
        );
    }
    for k in 0..=5 {
        let ms = top * k as f64 / 5.0;
        let py = y(ms);
        let _ = writeln!(
            s,
            "<line x1=\"{LEFT}\" y1=\"{py:.1}\" x2=\"{:.1}\" y2=\"{py:.1}\" stroke=\"#ddd\"/><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{ms:.2}</text>",
            W - RIGHT,
            LEFT - 6.0,
            py + 4.0
        );
    }
    let _ = writeln!(
        s,
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">pages (log scale)</text>",
        (LEFT + W - RIGHT) / 2.0,
        H - 18.0
    );
    let _ = writeln!(
        s,
        "<text transform=\"translate(18 {:.1}) rotate(-90)\" text-anchor=\"middle\">ms per page</text>",
        (TOP + H - BOTTOM) / 2.0
    );
    for (i, name) in series.iter().enumerate() {
        let colour = COLOURS[i % COLOURS.len()];
        let mut line: Vec<&Point> = points.iter().filter(|p| p.series == *name).collect();
        line.sort_by_key(|p| p.pages);
        let path: Vec<String> = line
            .iter()
            .map(|p| format!("{:.1},{:.1}", x(p.pages), y(p.ms_per_page)))
            .collect();
        let _ = writeln!(
            s,
            "<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{}\"/>",
            path.join(" ")
        );
        for p in &line {
            let _ = writeln!(
                s,
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3\" fill=\"{colour}\"/>",
                x(p.pages),
                y(p.ms_per_page)
            );
        }
        let ly = TOP + 20.0 + 18.0 * i as f64;
        let lx = W - RIGHT + 16.0;
        let _ = writeln!(
            s,
            "<line x1=\"{lx}\" y1=\"{ly}\" x2=\"{:.1}\" y2=\"{ly}\" stroke=\"{colour}\" stroke-width=\"2\"/><text x=\"{:.1}\" y=\"{:.1}\">{name}</text>",
            lx + 20.0,
            lx + 26.0,
            ly + 4.0
        );
    }
    s.push_str("</svg>\n");
    s
}

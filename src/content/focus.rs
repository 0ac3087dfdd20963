//! The focal point of a page's image (`image: { src, alt, focus: "50% 30%" }`):
//! the spot a crop keeps in view, as a share of the width across and of the
//! height down, like CSS `object-position`.

/// A point in an image, each coordinate from 0.0 (left, top) to 1.0 (right, bottom).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Focus {
    pub(crate) x: f64,
    pub(crate) y: f64,
}

impl Default for Focus {
    /// The middle: what a crop keeps when the page names no focal point.
    fn default() -> Self {
        Focus { x: 0.5, y: 0.5 }
    }
}

/// Why a `focus:` value names no point in the image.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum FocusProblem {
    /// Not two percentages.
    Malformed,
    /// A percentage below 0 or above 100; `axis` is "across" or "down".
    Outside { axis: &'static str, percent: f64 },
}

impl Focus {
    /// Reads `"X% Y%"`: how far across, then how far down.
    pub(crate) fn parse(text: &str) -> Result<Focus, FocusProblem> {
        let parts: Vec<&str> = text.split_whitespace().collect();
        let [x, y] = parts.as_slice() else {
            return Err(FocusProblem::Malformed);
        };
        Ok(Focus {
            x: fraction(x, "across")?,
            y: fraction(y, "down")?,
        })
    }
}

fn fraction(part: &str, axis: &'static str) -> Result<f64, FocusProblem> {
    let number = part.strip_suffix('%').ok_or(FocusProblem::Malformed)?;
    let percent: f64 = number.parse().map_err(|_| FocusProblem::Malformed)?;
    if !percent.is_finite() {
        return Err(FocusProblem::Malformed);
    }
    if !(0.0..=100.0).contains(&percent) {
        return Err(FocusProblem::Outside { axis, percent });
    }
    Ok(percent / 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_percentages_across_then_down() {
        assert_eq!(Focus::parse("50% 30%"), Ok(Focus { x: 0.5, y: 0.3 }));
        assert_eq!(Focus::parse(" 0%   100% "), Ok(Focus { x: 0.0, y: 1.0 }));
        assert_eq!(Focus::parse("12.5% 80%"), Ok(Focus { x: 0.125, y: 0.8 }));
    }

    #[test]
    fn anything_else_is_malformed_or_outside() {
        for text in [
            "",
            "50%",
            "50 30",
            "50% 30% 10%",
            "left top",
            "NaN% 5%",
            "inf% 5%",
            "50%,30%",
        ] {
            assert_eq!(Focus::parse(text), Err(FocusProblem::Malformed), "{text:?}");
        }
        assert_eq!(
            Focus::parse("120% 30%"),
            Err(FocusProblem::Outside {
                axis: "across",
                percent: 120.0
            })
        );
        assert_eq!(
            Focus::parse("20% -5%"),
            Err(FocusProblem::Outside {
                axis: "down",
                percent: -5.0
            })
        );
    }
}

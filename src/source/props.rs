//! Property tests of decoding: whatever bytes a file holds, they decode to
//! text or to a diagnostic that says where.

use std::path::Path;

use proptest::prelude::*;

use crate::diagnostics::props::cases;

const BOM: char = '\u{feff}';

proptest! {
    #![proptest_config(cases(1000))]

    #[test]
    fn any_bytes_decode_or_say_where(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        match super::decode(bytes.clone(), Path::new("content/p.md")) {
            Ok(text) => prop_assert!(!text.contains('\0') && !text.starts_with(BOM)),
            Err(d) => {
                prop_assert!(d.line >= 1 && d.column >= 1);
                prop_assert!(d.line <= bytes.iter().filter(|b| **b == b'\n').count() + 1);
                let _ = d.to_string();
            }
        }
    }
}

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| dermapress::fuzzing::data_page("gallery", data));

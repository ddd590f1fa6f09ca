#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| transaudit::fuzz::pack_parser(data));

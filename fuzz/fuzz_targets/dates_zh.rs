#![no_main]
//! The Chinese date parser (`2025年1月27日晚`, `同日`, `截至2月9日`, ranges).

#[path = "dates.rs"]
mod dates;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    dates::check(annals::model::Lang::Zh, data);
});

#![no_main]
//! The English date parser (`On 27 January 2025,`, `From 5 March to …`).

#[path = "dates.rs"]
mod dates;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    dates::check(annals::model::Lang::En, data);
});

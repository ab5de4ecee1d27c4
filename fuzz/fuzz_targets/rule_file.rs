//! Rule files are user input too: any text either loads or names its error.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(rule) = porthunt::rule::load::parse(text, "fuzz.toml") {
            let _ = porthunt::rule::doc::markdown(&rule);
            let _ = rule.fields_used();
        }
        let _ = porthunt::event::Timestamp::parse(text);
        let _ = porthunt::event::time::parse_duration(text);
    }
});

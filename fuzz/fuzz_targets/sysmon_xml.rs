//! Event XML (wevtutil exports, Sysmon for Linux syslog lines).
#![no_main]
use libfuzzer_sys::fuzz_target;
use porthunt::source::sysmon;

#[path = "common/null_sink.rs"]
mod null_sink;
use null_sink::Null;

fuzz_target!(|data: &[u8]| {
    let _ = sysmon::read_xml(&mut std::io::BufReader::new(data), &mut Null);
});

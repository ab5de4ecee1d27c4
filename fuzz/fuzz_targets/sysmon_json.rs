//! Sysmon-family JSON: flavor detection, one record, and arrays.
#![no_main]
use libfuzzer_sys::fuzz_target;
use porthunt::source::{Location, sysmon};

#[path = "common/null_sink.rs"]
mod null_sink;
use null_sink::Null;

fuzz_target!(|data: &[u8]| {
    if let Some(flavor) = sysmon::detect_json(data) {
        sysmon::read_json_record(data, flavor, Location::default(), &mut Null);
    }
    for flavor in [
        sysmon::JsonFlavor::Flat,
        sysmon::JsonFlavor::Ecs,
        sysmon::JsonFlavor::Winlogbeat6,
    ] {
        sysmon::read_json_record(data, flavor, Location::default(), &mut Null);
    }
    let _ = sysmon::read_json_array(&mut std::io::BufReader::new(data), &mut Null);
});

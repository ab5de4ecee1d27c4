//! Sysmon-family JSON: flavor detection, one record, and arrays.
#![no_main]
use libfuzzer_sys::fuzz_target;
use porthunt::event::Event;
use porthunt::source::{EventSink, Location, RecordError, sysmon};

struct Null;
impl EventSink for Null {
    fn event(&mut self, _: Event<'_>, _: Location) {}
    fn other(&mut self, _: Location) {}
    fn skip(&mut self, _: RecordError, _: Location) {}
}

fuzz_target!(|data: &[u8]| {
    if let Some(flavor) = sysmon::detect_json(data) {
        sysmon::read_json_record(data, flavor, Location::default(), &mut Null);
    }
    for flavor in [sysmon::JsonFlavor::Flat, sysmon::JsonFlavor::Ecs, sysmon::JsonFlavor::Winlogbeat6] {
        sysmon::read_json_record(data, flavor, Location::default(), &mut Null);
    }
    let _ = sysmon::read_json_array(&mut std::io::BufReader::new(data), &mut Null);
});

//! Event XML (wevtutil exports, Sysmon for Linux syslog lines).
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
    let _ = sysmon::read_xml(&mut std::io::BufReader::new(data), &mut Null);
});

//! EVTX bytes (the `evtx` crate plus porthunt's chunk index and mapping). Seeds:
//! the real samples; the `ElfFile` signature is forced so the input goes deep.
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
    let _ = sysmon::read_evtx(data, "fuzz", &mut Null);
});

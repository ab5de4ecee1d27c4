//! EVTX bytes (the `evtx` crate plus porthunt's chunk index and mapping). Seeds:
//! the real samples; the `ElfFile` signature is forced so the input goes deep.
#![no_main]
use libfuzzer_sys::fuzz_target;
use porthunt::source::sysmon;

#[path = "common/null_sink.rs"]
mod null_sink;
use null_sink::Null;

fuzz_target!(|data: &[u8]| {
    let _ = sysmon::read_evtx(data, "fuzz", &mut Null);
});

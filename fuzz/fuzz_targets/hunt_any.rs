//! The whole pipeline on arbitrary bytes: format detection, gzip, archives, every
//! Defender and Sysmon shape, the prefilter and the rule. Must never panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use porthunt::app::hunt::{HuntConfig, Reference, hunt};
use porthunt::event::Timestamp;
use porthunt::source::{Input, Origin};

fuzz_target!(|data: &[u8]| {
    let full_parse = data.first().is_some_and(|b| b & 1 == 1);
    let cfg = HuntConfig {
        inputs: vec![Input {
            name: "fuzz".into(),
            origin: Origin::Bytes(data.into()),
            in_folder: false,
        }],
        rule: porthunt::rule::load("t1043-seed").unwrap(),
        reference: Reference::At(Timestamp(1_764_504_000_000_000_000)),
        since: None,
        until: None,
        strict: false,
        threads: 1,
        full_parse,
        join_capacity: 64,
    };
    let _ = hunt(&cfg);
});

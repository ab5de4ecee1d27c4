//! A CSV header and body: layout, record cutting and row mapping.
#![no_main]
use libfuzzer_sys::fuzz_target;
use porthunt::source::defender::columns::{ColSet, table_of, to_event};
use porthunt::source::defender::csv::Layout;
use porthunt::source::prefilter::csv_records;

fuzz_target!(|data: &[u8]| {
    let split = memchr::memchr(b'\n', data).unwrap_or(data.len());
    let (header, body) = data.split_at(split);
    if let Some(layout) = Layout::from_header(header, ColSet::ALL) {
        layout.read_chunk(
            body,
            2,
            &mut |row, _| {
                let t = table_of(&row, None);
                let _ = to_event(row, t);
            },
            &mut |_, _| {},
        );
        let picked: Vec<(&[u8], u64)> = csv_records(body, 2)
            .map(|(s, e, l)| (&body[s..e], l))
            .collect();
        layout.read_picked(&picked, &mut |_, _| {}, &mut |_, _| {});
    }
});

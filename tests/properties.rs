//! Property tests for the parsers and the prefilter, against independent
//! implementations where one exists (chrono for timestamps, the csv crate for
//! record boundaries).

use porthunt::event::{Event, Timestamp};
use porthunt::rule;
use porthunt::source::defender::columns::{self, ColSet, Row, Table};
use porthunt::source::defender::json::{RowSink, read_value};
use porthunt::source::prefilter::{RecordFilter, Scratch, csv_records};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Every shape of ISO-8601 time porthunt accepts gives the instant chrono gives.
    #[test]
    fn timestamps_agree_with_chrono(secs in -5_000_000_000i64..7_000_000_000, nanos in 0u32..1_000_000_000,
                                    digits in 0usize..=9, zone in 0usize..4, offset_min in -720i32..=720) {
        use chrono::{DateTime, FixedOffset, Utc};
        let frac_nanos = if digits == 0 { 0 } else { nanos / 10u32.pow(9 - digits as u32) * 10u32.pow(9 - digits as u32) };
        let utc = DateTime::<Utc>::from_timestamp(secs, frac_nanos).unwrap();
        let offset = FixedOffset::east_opt(offset_min * 60).unwrap();
        let local = utc.with_timezone(&offset);
        let base = local.format("%Y-%m-%dT%H:%M:%S").to_string();
        let frac = if digits == 0 { String::new() } else { format!(".{:09}", frac_nanos)[..=digits].to_string() };
        let (base, zone_text) = match zone {
            0 => (utc.format("%Y-%m-%dT%H:%M:%S").to_string(), "Z".to_string()),
            1 => (utc.format("%Y-%m-%d %H:%M:%S").to_string(), String::new()),
            2 => (base, local.format("%:z").to_string()),
            _ => (base, local.format("%z").to_string()),
        };
        let text = format!("{base}{frac}{zone_text}");
        let ours = Timestamp::parse(&text).unwrap();
        let want = i64::from(frac_nanos) + secs * 1_000_000_000;
        prop_assert_eq!(ours.0, want, "{}", text);
        // Display is KQL's 7-digit form, and it parses back to the same 100 ns tick.
        let shown = Timestamp::parse(&ours.to_string()).unwrap();
        prop_assert_eq!(shown.0, want - want.rem_euclid(100));
    }

    /// Arbitrary text never panics the timestamp parser.
    #[test]
    fn timestamp_parser_total(text in ".{0,40}") {
        let _ = Timestamp::parse(&text);
    }

    /// Cutting CSV into records by quote parity finds the records the csv crate finds.
    #[test]
    fn csv_record_boundaries_match_the_csv_crate(cells in proptest::collection::vec(
            proptest::collection::vec("[a-z\",\r\n =]{0,6}", 3), 1..20)) {
        let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(vec![]);
        for row in &cells {
            w.write_record(row).unwrap();
        }
        let data = w.into_inner().unwrap();
        let ours: Vec<_> = csv_records(&data, 1).map(|(s, e, _)| data[s..e].to_vec()).collect();
        prop_assert_eq!(ours.len(), cells.len());
        for (bytes, want) in ours.iter().zip(&cells) {
            let mut r = csv::ReaderBuilder::new().has_headers(false).from_reader(&bytes[..]);
            let rec = r.records().next().unwrap().unwrap();
            prop_assert_eq!(rec.iter().collect::<Vec<_>>(), want.iter().map(String::as_str).collect::<Vec<_>>());
        }
    }

    /// Arbitrary bytes never panic the JSON reader.
    #[test]
    fn json_reader_total(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let mut sink = Count(0);
        let mut de = sonic_rs::Deserializer::from_slice(&bytes);
        let _ = read_value(&mut de, ColSet::ALL, &mut sink);
    }

    /// The prefilter never drops a record the rule matches (it may keep others).
    #[test]
    fn prefilter_never_hides_a_match(name in prop_oneof![
            Just("powershell.exe"), Just("CMD.EXE"), Just("Rundll32.exe"), Just("msiexec.exe"),
            Just("chrome.exe"), Just("notepad.EXE"), Just(""), Just("xwizard.exe"), Just("evil.exe")],
        action in prop_oneof![Just("ConnectionSuccess"), Just("ConnectionFailed"), Just("connectionsuccess")],
        port in prop_oneof![Just(443i64), Just(80), Just(8080), Just(135)],
        port_as_string in any::<bool>(), escape in any::<bool>(), cmd in ".{0,30}") {
        let seed = rule::load("t1043-seed").unwrap();
        let reqs = rule::prefilter::requirements(&seed, &columns::literal);
        let filter = RecordFilter::new(&reqs, &columns::json_key).unwrap();
        let port = if port_as_string { serde_json::json!(port.to_string()) } else { serde_json::json!(port) };
        let mut line = serde_json::json!({
            "Timestamp": "2026-11-30T11:00:00Z", "ActionType": action, "RemotePort": port,
            "RemoteIP": "203.0.113.1", "RemoteIPType": "Public", "InitiatingProcessFileName": name,
            "InitiatingProcessCommandLine": cmd, "DeviceName": "d", "InitiatingProcessParentFileName": "p",
            "InitiatingProcessAccountName": "a",
        }).to_string();
        if escape {
            // Spell the first letter of the name as a JSON escape.
            line = line.replacen(&format!("\"{name}\""), &format!("\"\\u{:04x}{}\"", name.chars().next().unwrap_or('x') as u32, name.get(1..).unwrap_or("")), 1);
        }
        let mut rows = Collect(Vec::new());
        let mut de = sonic_rs::Deserializer::from_slice(line.as_bytes());
        read_value(&mut de, ColSet::ALL, &mut rows).unwrap();
        let row = rows.0.pop().unwrap();
        let Ok(Some(Event::Network(e))) = columns::to_event(row, Table::Network) else { panic!("{line}") };
        let mut scratch = Scratch::default();
        let kept = !filter.hits(line.as_bytes(), true, &mut scratch).is_empty()
            && filter.may_match(line.as_bytes(), true, &mut scratch);
        prop_assert!(!seed.matches(&e) || kept, "dropped a match: {}", line);
    }
}

struct Count(usize);
impl<'de> RowSink<'de> for Count {
    fn row(&mut self, _: Row<'de>, _: Option<Table>) {
        self.0 += 1;
    }
    fn schema(&mut self, _: &[String]) -> Result<(), String> {
        Ok(())
    }
}

struct Collect<'de>(Vec<Row<'de>>);
impl<'de> RowSink<'de> for Collect<'de> {
    fn row(&mut self, row: Row<'de>, _: Option<Table>) {
        self.0.push(row);
    }
    fn schema(&mut self, _: &[String]) -> Result<(), String> {
        Ok(())
    }
}

//! Tests of the generator as a whole: every shape parses back as what it claims,
//! output is deterministic, and the labels point at the rows they describe.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use serde_json::Value;

use super::scenario::{Category, SCENARIOS};
use super::schema::{NETWORK, PROCESS, union_columns};
use super::*;

const END: &str = "2026-11-30T12:00:00Z";

fn args(shape: Shape, table: TableChoice, events: u64, seed: u64) -> SimulateArgs {
    SimulateArgs {
        events,
        shape,
        table,
        seed,
        end: Timestamp::parse(END).unwrap(),
        span: Span(48 * 3600 * NANOS_PER_SEC),
        labels: None,
        output: PathBuf::from("-"),
    }
}

/// Output bytes and labels text of one run.
fn run_with(a: &SimulateArgs) -> (Vec<u8>, String) {
    let mut out = Vec::new();
    let mut labels = Vec::new();
    let summary = generate(a, &mut out, Some(&mut labels)).unwrap();
    assert_eq!(summary.records, a.events);
    (out, String::from_utf8(labels).unwrap())
}

fn export(shape: Shape, table: TableChoice, events: u64) -> (Vec<u8>, String) {
    run_with(&args(shape, table, events, 1))
}

fn text(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).expect("output is UTF-8")
}

fn json_lines(bytes: &[u8]) -> Vec<Value> {
    text(bytes)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn names(cols: &[Col]) -> Vec<&'static str> {
    cols.iter().map(|c| c.name()).collect()
}

fn csv_rows(bytes: &[u8]) -> (Vec<String>, Vec<csv::StringRecord>) {
    let mut r = csv::Reader::from_reader(bytes);
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r.records().map(|r| r.unwrap()).collect();
    (header, rows)
}

#[derive(Debug)]
struct Label {
    record: usize,
    report_id: String,
    device: String,
    scenario: String,
    seed: bool,
    default: bool,
    category: String,
}

fn labels(text: &str) -> Vec<Label> {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        r.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "record",
            "ReportId",
            "DeviceName",
            "scenario",
            "expected_seed_alert",
            "expected_default_alert",
            "category"
        ]
    );
    r.records()
        .map(|row| {
            let row = row.unwrap();
            Label {
                record: row[0].parse().unwrap(),
                report_id: row[1].to_string(),
                device: row[2].to_string(),
                scenario: row[3].to_string(),
                seed: row[4].parse().unwrap(),
                default: row[5].parse().unwrap(),
                category: row[6].to_string(),
            }
        })
        .collect()
}

#[test]
fn same_seed_same_bytes_for_every_shape() {
    for shape in [
        Shape::Csv,
        Shape::Jsonl,
        Shape::ApiJson,
        Shape::GraphJson,
        Shape::Eventhub,
        Shape::Storage,
        Shape::LaQuery,
        Shape::LaExport,
    ] {
        let a = run_with(&args(shape, TableChoice::Both, 1500, 7));
        let b = run_with(&args(shape, TableChoice::Both, 1500, 7));
        assert!(a == b, "{shape:?} differs between runs");
        let c = run_with(&args(shape, TableChoice::Both, 1500, 8));
        assert!(a.0 != c.0, "{shape:?}: seed has no effect");
    }
}

#[test]
fn csv_is_rfc4180_with_union_header() {
    let (out, _) = export(Shape::Csv, TableChoice::Both, 4000);
    let (header, rows) = csv_rows(&out);
    assert_eq!(header, names(&union_columns()));
    assert_eq!(rows.len(), 4000);
    assert!(rows.iter().all(|r| r.len() == header.len()));
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let cmd = col("InitiatingProcessCommandLine");
    let all_cmds: Vec<&str> = rows.iter().map(|r| &r[cmd]).collect();
    assert!(
        all_cmds.iter().any(|c| c.contains('\n')),
        "a multi-line command line"
    );
    assert!(all_cmds.iter().any(|c| c.contains('"') && c.contains(',')));
    let action = col("ActionType");
    let actions: HashSet<&str> = rows.iter().map(|r| &r[action]).collect();
    for a in [
        "ConnectionSuccess",
        "ConnectionFailed",
        "ProcessCreated",
        "InboundConnectionAccepted",
        "ListeningConnectionCreated",
    ] {
        assert!(actions.contains(a), "no {a}");
    }
    // ISO-8601 with 0-7 digits and Z, trailing zeros trimmed.
    let ts = col("Timestamp");
    for r in &rows {
        let t = &r[ts];
        assert!(t.ends_with('Z') && t.len() >= 20 && t.len() <= 28, "{t}");
        let trailing_zero = t.contains('.') && (t.ends_with("0Z") || t.ends_with(".Z"));
        assert!(!trailing_zero, "{t}");
        assert!(Timestamp::parse(t).is_ok(), "{t}");
    }
    let lengths: HashSet<usize> = rows.iter().map(|r| r[ts].len()).collect();
    assert!(lengths.len() >= 4, "varied fractional digits: {lengths:?}");
}

#[test]
fn single_table_csv_has_that_tables_columns() {
    let (out, _) = export(Shape::Csv, TableChoice::Network, 500);
    assert_eq!(csv_rows(&out).0, names(NETWORK));
    let (out, _) = export(Shape::Csv, TableChoice::Process, 300);
    let (header, rows) = csv_rows(&out);
    assert_eq!(header, names(PROCESS));
    assert_eq!(rows.len(), 300);
    assert!(rows.iter().all(|r| &r[3] == "ProcessCreated"));
}

#[test]
fn jsonl_rows_carry_their_own_tables_columns() {
    let (out, _) = export(Shape::Jsonl, TableChoice::Both, 3000);
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 3000);
    let mut string_ports = 0;
    for row in &rows {
        let obj = row.as_object().unwrap();
        let keys: HashSet<&str> = obj.keys().map(String::as_str).collect();
        let table = if obj["ActionType"] == "ProcessCreated" {
            PROCESS
        } else {
            NETWORK
        };
        assert_eq!(keys, names(table).into_iter().collect::<HashSet<_>>());
        if obj.get("RemotePort").is_some_and(Value::is_string) {
            string_ports += 1;
        }
        assert!(obj["ReportId"].is_i64());
    }
    assert!(string_ports > 0, "ports as JSON strings appear");
}

#[test]
fn document_shapes_have_schema_and_results() {
    for (shape, schema, name, ty, results) in [
        (Shape::ApiJson, "Schema", "Name", "Type", "Results"),
        (Shape::GraphJson, "schema", "name", "type", "results"),
    ] {
        let (out, _) = export(shape, TableChoice::Network, 1200);
        let doc: Value = serde_json::from_slice(&out).unwrap();
        let cols: Vec<&str> = doc[schema]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c[name].as_str().unwrap())
            .collect();
        assert_eq!(cols, names(NETWORK));
        assert_eq!(doc[schema][0][ty], "DateTime");
        assert_eq!(doc[schema][5][ty], "Int32");
        let rows = doc[results].as_array().unwrap();
        assert_eq!(rows.len(), 1200);
        assert!(
            rows.iter()
                .all(|r| r.as_object().unwrap().len() == NETWORK.len())
        );
        if shape == Shape::GraphJson {
            assert!(
                doc["@odata.context"]
                    .as_str()
                    .unwrap()
                    .contains("huntingQueryResults")
            );
        }
    }
}

#[test]
fn la_query_is_positional_with_log_analytics_columns() {
    let (out, _) = export(Shape::LaQuery, TableChoice::Both, 1500);
    let doc: Value = serde_json::from_slice(&out).unwrap();
    let table = &doc["tables"][0];
    assert_eq!(table["name"], "PrimaryResult");
    let cols: Vec<&str> = table["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(cols[0], "TenantId");
    assert_eq!(cols[1], "TimeGenerated");
    assert_eq!(*cols.last().unwrap(), "Type");
    assert!(!cols.contains(&"Timestamp"));
    let rows = table["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 1500);
    let ty = cols.len() - 1;
    for row in rows {
        let row = row.as_array().unwrap();
        assert_eq!(row.len(), cols.len());
        assert!(row[ty] == "DeviceNetworkEvents" || row[ty] == "DeviceProcessEvents");
    }
}

#[test]
fn la_export_has_dynamic_additional_fields() {
    let (out, _) = export(Shape::LaExport, TableChoice::Both, 2000);
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 2000);
    let mut objects = 0;
    for r in &rows {
        assert!(r["TimeGenerated"].is_string() && r.get("Timestamp").is_none());
        assert!(r["Type"] == "DeviceNetworkEvents" || r["Type"] == "DeviceProcessEvents");
        assert!(r["TenantId"].is_string());
        let af = &r["AdditionalFields"];
        assert!(af.is_object() || af.is_null(), "{af}");
        objects += usize::from(af.is_object());
    }
    assert!(objects > 0);
}

fn check_stream_record(rec: &Value, storage: bool) {
    assert!(rec["time"].as_str().unwrap().ends_with('Z'));
    assert!(rec["tenantId"].is_string());
    assert_eq!(rec["operationName"], "Publish");
    let category = rec["category"].as_str().unwrap();
    assert!(
        category == "AdvancedHunting-DeviceNetworkEvents"
            || category == "AdvancedHunting-DeviceProcessEvents"
    );
    assert!(rec["properties"]["MachineGroup"].is_string());
    assert_eq!(rec["Tenant"], "DefaultTenant");
    let received = rec.get("_TimeReceivedBySvc");
    if storage {
        let r = received.unwrap().as_str().unwrap();
        assert!(!r.ends_with('Z') && Timestamp::parse(r).is_ok(), "{r}");
    } else {
        assert!(received.is_none());
    }
}

#[test]
fn eventhub_messages_batch_records() {
    let (out, _) = export(Shape::Eventhub, TableChoice::Both, 2000);
    let messages = json_lines(&out);
    let mut total = 0;
    for m in &messages {
        let records = m["records"].as_array().unwrap();
        assert!((1..=50).contains(&records.len()));
        records.iter().for_each(|r| check_stream_record(r, false));
        total += records.len();
    }
    assert_eq!(total, 2000);
    assert!(messages.len() > 2000 / 50);
}

#[test]
fn storage_is_crlf_json_lines() {
    let (out, _) = export(Shape::Storage, TableChoice::Both, 1000);
    let body = text(&out);
    assert!(body.ends_with("\r\n"));
    let lines: Vec<&str> = body.strip_suffix("\r\n").unwrap().split("\r\n").collect();
    assert_eq!(lines.len(), 1000);
    for line in lines {
        assert!(!line.contains('\n') && !line.contains('\r'));
        check_stream_record(&serde_json::from_str(line).unwrap(), true);
    }
}

/// (ReportId, DeviceName) of each record, in output order, for any shape.
fn record_keys(shape: Shape, out: &[u8]) -> Vec<(String, String)> {
    let key = |v: &Value| {
        (
            v["ReportId"].to_string(),
            v["DeviceName"].as_str().unwrap().to_string(),
        )
    };
    match shape {
        Shape::Csv => {
            let (h, rows) = csv_rows(out);
            let (id, dev) = (
                h.iter().position(|c| c == "ReportId").unwrap(),
                h.iter().position(|c| c == "DeviceName").unwrap(),
            );
            rows.iter()
                .map(|r| (r[id].to_string(), r[dev].to_string()))
                .collect()
        }
        Shape::Jsonl => json_lines(out).iter().map(key).collect(),
        Shape::Eventhub => json_lines(out)
            .iter()
            .flat_map(|m| m["records"].as_array().unwrap().clone())
            .map(|r| key(&r["properties"]))
            .collect(),
        _ => unreachable!(),
    }
}

#[test]
fn labels_point_at_their_records() {
    let mut first: Option<(Vec<(String, String)>, String)> = None;
    for shape in [Shape::Csv, Shape::Jsonl, Shape::Eventhub] {
        let (out, label_text) = export(shape, TableChoice::Both, 5000);
        let keys = record_keys(shape, &out);
        // Every shape carries the same records in the same order, and the same labels.
        let first = first.get_or_insert_with(|| (keys.clone(), label_text.clone()));
        assert!(
            first.0 == keys && first.1 == label_text,
            "{shape:?} differs in content"
        );
        let labels = labels(&label_text);
        assert!(!labels.is_empty());
        for l in &labels {
            assert_eq!(
                keys[l.record - 1],
                (l.report_id.clone(), l.device.clone()),
                "{l:?}"
            );
        }
    }
}

#[test]
fn report_ids_are_unique_per_device_and_time_ascends() {
    let (out, _) = export(Shape::Jsonl, TableChoice::Both, 5000);
    let rows = json_lines(&out);
    let mut seen = HashSet::new();
    let mut last = 0;
    let end = Timestamp::parse(END).unwrap().0;
    let mut older_than_a_day = 0;
    for r in &rows {
        assert!(seen.insert((r["DeviceName"].to_string(), r["ReportId"].as_i64().unwrap())));
        let t = Timestamp::parse(r["Timestamp"].as_str().unwrap())
            .unwrap()
            .0;
        assert!(t >= last, "time goes back at {r}");
        assert!(t <= end && t >= end - 48 * 3600 * NANOS_PER_SEC);
        older_than_a_day += usize::from(t <= end - 24 * 3600 * NANOS_PER_SEC);
        last = t;
    }
    assert!(older_than_a_day > 1000 && older_than_a_day < 4000);
}

#[test]
fn process_rows_join_the_network_rows_that_follow() {
    let (out, _) = export(Shape::Jsonl, TableChoice::Both, 5000);
    let rows = json_lines(&out);
    let mut created: HashMap<(String, i64, String), usize> = HashMap::new();
    let mut joined = 0;
    for (i, r) in rows.iter().enumerate() {
        if r["ActionType"] == "ProcessCreated" {
            let key = (
                r["DeviceId"].to_string(),
                r["ProcessId"].as_i64().unwrap(),
                r["ProcessCreationTime"].to_string(),
            );
            let next = &rows[i + 1]["InitiatingProcessFileName"];
            assert!(
                next == "" || *next == r["FileName"],
                "first use follows: {next}"
            );
            created.insert(key, i);
        } else if let Some(pid) = r["InitiatingProcessId"].as_i64() {
            let key = (
                r["DeviceId"].to_string(),
                pid,
                r["InitiatingProcessCreationTime"].to_string(),
            );
            joined += usize::from(created.get(&key).is_some_and(|&at| at < i));
        }
    }
    assert!(!created.is_empty() && joined > created.len());
}

#[test]
fn every_scenario_is_planted_and_labelled_as_the_seed_query_would() {
    let (out, label_text) = export(Shape::Jsonl, TableChoice::Both, 5000);
    let rows = json_lines(&out);
    let labels = labels(&label_text);
    let mut network_in_window: HashMap<&str, Vec<bool>> = HashMap::new();
    for s in SCENARIOS {
        let mine: Vec<&Label> = labels.iter().filter(|l| l.scenario == s.name).collect();
        assert!(!mine.is_empty(), "{} not planted", s.name);
        let category = if s.category == Category::Attack {
            "attack"
        } else {
            "benign"
        };
        assert!(mine.iter().all(|l| l.category == category));
        for l in mine {
            let row = &rows[l.record - 1];
            if row["ActionType"] == "ProcessCreated" {
                assert!(!l.seed && !l.default);
            } else if l.default || (s.category == Category::Benign && l.seed) {
                network_in_window.entry(s.name).or_default().push(l.seed);
            }
        }
    }
    let seed_says = |name: &str| network_in_window.get(name).cloned().unwrap_or_default();
    // Caught by the seed query (inside the window, barring the empty-name quirk).
    for name in [
        "script-interpreter-c2",
        "lolbin-c2",
        "injected-system-binary",
        "beacon-60s",
        "lateral-movement",
    ] {
        assert!(seed_says(name).contains(&true), "{name} never alerts");
    }
    // Missed by it, though they are attacks.
    for name in [
        "renamed-powershell",
        "masquerading-chrome",
        "msiexec-remote-install",
        "dead-c2-failed-beacon",
        "linux-reverse-shell",
    ] {
        let says = seed_says(name);
        assert!(
            !says.is_empty() && !says.contains(&true),
            "{name}: {says:?}"
        );
    }
    // False positives of the seed query.
    for name in [
        "sccm-script",
        "config-management-rest",
        "software-distribution-download",
        "monitoring-script-check",
        "developer-nuget-restore",
    ] {
        assert!(
            labels
                .iter()
                .any(|l| l.scenario == name && l.seed && !l.default),
            "{name}"
        );
    }
    assert!(
        labels
            .iter()
            .filter(|l| l.scenario == "msiexec-internal-distribution")
            .all(|l| !l.seed && !l.default)
    );
    // The renamed binary still says what it is.
    let renamed: Vec<&Value> = labels
        .iter()
        .filter(|l| l.scenario == "renamed-powershell")
        .map(|l| &rows[l.record - 1])
        .collect();
    for row in renamed {
        let (name, original) = match row["ActionType"].as_str() {
            Some("ProcessCreated") => {
                (&row["FileName"], &row["ProcessVersionInfoOriginalFileName"])
            }
            _ => (
                &row["InitiatingProcessFileName"],
                &row["InitiatingProcessVersionInfoOriginalFileName"],
            ),
        };
        assert!(*name == "update.exe" || *name == "", "{name}"); // "" = the empty-name quirk
        assert_eq!(original, "PowerShell.EXE");
    }
}

#[test]
fn background_never_matches_the_seed_query() {
    let a = args(Shape::Jsonl, TableChoice::Network, 20_000, 3);
    let mut out = Vec::new();
    let summary = generate(&a, &mut out, None).unwrap();
    let rows = json_lines(&out);
    let lists = [
        "powershell.exe",
        "pwsh.exe",
        "cmd.exe",
        "wscript.exe",
        "cscript.exe",
        "mshta.exe",
        "wmic.exe",
        "rundll32.exe",
        "regsvr32.exe",
        "certutil.exe",
        "bitsadmin.exe",
        "msbuild.exe",
        "csc.exe",
        "notepad.exe",
        "calc.exe",
        "mspaint.exe",
        "xwizard.exe",
        "hh.exe",
    ];
    let suspicious = rows
        .iter()
        .filter(|r| {
            lists.iter().any(|n| {
                r["InitiatingProcessFileName"]
                    .as_str()
                    .is_some_and(|f| f.eq_ignore_ascii_case(n))
            })
        })
        .count();
    assert!(
        suspicious as u64 <= summary.planted,
        "{suspicious} suspicious rows, {} planted",
        summary.planted
    );
}

#[test]
fn content_mixes_the_real_data_quirks() {
    let (out, _) = export(Shape::Jsonl, TableChoice::Network, 20_000);
    let rows = json_lines(&out);
    let has = |f: &dyn Fn(&Value) -> bool| rows.iter().any(f);
    assert!(has(&|r| r["RemoteIP"]
        .as_str()
        .unwrap()
        .starts_with("::ffff:10.")
        && r["RemoteIPType"] == "FourToSixMapping"));
    assert!(has(&|r| r["RemoteIP"].as_str().unwrap().starts_with("2")
        && r["RemoteIP"].as_str().unwrap().contains(':')));
    assert!(has(
        &|r| r["Protocol"] == "Icmp" && r["RemotePort"].is_null()
    ));
    assert!(has(&|r| r["ActionType"]
        .as_str()
        .unwrap()
        .ends_with("ConnectionInspected")
        && r["InitiatingProcessFileName"] == ""));
    assert!(has(&|r| r["ActionType"] == "ConnectionRequest"));
    let variants = [
        "mssense.exe",
        "MSSENSE.EXE",
        "msmpeng.exe",
        "CHROME.EXE",
        "Chrome.exe",
        "MSEDGE.EXE",
        "outlook.exe",
    ];
    assert!(has(&|r| variants
        .iter()
        .any(|v| r["InitiatingProcessFileName"] == *v)));
    assert!(has(&|r| r["InitiatingProcessFileName"] == "System"
        && r["InitiatingProcessFolderPath"]
            == "c:\\windows\\system32\\ntoskrnl.exe"));
    assert!(has(&|r| r["InitiatingProcessParentFileName"]
        .as_str()
        .unwrap()
        .starts_with("\\Device\\HarddiskVolume")));
    assert!(has(
        &|r| r["RemoteIPType"] == "" && r["ActionType"] == "ConnectionSuccess"
    ));
    assert!(has(&|r| r["RemoteUrl"].is_null()));
    assert!(has(&|r| r["InitiatingProcessAccountName"] == "system"
        && r["InitiatingProcessAccountDomain"] == "nt authority"));
    assert!(has(&|r| r["RemotePort"] == 443));
    let ports: HashSet<i64> = rows
        .iter()
        .filter_map(|r| r["RemotePort"].as_i64())
        .collect();
    for p in [443, 80, 53, 135, 3389, 22, 445] {
        assert!(ports.contains(&p), "no port {p}");
    }
    assert!(has(&|r| r["InitiatingProcessCommandLine"]
        .as_str()
        .is_some_and(|c| !c.is_ascii())));
    // Full image path, lower-cased, in network rows.
    assert!(
        rows.iter()
            .filter_map(|r| r["InitiatingProcessFolderPath"].as_str())
            .all(|p| p.to_lowercase() == p)
    );
}

#[test]
fn cli_flags_parse() {
    use clap::Parser;
    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        args: SimulateArgs,
    }
    let cli = Cli::try_parse_from([
        "t",
        "--events",
        "5",
        "--shape",
        "la-export",
        "--span",
        "7d",
        "--end",
        "2025-01-01T00:00:00Z",
        "-o",
        "x",
    ])
    .unwrap();
    assert_eq!(cli.args.shape, Shape::LaExport);
    assert_eq!(cli.args.span, Span(7 * 86_400 * NANOS_PER_SEC));
    let defaults = Cli::try_parse_from(["t"]).unwrap().args;
    assert_eq!(
        (defaults.events, defaults.seed, defaults.table),
        (10_000, 1, TableChoice::Both)
    );
    assert_eq!(defaults.end, Timestamp::parse(END).unwrap());
    assert!(Cli::try_parse_from(["t", "--span", "0h"]).is_err());
    assert!(Cli::try_parse_from(["t", "--end", "yesterday"]).is_err());
}

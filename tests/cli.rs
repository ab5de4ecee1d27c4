//! The command line as a user meets it: bad input, exit codes, outputs.

mod common;
use common::*;
use std::io::Write;

fn temp(name: &str, content: &[u8]) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::File::create(&path)
        .unwrap()
        .write_all(content)
        .unwrap();
    (dir, path.to_str().unwrap().to_string())
}

const GOOD: &str = r#"{"Timestamp":"2026-11-30T11:00:00Z","DeviceId":"d","DeviceName":"ws","ActionType":"ConnectionSuccess","RemoteIP":"203.0.113.9","RemotePort":443,"RemoteIPType":"Public","InitiatingProcessFileName":"powershell.exe","InitiatingProcessCommandLine":"CMD","InitiatingProcessParentFileName":"explorer.exe","InitiatingProcessAccountName":"bob","ReportId":1}"#;

fn good_with(cmd: &str) -> String {
    GOOD.replace("\"CMD\"", &serde_json::to_string(cmd).unwrap())
}

#[test]
fn bad_records_are_skipped_counted_and_named() {
    let lines = [
        GOOD.to_string(),
        "{not json".to_string(),
        GOOD.replace("443", "\"https\""),
        GOOD.replace("2026-11-30T11:00:00Z", "yesterday"),
        GOOD.replace(r#""InitiatingProcessParentFileName":"explorer.exe","#, ""),
        GOOD.replace("443", "70000"),
        String::new(),
        GOOD.replace("\"ReportId\":1", "\"ReportId\":2"),
    ];
    let (_d, path) = temp("bad.jsonl", lines.join("\n").as_bytes());
    // By default a record without the rule's literal text (here `{not json`) is
    // counted but not parsed: it cannot alert.
    let out = porthunt(&["hunt", "--now", NOW, &path]);
    let err = stderr(&out);
    assert!(
        err.contains("7 read, 3 parsed (3 network, 0 process, 0 other), 3 skipped, 1 not parsed"),
        "{err}"
    );
    // --full-parse validates every record.
    let out = porthunt(&["hunt", "--full-parse", "--now", NOW, &path]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    // The row without InitiatingProcessParentFileName is read with that column null,
    // as a table would hold it (other rows have the column).
    assert_eq!(alerts(&out).len(), 3);
    assert!(
        err.contains("7 read, 3 parsed (3 network, 0 process, 0 other), 4 skipped"),
        "{err}"
    );
    assert!(
        err.contains("bad.jsonl:2: Expected this character"),
        "{err}"
    );
    assert!(
        err.contains("bad.jsonl:3: RemotePort: `https` is not an integer"),
        "{err}"
    );
    assert!(err.contains("bad.jsonl:4: Timestamp: `yesterday`"), "{err}");
    assert!(
        err.contains("bad.jsonl:6: RemotePort: port 70000 is outside 0-65535"),
        "{err}"
    );
    assert!(
        err.contains("skipped 2: invalid value: RemotePort"),
        "{err}"
    );

    let out = porthunt(&["hunt", "--strict", "--now", NOW, &path]);
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stderr(&out).contains("stopped (--strict): "),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_missing_column_is_a_loud_error() {
    let csv = "Timestamp,DeviceName,ActionType,RemoteIP,RemotePort,InitiatingProcessFileName\n\
               2026-11-30T11:00:00Z,ws,ConnectionSuccess,1.2.3.4,443,powershell.exe\n";
    let (_d, path) = temp("narrow.csv", csv.as_bytes());
    let out = porthunt(&["hunt", "--now", NOW, &path]);
    assert_eq!(out.status.code(), Some(3));
    let err = stderr(&out);
    assert!(
        err.contains("narrow.csv: missing column(s) the rule needs: "),
        "{err}"
    );
    for col in [
        "InitiatingProcessAccountName (for user.name)",
        "RemoteIPType (for remote.ip_type)",
        "InitiatingProcessParentFileName (for process.parent.name)",
        "InitiatingProcessCommandLine",
    ] {
        assert!(err.contains(col), "{col}: {err}");
    }

    // JSON lines that all lack a column: the file is an error, not zero alerts.
    let only = GOOD.replace(r#""RemoteIPType":"Public","#, "");
    let (_d2, path) = temp("narrow.jsonl", format!("{only}\n{only}\n").as_bytes());
    let out = porthunt(&["hunt", "--now", NOW, &path]);
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stderr(&out).contains("narrow.jsonl: no network record has it: missing column(s) the rule needs: RemoteIPType (for remote.ip_type)"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn csv_rows_with_the_wrong_width_are_named_by_line() {
    let csv = std::fs::read_to_string(fixture("defender/portal.csv")).unwrap();
    let broken = csv.replacen("\r\n", "\r\nonly,three,cells\r\n", 2);
    let (_d, path) = temp("broken.csv", broken.as_bytes());
    let out = porthunt(&["hunt", "--now", NOW, &path]);
    let err = stderr(&out);
    assert_eq!(alerts(&out), expected_seed(), "{err}");
    assert!(
        err.contains("17 read, 9 parsed (9 network, 0 process, 0 other), 0 skipped, 8 not parsed"),
        "{err}"
    );
    let out = porthunt(&["hunt", "--full-parse", "--now", NOW, &path]);
    let err = stderr(&out);
    assert_eq!(alerts(&out), expected_seed(), "{err}");
    assert!(
        err.contains("broken.csv:2: row has 3 fields, the header has 30"),
        "{err}"
    );
    assert!(err.contains("broken.csv:4: row has 3 fields"), "{err}");
    assert!(
        err.contains("17 read, 15 parsed (14 network, 1 process, 0 other), 2 skipped"),
        "{err}"
    );
    assert!(err.contains("skipped 2: invalid CSV record"), "{err}");
}

#[test]
fn exit_codes() {
    let path = fixture("defender/rows.jsonl");
    let p = path.to_str().unwrap();
    assert_eq!(
        porthunt(&["hunt", "--now", NOW, "--fail-on-alert", p])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        porthunt(&[
            "hunt",
            "--now",
            "2030-01-01T00:00:00Z",
            "--fail-on-alert",
            p
        ])
        .status
        .code(),
        Some(0)
    );
    let out = porthunt(&["hunt", "--now", "last tuesday", p]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--now `last tuesday`"));
    let out = porthunt(&["hunt", "--profile", "no-such-profile", p]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("not a built-in profile (t1043-seed"),
        "{}",
        stderr(&out)
    );
    let out = porthunt(&["hunt", "/no/such/file"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn rule_files_load_from_disk_with_errors_naming_the_key() {
    let seed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/rules/t1043-seed.toml"
    ))
    .unwrap();
    // The same rule from disk, with 8080 added to the ports.
    let (_d, path) = temp(
        "mine.toml",
        seed.replace("3389, 135]", "3389, 135, 8080]").as_bytes(),
    );
    let out = porthunt(&[
        "hunt",
        "--profile",
        &path,
        "--now",
        NOW,
        fixture("defender/rows.jsonl").to_str().unwrap(),
    ]);
    let names: Vec<_> = alerts(&out)
        .iter()
        .map(|a| a["InitiatingProcessFileName"].as_str().unwrap().to_string())
        .collect();
    assert!(names.contains(&"cmd.exe".to_string()), "{names:?}");
    let (_d2, bad) = temp(
        "bad.toml",
        seed.replace("in_ci = \"LOLBins\"", "in_cs = \"LOLBins\"")
            .as_bytes(),
    );
    let out = porthunt(&[
        "hunt",
        "--profile",
        &bad,
        fixture("defender/rows.jsonl").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("bad.toml: flags[2].when.in_cs: unknown operator"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn hostile_command_lines_are_safe_in_every_output() {
    let hostile = "=cmd|' /C calc'!A0\u{1b}[2J\u{202e}exe.txt\u{9b}\nnext";
    let (_d, path) = temp("h.jsonl", good_with(hostile).as_bytes());
    // CSV: formula neutralised, escape sequences made visible.
    let out = porthunt(&["hunt", "--now", NOW, "--format", "csv", &path]);
    let text = String::from_utf8(out.stdout).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let row = reader.records().next().unwrap().unwrap();
    let cmd = &row[headers
        .iter()
        .position(|h| h == "InitiatingProcessCommandLine")
        .unwrap()];
    assert!(cmd.starts_with("'=cmd"), "{cmd:?}");
    assert!(
        !cmd.contains('\u{1b}') && !cmd.contains('\u{202e}') && !cmd.contains('\u{9b}'),
        "{cmd:?}"
    );
    // Table: nothing unsafe reaches the terminal.
    let out = porthunt(&["hunt", "--now", NOW, "--format", "table", &path]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{202e}') && !text.contains('\u{9b}'),
        "{text}"
    );
    assert!(text.contains("\\x1b[2J"), "{text}");
    // JSON: valid, escaped, and the value round-trips exactly.
    for format in ["jsonl", "json"] {
        let out = porthunt(&["hunt", "--now", NOW, "--format", format, &path]);
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(!text.contains('\u{1b}') && !text.contains('\u{202e}') && !text.contains('\u{9b}'));
        let v: serde_json::Value = if format == "json" {
            serde_json::from_str::<serde_json::Value>(&text).unwrap()[0].clone()
        } else {
            serde_json::from_str(text.lines().next().unwrap()).unwrap()
        };
        assert_eq!(v["InitiatingProcessCommandLine"], hostile);
    }
    // The run summary escapes file names too.
    let (_d3, evil) = temp("x\u{1b}[31m.jsonl", b"{bad");
    let out = porthunt(&["hunt", "--now", NOW, &evil]);
    assert!(!stderr(&out).contains('\u{1b}'), "{}", stderr(&out));
}

#[test]
fn truncated_gzip_keeps_what_was_read_and_says_so() {
    let gz = std::fs::read(fixture("defender/portal.csv.gz")).unwrap();
    let (_d, path) = temp("cut.csv.gz", &gz[..gz.len() - 20]);
    let out = porthunt(&["hunt", "--now", NOW, &path]);
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stderr(&out).contains("cut.csv.gz: gzip stream:"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn output_file_and_summary_json() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("alerts.jsonl");
    let sum_path = dir.path().join("summary.json");
    let out = porthunt(&[
        "hunt",
        "--now",
        NOW,
        "-o",
        out_path.to_str().unwrap(),
        "--summary-json",
        sum_path.to_str().unwrap(),
        fixture("defender/api.json").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    assert_eq!(
        std::fs::read_to_string(&out_path).unwrap().lines().count(),
        5
    );
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&sum_path).unwrap()).unwrap();
    assert_eq!(summary["records"], 15);
    assert_eq!(summary["network_events"], 14);
    assert_eq!(summary["alerts"], 5);
}

#[test]
fn demo_runs_on_the_bundled_sample() {
    let out = porthunt(&["demo"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    // The sample was written by `porthunt simulate --labels`, whose own predicate
    // (written from the KQL text) says which rows the published query returns.
    let labels = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/samples/defender-network-sample.labels.csv"
    ))
    .unwrap();
    let expected = labels
        .lines()
        .skip(1)
        .filter(|l| l.split(',').nth(4) == Some("true"))
        .count();
    assert!(expected > 20);
    assert!(
        text.contains(&format!("{expected} alert(s) from t1043-seed")),
        "{text}"
    );
}

//! Every Defender export shape, holding the same rows, gives exactly the rows the
//! published query returns (worked out by hand in tests/fixtures/defender/make_shapes.py).

mod common;
use common::*;

const SHAPES: &[&str] = &[
    "portal.csv",
    "portal.csv.gz",
    "rows.jsonl",
    "api.json",
    "graph.json",
    "eventhub.jsonl",
    "PT1H.json",
    "la-query.json",
    "la-export.json",
];

#[test]
fn every_shape_gives_the_published_querys_rows() {
    let expected = expected_seed();
    assert_eq!(expected.len(), 5);
    for shape in SHAPES {
        let path = fixture(&format!("defender/{shape}"));
        // The same answer whether records that cannot match are parsed or not.
        for full in [true, false] {
            let mut args = vec![
                "hunt",
                "--now",
                NOW,
                "--format",
                "jsonl",
                path.to_str().unwrap(),
            ];
            if full {
                args.push("--full-parse");
            }
            let out = porthunt(&args);
            assert_eq!(out.status.code(), Some(0), "{shape}: {}", stderr(&out));
            assert_eq!(alerts(&out), expected, "{shape}");
            let err = stderr(&out);
            // Unparsed records are counted too, Event Hub messages record by record.
            assert!(err.contains("15 read, "), "{shape}: {err}");
            if full {
                let counts = "15 read, 15 parsed (14 network, 1 process, 0 other), 0 skipped";
                assert!(err.contains(counts), "{shape}: {err}");
            }
        }
    }
}

#[test]
fn stdin_and_folders() {
    let data = std::fs::read(fixture("defender/rows.jsonl")).unwrap();
    let out = porthunt_stdin(&["hunt", "--now", NOW, "-"], Some(&data));
    assert_eq!(alerts(&out), expected_seed());
    let gz = std::fs::read(fixture("defender/portal.csv.gz")).unwrap();
    let out = porthunt_stdin(&["hunt", "--now", NOW, "-"], Some(&gz));
    assert_eq!(alerts(&out), expected_seed());

    // The folder holds every shape once: each alert appears once per shape, and the
    // sort puts the copies of each alert together (newest first).
    let out = porthunt(&["hunt", "--now", NOW, fixture("defender").to_str().unwrap()]);
    let got = alerts(&out);
    assert_eq!(
        got.len(),
        expected_seed().len() * SHAPES.len(),
        "{}",
        stderr(&out)
    );
    let mut deduped = got.clone();
    deduped.dedup();
    assert_eq!(deduped, expected_seed());
    // make_shapes.py is in that folder too: met while walking, it is noted as not
    // telemetry; named on the command line, it is an error.
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("not telemetry, skipped: 1 file(s)")
            && stderr(&out).contains("make_shapes.py"),
        "{}",
        stderr(&out)
    );
    let script = fixture("defender/make_shapes.py");
    let out = porthunt(&["hunt", "--now", NOW, script.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stderr(&out).contains("make_shapes.py: not a recognised format"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn window_anchored_on_newest_event() {
    // The newest network event is 11:00:00.5; a 24h window from it still excludes
    // the 30-hour-old calc.exe row, so the result equals --now 12:00.
    let path = fixture("defender/portal.csv");
    let out = porthunt(&["hunt", "--now", "newest", path.to_str().unwrap()]);
    assert_eq!(alerts(&out), expected_seed());
    assert!(stderr(&out).contains("window measured from 2026-11-30T11:00:00.5000000Z"));
    // --since/--until replace the window: everything from 29 Nov includes calc.exe.
    let out = porthunt(&[
        "hunt",
        "--since",
        "2026-11-29T00:00:00Z",
        "--until",
        "2026-11-30T10:55:30Z",
        path.to_str().unwrap(),
    ]);
    let names: Vec<_> = alerts(&out)
        .iter()
        .map(|a| a["InitiatingProcessFileName"].clone())
        .collect();
    assert_eq!(names, ["mshta.exe", "wmic.exe", "calc.exe"]);
}

#[test]
fn real_plaso_union_export() {
    // A real Advanced Hunting portal export (plaso test data, Apache-2.0): a union of
    // eight tables, CRLF, ReportId split into ReportId_long/ReportId_string. Counts
    // by ActionType: 32 network rows, 2 ProcessCreated rows, the rest other tables.
    let path = shared("plaso/advanced_hunting_test.csv");
    let out = porthunt(&[
        "hunt",
        "--now",
        "2023-12-22T00:00:00Z",
        "--full-parse",
        path.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("129 read, 129 parsed (32 network, 2 process, 95 other), 0 skipped"),
        "{}",
        stderr(&out)
    );
    assert!(
        alerts(&out).is_empty(),
        "no script interpreter or LOLBin connects in that sample"
    );
}

#[test]
fn real_streaming_api_records() {
    // Elastic's m365_defender pipeline test data: real streaming-API records of
    // several tables (read in place; Elastic-licensed, not copied).
    let path = shared(
        "elastic-integrations/packages/m365_defender/data_stream/event/_dev/test/pipeline/test-device.subset.log",
    );
    let out = porthunt(&[
        "hunt",
        "--now",
        "2022-11-10T00:00:00Z",
        "--full-parse",
        path.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("19 read, 19 parsed (17 network, 2 process, 0 other), 0 skipped"),
        "{err}"
    );
}

#[test]
fn prefilter_and_full_parse_agree_on_every_simulated_shape() {
    // porthunt simulate labels the rows the published query returns; both reading
    // modes must return exactly that many, in every shape.
    let dir = tempfile::tempdir().unwrap();
    for shape in [
        "csv",
        "jsonl",
        "api-json",
        "graph-json",
        "eventhub",
        "storage",
        "la-query",
        "la-export",
    ] {
        let data = dir.path().join(format!("sim.{shape}"));
        let labels = dir.path().join(format!("labels.{shape}.csv"));
        let out = porthunt(&[
            "simulate",
            "--events",
            "6000",
            "--seed",
            "3",
            "--shape",
            shape,
            "-o",
            data.to_str().unwrap(),
            "--labels",
            labels.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let expected = std::fs::read_to_string(&labels)
            .unwrap()
            .lines()
            .skip(1)
            .filter(|l| l.split(',').nth(4) == Some("true"))
            .count();
        assert!(expected > 10, "{shape}: {expected}");
        let run = |extra: &[&str]| {
            let mut args = vec!["hunt", "--now", NOW, data.to_str().unwrap()];
            args.extend_from_slice(extra);
            alerts(&porthunt(&args))
        };
        let fast = run(&[]);
        assert_eq!(fast.len(), expected, "{shape}");
        assert_eq!(fast, run(&["--full-parse"]), "{shape}");
    }
}

#[test]
fn real_process_events_export() {
    // msticpy's DeviceProcessEvents export (MIT): 200 ProcessCreated rows (counted
    // with Python's csv module), timestamps with 9 fractional digits and `+00:00`.
    let path = shared("microsoft-msticpy/tests/testdata/mde_proc_pub.csv");
    let out = porthunt(&[
        "hunt",
        "--full-parse",
        "--since",
        "2000-01-01T00:00:00Z",
        path.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("200 read, 200 parsed (0 network, 200 process, 0 other), 0 skipped"),
        "{}",
        stderr(&out)
    );
}

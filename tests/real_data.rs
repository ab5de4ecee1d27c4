//! The published query over every real dataset in ../shared/datasets (EVTX, OTRF
//! archives, Winlogbeat/ECS, SigmaHQ JSON), checked against the independent tally
//! `network-events-by-watched-processes.csv` (counted with the Python `evtx`
//! bindings and plain JSON parsing, see that folder's README).

mod common;
use common::*;
use std::collections::BTreeMap;

const SCRIPT: &[&str] = &[
    "powershell.exe",
    "pwsh.exe",
    "cmd.exe",
    "wscript.exe",
    "cscript.exe",
    "mshta.exe",
    "wmic.exe",
];
const LOLBIN: &[&str] = &[
    "rundll32.exe",
    "regsvr32.exe",
    "certutil.exe",
    "bitsadmin.exe",
    "msbuild.exe",
    "csc.exe",
    "installutil.exe",
    "regasm.exe",
    "regsvcs.exe",
    "ieexec.exe",
    "expand.exe",
    "extrac32.exe",
    "makecab.exe",
    "pcalua.exe",
    "replace.exe",
    "hh.exe",
    "infdefaultinstall.exe",
    "xwizard.exe",
];
const UNUSUAL: &[&str] = &[
    "notepad.exe",
    "calc.exe",
    "mspaint.exe",
    "wordpad.exe",
    "write.exe",
    "winver.exe",
    "charmap.exe",
    "snippingtool.exe",
];
#[test]
fn published_query_on_real_sysmon_data_matches_the_tally() {
    // Expected: tallied events that the query keeps: outbound (Initiated=true is
    // Sysmon's ConnectionSuccess), a listed port, a suspicious category, not
    // allowlisted (msiexec.exe is both, so never).
    let mut expected: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut tally =
        csv::Reader::from_path(shared("network-events-by-watched-processes.csv")).unwrap();
    let headers = tally.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (file, member, process, initiated, port) = (
        col("staged_file"),
        col("member"),
        col("process"),
        col("initiated"),
        col("dst_port"),
    );
    for r in tally.records() {
        let r = r.unwrap();
        let p = r[process].to_ascii_lowercase();
        let listed = r[port]
            .parse::<u16>()
            .is_ok_and(|p| [80, 443, 53, 25, 22, 3389, 135].contains(&p));
        let category = SCRIPT.contains(&p.as_str())
            || LOLBIN.contains(&p.as_str())
            || UNUSUAL.contains(&p.as_str());
        if r[initiated].eq_ignore_ascii_case("true") && listed && category {
            let input = if r[member].is_empty() {
                r[file].to_string()
            } else {
                format!("{}:{}", &r[file], &r[member])
            };
            *expected.entry((input, p)).or_default() += 1;
        }
    }
    assert!(expected.values().sum::<usize>() > 400, "{expected:?}");

    // porthunt over the whole folder, no time window.
    let root = shared("");
    let out = porthunt(&[
        "hunt",
        "--since",
        "1990-01-01T00:00:00Z",
        root.to_str().unwrap(),
    ]);
    let err = stderr(&out);
    let prefix = format!("{}/", root.to_str().unwrap().trim_end_matches('/'));
    let mut got: BTreeMap<(String, String), usize> = BTreeMap::new();
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        let a: serde_json::Value = serde_json::from_str(line).unwrap();
        let input = a["porthunt"]["input"].as_str().unwrap();
        if input.ends_with(".csv") {
            continue; // Defender exports: not in the tally
        }
        let p = a["InitiatingProcessFileName"]
            .as_str()
            .unwrap()
            .to_ascii_lowercase();
        assert!(
            TALLIED.contains(&p.as_str()),
            "{p} is outside the tally's list"
        );
        let input = input.strip_prefix(&prefix).unwrap_or(input).to_string();
        *got.entry((input, p)).or_default() += 1;
    }
    assert_eq!(got, expected, "{err}");
    // Everything in the folder was read: no input failed except a CSV of another
    // schema (msticpy's raw MDE process export), reported, not silent.
    let errors: Vec<&str> = err.lines().filter(|l| l.starts_with("error: ")).collect();
    assert_eq!(errors.len(), 1, "{err}");
    assert!(
        errors[0]
            .contains("mde_proc_cs1.csv: no DeviceNetworkEvents or DeviceProcessEvents columns"),
        "{err}"
    );
}

//! The process-context join: Sysmon event 3 has no command line or parent; the
//! ProcessCreate event of the same ProcessGuid supplies them, whichever comes
//! first and in whichever input. Fixtures: tests/fixtures/sysmon (hand-written).

mod common;
use common::*;

const ORDERS: [[&str; 2]; 2] = [
    ["sysmon/process-create.xml", "sysmon/network-connect.xml"],
    ["sysmon/network-connect.xml", "sysmon/process-create.xml"],
];

fn hunt(profile: &str, files: [&str; 2]) -> std::process::Output {
    let a = fixture(files[0]);
    let b = fixture(files[1]);
    porthunt(&[
        "hunt",
        "--profile",
        profile,
        "--since",
        "2000-01-01T00:00:00Z",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
    ])
}

#[test]
fn seed_output_gains_the_command_line_and_parent() {
    for files in ORDERS {
        let out = hunt("t1043-seed", files);
        let got = alerts(&out);
        assert_eq!(got.len(), 2, "{}", stderr(&out));
        // Newest first: the process without a creation event, then the joined one.
        assert_eq!(
            got[0]["InitiatingProcessCommandLine"],
            serde_json::Value::Null
        );
        assert_eq!(
            got[1]["InitiatingProcessCommandLine"],
            "powershell.exe -nop -w hidden -enc SQBFAFgA"
        );
        assert_eq!(got[1]["InitiatingProcessParentFileName"], "WINWORD.EXE");
        assert_eq!(got[1]["AccountName"], "alice");
        assert_eq!(got[1]["RemotePort"], 443);
        assert!(
            stderr(&out).contains(
                "process context: 1 alert(s) joined to their process-creation event, 1 without"
            ),
            "{}",
            stderr(&out)
        );
    }
}

#[test]
fn a_rule_on_the_command_line_waits_for_the_join_and_says_what_it_could_not_judge() {
    let dir = tempfile::tempdir().unwrap();
    let rule = dir.path().join("enc.toml");
    std::fs::write(
        &rule,
        r#"id = "encoded-powershell-net"
title = "Encoded PowerShell connecting out"
severity = "high"
confidence = "medium"
[filter]
all = [{ field = "process.name", eq_ci = "powershell.exe" }, { field = "process.command_line", contains_ci = "-enc" }]
[[output]]
column = "CommandLine"
field = "process.command_line"
"#,
    )
    .unwrap();
    for files in ORDERS {
        let out = hunt(rule.to_str().unwrap(), files);
        let got = alerts(&out);
        assert_eq!(got.len(), 1, "{}", stderr(&out));
        assert_eq!(
            got[0]["CommandLine"],
            "powershell.exe -nop -w hidden -enc SQBFAFgA"
        );
        assert!(
            stderr(&out).contains("undecided: 1 network event(s) need process context"),
            "{}",
            stderr(&out)
        );
    }
}

//! Helpers shared by the integration tests: run the real binary and read its output.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub const NOW: &str = "2026-11-30T12:00:00Z";

pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// The shared datasets folder beside the repository (CI has it too).
pub fn shared(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/datasets")
        .join(rel)
}

pub fn porthunt(args: &[&str]) -> Output {
    porthunt_stdin(args, None)
}

pub fn porthunt_stdin(args: &[&str], stdin: Option<&[u8]>) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_porthunt"))
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("porthunt runs");
    if let Some(data) = stdin {
        child.stdin.take().unwrap().write_all(data).unwrap();
    }
    child.wait_with_output().unwrap()
}

/// JSON lines of stdout, each alert without porthunt's metadata object.
pub fn alerts(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| {
            let mut v: serde_json::Value = serde_json::from_str(l).unwrap();
            v.as_object_mut().unwrap().remove("porthunt");
            v
        })
        .collect()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn expected_seed() -> Vec<serde_json::Value> {
    std::fs::read_to_string(fixture("defender/expected-seed.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The processes the tally `network-events-by-watched-processes.csv` counts (the
/// datasets README, "Tally").
pub const TALLIED: &[&str] = &[
    "powershell.exe",
    "pwsh.exe",
    "powershell_ise.exe",
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
    "installutil.exe",
    "regasm.exe",
    "regsvcs.exe",
    "msiexec.exe",
    "notepad.exe",
    "calc.exe",
];

/// The published query's common ports.
pub const LISTED_PORTS: &[i64] = &[80, 443, 53, 25, 22, 3389, 135];

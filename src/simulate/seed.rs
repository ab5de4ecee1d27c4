//! The published (seed) KQL query as a plain predicate over one generated row,
//! used only to label planted rows (`expected_seed_alert`).
//!
//! Written directly from seed-detection.md and deliberately independent of the
//! crate's rule engine, so the labels can check that engine rather than repeat it.
//! It reads the rendered cells, as Defender would.

use super::record::{NANOS_PER_SEC, Record};
use super::schema::{Col, Table};

// let CommonPorts = dynamic([80, 443, 53, 25, 22, 3389, 135]);
const COMMON_PORTS: [i64; 7] = [80, 443, 53, 25, 22, 3389, 135];

// let LegitimateHTTPProcesses = dynamic([...]); (laid out as in the query)
#[rustfmt::skip]
const LEGITIMATE_HTTP_PROCESSES: [&str; 20] = [
    "chrome.exe", "firefox.exe", "msedge.exe", "iexplore.exe", "safari",
    "svchost.exe", "MicrosoftEdge.exe", "OneDrive.exe", "Teams.exe",
    "outlook.exe", "winlogon.exe", "lsass.exe", "services.exe",
    "MsMpEng.exe", "wuauclt.exe", "WindowsUpdate", "TiWorker.exe",
    "msiexec.exe", "wermgr.exe", "SearchIndexer.exe",
];

#[rustfmt::skip]
const SCRIPT_INTERPRETERS: [&str; 7] = [
    "powershell.exe", "pwsh.exe", "cmd.exe", "wscript.exe",
    "cscript.exe", "mshta.exe", "wmic.exe",
];

#[rustfmt::skip]
const LOLBINS: [&str; 19] = [
    "rundll32.exe", "regsvr32.exe", "certutil.exe", "bitsadmin.exe",
    "msbuild.exe", "csc.exe", "installutil.exe", "regasm.exe",
    "regsvcs.exe", "ieexec.exe", "msiexec.exe", "expand.exe",
    "extrac32.exe", "makecab.exe", "pcalua.exe", "replace.exe",
    "hh.exe", "infdefaultinstall.exe", "xwizard.exe",
];

#[rustfmt::skip]
const UNUSUAL_SYSTEM: [&str; 8] = [
    "notepad.exe", "calc.exe", "mspaint.exe", "wordpad.exe",
    "write.exe", "winver.exe", "charmap.exe", "snippingtool.exe",
];

/// `x in~ (list)`: whole-value, ASCII case-insensitive equality.
fn in_ci(x: &str, list: &[&str]) -> bool {
    list.iter().any(|item| item.eq_ignore_ascii_case(x))
}

/// Would the seed query, run at `now`, return this row?
pub fn alerts(rec: &Record, now: i64) -> bool {
    if rec.table != Table::Network {
        return false; // the query reads DeviceNetworkEvents only
    }
    let name = rec.get(Col::InitiatingProcessFileName).unwrap_or("");
    // | where Timestamp > ago(24h)
    rec.time > now - 24 * 3600 * NANOS_PER_SEC
        // | where RemotePort in (CommonPorts)   (a null port matches nothing)
        && rec
            .get(Col::RemotePort)
            .and_then(|p| p.parse::<i64>().ok())
            .is_some_and(|p| COMMON_PORTS.contains(&p))
        // | where ActionType == "ConnectionSuccess"   (case-sensitive)
        && rec.get(Col::ActionType) == Some("ConnectionSuccess")
        // | where InitiatingProcessFileName !in~ (LegitimateHTTPProcesses)
        && !in_ci(name, &LEGITIMATE_HTTP_PROCESSES)
        // | where IsScriptInterpreter or IsLOLBin or IsUnusualSystem
        && (in_ci(name, &SCRIPT_INTERPRETERS) || in_ci(name, &LOLBINS) || in_ci(name, &UNUSUAL_SYSTEM))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, port: Option<i64>, action: &str, age_hours: i64) -> Record {
        let now = 100 * 3600 * NANOS_PER_SEC;
        let mut r = Record::default();
        r.reset(Table::Network, now - age_hours * 3600 * NANOS_PER_SEC);
        r.set(Col::InitiatingProcessFileName, name);
        r.set(Col::ActionType, action);
        if let Some(p) = port {
            r.set_int(Col::RemotePort, p);
        }
        r
    }

    #[test]
    fn follows_the_kql() {
        let now = 100 * 3600 * NANOS_PER_SEC;
        assert!(alerts(
            &row("PowerShell.EXE", Some(443), "ConnectionSuccess", 1),
            now
        ));
        assert!(alerts(
            &row("xwizard.exe", Some(135), "ConnectionSuccess", 23),
            now
        ));
        assert!(
            !alerts(
                &row("powershell.exe", Some(443), "ConnectionSuccess", 24),
                now
            ),
            "window is strict"
        );
        assert!(!alerts(
            &row("powershell.exe", Some(443), "connectionsuccess", 1),
            now
        ));
        assert!(!alerts(
            &row("powershell.exe", Some(8443), "ConnectionSuccess", 1),
            now
        ));
        assert!(!alerts(
            &row("powershell.exe", None, "ConnectionSuccess", 1),
            now
        ));
        assert!(
            !alerts(&row("MSIEXEC.exe", Some(80), "ConnectionSuccess", 1), now),
            "allowlisted first"
        );
        assert!(!alerts(
            &row("update.exe", Some(443), "ConnectionSuccess", 1),
            now
        ));
        assert!(!alerts(&row("", Some(443), "ConnectionSuccess", 1), now));
    }
}

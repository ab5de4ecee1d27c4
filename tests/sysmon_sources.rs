//! The Sysmon sources on real, public telemetry, read in place from
//! `../shared/datasets` (GPL, Elastic and DRL files must not be copied here).
//!
//! Every count is checked against an oracle nobody on this project wrote:
//! * `network-events-by-watched-processes.csv` (the "tally", counted with the
//!   Python `evtx` bindings): per file, the network events of the watched
//!   processes, and those whose *destination* port is listed, whatever the
//!   direction;
//! * the datasets README table: per file, the records ("events") and the
//!   Sysmon event 3 records ("network events");
//! * where neither covers a number (event 1 counts, the corrupt samples read
//!   past their first error), counts made independently in Python, written below
//!   with how they were obtained.

mod common;
use common::{LISTED_PORTS, TALLIED};
use std::collections::{BTreeMap, HashMap};
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use porthunt::event::{Action, Event, IpClass, NetworkEvent};
use porthunt::source::sysmon::{self, JsonFlavor};
use porthunt::source::{EventSink, Location, RecordError};

const DATASETS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/datasets");

fn dataset(rel: &str) -> PathBuf {
    Path::new(DATASETS).join(rel)
}

/// One network event, as the snapshots list it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Line {
    time: String,
    image: String,
    remote_ip: String,
    remote_port: Option<i64>,
    direction: &'static str,
}

#[derive(Default, Debug)]
struct Counts {
    network: u64,
    process: u64,
    other: u64,
    skips: Vec<(RecordError, Location)>,
    /// Network events of a watched process (the tally's rows).
    watched: u64,
    /// … whose destination port is listed (the tally's `port_listed=True`).
    listed: u64,
    lines: Vec<Line>,
    /// Where each event was.
    locations: Vec<Location>,
    /// Where each other record was.
    other_at: Vec<Location>,
    /// The remote address class of each network event.
    classes: Vec<IpClass>,
    /// Every event.
    events: Vec<Event<'static>>,
}

impl Counts {
    fn records(&self) -> u64 {
        self.network + self.process + self.other + self.skips.len() as u64
    }

    fn skipped(&self, reason: &str) -> usize {
        self.skips
            .iter()
            .filter(|(e, _)| e.reason == reason)
            .count()
    }
}

/// The destination port as Sysmon wrote it: the remote port of an outbound
/// connection, the local one of an inbound connection.
fn destination_port(e: &NetworkEvent<'_>) -> Option<i64> {
    match e.action {
        Action::InboundConnectionAccepted => e.local_port,
        _ => e.remote_port,
    }
}

impl EventSink for Counts {
    fn event(&mut self, event: Event<'_>, at: Location) {
        self.locations.push(at);
        let event = sysmon::owned_event(event);
        self.events.push(event.clone());
        match event {
            Event::Process(_) => self.process += 1,
            Event::Network(e) => {
                self.network += 1;
                let name = e.process.file_name.to_ascii_lowercase();
                if TALLIED.contains(&name.as_str()) {
                    self.watched += 1;
                    if destination_port(&e).is_some_and(|p| LISTED_PORTS.contains(&p)) {
                        self.listed += 1;
                    }
                }
                self.classes.push(e.remote_ip_class);
                self.lines.push(Line {
                    time: e.timestamp.to_string(),
                    image: e.process.file_name.to_string(),
                    remote_ip: e.remote_ip.to_string(),
                    remote_port: e.remote_port,
                    direction: e.action.direction().as_str(),
                });
            }
        }
    }
    fn other(&mut self, at: Location) {
        self.other += 1;
        self.other_at.push(at);
    }
    fn skip(&mut self, error: RecordError, at: Location) {
        self.skips.push((error, at));
    }
}

fn read_evtx(rel: &str) -> Counts {
    let bytes = std::fs::read(dataset(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let mut c = Counts::default();
    sysmon::read_evtx(&bytes, rel, &mut c).unwrap_or_else(|e| panic!("{rel}: {e}"));
    c
}

/// Per file: (watched, listed) from the tally CSV.
fn tally() -> HashMap<String, (u64, u64)> {
    let mut out: HashMap<String, (u64, u64)> = HashMap::new();
    let mut r = csv::Reader::from_path(dataset("network-events-by-watched-processes.csv")).unwrap();
    let headers = r.headers().unwrap().clone();
    let file = headers.iter().position(|h| h == "staged_file").unwrap();
    let listed = headers.iter().position(|h| h == "port_listed").unwrap();
    for row in r.records() {
        let row = row.unwrap();
        let e = out.entry(row[file].to_string()).or_default();
        e.0 += 1;
        if &row[listed] == "True" {
            e.1 += 1;
        }
    }
    out
}

/// Per file: (events, network events) from the datasets README table.
fn readme() -> HashMap<String, (u64, u64)> {
    let text = std::fs::read_to_string(dataset("README.md")).unwrap();
    let mut out = HashMap::new();
    for line in text.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let path = cells[1].trim_matches('`').to_string();
        let (Ok(events), Some(net)) = (cells[5].parse::<u64>(), cells[6].split_whitespace().next())
        else {
            continue;
        };
        if let Ok(net) = net.parse::<u64>() {
            out.insert(path, (events, net));
        }
    }
    out
}

fn all_files(ext: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(DATASETS)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(DATASETS).ok()?.to_str()?.to_string();
            let lower = rel.to_ascii_lowercase();
            ext.iter().any(|x| lower.ends_with(x)).then_some(rel)
        })
        .collect();
    out.sort();
    out
}

/// Event 1 records per file, and what is special about the three
/// omerbenamram samples. Counted independently with the Python `evtx` bindings
/// (0.14, `PyEvtxParser(f).records()`, catching each exception and going on,
/// parsing each record's XML with `xml.etree` and counting Sysmon-channel records
/// by `EventID`).
const EVTX_PROCESS_EVENTS: &[(&str, u64)] = &[
    (
        "SigmaHQ-sigma/regression_data/rules/windows/network_connection/net_connection_win_script_interpretors_cloud_metadata_access/4e7b2c9f-1a3d-4f8e-b5c0-8d6a3f2e9b4c.evtx",
        0,
    ),
    (
        "mdecrevoisier-EVTX-to-MITRE-Attack/TA0002-Execution/T1047-Windows Management Instrumentation/ID3-7-10-Suspicious DLL loaded (CME+Mimikatz).evtx",
        0,
    ),
    (
        "omerbenamram-evtx/samples/sample-with-zero-data-size-event.evtx",
        0,
    ),
    (
        "omerbenamram-evtx/samples/sample_with_a_bad_chunk_magic.evtx",
        0,
    ),
    ("omerbenamram-evtx/samples/sysmon.evtx", 227),
    (
        "sbousseaden-EVTX-ATTACK-SAMPLES/Command and Control/DE_sysmon-3-rdp-tun.evtx",
        13,
    ),
    (
        "sbousseaden-EVTX-ATTACK-SAMPLES/Command and Control/tunna_iis_rdp_smb_tunneling_sysmon_3.evtx",
        0,
    ),
    (
        "sbousseaden-EVTX-ATTACK-SAMPLES/Credential Access/babyshark_mimikatz_powershell.evtx",
        7,
    ),
    (
        "sbousseaden-EVTX-ATTACK-SAMPLES/Credential Access/sysmon_3_10_Invoke-Mimikatz_hosted_Github.evtx",
        0,
    ),
    (
        "sbousseaden-EVTX-ATTACK-SAMPLES/Defense Evasion/DE_remote_eventlog_svc_crash_byt3bl33d3r_sysmon_17_1_3.evtx",
        4,
    ),
    (
        "sbousseaden-EVTX-ATTACK-SAMPLES/Defense Evasion/Sysmon 7  Update Session Orchestrator Dll Hijack.evtx",
        23,
    ),
    (
        "sbousseaden-EVTX-ATTACK-SAMPLES/Defense Evasion/faxhell_sysmon_7_1_18_3_bindshell_dllhijack.evtx",
        2,
    ),
    (
        "sbousseaden-EVTX-ATTACK-SAMPLES/Discovery/discovery_enum_shares_target_sysmon_3_18.evtx",
        0,
    ),
    (
        "sbousseaden-EVTX-ATTACK-SAMPLES/Discovery/discovery_sysmon_3_Invoke_UserHunter_SourceMachine.evtx",
        0,
    ),
    (
        "sbousseaden-EVTX-ATTACK-SAMPLES/Execution/exec_sysmon_lobin_regsvr32_sct.evtx",
        2,
    ),
    (
        "sbousseaden-EVTX-ATTACK-SAMPLES/Execution/sysmon_mshta_sharpshooter_stageless_meterpreter.evtx",
        2,
    ),
    (
        "sbousseaden-EVTX-ATTACK-SAMPLES/Execution/sysmon_vbs_sharpshooter_stageless_meterpreter.evtx",
        3,
    ),
    (
        "sbousseaden-EVTX-ATTACK-SAMPLES/Lateral Movement/ImpersonateUser-via local Pass The Hash Sysmon and Security.evtx",
        4,
    ),
    (
        "sbousseaden-EVTX-ATTACK-SAMPLES/Lateral Movement/LM_DCOM_MSHTA_LethalHTA_Sysmon_3_1.evtx",
        1,
    ),
    (
        "sbousseaden-EVTX-ATTACK-SAMPLES/Lateral Movement/LM_impacket_docmexec_mmc_sysmon_01.evtx",
        5,
    ),
    (
        "sbousseaden-EVTX-ATTACK-SAMPLES/Lateral Movement/LM_regsvc_DirectoryServiceExtPt_Lsass_NTDS_AdamXpn.evtx",
        0,
    ),
    (
        "sbousseaden-EVTX-ATTACK-SAMPLES/Lateral Movement/LM_sysmon_1_12_13_3_tsclient_SharpRdp.evtx",
        2,
    ),
    (
        "sbousseaden-EVTX-ATTACK-SAMPLES/Lateral Movement/LM_sysmon_3_12_13_1_SharpRDP.evtx",
        8,
    ),
    (
        "sbousseaden-EVTX-ATTACK-SAMPLES/Lateral Movement/LM_sysmon_3_DCOM_ShellBrowserWindow_ShellWindows.evtx",
        0,
    ),
    (
        "sbousseaden-EVTX-ATTACK-SAMPLES/Lateral Movement/LM_sysmon_psexec_smb_meterpreter.evtx",
        3,
    ),
    (
        "sbousseaden-EVTX-ATTACK-SAMPLES/Lateral Movement/LM_wmiexec_impacket_sysmon_whoami.evtx",
        4,
    ),
    (
        "sbousseaden-EVTX-ATTACK-SAMPLES/Lateral Movement/lateral_movement_startup_3_11.evtx",
        0,
    ),
    (
        "sbousseaden-EVTX-ATTACK-SAMPLES/Lateral Movement/lm_remote_registry_sysmon_1_13_3.evtx",
        1,
    ),
    (
        "sbousseaden-EVTX-ATTACK-SAMPLES/Lateral Movement/lm_sysmon_18_remshell_over_namedpipe.evtx",
        3,
    ),
    (
        "sbousseaden-EVTX-ATTACK-SAMPLES/Lateral Movement/powercat_revShell_sysmon_1_3.evtx",
        5,
    ),
    (
        "sbousseaden-EVTX-ATTACK-SAMPLES/Lateral Movement/smb_bi_auth_conn_spoolsample.evtx",
        0,
    ),
    (
        "sbousseaden-EVTX-ATTACK-SAMPLES/Lateral Movement/smbmap_upload_exec_sysmon.evtx",
        3,
    ),
    (
        "sbousseaden-EVTX-ATTACK-SAMPLES/Lateral Movement/wmi_remote_registry_sysmon.evtx",
        1,
    ),
    (
        "sbousseaden-EVTX-ATTACK-SAMPLES/Privilege Escalation/CVE-2020-0796_SMBV3Ghost_LocalPrivEsc_Sysmon_3_1_10.evtx",
        1,
    ),
    (
        "sbousseaden-EVTX-ATTACK-SAMPLES/Privilege Escalation/EfsPotato_sysmon_17_18_privesc_seimpersonate_to_system.evtx",
        3,
    ),
    (
        "sbousseaden-EVTX-ATTACK-SAMPLES/Privilege Escalation/PrivEsc_Imperson_NetSvc_to_Sys_Decoder_Sysmon_1_17_18.evtx",
        4,
    ),
    (
        "sbousseaden-EVTX-ATTACK-SAMPLES/Privilege Escalation/RogueWinRM.evtx",
        4,
    ),
    (
        "sbousseaden-EVTX-ATTACK-SAMPLES/Privilege Escalation/Sysmon_UACME_38.evtx",
        5,
    ),
    (
        "sbousseaden-EVTX-ATTACK-SAMPLES/Privilege Escalation/sysmon_privesc_psexec_dwell.evtx",
        3,
    ),
];

/// The README counts records of these files up to the first error. Read past
/// it they hold more. Python `evtx` 0.14, going on after each exception, finds
/// 335 and 270 records: it drops the rest of a chunk after a bad record, where
/// the `evtx` crate 0.15 resyncs on the next record header. Counted independently
/// by walking each chunk's record headers in Python (`ElfChnk` chunks;
/// `**\0\0` magic and size field from offset 512 to the last record's offset,
/// resyncing at the next magic after a bad header): zero-data-size: chunk 0 has
/// 116 records and 1 bad header, chunks 1-3 113 + 125 + 95; bad-chunk-magic:
/// chunks 6 and 10 have no `ElfChnk` magic, chunk 7 has 44 records and 1 bad
/// header, chunks 0, 8, 9 have 14 + 129 + 114 (then zeros, where both parsers
/// stop without an error); sysmon.evtx: 9 chunks of 358 records, then 8 blocks
/// of non-chunk data.
const READ_PAST_ERRORS: &[(&str, u64, usize, usize)] = &[
    // (file, readable records, corrupt chunks, corrupt records)
    (
        "omerbenamram-evtx/samples/sample-with-zero-data-size-event.evtx",
        449,
        0,
        1,
    ),
    (
        "omerbenamram-evtx/samples/sample_with_a_bad_chunk_magic.evtx",
        301,
        2,
        1,
    ),
    ("omerbenamram-evtx/samples/sysmon.evtx", 358, 8, 0),
];

#[test]
fn every_evtx_file_matches_the_tally_and_the_readme() {
    let tally = tally();
    let readme = readme();
    let files = all_files(&[".evtx"]);
    assert_eq!(
        files.len(),
        EVTX_PROCESS_EVENTS.len(),
        "a new .evtx file needs its expected counts here"
    );
    let mut report = String::new();
    for rel in &files {
        let c = read_evtx(rel);
        let (events, network) = readme[rel.as_str()];
        let (watched, listed) = tally.get(rel.as_str()).copied().unwrap_or_default();
        let process = EVTX_PROCESS_EVENTS
            .iter()
            .find(|(f, _)| f == rel)
            .unwrap()
            .1;
        report += &format!(
            "{rel}: records {} (README {events}) network {} (README {network}) process {} ({process}) watched {}/{} (tally {watched}/{listed}) skips {}\n",
            c.records() - c.skips.len() as u64,
            c.network,
            c.process,
            c.watched,
            c.listed,
            c.skips.len()
        );
        assert_eq!(c.network, network, "{rel}: network events");
        assert_eq!(c.process, process, "{rel}: process events");
        assert_eq!(
            (c.watched, c.listed),
            (watched, listed),
            "{rel}: watched processes"
        );
        match READ_PAST_ERRORS.iter().find(|(f, ..)| f == rel) {
            Some(&(_, records, chunks, corrupt)) => {
                assert_eq!(
                    c.records() - c.skips.len() as u64,
                    records,
                    "{rel}: records"
                );
                assert!(
                    records >= events,
                    "{rel}: reading went on past the first error"
                );
                assert_eq!(
                    c.skipped("corrupt EVTX chunk"),
                    chunks,
                    "{rel}: {:?}",
                    c.skips
                );
                assert_eq!(
                    c.skipped("corrupt EVTX record"),
                    corrupt,
                    "{rel}: {:?}",
                    c.skips
                );
            }
            None => {
                assert!(c.skips.is_empty(), "{rel}: {:?}", c.skips);
                assert_eq!(c.records(), events, "{rel}: records");
            }
        }
        for l in &c.locations {
            assert!(
                l.chunk.is_some() && l.record > 0 && l.line == 0,
                "{rel}: {l:?}"
            );
        }
    }
    println!("{report}");
}

#[test]
fn corrupt_evtx_samples_are_skipped_with_their_reasons() {
    let c = read_evtx("omerbenamram-evtx/samples/sample_with_a_bad_chunk_magic.evtx");
    let skips: Vec<_> = c
        .skips
        .iter()
        .map(|(e, l)| (e.field, e.reason, l.chunk, l.record, l.line))
        .collect();
    // In record order, as Windows reads a log that has wrapped: from the chunk
    // with the oldest records (8) to the end of the file, then from chunk 0.
    assert_eq!(
        skips,
        vec![
            ("-", "corrupt EVTX chunk", Some(10), 0, 0),
            ("-", "corrupt EVTX chunk", Some(6), 0, 0),
            ("-", "corrupt EVTX record", Some(7), 0, 0),
        ]
    );
    let details: Vec<&str> = c.skips.iter().map(|(e, _)| e.detail.as_str()).collect();
    assert!(
        details[0].contains("chunk number 10") && details[0].contains("ElfChnk"),
        "{}",
        details[0]
    );
    assert!(details[1].contains("chunk number 6"), "{}", details[1]);
    assert!(
        details[2].contains("of chunk 7") && details[2].contains("record header magic"),
        "{}",
        details[2]
    );
    // Chunk 7 was read on past its bad record, and chunks 0, 8 and 9 were read.
    let per_chunk = |n: u64| c.other_at.iter().filter(|l| l.chunk == Some(n)).count();
    assert_eq!([0, 7, 8, 9].map(per_chunk), [14, 44, 129, 114]);

    let c = read_evtx("omerbenamram-evtx/samples/sample-with-zero-data-size-event.evtx");
    assert_eq!(c.skips.len(), 1, "{:?}", c.skips);
    let (e, at) = &c.skips[0];
    assert_eq!(
        (e.field, e.reason, at.chunk, at.record),
        ("-", "corrupt EVTX record", Some(0), 0)
    );
    assert!(e.detail.contains("of chunk 0"), "{}", e.detail);
    assert!(e.detail.contains("data size"), "{}", e.detail);
    let per_chunk = |n: u64| c.other_at.iter().filter(|l| l.chunk == Some(n)).count();
    assert_eq!(
        [0, 1, 2, 3].map(per_chunk),
        [116, 113, 125, 95],
        "the records after the bad one were read"
    );

    let c = read_evtx("omerbenamram-evtx/samples/sysmon.evtx");
    let chunks: Vec<_> = c.skips.iter().map(|(e, l)| (e.reason, l.chunk)).collect();
    assert_eq!(
        chunks,
        (9..17)
            .map(|n| ("corrupt EVTX chunk", Some(n)))
            .collect::<Vec<_>>()
    );
}

#[test]
fn evtx_rendered_as_xml_or_json_gives_the_same_events() {
    // The crate's own XML and JSON renderings of every record, read back through
    // `read_xml` (quick-xml, an independent path) and `read_json_lines`.
    for rel in all_files(&[".evtx"]) {
        let direct = read_evtx(&rel);
        let mut parser = evtx::EvtxParser::from_path(dataset(&rel)).unwrap();
        let xml: String = parser
            .records()
            .filter_map(Result::ok)
            .map(|r| r.data + "\n")
            .collect();
        let mut parser = evtx::EvtxParser::from_path(dataset(&rel))
            .unwrap()
            .with_configuration(evtx::ParserSettings::default().indent(false));
        let json: String = parser
            .records_json()
            .filter_map(Result::ok)
            .map(|r| r.data + "\n")
            .collect();
        let mut from_xml = Counts::default();
        sysmon::read_xml(&mut xml.as_bytes(), &mut from_xml).unwrap();
        let mut from_json = Counts::default();
        sysmon::read_json_lines(&mut json.as_bytes(), &mut from_json).unwrap();
        assert!(
            from_xml.skips.is_empty() && from_json.skips.is_empty(),
            "{rel}"
        );
        assert_eq!(from_xml.events, direct.events, "{rel}: XML");
        assert_eq!(from_json.events, direct.events, "{rel}: JSON");
        assert_eq!(
            from_xml.records(),
            direct.records() - direct.skips.len() as u64,
            "{rel}"
        );
    }
}

// ---- JSON ----

/// Reads every JSON member of an OTRF archive as JSON lines.
fn read_archive(rel: &str) -> Counts {
    let mut c = Counts::default();
    for (name, data) in members(&dataset(rel)) {
        if name.ends_with(".json") {
            sysmon::read_json_lines(&mut BufReader::new(&data[..]), &mut c)
                .unwrap_or_else(|e| panic!("{rel}: {e}"));
        }
    }
    c
}

/// A reader that ends where its source fails: a few 2019 `.tar.gz` files have a
/// bad gzip trailer after complete content.
struct Lenient<R>(R);

impl<R: Read> Read for Lenient<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        Ok(self.0.read(buf).unwrap_or(0))
    }
}

fn members(path: &Path) -> Vec<(String, Vec<u8>)> {
    let file = std::fs::File::open(path).unwrap();
    let lower = path.to_string_lossy().to_ascii_lowercase();
    let mut out = Vec::new();
    if lower.ends_with(".zip") {
        let mut z = zip::ZipArchive::new(file).unwrap();
        for i in 0..z.len() {
            let mut m = z.by_index(i).unwrap();
            let mut data = Vec::new();
            m.read_to_end(&mut data).unwrap();
            out.push((m.name().unwrap().to_string(), data));
        }
    } else {
        let gz = Lenient(flate2::read::GzDecoder::new(BufReader::new(file)));
        let mut t = tar::Archive::new(gz);
        for entry in t.entries().unwrap() {
            let Ok(mut entry) = entry else { break };
            if !entry.header().entry_type().is_file() {
                continue;
            }
            let name = entry.path().unwrap().to_string_lossy().into_owned();
            let mut data = Vec::new();
            let _ = entry.read_to_end(&mut data);
            out.push((name, data));
        }
    }
    out
}

/// Event 1 records per OTRF archive: Python (`zipfile`/`tarfile`, `json.loads` of
/// each line, Sysmon channel by `Channel`/`log_name`, event ID by
/// `EventID`/`event_id`).
const OTRF_PROCESS_EVENTS: &[(&str, u64)] = &[
    (
        "credential_access/host/empire_dcsync_dcerpc_drsuapi_DsGetNCChanges.zip",
        2,
    ),
    (
        "credential_access/host/empire_mimikatz_logonpasswords.zip",
        1,
    ),
    (
        "credential_access/host/empire_mimikatz_lsadump_patch.zip",
        5,
    ),
    ("credential_access/host/empire_mimikatz_opth.tar.gz", 7),
    ("defense_evasion/host/covenant_installutil.zip", 3),
    (
        "defense_evasion/host/empire_dllinjection_LoadLibrary_CreateRemoteThread.zip",
        8,
    ),
    ("defense_evasion/host/empire_launcher_sct_regsvr32.zip", 7),
    (
        "defense_evasion/host/empire_monologue_netntlm_downgrade.zip",
        1,
    ),
    ("defense_evasion/host/empire_psinject_PEinjection.zip", 1),
    (
        "defense_evasion/host/empire_scm_dll_hijack_ikeext.tar.gz",
        32,
    ),
    ("defense_evasion/host/empire_wdigest_downgrade.tar.gz", 2),
    ("defense_evasion/host/psh_cmstp_execution_bypassuac.zip", 5),
    ("defense_evasion/host/psh_control_panel_execution.zip", 9),
    ("defense_evasion/host/psh_hh_local_html_payload.zip", 7),
    ("defense_evasion/host/psh_mavinject_dll_notepad.zip", 2),
    (
        "defense_evasion/host/psh_mshta_html_application_execution.zip",
        7,
    ),
    (
        "defense_evasion/host/psh_register_cimprovider_execute_dll.zip",
        6,
    ),
    ("defense_evasion/host/wmic_remote_xsl_jscript.zip", 6),
    (
        "discovery/host/empire_find_localadmin_smb_svcctl_OpenSCManager.zip",
        5,
    ),
    ("execution/host/empire_launcher_vbs.zip", 5),
    (
        "lateral_movement/host/covenant_dcom_iertutil_dll_hijack.zip",
        78,
    ),
    ("lateral_movement/host/covenant_psremoting_grunt.zip", 17),
    (
        "lateral_movement/host/covenant_wmi_wbemcomn_dll_hijack.zip",
        13,
    ),
    (
        "lateral_movement/host/empire_dcom_shellwindows_stager.zip",
        80,
    ),
    (
        "lateral_movement/host/empire_msbuild_dcerpc_wmi_smb.zip",
        11,
    ),
    (
        "lateral_movement/host/empire_psexec_dcerpc_tcp_svcctl.zip",
        6,
    ),
    ("lateral_movement/host/empire_psremoting_stager.zip", 5),
    (
        "lateral_movement/host/empire_smbexec_dcerpc_smb_svcctl.zip",
        10,
    ),
    (
        "lateral_movement/host/empire_wmi_dcerpc_wmi_IWbemServices_ExecMethod.zip",
        5,
    ),
    ("lateral_movement/host/schtask_modification.zip", 15),
    (
        "persistence/host/empire_persistence_registry_modification_run_keys_elevated_user.zip",
        0,
    ),
    (
        "privilege_escalation/host/empire_uac_shellapi_fodhelper.zip",
        18,
    ),
];

/// The big compound (LSASS campaign) archives: (file, event 1 records), same
/// Python count. Read by `otrf_compound_archives_match_the_readme`.
const OTRF_COMPOUND: &[(&str, u64)] = &[
    (
        "compound/GoldenSAMLADFSMailAccess/Microsoft365DefenderEvents.Zip",
        0,
    ),
    (
        "compound/LSASS_campaign_01/metasploit_logonpasswords_lsass_memory_dump.zip",
        269,
    ),
    (
        "compound/LSASS_campaign_02/metasploit_procdump_lsass_memory_dump.zip",
        138,
    ),
    (
        "compound/LSASS_campaign_03/metasploit_comsvcs_lsass_memory_dump.zip",
        127,
    ),
    (
        "compound/LSASS_campaign_04/metasploit_out-minidump_lsass_memory_dump.zip",
        104,
    ),
    (
        "compound/LSASS_campaign_05/metasploit_sharpdump_lsass_memory_dump.zip",
        122,
    ),
    (
        "compound/LSASS_campaign_06/metasploit_outflank-dumpert_lsass_memory_dump.zip",
        77,
    ),
    (
        "compound/LSASS_campaign_07/metasploit_nanodump_lsass_memory_dump.zip",
        111,
    ),
];

fn check_otrf(
    rel: &str,
    process: u64,
    tally: &HashMap<String, (u64, u64)>,
    readme: &HashMap<String, (u64, u64)>,
) -> String {
    let c = read_archive(rel);
    let (events, network) = readme[rel];
    let (watched, listed) = tally.get(rel).copied().unwrap_or_default();
    assert!(
        c.skips.is_empty(),
        "{rel}: {:?}",
        &c.skips[..c.skips.len().min(5)]
    );
    assert_eq!(c.records(), events, "{rel}: records");
    assert_eq!(c.network, network, "{rel}: network events");
    assert_eq!(c.process, process, "{rel}: process events");
    assert_eq!(
        (c.watched, c.listed),
        (watched, listed),
        "{rel}: watched processes"
    );
    format!(
        "{rel}: records {} network {} process {} watched {}/{}\n",
        c.records(),
        c.network,
        c.process,
        c.watched,
        c.listed
    )
}

#[test]
fn otrf_atomic_archives_match_the_tally_and_the_readme() {
    let tally = tally();
    let readme = readme();
    let prefix = "OTRF-Security-Datasets/datasets/atomic/windows/";
    let atomic: Vec<_> = all_files(&[".zip", ".tar.gz"])
        .into_iter()
        .filter(|f| f.starts_with(prefix))
        .collect();
    assert_eq!(
        atomic.len(),
        OTRF_PROCESS_EVENTS.len(),
        "a new archive needs its expected counts here"
    );
    let mut report = String::new();
    for (rel, process) in OTRF_PROCESS_EVENTS {
        report += &check_otrf(&format!("{prefix}{rel}"), *process, &tally, &readme);
    }
    println!("{report}");
}

#[test]
fn otrf_compound_archives_match_the_readme() {
    let tally = tally();
    let readme = readme();
    let mut report = String::new();
    for (rel, process) in OTRF_COMPOUND {
        report += &check_otrf(
            &format!("OTRF-Security-Datasets/datasets/{rel}"),
            *process,
            &tally,
            &readme,
        );
    }
    println!("{report}");
}

const GOLDEN: &str = "elastic-beats/x-pack/winlogbeat/module/sysmon/test/testdata/sysmon-9.01.evtx.golden.subset.json";

#[test]
fn winlogbeat_ecs_golden_subset() {
    let data = std::fs::read(dataset(GOLDEN)).unwrap();
    assert_eq!(sysmon::detect_json(&data), Some(JsonFlavor::Ecs));
    let mut c = Counts::default();
    sysmon::read_json_array(&mut &data[..], &mut c).unwrap();
    let (events, network) = readme()[GOLDEN];
    assert_eq!((c.records(), c.network), (events, network));
    // Event 1 records: 3 (Python `json.load`, `winlog.event_id == 1`).
    assert_eq!(c.process, 3);
    assert!(c.skips.is_empty(), "{:?}", c.skips);
    assert_eq!(
        (c.watched, c.listed),
        tally().get(GOLDEN).copied().unwrap_or_default()
    );
    // Directions: 13 egress, 3 ingress (Python, `network.direction`).
    let inbound = c.lines.iter().filter(|l| l.direction == "inbound").count();
    assert_eq!((c.lines.len() - inbound, inbound), (13, 3));
    assert_eq!(
        c.locations[0],
        Location {
            line: 0,
            record: 1,
            chunk: None
        }
    );
}

const SIGMA: &str = "SigmaHQ-sigma/regression_data/rules/windows/network_connection/net_connection_win_script_interpretors_cloud_metadata_access/4e7b2c9f-1a3d-4f8e-b5c0-8d6a3f2e9b4c";

#[test]
fn sigma_regression_json_is_the_same_event_as_its_evtx() {
    let data = std::fs::read(dataset(&format!("{SIGMA}.json"))).unwrap();
    let flavor = sysmon::detect_json(&data).unwrap();
    assert_eq!(flavor, JsonFlavor::EvtxJson);
    let mut json = Counts::default();
    sysmon::read_json_record(&data, flavor, Location::default(), &mut json);
    let evtx = read_evtx(&format!("{SIGMA}.evtx"));
    assert_eq!(json.network, 1);
    // The `evtx` crate renders GUIDs in lower case, this JSON in upper case (the
    // process join compares them case-insensitively); all else is the same.
    let lower_guid = |events: &[Event<'static>]| -> Vec<Event<'static>> {
        events
            .iter()
            .cloned()
            .map(|mut e| {
                if let Event::Network(n) = &mut e {
                    n.process.process_guid = n.process.process_guid.to_ascii_lowercase().into();
                }
                e
            })
            .collect()
    };
    assert_eq!(lower_guid(&json.events), lower_guid(&evtx.events));
    let Event::Network(e) = &json.events[0] else {
        panic!()
    };
    assert_eq!(
        e.process.process_guid,
        "{14207D89-619B-6A26-3002-000000004902}"
    );
    assert_eq!(
        (e.device_name.as_ref(), e.report_id.as_ref()),
        ("srv-01.midgardnet.tech", "783020")
    );
    assert_eq!(e.remote_ip_class, IpClass::LinkLocal);
    assert_eq!(
        json.lines[0],
        Line {
            time: "2026-06-08T06:30:51.1450000Z".into(),
            image: "node.exe".into(),
            remote_ip: "169.254.169.254".into(),
            remote_port: Some(80),
            direction: "outbound",
        }
    );
}

// ---- snapshots, checked by hand against the raw events ----

fn line(
    time: &str,
    image: &str,
    remote_ip: &str,
    remote_port: i64,
    direction: &'static str,
) -> Line {
    Line {
        time: time.into(),
        image: image.into(),
        remote_ip: remote_ip.into(),
        remote_port: Some(remote_port),
        direction,
    }
}

#[test]
fn snapshot_mdecrevoisier_powershell_to_443() {
    // Raw: EventRecordID 48104/48106, UtcTime 22:05:44.846 / 22:05:56.784,
    // powershell.exe 10.23.42.38 -> 10.23.123.11:443, Initiated=true.
    let c = read_evtx(
        "mdecrevoisier-EVTX-to-MITRE-Attack/TA0002-Execution/T1047-Windows Management Instrumentation/ID3-7-10-Suspicious DLL loaded (CME+Mimikatz).evtx",
    );
    assert_eq!(
        c.lines,
        vec![
            line(
                "2021-11-30T22:05:44.8460000Z",
                "powershell.exe",
                "10.23.123.11",
                443,
                "outbound"
            ),
            line(
                "2021-11-30T22:05:56.7840000Z",
                "powershell.exe",
                "10.23.123.11",
                443,
                "outbound"
            ),
        ]
    );
}

#[test]
fn snapshot_inbound_connections_have_the_client_as_remote() {
    // Raw: records 1-3, Image C:\Windows\explorer.exe, Initiated=false,
    // SourceIp 10.0.2.16:49158 (the DCOM client) -> DestinationIp 10.0.2.17
    // (this host) ports 58172, 55099, 55101.
    let c = read_evtx(
        "sbousseaden-EVTX-ATTACK-SAMPLES/Lateral Movement/LM_sysmon_3_DCOM_ShellBrowserWindow_ShellWindows.evtx",
    );
    assert_eq!(
        c.lines,
        vec![
            line(
                "2019-05-14T00:29:48.6550000Z",
                "explorer.exe",
                "10.0.2.16",
                49158,
                "inbound"
            ),
            line(
                "2019-05-14T00:32:19.3880000Z",
                "explorer.exe",
                "10.0.2.16",
                49158,
                "inbound"
            ),
            line(
                "2019-05-14T00:32:34.4030000Z",
                "explorer.exe",
                "10.0.2.16",
                49158,
                "inbound"
            ),
        ]
    );
}

#[test]
fn snapshot_mixed_directions_kernel_and_ipv6() {
    // Raw: records 1, 9, 11 ADWS [::1]:52246.. -> [::1]:389 Initiated=true;
    // records 6, 7 Image `System`, Initiated=false, 172.16.66.37:5010x -> :445.
    let c = read_evtx(
        "sbousseaden-EVTX-ATTACK-SAMPLES/Defense Evasion/DE_remote_eventlog_svc_crash_byt3bl33d3r_sysmon_17_1_3.evtx",
    );
    let adws = "Microsoft.ActiveDirectory.WebServices.exe";
    assert_eq!(
        c.lines,
        vec![
            line(
                "2020-09-23T16:49:25.7190000Z",
                adws,
                "0:0:0:0:0:0:0:1",
                389,
                "outbound"
            ),
            line(
                "2020-09-23T16:50:16.9460000Z",
                "System",
                "172.16.66.37",
                50106,
                "inbound"
            ),
            line(
                "2020-09-23T16:50:17.4240000Z",
                "System",
                "172.16.66.37",
                50107,
                "inbound"
            ),
            line(
                "2020-09-23T16:50:25.7240000Z",
                adws,
                "0:0:0:0:0:0:0:1",
                389,
                "outbound"
            ),
            line(
                "2020-09-23T16:51:25.7400000Z",
                adws,
                "0:0:0:0:0:0:0:1",
                389,
                "outbound"
            ),
        ]
    );
    assert_eq!(c.classes[0], IpClass::Loopback);
    assert_eq!(c.classes[1], IpClass::Private);
}

#[test]
fn snapshot_unknown_process_and_loopback_pairs() {
    // Raw: record 6 powershell.exe 127.0.0.1:49925 -> 127.0.0.1:445 Initiated=true,
    // record 7 `<unknown process>` the same pair Initiated=false, records 10-13
    // NetBIOS broadcasts both ways, record 14 127.0.0.1:49926 -> :5357 inbound.
    let c = read_evtx(
        "sbousseaden-EVTX-ATTACK-SAMPLES/Lateral Movement/ImpersonateUser-via local Pass The Hash Sysmon and Security.evtx",
    );
    let u = "<unknown process>";
    assert_eq!(
        c.lines,
        vec![
            line(
                "2021-04-20T20:33:59.8340000Z",
                "powershell.exe",
                "127.0.0.1",
                445,
                "outbound"
            ),
            line(
                "2021-04-20T20:33:59.8340000Z",
                u,
                "127.0.0.1",
                49925,
                "inbound"
            ),
            line(
                "2021-04-20T20:34:08.3400000Z",
                u,
                "10.255.255.255",
                137,
                "outbound"
            ),
            line(
                "2021-04-20T20:34:08.3400000Z",
                u,
                "10.255.255.255",
                137,
                "inbound"
            ),
            line(
                "2021-04-20T20:34:10.6070000Z",
                u,
                "10.0.3.255",
                137,
                "outbound"
            ),
            line(
                "2021-04-20T20:34:10.6070000Z",
                u,
                "10.0.3.255",
                137,
                "inbound"
            ),
            line(
                "2021-04-20T20:34:11.9440000Z",
                u,
                "127.0.0.1",
                49926,
                "inbound"
            ),
        ]
    );
}

#[test]
fn snapshot_ecs_golden() {
    // Raw (golden JSON): svchost egress ...:62141 -> [a00:203:…]:53; svchost
    // ingress 10.0.2.15:62141 -> 10.0.2.3:53; chrome egress -> 40.77.226.250:443 twice.
    let data = std::fs::read(dataset(GOLDEN)).unwrap();
    let mut c = Counts::default();
    sysmon::read_json_array(&mut &data[..], &mut c).unwrap();
    assert_eq!(
        c.lines[..4],
        [
            line(
                "2019-03-18T16:57:47.8470000Z",
                "svchost.exe",
                "a00:203:3000:3000:3000:3000:3000:3300",
                53,
                "outbound"
            ),
            line(
                "2019-03-18T16:57:48.0700000Z",
                "svchost.exe",
                "10.0.2.15",
                62141,
                "inbound"
            ),
            line(
                "2019-03-18T16:57:48.1480000Z",
                "chrome.exe",
                "40.77.226.250",
                443,
                "outbound"
            ),
            line(
                "2019-03-18T16:57:48.2140000Z",
                "chrome.exe",
                "40.77.226.250",
                443,
                "outbound"
            ),
        ]
    );
}

#[test]
fn evtx_locations_name_chunk_and_record() {
    let c = read_evtx("omerbenamram-evtx/samples/sysmon.evtx");
    let ids: Vec<u64> = c.locations.iter().map(|l| l.record).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "file order");
    let chunks: BTreeMap<u64, usize> = c.locations.iter().fold(BTreeMap::new(), |mut m, l| {
        *m.entry(l.chunk.unwrap()).or_default() += 1;
        m
    });
    println!("{chunks:?}");
    assert_eq!(
        chunks.keys().copied().collect::<Vec<_>>(),
        (0..9).collect::<Vec<_>>()
    );
}

// ---- throughput (release build; run by hand) ----

/// One EVTX file holding every chunk of every real `.evtx` file, `copies` times:
/// the header of `sysmon.evtx`, then the chunks (the parser reads past the
/// header's chunk count, as for a log that was not closed cleanly).
fn concatenation(copies: usize) -> Vec<u8> {
    let mut chunks = Vec::new();
    for rel in all_files(&[".evtx"]) {
        let b = std::fs::read(dataset(&rel)).unwrap();
        for c in b[4096.min(b.len())..].chunks_exact(65536) {
            if c.starts_with(b"ElfChnk\0") {
                chunks.extend_from_slice(c);
            }
        }
    }
    let mut out =
        std::fs::read(dataset("omerbenamram-evtx/samples/sysmon.evtx")).unwrap()[..4096].to_vec();
    for _ in 0..copies {
        out.extend_from_slice(&chunks);
    }
    out
}

/// Counts only: the reader's cost, not a test sink's.
#[derive(Default)]
struct Tally {
    records: u64,
    events: u64,
}

impl EventSink for Tally {
    fn event(&mut self, _event: Event<'_>, _at: Location) {
        self.records += 1;
        self.events += 1;
    }
    fn other(&mut self, _at: Location) {
        self.records += 1;
    }
    fn skip(&mut self, _error: RecordError, _at: Location) {
        self.records += 1;
    }
}

#[test]
#[ignore = "a benchmark: cargo test --release --test sysmon_sources -- --ignored --nocapture"]
fn throughput() {
    let one = std::fs::read(dataset("omerbenamram-evtx/samples/sysmon.evtx")).unwrap();
    let big = concatenation(40);
    for (label, bytes, rounds) in [
        ("sysmon.evtx (1.1 MB)", &one, 200),
        ("concatenation", &big, 3),
    ] {
        let start = std::time::Instant::now();
        let mut c = Tally::default();
        for _ in 0..rounds {
            sysmon::read_evtx(bytes, label, &mut c).unwrap();
        }
        let secs = start.elapsed().as_secs_f64();
        println!(
            "{label}: {:.1} MB x{rounds}, {:.0} records/s, {:.0} Sysmon 1/3 events/s ({} records, {} events per round)",
            bytes.len() as f64 / 1e6,
            c.records as f64 / secs,
            c.events as f64 / secs,
            c.records / rounds,
            c.events / rounds,
        );
    }
    // JSON lines: the biggest OTRF member (120 MB, NXLog flat).
    let (_, data) = members(&dataset(
        "OTRF-Security-Datasets/datasets/compound/LSASS_campaign_05/metasploit_sharpdump_lsass_memory_dump.zip",
    ))
    .remove(0);
    let start = std::time::Instant::now();
    let mut c = Tally::default();
    sysmon::read_json_lines(&mut &data[..], &mut c).unwrap();
    let secs = start.elapsed().as_secs_f64();
    println!(
        "OTRF JSON lines: {:.0} MB, {:.0} records/s, {:.0} MB/s, {} Sysmon 1/3 events",
        data.len() as f64 / 1e6,
        c.records as f64 / secs,
        data.len() as f64 / 1e6 / secs,
        c.events
    );
}

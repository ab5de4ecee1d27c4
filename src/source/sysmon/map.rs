//! The one mapping from a Sysmon record to a canonical event, shared by every
//! source that carries Sysmon's own field names: EVTX, XML (Windows and Linux),
//! Winlogbeat without the sysmon module, and the OTRF/Mordor JSON shapes.
//!
//! A source supplies the few `System` values ([`System`]) and a name→value lookup
//! over `EventData` ([`EventData`]); [`to_event`] does the rest. Only event IDs 1
//! (ProcessCreate) and 3 (NetworkConnect) become events; the source checks the
//! channel and the ID first ([`is_sysmon`], [`is_wanted`]) so that other records
//! are skipped before their data is looked at.

use std::borrow::Cow;

use crate::event::{Action, Event, NetworkEvent, Process, ProcessEvent, Text, Timestamp, ip};
use crate::source::RecordError;

/// Sysmon's network-connection event.
pub const NETWORK_CONNECT: u32 = 3;
/// Sysmon's process-creation event.
pub const PROCESS_CREATE: u32 = 1;

/// `action_type` of an EID 3 event with `Initiated=true` (outbound).
pub const ACTION_INITIATED: &str = "NetworkConnect Initiated=true";
/// `action_type` of an EID 3 event with `Initiated=false` (inbound).
pub const ACTION_ACCEPTED: &str = "NetworkConnect Initiated=false";
/// `action_type` of an EID 1 event.
pub const ACTION_PROCESS_CREATE: &str = "ProcessCreate";

/// A value as a source gives it: XML and most JSON give strings, some JSON shapes
/// give numbers and booleans.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Val<'a> {
    #[default]
    Null,
    Str(Text<'a>),
    Int(i64),
    Float(f64),
    Bool(bool),
}

/// A name→value lookup over a record's `EventData`. Each name is read once, so
/// values are moved out rather than copied.
pub trait EventData<'a> {
    /// The value of `name` (case-sensitive, as Sysmon spells it), or `Val::Null`.
    fn take(&mut self, name: &str) -> Val<'a>;
}

/// `EventData` as (name, value) pairs in document order: what XML, EVTX and the
/// JSON shapes build. About twenty pairs, so a linear scan is fastest.
#[derive(Clone, Debug, Default)]
pub struct Pairs<'a>(pub Vec<(Text<'a>, Val<'a>)>);

impl<'a> EventData<'a> for Pairs<'a> {
    fn take(&mut self, name: &str) -> Val<'a> {
        self.0
            .iter_mut()
            .find(|(n, _)| n == name)
            .map(|(_, v)| std::mem::take(v))
            .unwrap_or_default()
    }
}

/// The `System` values the mapping needs.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct System<'a> {
    pub event_id: u32,
    /// `System/Computer`: the canonical `device_name`.
    pub computer: Text<'a>,
    /// `System/EventRecordID`: the canonical `report_id`.
    pub record_id: Text<'a>,
    /// `System/TimeCreated/@SystemTime` (or the shipper's `@timestamp`): the event
    /// time when `EventData/UtcTime` is absent or empty.
    pub time_created: Text<'a>,
}

/// Whether a record's channel or provider is Sysmon's (Windows or Linux).
/// Channel names are case-insensitive in Windows.
pub fn is_sysmon(channel: &str, provider: &str) -> bool {
    let is = |s: &str, want: &str| s.trim().eq_ignore_ascii_case(want);
    is(channel, "Microsoft-Windows-Sysmon/Operational")
        || is(provider, "Microsoft-Windows-Sysmon")
        || is(channel, "Linux-Sysmon/Operational")
        || is(provider, "Linux-Sysmon")
}

/// Whether an event ID is one porthunt reads.
pub fn is_wanted(event_id: u32) -> bool {
    event_id == NETWORK_CONNECT || event_id == PROCESS_CREATE
}

/// Maps a Sysmon record (already known to be Sysmon) to a canonical event:
/// `Ok(None)` for event IDs other than 1 and 3.
pub fn to_event<'a>(
    system: System<'a>,
    data: &mut dyn EventData<'a>,
) -> Result<Option<Event<'a>>, RecordError> {
    match system.event_id {
        NETWORK_CONNECT => network_connect(system, data).map(|e| Some(Event::Network(e))),
        PROCESS_CREATE => process_create(system, data).map(|e| Some(Event::Process(e))),
        _ => Ok(None),
    }
}

/// EID 3. With `Initiated=true` the process opened the connection: the remote peer
/// is `Destination*`. With `Initiated=false` it accepted one: the remote peer is
/// `Source*` and the local end `Destination*`.
fn network_connect<'a>(
    system: System<'a>,
    d: &mut dyn EventData<'a>,
) -> Result<NetworkEvent<'a>, RecordError> {
    let timestamp = event_time(d, system.time_created)?;
    let initiated = boolean("Initiated", d.take("Initiated"))?.ok_or_else(|| RecordError {
        field: "Initiated",
        reason: "missing value",
        detail: "a NetworkConnect event without Initiated has no direction".into(),
    })?;
    let source_port = port("SourcePort", d.take("SourcePort"))?;
    let destination_port = port("DestinationPort", d.take("DestinationPort"))?;
    let source_ip = text(d.take("SourceIp"));
    let destination_ip = text(d.take("DestinationIp"));
    let source_host = dash_empty(text(d.take("SourceHostname")));
    let destination_host = dash_empty(text(d.take("DestinationHostname")));

    let mut e = NetworkEvent::empty(timestamp);
    if initiated {
        e.action = Action::ConnectionSuccess;
        e.action_type = Cow::Borrowed(ACTION_INITIATED);
        (e.remote_ip, e.remote_port, e.remote_url) =
            (destination_ip, destination_port, destination_host);
        (e.local_ip, e.local_port) = (source_ip, source_port);
    } else {
        e.action = Action::InboundConnectionAccepted;
        e.action_type = Cow::Borrowed(ACTION_ACCEPTED);
        (e.remote_ip, e.remote_port, e.remote_url) = (source_ip, source_port, source_host);
        (e.local_ip, e.local_port) = (destination_ip, destination_port);
    }
    // Not `derive()`: that recomputes `action` from Defender ActionType names.
    e.remote_ip_class = ip::classify(ip::parse_ip(&e.remote_ip));
    e.protocol = text(d.take("Protocol"));
    e.device_name = system.computer;
    e.report_id = system.record_id;
    e.process = image_process(d, "Image", "ProcessId", "ProcessGuid", "User")?;
    // Command line, parent, original file name, hashes: only EID 1 has them.
    e.lacks_process_context = true;
    Ok(e)
}

/// EID 1: the created process (`Image`, `CommandLine`, …) and its parent
/// (`ParentImage`, `ParentCommandLine`, …).
fn process_create<'a>(
    system: System<'a>,
    d: &mut dyn EventData<'a>,
) -> Result<ProcessEvent<'a>, RecordError> {
    let timestamp = event_time(d, system.time_created)?;
    let mut process = image_process(d, "Image", "ProcessId", "ProcessGuid", "User")?;
    let mut parent = image_process(
        d,
        "ParentImage",
        "ParentProcessId",
        "ParentProcessGuid",
        "ParentUser",
    )?;
    process.creation_time = Some(timestamp);
    process.command_line = text(d.take("CommandLine"));
    process.original_file_name = dash_empty(text(d.take("OriginalFileName")));
    process.integrity_level = text(d.take("IntegrityLevel"));
    (process.sha1, process.sha256) = hashes(text(d.take("Hashes")));
    process.parent_file_name = parent.file_name.clone();
    parent.command_line = dash_empty(text(d.take("ParentCommandLine")));
    Ok(ProcessEvent {
        timestamp,
        device_id: Cow::Borrowed(""),
        device_name: system.computer,
        action_type: Cow::Borrowed(ACTION_PROCESS_CREATE),
        process,
        parent,
        signer_type: Cow::Borrowed(""),
        signature_status: Cow::Borrowed(""),
        report_id: system.record_id,
    })
}

/// A process named by an image path, a pid, a GUID and a `DOMAIN\user`.
fn image_process<'a>(
    d: &mut dyn EventData<'a>,
    image: &'static str,
    pid: &'static str,
    guid: &'static str,
    user: &'static str,
) -> Result<Process<'a>, RecordError> {
    let path = dash_empty(text(d.take(image)));
    let (account_domain, account_name) = split_user(dash_empty(text(d.take(user))));
    Ok(Process {
        file_name: basename(&path),
        folder_path: path,
        pid: int(pid, d.take(pid))?,
        process_guid: braced_guid(text(d.take(guid))),
        account_name,
        account_domain,
        ..Process::default()
    })
}

/// `UtcTime`, or else the record's creation time.
fn event_time<'a>(d: &mut dyn EventData<'a>, fallback: Text<'a>) -> Result<Timestamp, RecordError> {
    if let Some(t) = time("UtcTime", d.take("UtcTime"))? {
        return Ok(t);
    }
    if let Some(t) = time("TimeCreated", Val::Str(fallback))? {
        return Ok(t);
    }
    Err(RecordError {
        field: "UtcTime",
        reason: "missing event time",
        detail: "neither UtcTime nor System/TimeCreated has a value".into(),
    })
}

// ---- value conversions; every error names the field ----

pub(crate) fn invalid(field: &'static str, detail: String) -> RecordError {
    RecordError {
        field,
        reason: "invalid value",
        detail,
    }
}

/// At most 80 characters of a value, for an error message.
pub(crate) fn clip(s: &str) -> String {
    s.chars().take(80).collect()
}

/// A value as text (numbers and booleans as JSON writes them; null as "").
pub fn text(v: Val<'_>) -> Text<'_> {
    match v {
        Val::Null => Cow::Borrowed(""),
        Val::Str(s) => s,
        Val::Int(i) => Cow::Owned(i.to_string()),
        Val::Float(f) => Cow::Owned(f.to_string()),
        Val::Bool(b) => Cow::Borrowed(if b { "true" } else { "false" }),
    }
}

/// Sysmon writes `-` for an unknown host name, user or PE field.
pub fn dash_empty(t: Text<'_>) -> Text<'_> {
    if t.trim() == "-" {
        Cow::Borrowed("")
    } else {
        t
    }
}

/// An integer: JSON numbers, or decimal text (also `0x…` hex, as Sysmon writes
/// `LogonId`); empty text is absent.
pub fn int(field: &'static str, v: Val<'_>) -> Result<Option<i64>, RecordError> {
    match v {
        Val::Null => Ok(None),
        Val::Int(i) => Ok(Some(i)),
        Val::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Ok(Some(f as i64)),
        Val::Str(s) => {
            let t = s.trim();
            if t.is_empty() {
                return Ok(None);
            }
            let parsed = match t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
                Some(hex) => i64::from_str_radix(hex, 16).ok(),
                None => t.parse::<i64>().ok(),
            };
            parsed
                .map(Some)
                .ok_or_else(|| invalid(field, format!("`{}` is not an integer", clip(t))))
        }
        other => Err(invalid(field, format!("{other:?} is not an integer"))),
    }
}

/// A port: an integer in 0-65535.
pub fn port(field: &'static str, v: Val<'_>) -> Result<Option<i64>, RecordError> {
    match int(field, v)? {
        Some(p) if !(0..=65535).contains(&p) => {
            Err(invalid(field, format!("port {p} is outside 0-65535")))
        }
        p => Ok(p),
    }
}

/// A boolean: JSON booleans, `true`/`false` in any case, `1`/`0`.
pub fn boolean(field: &'static str, v: Val<'_>) -> Result<Option<bool>, RecordError> {
    match v {
        Val::Null => Ok(None),
        Val::Bool(b) => Ok(Some(b)),
        Val::Int(0) => Ok(Some(false)),
        Val::Int(1) => Ok(Some(true)),
        Val::Str(s) => {
            let t = s.trim();
            if t.is_empty() {
                Ok(None)
            } else if t.eq_ignore_ascii_case("true") || t == "1" {
                Ok(Some(true))
            } else if t.eq_ignore_ascii_case("false") || t == "0" {
                Ok(Some(false))
            } else {
                Err(invalid(field, format!("`{}` is not a boolean", clip(t))))
            }
        }
        other => Err(invalid(field, format!("{other:?} is not a boolean"))),
    }
}

/// A date-time (`2021-11-03 05:01:26.226`, ISO 8601 with up to 9 fractional
/// digits); empty is absent.
pub fn time(field: &'static str, v: Val<'_>) -> Result<Option<Timestamp>, RecordError> {
    match v {
        Val::Null => Ok(None),
        Val::Str(s) if s.trim().is_empty() => Ok(None),
        Val::Str(s) => Timestamp::parse(&s)
            .map(Some)
            .map_err(|e| invalid(field, format!("`{}`: {e}", clip(&s)))),
        other => Err(invalid(field, format!("{other:?} is not a date-time"))),
    }
}

/// A GUID as Sysmon writes it, in braces: the `evtx` crate renders GUID values
/// without them (`14207D89-619B-6A26-3002-000000004902`), Windows and every
/// shipper with them, and the process join compares GUIDs as text.
pub fn braced_guid(t: Text<'_>) -> Text<'_> {
    let s = t.trim();
    if s.len() == 36 && s.bytes().filter(|b| *b == b'-').count() == 4 {
        Cow::Owned(format!("{{{s}}}"))
    } else {
        t
    }
}

/// The part `range` of a text, borrowed when the text is.
fn sub<'a>(t: &Text<'a>, range: std::ops::Range<usize>) -> Text<'a> {
    match t {
        Cow::Borrowed(s) => Cow::Borrowed(&s[range]),
        Cow::Owned(s) => Cow::Owned(s[range].to_string()),
    }
}

/// The file name at the end of a Windows or POSIX path, case preserved
/// (`C:\Windows\System32\svchost.exe` → `svchost.exe`; `System` → `System`).
pub fn basename<'a>(path: &Text<'a>) -> Text<'a> {
    let start = path.rfind(['\\', '/']).map_or(0, |i| i + 1);
    sub(path, start..path.len())
}

/// `DOMAIN\user` → (`DOMAIN`, `user`); a name without a domain (`root`) → ("", name).
pub fn split_user(user: Text<'_>) -> (Text<'_>, Text<'_>) {
    match user.find('\\') {
        Some(i) => (sub(&user, 0..i), sub(&user, i + 1..user.len())),
        None => (Cow::Borrowed(""), user),
    }
}

/// (SHA1, SHA256) from Sysmon's `Hashes`: `SHA1=…,MD5=…,SHA256=…,IMPHASH=…`, in any
/// order and case of the algorithm names; absent ones are "".
pub fn hashes(h: Text<'_>) -> (Text<'_>, Text<'_>) {
    let (mut sha1, mut sha256) = (Cow::Borrowed(""), Cow::Borrowed(""));
    let mut start = 0;
    for part in h.split(',') {
        let end = start + part.len();
        if let Some(eq) = part.find('=') {
            let name = part[..eq].trim();
            let value = start + eq + 1..end;
            if name.eq_ignore_ascii_case("SHA1") {
                sha1 = sub(&h, value);
            } else if name.eq_ignore_ascii_case("SHA256") {
                sha256 = sub(&h, value);
            }
        }
        start = end + 1;
    }
    (sha1, sha256)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::IpClass;

    fn pairs(kv: &[(&'static str, &'static str)]) -> Pairs<'static> {
        Pairs(
            kv.iter()
                .map(|(k, v)| (Cow::Borrowed(*k), Val::Str(Cow::Borrowed(*v))))
                .collect(),
        )
    }

    fn system(eid: u32) -> System<'static> {
        System {
            event_id: eid,
            computer: "WIN-40TITGP9BI7".into(),
            record_id: "24217".into(),
            time_created: "2020-12-04T14:47:41.676231300Z".into(),
        }
    }

    const EID3: &[(&str, &str)] = &[
        ("RuleName", "-"),
        ("UtcTime", "2020-12-03 14:15:47.576"),
        ("ProcessGuid", "{84453EAB-4C07-5FCA-BDC5-500400000000}"),
        ("ProcessId", "920"),
        (
            "Image",
            "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
        ),
        ("User", "WIN-40TITGP9BI7\\victim"),
        ("Protocol", "tcp"),
        ("Initiated", "true"),
        ("SourceIsIpv6", "false"),
        ("SourceIp", "192.168.254.47"),
        ("SourceHostname", "WIN-40TITGP9BI7"),
        ("SourcePort", "49704"),
        ("SourcePortName", "-"),
        ("DestinationIsIpv6", "false"),
        ("DestinationIp", "104.21.5.1"),
        ("DestinationHostname", "-"),
        ("DestinationPort", "443"),
        ("DestinationPortName", "https"),
    ];

    fn network(kv: &[(&'static str, &'static str)]) -> Result<NetworkEvent<'static>, RecordError> {
        match to_event(system(3), &mut pairs(kv))? {
            Some(Event::Network(e)) => Ok(e),
            other => panic!("{other:?}"),
        }
    }

    fn with(
        kv: &[(&'static str, &'static str)],
        k: &'static str,
        v: &'static str,
    ) -> Vec<(&'static str, &'static str)> {
        let mut out: Vec<_> = kv.iter().filter(|(n, _)| *n != k).copied().collect();
        out.push((k, v));
        out
    }

    #[test]
    fn outbound_connection_has_the_destination_as_remote() {
        let e = network(EID3).unwrap();
        assert_eq!(e.action, Action::ConnectionSuccess);
        assert_eq!(e.action_type, ACTION_INITIATED);
        assert_eq!(
            e.timestamp,
            Timestamp::parse("2020-12-03T14:15:47.576Z").unwrap()
        );
        assert_eq!(
            (e.remote_ip.as_ref(), e.remote_port),
            ("104.21.5.1", Some(443))
        );
        assert_eq!(
            (e.local_ip.as_ref(), e.local_port),
            ("192.168.254.47", Some(49704))
        );
        assert_eq!(e.remote_ip_class, IpClass::Public);
        assert_eq!(e.remote_url, "", "`-` is no host name");
        assert_eq!(e.protocol, "tcp");
        assert_eq!(e.device_name, "WIN-40TITGP9BI7");
        assert_eq!(e.device_id, "");
        assert_eq!(e.report_id, "24217");
        let p = &e.process;
        assert_eq!(p.file_name, "powershell.exe");
        assert_eq!(
            p.folder_path,
            "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe"
        );
        assert_eq!(p.pid, Some(920));
        assert_eq!(p.process_guid, "{84453EAB-4C07-5FCA-BDC5-500400000000}");
        assert_eq!(
            (p.account_domain.as_ref(), p.account_name.as_ref()),
            ("WIN-40TITGP9BI7", "victim")
        );
        assert!(p.command_line.is_empty() && p.parent_file_name.is_empty());
        assert!(e.lacks_process_context);
        assert!(
            matches!(e.remote_ip, Cow::Borrowed(_)),
            "no copy of borrowed input"
        );
    }

    #[test]
    fn inbound_connection_has_the_source_as_remote() {
        let e = network(&with(EID3, "Initiated", "false")).unwrap();
        assert_eq!(e.action, Action::InboundConnectionAccepted);
        assert_eq!(e.action_type, ACTION_ACCEPTED);
        assert_eq!(
            (e.remote_ip.as_ref(), e.remote_port),
            ("192.168.254.47", Some(49704))
        );
        assert_eq!(
            (e.local_ip.as_ref(), e.local_port),
            ("104.21.5.1", Some(443))
        );
        assert_eq!(e.remote_url, "WIN-40TITGP9BI7");
        assert_eq!(e.remote_ip_class, IpClass::Private);
        assert_eq!(
            network(&with(EID3, "Initiated", "False")).unwrap().action,
            Action::InboundConnectionAccepted
        );
    }

    #[test]
    fn bad_values_name_the_field() {
        let err = network(&with(EID3, "DestinationPort", "70000")).unwrap_err();
        assert_eq!(
            (err.field, err.reason),
            ("DestinationPort", "invalid value")
        );
        assert!(err.detail.contains("70000"));
        let err = network(&with(EID3, "SourcePort", "http")).unwrap_err();
        assert_eq!(err.field, "SourcePort");
        let err = network(&with(EID3, "ProcessId", "x")).unwrap_err();
        assert_eq!(err.field, "ProcessId");
        let err = network(&with(EID3, "Initiated", "maybe")).unwrap_err();
        assert_eq!(err.field, "Initiated");
        let err = network(&with(EID3, "UtcTime", "yesterday")).unwrap_err();
        assert_eq!(err.field, "UtcTime");
        let no_initiated: Vec<_> = EID3
            .iter()
            .filter(|(k, _)| *k != "Initiated")
            .copied()
            .collect();
        assert_eq!(network(&no_initiated).unwrap_err().reason, "missing value");
    }

    #[test]
    fn time_falls_back_to_time_created() {
        let e = network(&with(EID3, "UtcTime", "")).unwrap();
        assert_eq!(
            e.timestamp,
            Timestamp::parse("2020-12-04T14:47:41.6762313Z").unwrap()
        );
        let mut s = system(3);
        s.time_created = "".into();
        let mut d = pairs(&with(EID3, "UtcTime", ""));
        assert_eq!(
            to_event(s, &mut d).unwrap_err().reason,
            "missing event time"
        );
    }

    #[test]
    fn process_create_fills_process_and_parent() {
        let kv = [
            ("UtcTime", "2019-03-19 17:15:16.129"),
            ("ProcessGuid", "{aa6b4a20-23a4-5c91-0000-0010a4d41e05}"),
            ("ProcessId", "5936"),
            ("Image", "C:\\Windows\\System32\\whoami.exe"),
            ("OriginalFileName", "whoami.exe"),
            ("CommandLine", "\"C:\\Windows\\system32\\whoami.exe\" /user"),
            ("User", "SHIRE\\pgustavo"),
            ("IntegrityLevel", "High"),
            (
                "Hashes",
                "SHA1=47D7864D26FC67E0D60391CBF170D33DA518C322,MD5=43C2D3293AD939241DF61B3630A9D3B6,SHA256=1D5491E3C468EE4B4EF6EDFF4BBC7D06EE83180F6F0B1576763EA2EFE049493A,IMPHASH=7FF0758B766F747CE57DFAC70743FB88",
            ),
            (
                "ParentProcessGuid",
                "{aa6b4a20-2065-5c91-0000-0010e9db1905}",
            ),
            ("ParentProcessId", "7644"),
            (
                "ParentImage",
                "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
            ),
            ("ParentCommandLine", "powershell.exe -noP"),
            ("ParentUser", "SHIRE\\pgustavo"),
        ];
        let Some(Event::Process(e)) = to_event(system(1), &mut pairs(&kv)).unwrap() else {
            panic!()
        };
        let t = Timestamp::parse("2019-03-19T17:15:16.129Z").unwrap();
        assert_eq!((e.timestamp, e.action_type.as_ref()), (t, "ProcessCreate"));
        let p = &e.process;
        assert_eq!(p.file_name, "whoami.exe");
        assert_eq!(p.folder_path, "C:\\Windows\\System32\\whoami.exe");
        assert_eq!(p.original_file_name, "whoami.exe");
        assert_eq!(
            p.command_line,
            "\"C:\\Windows\\system32\\whoami.exe\" /user"
        );
        assert_eq!((p.pid, p.creation_time), (Some(5936), Some(t)));
        assert_eq!(
            (p.account_domain.as_ref(), p.account_name.as_ref()),
            ("SHIRE", "pgustavo")
        );
        assert_eq!(p.sha1, "47D7864D26FC67E0D60391CBF170D33DA518C322");
        assert_eq!(
            p.sha256,
            "1D5491E3C468EE4B4EF6EDFF4BBC7D06EE83180F6F0B1576763EA2EFE049493A"
        );
        assert_eq!(p.integrity_level, "High");
        assert_eq!(p.process_guid, "{aa6b4a20-23a4-5c91-0000-0010a4d41e05}");
        assert_eq!(p.parent_file_name, "powershell.exe");
        let q = &e.parent;
        assert_eq!(q.file_name, "powershell.exe");
        assert_eq!(q.command_line, "powershell.exe -noP");
        assert_eq!(q.pid, Some(7644));
        assert_eq!(q.process_guid, "{aa6b4a20-2065-5c91-0000-0010e9db1905}");
        assert_eq!(q.account_name, "pgustavo");
        assert_eq!(
            (e.device_name.as_ref(), e.report_id.as_ref()),
            ("WIN-40TITGP9BI7", "24217")
        );
    }

    #[test]
    fn other_event_ids_are_not_events() {
        assert_eq!(to_event(system(7), &mut pairs(EID3)).unwrap(), None);
        assert!(is_wanted(1) && is_wanted(3) && !is_wanted(7));
        assert!(is_sysmon("Microsoft-Windows-Sysmon/Operational", ""));
        assert!(is_sysmon("", "Linux-Sysmon"));
        assert!(is_sysmon("microsoft-windows-sysmon/operational", ""));
        assert!(!is_sysmon(
            "Security",
            "Microsoft-Windows-Security-Auditing"
        ));
    }

    #[test]
    fn helpers() {
        assert_eq!(basename(&"System".into()), "System");
        assert_eq!(basename(&"/usr/bin/curl".into()), "curl");
        assert_eq!(basename(&"<unknown process>".into()), "<unknown process>");
        assert_eq!(split_user("root".into()), ("".into(), "root".into()));
        assert_eq!(
            split_user("NT AUTHORITY\\SYSTEM".into()),
            ("NT AUTHORITY".into(), "SYSTEM".into())
        );
        assert_eq!(hashes("MD5=AA,SHA256=BB".into()), ("".into(), "BB".into()));
        assert_eq!(
            braced_guid("14207D89-619B-6A26-3002-000000004902".into()),
            "{14207D89-619B-6A26-3002-000000004902}"
        );
        assert_eq!(
            braced_guid("{14207D89-619B-6A26-3002-000000004902}".into()),
            "{14207D89-619B-6A26-3002-000000004902}"
        );
        assert_eq!(braced_guid("".into()), "");
        assert_eq!(
            hashes("sha1=CC".to_string().into()),
            ("CC".into(), "".into())
        );
        assert_eq!(port("p", Val::Int(443)).unwrap(), Some(443));
        assert_eq!(port("p", Val::Str(" 53 ".into())).unwrap(), Some(53));
        assert!(port("p", Val::Int(-1)).is_err());
        assert_eq!(int("LogonId", Val::Str("0x3e7".into())).unwrap(), Some(999));
        assert_eq!(boolean("b", Val::Bool(true)).unwrap(), Some(true));
        assert_eq!(boolean("b", Val::Str("".into())).unwrap(), None);
    }
}

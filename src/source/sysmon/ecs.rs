//! The mapping for Winlogbeat's sysmon module (and Elastic Agent), which renames
//! Sysmon's fields to ECS and removes them from `winlog.event_data`:
//! `process.*`, `source.*`, `destination.*`, `network.direction`/`transport`,
//! `user.name`/`user.domain`, `process.parent.*`, `process.pe.*`, `process.hash.*`.
//! Errors name the ECS field.

use std::borrow::Cow;

use super::json::J;
use super::map::{self, NETWORK_CONNECT, PROCESS_CREATE, Val};
use crate::event::{Action, Event, NetworkEvent, Process, ProcessEvent, Text, Timestamp, ip};
use crate::source::RecordError;

/// Maps a record already known to be Sysmon's event `event_id`.
pub fn to_event(mut root: J<'_>, event_id: u32) -> Result<Option<Event<'_>>, RecordError> {
    match event_id {
        NETWORK_CONNECT => network(&mut root).map(|e| Some(Event::Network(e))),
        PROCESS_CREATE => process_create(&mut root).map(|e| Some(Event::Process(e))),
        _ => Ok(None),
    }
}

/// Which end of an ECS connection is the remote peer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EcsDirection {
    /// `egress` (host context) or `outbound` (older Winlogbeat, perimeter
    /// context): Sysmon `Initiated=true`; the remote peer is `destination.*`.
    Out,
    /// `ingress` or `inbound`: Sysmon `Initiated=false`; the remote peer is `source.*`.
    In,
    /// Anything else (`internal`, `external`, `unknown`, absent).
    Unknown,
}

impl EcsDirection {
    pub fn of(direction: &str) -> EcsDirection {
        match direction.trim().to_ascii_lowercase().as_str() {
            "egress" | "outbound" => EcsDirection::Out,
            "ingress" | "inbound" => EcsDirection::In,
            _ => EcsDirection::Unknown,
        }
    }
}

/// `action_type` of an ECS network event: the direction as given.
fn action_type(direction: &str) -> Text<'static> {
    match direction {
        "egress" => Cow::Borrowed("NetworkConnect network.direction=egress"),
        "ingress" => Cow::Borrowed("NetworkConnect network.direction=ingress"),
        "outbound" => Cow::Borrowed("NetworkConnect network.direction=outbound"),
        "inbound" => Cow::Borrowed("NetworkConnect network.direction=inbound"),
        other => Cow::Owned(format!("NetworkConnect network.direction={other}")),
    }
}

fn val<'a>(root: &mut J<'a>, path: &[&str]) -> Val<'a> {
    root.take(path).into_val()
}

fn text<'a>(root: &mut J<'a>, path: &[&str]) -> Text<'a> {
    root.take(path).into_text()
}

fn timestamp(root: &mut J<'_>) -> Result<Timestamp, RecordError> {
    map::time("@timestamp", val(root, &["@timestamp"]))?.ok_or_else(|| RecordError {
        field: "@timestamp",
        reason: "missing event time",
        detail: "an ECS event without @timestamp".into(),
    })
}

fn device_name<'a>(root: &mut J<'a>) -> Text<'a> {
    let name = text(root, &["winlog", "computer_name"]);
    if name.is_empty() {
        text(root, &["host", "name"])
    } else {
        name
    }
}

/// `process.*` (or `process.parent.*` with `prefix` = `["process", "parent"]`).
fn ecs_process<'a>(
    root: &mut J<'a>,
    prefix: &[&str],
    pid_field: &'static str,
) -> Result<Process<'a>, RecordError> {
    let at = |leaf: &[&'static str]| -> Vec<&str> {
        prefix.iter().copied().chain(leaf.iter().copied()).collect()
    };
    let folder_path = text(root, &at(&["executable"]));
    let mut file_name = text(root, &at(&["name"]));
    if file_name.is_empty() {
        file_name = map::basename(&folder_path);
    }
    Ok(Process {
        file_name,
        folder_path,
        command_line: text(root, &at(&["command_line"])),
        pid: map::int(pid_field, val(root, &at(&["pid"])))?,
        process_guid: text(root, &at(&["entity_id"])),
        ..Process::default()
    })
}

/// EID 3 in ECS.
fn network<'a>(root: &mut J<'a>) -> Result<NetworkEvent<'a>, RecordError> {
    let mut e = NetworkEvent::empty(timestamp(root)?);
    let direction = text(root, &["network", "direction"]);
    let mut dir = EcsDirection::of(&direction);
    let mut kind = action_type(&direction);
    if dir == EcsDirection::Unknown {
        // Elastic Agent may keep the raw field.
        if let Some(initiated) = map::boolean(
            "Initiated",
            val(root, &["winlog", "event_data", "Initiated"]),
        )? {
            dir = if initiated {
                EcsDirection::Out
            } else {
                EcsDirection::In
            };
            kind = Cow::Borrowed(if initiated {
                map::ACTION_INITIATED
            } else {
                map::ACTION_ACCEPTED
            });
        }
    }
    let source_port = map::port("source.port", val(root, &["source", "port"]))?;
    let destination_port = map::port("destination.port", val(root, &["destination", "port"]))?;
    let source = (
        text(root, &["source", "ip"]),
        source_port,
        map::dash_empty(text(root, &["source", "domain"])),
    );
    let destination = (
        text(root, &["destination", "ip"]),
        destination_port,
        map::dash_empty(text(root, &["destination", "domain"])),
    );
    let (remote, local) = match dir {
        EcsDirection::In => (source, destination),
        EcsDirection::Out | EcsDirection::Unknown => (destination, source),
    };
    e.action = match dir {
        EcsDirection::Out => Action::ConnectionSuccess,
        EcsDirection::In => Action::InboundConnectionAccepted,
        EcsDirection::Unknown => Action::Other,
    };
    e.action_type = kind;
    (e.remote_ip, e.remote_port, e.remote_url) = remote;
    (e.local_ip, e.local_port) = (local.0, local.1);
    e.remote_ip_class = ip::classify(ip::parse_ip(&e.remote_ip));
    e.protocol = text(root, &["network", "transport"]);
    e.process = ecs_process(root, &["process"], "process.pid")?;
    e.process.account_name = text(root, &["user", "name"]);
    e.process.account_domain = text(root, &["user", "domain"]);
    e.device_name = device_name(root);
    e.report_id = text(root, &["winlog", "record_id"]);
    e.lacks_process_context = true;
    Ok(e)
}

/// EID 1 in ECS.
fn process_create<'a>(root: &mut J<'a>) -> Result<ProcessEvent<'a>, RecordError> {
    let timestamp = timestamp(root)?;
    let mut process = ecs_process(root, &["process"], "process.pid")?;
    let parent = ecs_process(root, &["process", "parent"], "process.parent.pid")?;
    process.creation_time = Some(timestamp);
    process.original_file_name = text(root, &["process", "pe", "original_file_name"]);
    for (field, top) in [("sha1", &mut process.sha1), ("sha256", &mut process.sha256)] {
        *top = text(root, &["process", "hash", field]);
        if top.is_empty() {
            *top = text(root, &["hash", field]);
        }
    }
    process.integrity_level = text(root, &["winlog", "event_data", "IntegrityLevel"]);
    process.account_name = text(root, &["user", "name"]);
    process.account_domain = text(root, &["user", "domain"]);
    process.parent_file_name = parent.file_name.clone();
    Ok(ProcessEvent {
        timestamp,
        device_id: Cow::Borrowed(""),
        device_name: device_name(root),
        action_type: Cow::Borrowed(map::ACTION_PROCESS_CREATE),
        process,
        parent,
        signer_type: Cow::Borrowed(""),
        signature_status: Cow::Borrowed(""),
        report_id: text(root, &["winlog", "record_id"]),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Location;
    use crate::source::sysmon::json::{JsonFlavor, read_json_record};
    use crate::source::sysmon::xml::tests::{Collect, network};

    const EGRESS: &str = r#"{"@timestamp":"2019-03-18T16:57:47.847Z","destination":{"ip":"a00:203:3000:3000:3000:3000:3000:3300","port":53},"event":{"category":["network"],"code":3,"kind":"event","module":"sysmon","provider":"Microsoft-Windows-Sysmon","type":["connection","start","protocol"]},"host":{"name":"vagrant-2012-r2"},"network":{"community_id":"1:EQDBfI6vAylArTBQHY8kNmaweOA=","direction":"egress","protocol":"domain","transport":"udp","type":"ipv6"},"process":{"entity_id":"{42f11c3b-0bad-5c8c-0000-0010dfbc0000}","executable":"C:\\Windows\\System32\\svchost.exe","name":"svchost.exe","pid":924},"source":{"ip":"a00:20f:0:0:18a2:6e00:e0:ffff","port":62141},"user":{"domain":"NT AUTHORITY","name":"NETWORK SERVICE"},"winlog":{"api":"wineventlog","channel":"Microsoft-Windows-Sysmon/Operational","computer_name":"vagrant-2012-r2","event_id":3,"process":{"pid":4860,"thread":{"id":4492}},"provider_name":"Microsoft-Windows-Sysmon","record_id":8}}"#;

    fn one(json: &str) -> Collect {
        let mut c = Collect::default();
        read_json_record(
            json.as_bytes(),
            JsonFlavor::Ecs,
            Location::default(),
            &mut c,
        );
        c
    }

    #[test]
    fn egress_is_an_outbound_success() {
        let c = one(EGRESS);
        let e = network(&c, 0);
        assert_eq!(e.action, Action::ConnectionSuccess);
        assert_eq!(e.action_type, "NetworkConnect network.direction=egress");
        assert_eq!(e.remote_port, Some(53));
        assert_eq!(e.local_port, Some(62141));
        assert_eq!(e.protocol, "udp");
        assert_eq!(
            (e.process.file_name.as_ref(), e.process.pid),
            ("svchost.exe", Some(924)),
            "process.pid, not winlog.process.pid"
        );
        assert_eq!(
            e.process.process_guid,
            "{42f11c3b-0bad-5c8c-0000-0010dfbc0000}"
        );
        assert_eq!(
            (
                e.process.account_domain.as_ref(),
                e.process.account_name.as_ref()
            ),
            ("NT AUTHORITY", "NETWORK SERVICE")
        );
        assert_eq!(
            (e.device_name.as_ref(), e.report_id.as_ref()),
            ("vagrant-2012-r2", "8")
        );
        assert!(e.lacks_process_context);
    }

    #[test]
    fn ingress_and_inbound_have_the_source_as_remote() {
        for d in ["ingress", "inbound"] {
            let c = one(&EGRESS.replace("egress", d));
            let e = network(&c, 0);
            assert_eq!(e.action, Action::InboundConnectionAccepted);
            assert_eq!((e.remote_port, e.local_port), (Some(62141), Some(53)));
        }
        let c = one(&EGRESS.replace("\"egress\"", "\"outbound\""));
        assert_eq!(network(&c, 0).action, Action::ConnectionSuccess);
        let c = one(&EGRESS.replace("\"egress\"", "\"internal\""));
        assert_eq!(network(&c, 0).action, Action::Other);
    }

    #[test]
    fn flattened_dotted_keys_and_bad_ports() {
        let flat = r#"{"@timestamp":"2024-01-01T00:00:00Z","event.module":"sysmon","winlog.event_id":"3","winlog.channel":"Microsoft-Windows-Sysmon/Operational","network.direction":"egress","destination.ip":"1.1.1.1","destination.port":"443","process.executable":"C:\\x\\rundll32.exe"}"#;
        let c = one(flat);
        let e = network(&c, 0);
        assert_eq!(
            (e.process.file_name.as_ref(), e.remote_port),
            ("rundll32.exe", Some(443))
        );
        let c = one(&EGRESS.replace("\"port\":53", "\"port\":65536"));
        assert_eq!(c.skips[0].0.field, "destination.port");
    }

    #[test]
    fn process_create_in_ecs() {
        let rec = r#"{"@timestamp":"2019-03-18T16:57:37.949Z","event":{"code":1,"module":"sysmon"},"hash":{"sha1":"ac93c3b38e57a2715572933dbcb2a1c2892dbc5e"},"process":{"command_line":"C:\\Windows\\Sysmon.exe","entity_id":"{42f11c3b-ce01-5c8f-0000-0010c73e2a00}","executable":"C:\\Windows\\Sysmon.exe","name":"Sysmon.exe","pe":{"original_file_name":"Sysmon.exe"},"parent":{"command_line":"C:\\Windows\\system32\\services.exe","entity_id":"{42f11c3b-6e1a-5c8c-0000-0010f14d0000}","executable":"C:\\Windows\\System32\\services.exe","name":"services.exe","pid":488},"pid":4860},"user":{"domain":"NT AUTHORITY","name":"SYSTEM"},"winlog":{"channel":"Microsoft-Windows-Sysmon/Operational","computer_name":"vagrant-2012-r2","event_data":{"IntegrityLevel":"System"},"event_id":1,"record_id":3}}"#;
        let mut c = Collect::default();
        read_json_record(rec.as_bytes(), JsonFlavor::Ecs, Location::default(), &mut c);
        let Event::Process(p) = &c.events[0].0 else {
            panic!("{c:?}")
        };
        assert_eq!(p.process.file_name, "Sysmon.exe");
        assert_eq!(p.process.original_file_name, "Sysmon.exe");
        assert_eq!(p.process.sha1, "ac93c3b38e57a2715572933dbcb2a1c2892dbc5e");
        assert_eq!(p.process.integrity_level, "System");
        assert_eq!(p.process.parent_file_name, "services.exe");
        assert_eq!(
            (p.parent.pid, p.parent.process_guid.as_ref()),
            (Some(488), "{42f11c3b-6e1a-5c8c-0000-0010f14d0000}")
        );
        assert_eq!(p.report_id, "3");
    }
}

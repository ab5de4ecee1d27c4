//! Sysmon-family Windows (and Linux) endpoint sources: Sysmon event 1
//! (ProcessCreate) and event 3 (NetworkConnect) in every form they are exported in,
//! turned into the same canonical events as the Defender source.
//!
//! * [`read_evtx`]: `.evtx` files (the `evtx` crate, chunks parsed on 2 threads);
//! * [`read_xml`]: Event Viewer / `wevtutil qe /f:xml` exports and Sysmon for
//!   Linux syslog lines;
//! * [`detect_json`] + [`read_json_record`] (or [`read_json_array`],
//!   [`read_json_lines`]): evtx_dump JSON, Winlogbeat / Elastic Agent (raw
//!   `winlog.event_data` and the sysmon module's ECS fields), and the three
//!   OTRF/Mordor shapes (Winlogbeat 6 `event_data`, flat NXLog, newer flat).
//!
//! Sources with Sysmon's own field names share one mapping ([`map::to_event`]);
//! ECS has its own ([`ecs`]). The field-by-field mapping is in
//! `docs/sources-sysmon.md`.
//!
//! Only the Sysmon channel's events 1 and 3 become events; every other record is
//! reported to [`EventSink::other`](crate::source::EventSink::other).

pub mod ecs;
pub mod evtx;
pub mod json;
pub mod map;
pub mod xml;

pub use self::evtx::read_evtx;
pub use json::{JsonFlavor, detect_json, read_json_array, read_json_lines, read_json_record};
pub use xml::read_xml;

use crate::event::{Event, ProcessEvent, Text};

/// A copy of an event that owns its strings (the EVTX reader maps records on
/// worker threads and hands the events over).
pub fn owned_event(e: Event<'_>) -> Event<'static> {
    fn owned(t: Text<'_>) -> Text<'static> {
        Text::Owned(t.into_owned())
    }
    match e {
        Event::Network(n) => Event::Network(n.into_owned()),
        Event::Process(p) => Event::Process(ProcessEvent {
            timestamp: p.timestamp,
            device_id: owned(p.device_id),
            device_name: owned(p.device_name),
            action_type: owned(p.action_type),
            process: p.process.into_owned(),
            parent: p.parent.into_owned(),
            signer_type: owned(p.signer_type),
            signature_status: owned(p.signature_status),
            report_id: owned(p.report_id),
        }),
    }
}

/// How a field's value appears in a raw Sysmon-family record, for the rule
/// prefilter: the process name inside `Image` (a path) and the computer name as
/// they are; everything else is derived (the action from `Initiated`), split
/// (`DOMAIN\user`), numeric, or may be HTML-escaped (OTRF), so it need not appear.
pub fn literal(field: crate::event::field::Field, value: &str) -> Option<String> {
    use crate::event::field::Field;
    match field {
        Field::ProcessName | Field::DeviceName => Some(value.to_string()),
        _ => None,
    }
}

//! Sysmon events as JSON, in every shape found in real exports. The shape
//! ([`JsonFlavor`]) is told from the keys of a record, never from a file name:
//!
//! | flavor | keys | example |
//! |---|---|---|
//! | `EvtxJson` | `Event.System`, `Event.EventData` | `evtx_dump -o json`, SigmaHQ regression data |
//! | `Winlogbeat` | `winlog.event_data.*`, `winlog.event_id`, `winlog.channel` | Winlogbeat 7+/Elastic Agent without the sysmon module |
//! | `Ecs` | `winlog.*` plus `process.*`, `source.*`, `destination.*` | Winlogbeat's sysmon module |
//! | `Winlogbeat6` | `event_data.*`, `event_id`, `log_name`, `computer_name` | OTRF/Mordor 2019 |
//! | `Flat` | `EventID`, `Channel`, `Hostname`/`Computer`, `SourceName`, fields at top level | OTRF/Mordor NXLog 2020, newer OTRF, Sentinel `Event` |
//!
//! `Winlogbeat` and `Ecs` records are told apart once more per record: one whose
//! `winlog.event_data` has Sysmon's own names (`Image`, `UtcTime`) goes through the
//! shared mapping, any other through the ECS one. OTRF values are HTML-escaped by
//! the pipeline that made them (`&lt;unknown process&gt;`): `Flat` and
//! `Winlogbeat6` values are unescaped (five named entities and numeric
//! references).
//!
//! A record with no `ysmon` in its bytes (neither `Sysmon` nor `sysmon`) is not
//! parsed at all: it is reported as other. Every Sysmon record names its channel,
//! provider or module, so this hides no event unless a producer escapes those
//! letters as `\u` sequences.

use std::borrow::Cow;
use std::fmt;
use std::io::BufRead;

use memchr::memmem;
use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::map::{self, Pairs, System, Val};
use super::{ecs, xml};
use crate::event::Event;
use crate::source::{EventSink, Location, RecordError};

/// A JSON shape of Sysmon data (see the module docs).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum JsonFlavor {
    /// `{"Event":{"System":{…},"EventData":{…}}}`: evtx_dump / the `evtx` crate.
    EvtxJson,
    /// Winlogbeat 7+ / Elastic Agent with raw `winlog.event_data.*`.
    Winlogbeat,
    /// Winlogbeat's sysmon module (ECS `process.*`, `source.*`, `destination.*`).
    Ecs,
    /// Winlogbeat 6: `event_data.*`, `event_id`, `log_name`, `computer_name` (OTRF 2019).
    Winlogbeat6,
    /// EventData at the top level with `EventID` and `Channel`/`Hostname`/`Computer`
    /// (OTRF NXLog, newer OTRF, Sentinel `Event` rows).
    Flat,
}

impl JsonFlavor {
    pub fn as_str(self) -> &'static str {
        match self {
            JsonFlavor::EvtxJson => "evtx-json",
            JsonFlavor::Winlogbeat => "winlogbeat",
            JsonFlavor::Ecs => "winlogbeat-ecs",
            JsonFlavor::Winlogbeat6 => "winlogbeat6",
            JsonFlavor::Flat => "flat",
        }
    }
}

// ---- a borrowed JSON tree ----

/// A JSON value whose strings borrow from the input where they can.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum J<'a> {
    #[default]
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Cow<'a, str>),
    Obj(Vec<(Cow<'a, str>, J<'a>)>),
    Arr(Vec<J<'a>>),
}

impl<'a> J<'a> {
    /// Parses with sonic-rs (SIMD), as the Defender JSON source does.
    pub fn parse(bytes: &'a [u8]) -> Result<J<'a>, sonic_rs::Error> {
        sonic_rs::from_slice(bytes)
    }

    fn obj(&self) -> Option<&[(Cow<'a, str>, J<'a>)]> {
        match self {
            J::Obj(v) => Some(v),
            _ => None,
        }
    }

    pub fn has(&self, key: &str) -> bool {
        self.get(&[key]).is_some()
    }

    /// The value at a key path; a dotted key at any level (`"process.pid"`, as
    /// flattened exports write ECS) is found too.
    pub fn get(&self, path: &[&str]) -> Option<&J<'a>> {
        let (first, rest) = path.split_first()?;
        let v = self.obj()?;
        if let Some((_, j)) = v.iter().find(|(k, _)| k == first) {
            if rest.is_empty() {
                return Some(j);
            }
            if let Some(found) = j.get(rest) {
                return Some(found);
            }
        }
        if rest.is_empty() {
            return None;
        }
        let dotted = path.join(".");
        v.iter().find(|(k, _)| *k == dotted).map(|(_, j)| j)
    }

    /// Moves the value at a key path out (leaving null), as [`J::get`] finds it.
    pub fn take(&mut self, path: &[&str]) -> J<'a> {
        let Some((first, rest)) = path.split_first() else {
            return J::Null;
        };
        let J::Obj(v) = self else {
            return J::Null;
        };
        if let Some(i) = v.iter().position(|(k, _)| k == first) {
            if rest.is_empty() {
                return std::mem::take(&mut v[i].1);
            }
            let found = v[i].1.take(rest);
            if found != J::Null {
                return found;
            }
        }
        if rest.is_empty() {
            return J::Null;
        }
        let dotted = path.join(".");
        v.iter_mut()
            .find(|(k, _)| *k == dotted)
            .map_or(J::Null, |(_, j)| std::mem::take(j))
    }

    /// Text of a scalar (`None` for objects, arrays and null).
    pub fn as_text(&self) -> Option<Cow<'_, str>> {
        match self {
            J::Str(s) => Some(Cow::Borrowed(s)),
            J::Int(i) => Some(Cow::Owned(i.to_string())),
            J::Float(f) => Some(Cow::Owned(f.to_string())),
            J::Bool(b) => Some(Cow::Borrowed(if *b { "true" } else { "false" })),
            _ => None,
        }
    }

    /// evtx_dump writes an element with attributes as `{"#attributes":…,"#text":v}`.
    fn text_node(self) -> J<'a> {
        match self {
            J::Obj(mut v) => match v.iter().position(|(k, _)| k == "#text") {
                Some(i) => v.swap_remove(i).1,
                None => J::Null,
            },
            other => other,
        }
    }

    /// The value for the mapping; objects and arrays are no value.
    pub fn into_val(self) -> Val<'a> {
        match self.text_node() {
            J::Str(s) => Val::Str(s),
            J::Int(i) => Val::Int(i),
            J::Float(f) => Val::Float(f),
            J::Bool(b) => Val::Bool(b),
            _ => Val::Null,
        }
    }

    /// The value as text ("" when absent).
    pub fn into_text(self) -> Cow<'a, str> {
        map::text(self.into_val())
    }
}

use crate::source::json_key::Key;

impl<'de> Deserialize<'de> for J<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = J<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_bool<E>(self, v: bool) -> Result<J<'de>, E> {
                Ok(J::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<J<'de>, E> {
                Ok(J::Int(v))
            }
            fn visit_u64<E>(self, v: u64) -> Result<J<'de>, E> {
                Ok(i64::try_from(v).map_or(J::Float(v as f64), J::Int))
            }
            fn visit_f64<E>(self, v: f64) -> Result<J<'de>, E> {
                Ok(J::Float(v))
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<J<'de>, E> {
                Ok(J::Str(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<J<'de>, E> {
                Ok(J::Str(Cow::Owned(v.to_string())))
            }
            fn visit_string<E>(self, v: String) -> Result<J<'de>, E> {
                Ok(J::Str(Cow::Owned(v)))
            }
            fn visit_unit<E>(self) -> Result<J<'de>, E> {
                Ok(J::Null)
            }
            fn visit_none<E>(self) -> Result<J<'de>, E> {
                Ok(J::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<J<'de>, D::Error> {
                J::deserialize(d)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<J<'de>, A::Error> {
                let mut v = Vec::new();
                while let Some(j) = seq.next_element()? {
                    v.push(j);
                }
                Ok(J::Arr(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<J<'de>, A::Error> {
                let mut v = Vec::new();
                while let Some(Key(k)) = map.next_key()? {
                    // The rendered message text: large, escaped, never read.
                    if k == "Message" || k == "message" {
                        map.next_value::<IgnoredAny>()?;
                        continue;
                    }
                    v.push((k, map.next_value()?));
                }
                Ok(J::Obj(v))
            }
        }
        d.deserialize_any(V)
    }
}

// ---- flavor detection ----

/// The flavor of a record, from its keys (`None` when it is no shape this source
/// reads). A JSON array is judged by its first object.
pub fn detect_json(first_record: &[u8]) -> Option<JsonFlavor> {
    let j = J::parse(first_record).ok()?;
    let j = match j {
        J::Arr(items) => items.into_iter().find(|i| matches!(i, J::Obj(_)))?,
        j => j,
    };
    flavor_of(&j)
}

fn flavor_of(j: &J<'_>) -> Option<JsonFlavor> {
    let keys = j.obj()?;
    let has = |k: &str| keys.iter().any(|(n, _)| n == k);
    let has_prefix = |p: &str| keys.iter().any(|(n, _)| n.starts_with(p));
    if j.get(&["Event", "System"]).is_some() {
        Some(JsonFlavor::EvtxJson)
    } else if has("winlog") || has_prefix("winlog.") {
        let ecs = ["process", "source", "destination"]
            .iter()
            .any(|k| has(k) || has_prefix(&format!("{k}.")))
            || j.get(&["event", "module"]).and_then(J::as_text).as_deref() == Some("sysmon");
        Some(if ecs {
            JsonFlavor::Ecs
        } else {
            JsonFlavor::Winlogbeat
        })
    } else if has("event_data")
        || (has("event_id") && (has("log_name") || has("computer_name") || has("source_name")))
    {
        Some(JsonFlavor::Winlogbeat6)
    } else if has("EventID")
        && [
            "Channel",
            "Hostname",
            "Computer",
            "SourceName",
            "ProviderName",
            "Provider",
        ]
        .iter()
        .any(|k| has(k))
    {
        Some(JsonFlavor::Flat)
    } else {
        None
    }
}

// ---- records ----

/// Reads one JSON record (a line of NDJSON, an element of an array, or a whole
/// one-record document) of the given flavor.
pub fn read_json_record(
    record: &[u8],
    flavor: JsonFlavor,
    loc: Location,
    sink: &mut dyn EventSink,
) {
    // A `\u` escape could spell `Sysmon` in any record: parse those.
    if memmem::find(record, b"ysmon").is_none() && memmem::find(record, b"\\u").is_none() {
        return sink.other(loc);
    }
    let root = match J::parse(record) {
        Ok(j @ J::Obj(_)) => j,
        Ok(_) => {
            return sink.skip(
                invalid_json("a JSON value that is not an object".into()),
                loc,
            );
        }
        Err(e) => return sink.skip(invalid_json(e.to_string()), loc),
    };
    match to_event(root, flavor) {
        Ok(Some(e)) => sink.event(e, loc),
        Ok(None) => sink.other(loc),
        Err(e) => sink.skip(e, loc),
    }
}

fn invalid_json(detail: String) -> RecordError {
    RecordError {
        field: "-",
        reason: "invalid JSON",
        detail,
    }
}

/// Maps one parsed record: `Ok(None)` when it is not a Sysmon event 1 or 3.
pub fn to_event(mut root: J<'_>, flavor: JsonFlavor) -> Result<Option<Event<'_>>, RecordError> {
    match flavor {
        JsonFlavor::EvtxJson => evtx_json(root),
        JsonFlavor::Winlogbeat | JsonFlavor::Ecs => winlogbeat(root),
        JsonFlavor::Winlogbeat6 => {
            let head = Head {
                event_id: root.take(&["event_id"]),
                channel: root.take(&["log_name"]),
                provider: root.take(&["source_name"]),
            };
            let Some(event_id) = head.wanted()? else {
                return Ok(None);
            };
            let system = System {
                event_id,
                computer: root.take(&["computer_name"]).into_text(),
                record_id: root.take(&["record_number"]).into_text(),
                time_created: root.take(&["@timestamp"]).into_text(),
            };
            map::to_event(system, &mut pairs(root.take(&["event_data"]), true))
        }
        JsonFlavor::Flat => flat(root),
    }
}

/// The values that decide whether a record is read.
struct Head<'a> {
    event_id: J<'a>,
    channel: J<'a>,
    provider: J<'a>,
}

impl Head<'_> {
    /// The event ID when the record is Sysmon's event 1 or 3.
    fn wanted(&self) -> Result<Option<u32>, RecordError> {
        let channel = self.channel.as_text().unwrap_or_default();
        let provider = match &self.provider {
            // evtx_dump: `"Provider":{"#attributes":{"Name":…}}`.
            p @ J::Obj(_) => p
                .get(&["#attributes", "Name"])
                .and_then(J::as_text)
                .unwrap_or_default(),
            p => p.as_text().unwrap_or_default(),
        };
        if !map::is_sysmon(&channel, &provider) {
            return Ok(None);
        }
        let id = match &self.event_id {
            J::Obj(_) => self.event_id.clone().text_node(),
            j => j.clone(),
        };
        let id = match id {
            J::Int(i) => u32::try_from(i).ok(),
            J::Str(s) => s.trim().parse::<u32>().ok(),
            J::Null => return Ok(None),
            _ => None,
        }
        .ok_or_else(|| {
            map::invalid("EventID", format!("{:?} is not an event ID", self.event_id))
        })?;
        Ok(map::is_wanted(id).then_some(id))
    }
}

/// An `EventData` object as pairs; OTRF values are HTML-unescaped.
fn pairs(data: J<'_>, unescape: bool) -> Pairs<'_> {
    let J::Obj(v) = data else {
        return Pairs::default();
    };
    Pairs(
        v.into_iter()
            .map(|(k, j)| {
                let val = match j.into_val() {
                    Val::Str(s) if unescape => Val::Str(html_unescape(s)),
                    other => other,
                };
                (k, val)
            })
            .collect(),
    )
}

fn evtx_json(mut root: J<'_>) -> Result<Option<Event<'_>>, RecordError> {
    let mut event = root.take(&["Event"]);
    let mut sys = event.take(&["System"]);
    let mut provider = sys.take(&["Provider"]);
    if provider == J::Null {
        provider = sys.take(&["Provider_attributes"]);
        if let J::Obj(_) = provider {
            provider = J::Obj(vec![(Cow::Borrowed("#attributes"), provider)]);
        }
    }
    let head = Head {
        event_id: sys.take(&["EventID"]),
        channel: sys.take(&["Channel"]),
        provider,
    };
    let Some(event_id) = head.wanted()? else {
        return Ok(None);
    };
    let mut time = sys.take(&["TimeCreated", "#attributes", "SystemTime"]);
    if time == J::Null {
        time = sys.take(&["TimeCreated_attributes", "SystemTime"]);
    }
    let system = System {
        event_id,
        computer: sys.take(&["Computer"]).into_text(),
        record_id: sys.take(&["EventRecordID"]).into_text(),
        time_created: time.into_text(),
    };
    map::to_event(system, &mut pairs(event.take(&["EventData"]), false))
}

fn winlogbeat(mut root: J<'_>) -> Result<Option<Event<'_>>, RecordError> {
    let mut event_id = root.take(&["winlog", "event_id"]);
    if event_id == J::Null {
        event_id = root.get(&["event", "code"]).cloned().unwrap_or_default();
    }
    let mut provider = root.take(&["winlog", "provider_name"]);
    if provider == J::Null {
        provider = root
            .get(&["event", "provider"])
            .cloned()
            .unwrap_or_default();
    }
    let module_is_sysmon = root
        .get(&["event", "module"])
        .and_then(J::as_text)
        .as_deref()
        == Some("sysmon");
    if module_is_sysmon && provider == J::Null {
        provider = J::Str(Cow::Borrowed("Microsoft-Windows-Sysmon"));
    }
    let head = Head {
        event_id,
        channel: root.take(&["winlog", "channel"]),
        provider,
    };
    let Some(event_id) = head.wanted()? else {
        return Ok(None);
    };
    let raw = root
        .get(&["winlog", "event_data"])
        .is_some_and(|d| d.has("Image") || d.has("UtcTime"));
    if !raw {
        return ecs::to_event(root, event_id);
    }
    let mut computer = root.take(&["winlog", "computer_name"]);
    if computer == J::Null {
        computer = root.take(&["host", "name"]);
    }
    let system = System {
        event_id,
        computer: computer.into_text(),
        record_id: root.take(&["winlog", "record_id"]).into_text(),
        time_created: root.take(&["@timestamp"]).into_text(),
    };
    map::to_event(
        system,
        &mut pairs(root.take(&["winlog", "event_data"]), false),
    )
}

fn flat(mut root: J<'_>) -> Result<Option<Event<'_>>, RecordError> {
    let head = Head {
        event_id: root.take(&["EventID"]),
        channel: root.take(&["Channel"]),
        provider: take_any(&mut root, &["SourceName", "ProviderName", "Provider"]),
    };
    let Some(event_id) = head.wanted()? else {
        return Ok(None);
    };
    let computer = take_any(&mut root, &["Hostname", "Computer"]).into_text();
    let record_id = take_any(&mut root, &["RecordNumber", "EventRecordID"]).into_text();
    // `TimeCreated` is local time in some OTRF files: only a zoned one will do.
    let mut time = take_any(&mut root, &["@timestamp", "TimeGenerated"]);
    if time == J::Null {
        time = match root.take(&["TimeCreated"]) {
            J::Str(s) if s.ends_with('Z') => J::Str(s),
            _ => J::Null,
        };
    }
    let system = System {
        event_id,
        computer: map::text(Val::Str(html_unescape(computer))),
        record_id,
        time_created: time.into_text(),
    };
    // Sentinel's `Event` table: EventData as its XML text, not flattened.
    let event_data = root.take(&["EventData"]);
    let mut data = pairs(root, true);
    if let J::Str(x) = event_data
        && !data.0.iter().any(|(k, _)| k == "Image")
    {
        let wrapped = format!(
            "<Event><EventData>{}</EventData></Event>",
            strip_event_data(&x)
        );
        if let Ok(xml::Parsed::Sysmon(_, d)) = xml::parse_event_data(&wrapped) {
            data.0.extend(d.0.into_iter().map(|(k, v)| {
                let v = map::text(v).into_owned();
                (Cow::Owned(k.into_owned()), Val::Str(Cow::Owned(v)))
            }));
        }
    }
    map::to_event(system, &mut data)
}

/// The first of `keys` that has a value, moved out.
fn take_any<'a>(root: &mut J<'a>, keys: &[&str]) -> J<'a> {
    keys.iter()
        .map(|k| root.take(&[k]))
        .find(|j| *j != J::Null)
        .unwrap_or_default()
}

/// `<EventData>…</EventData>` → its content.
fn strip_event_data(x: &str) -> &str {
    let x = x.trim();
    let x = x.strip_prefix("<EventData>").unwrap_or(x);
    x.strip_suffix("</EventData>").unwrap_or(x)
}

/// Undoes the HTML escaping of OTRF pipelines: `&lt; &gt; &amp; &quot; &apos;` and
/// numeric references; anything else is kept as written.
pub fn html_unescape(s: Cow<'_, str>) -> Cow<'_, str> {
    if !s.contains('&') {
        return s;
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = &s[..];
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.as_bytes()[..rest.len().min(12)]
            .iter()
            .position(|b| *b == b';');
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "lt" => Some('<'),
                "gt" => Some('>'),
                "amp" => Some('&'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => {
                    let num = name.strip_prefix('#')?;
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse::<u32>().ok()?,
                    };
                    char::from_u32(code).filter(|c| *c != '\0')
                }
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

// ---- whole inputs ----

/// Reads newline-delimited JSON. The flavor is detected from the first record
/// that has one; records before it are other. [`Location`]: 1-based line, record 0.
pub fn read_json_lines(reader: &mut dyn BufRead, sink: &mut dyn EventSink) -> Result<(), String> {
    let mut flavor = None;
    let mut line = Vec::new();
    let mut n = 0u64;
    loop {
        line.clear();
        let got = reader
            .read_until(b'\n', &mut line)
            .map_err(|e| format!("read error: {e}"))?;
        if got == 0 {
            return Ok(());
        }
        n += 1;
        let text = line.trim_ascii();
        let text = text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(text);
        if text.is_empty() {
            continue;
        }
        record(
            text,
            &mut flavor,
            Location {
                line: n,
                record: 0,
                chunk: None,
            },
            sink,
        );
    }
}

fn record(bytes: &[u8], flavor: &mut Option<JsonFlavor>, at: Location, sink: &mut dyn EventSink) {
    if flavor.is_none() {
        *flavor = detect_json(bytes);
    }
    match *flavor {
        Some(f) => read_json_record(bytes, f, at, sink),
        None if J::parse(bytes).is_err() => sink.skip(invalid_json("not JSON".into()), at),
        None => sink.other(at),
    }
}

/// Streams a top-level JSON array, one element at a time (the whole array is
/// never held). The flavor is detected from the first element that has one.
/// [`Location`]: line 0, record = the element's 1-based index. `Err` when the
/// input is not a JSON array.
pub fn read_json_array(reader: &mut dyn BufRead, sink: &mut dyn EventSink) -> Result<(), String> {
    let mut flavor = None;
    let mut element = Vec::new();
    let mut index = 0u64;
    // Depth 1 is inside the array.
    let (mut depth, mut in_str, mut escaped, mut started, mut done) =
        (0usize, false, false, false, false);
    let mut first = true;
    loop {
        let buf = reader.fill_buf().map_err(|e| format!("read error: {e}"))?;
        if buf.is_empty() {
            break;
        }
        let mut bytes = buf;
        if first {
            bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            first = false;
        }
        let len = buf.len();
        for &b in bytes {
            if done {
                break;
            }
            if !started {
                match b {
                    b'[' => {
                        started = true;
                        depth = 1;
                    }
                    b' ' | b'\t' | b'\r' | b'\n' => {}
                    _ => return Err("not a JSON array".into()),
                }
                continue;
            }
            if in_str {
                element.push(b);
                if escaped {
                    escaped = false;
                } else if b == b'\\' {
                    escaped = true;
                } else if b == b'"' {
                    in_str = false;
                }
                continue;
            }
            match b {
                b'"' => {
                    in_str = true;
                    element.push(b);
                }
                b'{' | b'[' => {
                    depth += 1;
                    element.push(b);
                }
                b'}' | b']' => {
                    depth -= 1;
                    if depth == 0 {
                        // The array's own `]`.
                        emit(&mut element, &mut index, &mut flavor, sink);
                        done = true;
                    } else {
                        element.push(b);
                        if depth == 1 {
                            emit(&mut element, &mut index, &mut flavor, sink);
                        }
                    }
                }
                b',' if depth == 1 => emit(&mut element, &mut index, &mut flavor, sink),
                b' ' | b'\t' | b'\r' | b'\n' if depth == 1 => {}
                _ => element.push(b),
            }
        }
        reader.consume(len);
        if done {
            break;
        }
    }
    if !started {
        return Err("not a JSON array (empty input)".into());
    }
    if !done {
        index += 1;
        let at = Location {
            line: 0,
            record: index,
            chunk: None,
        };
        sink.skip(invalid_json("the array ends before its `]`".into()), at);
    }
    Ok(())
}

fn emit(
    element: &mut Vec<u8>,
    index: &mut u64,
    flavor: &mut Option<JsonFlavor>,
    sink: &mut dyn EventSink,
) {
    if element.is_empty() {
        return;
    }
    *index += 1;
    record(
        element,
        flavor,
        Location {
            line: 0,
            record: *index,
            chunk: None,
        },
        sink,
    );
    element.clear();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::Action;
    use crate::source::sysmon::xml::tests::{Collect, network};

    const EVTX_JSON: &str = r##"{"Event":{"#attributes":{"xmlns":"http://schemas.microsoft.com/win/2004/08/events/event"},"System":{"Provider":{"#attributes":{"Name":"Microsoft-Windows-Sysmon","Guid":"5770385F-C22A-43E0-BF4C-06F5698FFBD9"}},"EventID":3,"Version":5,"TimeCreated":{"#attributes":{"SystemTime":"2026-06-08T06:30:53.660539Z"}},"EventRecordID":783020,"Channel":"Microsoft-Windows-Sysmon/Operational","Computer":"srv-01.midgardnet.tech"},"EventData":{"RuleName":"-","UtcTime":"2026-06-08 06:30:51.145","ProcessGuid":"14207D89-619B-6A26-3002-000000004902","ProcessId":3328,"Image":"C:\\Program Files\\nodejs\\node.exe","User":"MIDGARDNET\\SwachchhandaP","Protocol":"tcp","Initiated":true,"SourceIsIpv6":false,"SourceIp":"172.31.11.25","SourceHostname":"srv-01.midgardnet.tech","SourcePort":49899,"SourcePortName":"-","DestinationIsIpv6":false,"DestinationIp":"169.254.169.254","DestinationHostname":"instance-data.eu-north-1.compute.internal","DestinationPort":80,"DestinationPortName":"http"}}}"##;

    const NXLOG: &str = r#"{"SourcePortName":"-","EventReceivedTime":"2020-09-21 18:59:10","EventID":3,"Channel":"Microsoft-Windows-Sysmon/Operational","ProcessGuid":"{b34bc01c-2f95-5f69-5f01-000000000900}","EventTime":"2020-09-21 18:59:09","Protocol":"tcp","SourcePort":"50385","DestinationPort":"135","User":"THESHIRE\\pgustavo","SourceName":"Microsoft-Windows-Sysmon","Message":"Network connection detected:\r\nRuleName: -","SourceHostname":"-","DestinationIp":"172.18.38.5","SourceIp":"172.18.39.5","@timestamp":"2020-09-21T22:59:14.906Z","RecordNumber":3219543,"Initiated":"true","Image":"&lt;unknown process&gt;","UtcTime":"2020-09-21 22:59:08.411","Hostname":"WORKSTATION5.theshire.local","DestinationHostname":"-"}"#;

    const WLB6: &str = r#"{"@timestamp":"2019-03-19T17:14:01.368Z","log_name":"Microsoft-Windows-Sysmon/Operational","event_data":{"DestinationPort":"443","SourceIp":"172.18.39.105","Image":"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe","SourceHostname":"IT001.shire.com","DestinationIp":"10.0.10.106","Initiated":"true","ProcessId":"4312","Protocol":"tcp","SourcePort":"55680","User":"SHIRE\\pgustavo","ProcessGuid":"{aa6b4a20-1a98-5c91-0000-00105b0f0205}","UtcTime":"2019-03-19 17:14:00.332"},"record_number":"3325134","computer_name":"IT001.shire.com","event_id":3,"source_name":"Microsoft-Windows-Sysmon"}"#;

    const WINLOGBEAT_RAW: &str = r#"{"@timestamp":"2019-03-18T16:57:47.847Z","winlog":{"channel":"Microsoft-Windows-Sysmon/Operational","computer_name":"vagrant-2012-r2","event_id":"3","provider_name":"Microsoft-Windows-Sysmon","record_id":8,"event_data":{"UtcTime":"2019-03-18 16:57:38.105","ProcessGuid":"{42f11c3b-0bad-5c8c-0000-0010dfbc0000}","ProcessId":"924","Image":"C:\\Windows\\System32\\svchost.exe","User":"NT AUTHORITY\\NETWORK SERVICE","Protocol":"udp","Initiated":"false","SourceIp":"10.0.2.15","SourcePort":"53","DestinationIp":"10.0.2.3","DestinationPort":"62141"}}}"#;

    fn read_one(json: &str) -> Collect {
        let flavor = detect_json(json.as_bytes()).expect("a flavor");
        let mut c = Collect::default();
        read_json_record(json.as_bytes(), flavor, Location::default(), &mut c);
        c
    }

    #[test]
    fn flavors_are_detected_from_keys() {
        assert_eq!(
            detect_json(EVTX_JSON.as_bytes()),
            Some(JsonFlavor::EvtxJson)
        );
        assert_eq!(detect_json(NXLOG.as_bytes()), Some(JsonFlavor::Flat));
        assert_eq!(detect_json(WLB6.as_bytes()), Some(JsonFlavor::Winlogbeat6));
        assert_eq!(
            detect_json(WINLOGBEAT_RAW.as_bytes()),
            Some(JsonFlavor::Winlogbeat)
        );
        assert_eq!(
            detect_json(br#"{"winlog":{},"process":{"pid":1}}"#),
            Some(JsonFlavor::Ecs)
        );
        assert_eq!(
            detect_json(br#"[{"EventID":1,"Computer":"x"}]"#),
            Some(JsonFlavor::Flat)
        );
        assert_eq!(
            detect_json(br#"{"Timestamp":"2024-01-01T00:00:00Z","RemotePort":443}"#),
            None
        );
        assert_eq!(detect_json(b"not json"), None);
    }

    #[test]
    fn evtx_json_numbers_and_booleans() {
        let c = read_one(EVTX_JSON);
        assert_eq!(c.events.len(), 1, "{c:?}");
        let e = network(&c, 0);
        assert_eq!(e.action, Action::ConnectionSuccess);
        assert_eq!(
            (e.remote_ip.as_ref(), e.remote_port),
            ("169.254.169.254", Some(80))
        );
        assert_eq!(e.remote_url, "instance-data.eu-north-1.compute.internal");
        assert_eq!(
            (e.process.file_name.as_ref(), e.process.pid),
            ("node.exe", Some(3328))
        );
        assert_eq!(
            (e.device_name.as_ref(), e.report_id.as_ref()),
            ("srv-01.midgardnet.tech", "783020")
        );
    }

    #[test]
    fn otrf_flat_is_unescaped_and_ports_are_strings() {
        let c = read_one(NXLOG);
        let e = network(&c, 0);
        assert_eq!(e.process.file_name, "<unknown process>");
        assert_eq!(e.remote_port, Some(135));
        assert_eq!(e.process.pid, None, "NXLog EID 3 lines have no ProcessId");
        assert_eq!(e.report_id, "3219543");
        assert_eq!(e.device_name, "WORKSTATION5.theshire.local");
        assert_eq!(
            e.timestamp,
            crate::event::Timestamp::parse("2020-09-21 22:59:08.411").unwrap()
        );
    }

    #[test]
    fn winlogbeat6_and_raw_winlogbeat() {
        let e = read_one(WLB6);
        let e = network(&e, 0);
        assert_eq!(
            (e.remote_ip.as_ref(), e.remote_port, e.process.pid),
            ("10.0.10.106", Some(443), Some(4312))
        );
        assert_eq!(
            (e.device_name.as_ref(), e.report_id.as_ref()),
            ("IT001.shire.com", "3325134")
        );
        let c = read_one(WINLOGBEAT_RAW);
        let e = network(&c, 0);
        assert_eq!(e.action, Action::InboundConnectionAccepted);
        assert_eq!(
            (e.remote_ip.as_ref(), e.remote_port),
            ("10.0.2.15", Some(53))
        );
        assert_eq!(
            (e.local_ip.as_ref(), e.local_port),
            ("10.0.2.3", Some(62141))
        );
        assert_eq!(e.report_id, "8");
    }

    #[test]
    fn non_sysmon_and_broken_records() {
        let mut c = Collect::default();
        let at = Location::default();
        read_json_record(
            br#"{"EventID":4624,"Channel":"Security"}"#,
            JsonFlavor::Flat,
            at,
            &mut c,
        );
        read_json_record(
            br#"{"EventID":7,"Channel":"Microsoft-Windows-Sysmon/Operational"}"#,
            JsonFlavor::Flat,
            at,
            &mut c,
        );
        read_json_record(
            br#"{"EventID":3,"Channel":"Microsoft-Windows-Sysmon/Operational""#,
            JsonFlavor::Flat,
            at,
            &mut c,
        );
        read_json_record(
            NXLOG.replace("\"135\"", "\"135000\"").as_bytes(),
            JsonFlavor::Flat,
            at,
            &mut c,
        );
        assert_eq!(c.others.len(), 2);
        let skips: Vec<_> = c.skips.iter().map(|(e, _)| (e.field, e.reason)).collect();
        assert_eq!(
            skips,
            vec![("-", "invalid JSON"), ("DestinationPort", "invalid value")]
        );
    }

    #[test]
    fn sentinel_event_data_as_xml_text() {
        let rec = r#"{"EventID":3,"Computer":"WS6","Channel":"Microsoft-Windows-Sysmon/Operational","Provider":"Microsoft-Windows-Sysmon","TimeGenerated":"2022-09-22T12:31:33.39Z","EventData":"<EventData><Data Name=\"UtcTime\">2022-09-22 12:31:33.390</Data><Data Name=\"Image\">C:\\Windows\\System32\\cmd.exe</Data><Data Name=\"Initiated\">true</Data><Data Name=\"DestinationIp\">8.8.8.8</Data><Data Name=\"DestinationPort\">53</Data></EventData>"}"#;
        let c = read_one(rec);
        let e = network(&c, 0);
        assert_eq!(
            (e.process.file_name.as_ref(), e.remote_port),
            ("cmd.exe", Some(53))
        );
    }

    #[test]
    fn arrays_and_lines_stream() {
        let doc = format!(
            "\u{feff} [ {EVTX_JSON},\n{EVTX_JSON} , {{\"EventID\":4624,\"Channel\":\"Security\"}} ]  "
        );
        let mut c = Collect::default();
        read_json_array(
            &mut std::io::BufReader::with_capacity(5, doc.as_bytes()),
            &mut c,
        )
        .unwrap();
        assert_eq!(
            (c.events.len(), c.others.len(), c.skips.len()),
            (2, 1, 0),
            "{c:?}"
        );
        assert_eq!(
            c.events[1].1,
            Location {
                line: 0,
                record: 2,
                chunk: None
            }
        );
        assert!(read_json_array(&mut &b"{\"a\":1}"[..], &mut c).is_err());
        let mut c = Collect::default();
        read_json_array(
            &mut &b"[{\"EventID\":3,\"Channel\":\"x\"}, {\"a\":\"]"[..],
            &mut c,
        )
        .unwrap();
        assert_eq!(
            c.skips.len(),
            1,
            "a truncated array reports its last element"
        );

        let lines = format!("{NXLOG}\n\n{{\"EventID\":4624,\"Channel\":\"Security\"}}\r\n{NXLOG}");
        let mut c = Collect::default();
        read_json_lines(&mut lines.as_bytes(), &mut c).unwrap();
        assert_eq!(
            c.events.iter().map(|(_, l)| l.line).collect::<Vec<_>>(),
            vec![1, 4]
        );
        assert_eq!(c.others.len(), 1);
    }

    #[test]
    fn html_unescape_handles_only_known_references() {
        let u = |s: &str| html_unescape(Cow::Owned(s.to_string())).into_owned();
        assert_eq!(u("&lt;unknown process&gt;"), "<unknown process>");
        assert_eq!(
            u("&é€€€€ &x€;"),
            "&é€€€€ &x€;",
            "no panic inside multi-byte text"
        );
        assert_eq!(
            u("a &amp; b &#65;&#x42; &nbsp; & c &"),
            "a & b AB &nbsp; & c &"
        );
        assert!(matches!(
            html_unescape(Cow::Borrowed("plain")),
            Cow::Borrowed(_)
        ));
    }

    proptest::proptest! {
        /// Any bytes: no panic; an array reads the same whatever the reads' sizes.
        #[test]
        fn json_readers_are_total(
            junk in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300),
            capacity in 1usize..64,
        ) {
            let mut c = Collect::default();
            for flavor in [JsonFlavor::EvtxJson, JsonFlavor::Winlogbeat, JsonFlavor::Ecs, JsonFlavor::Winlogbeat6, JsonFlavor::Flat] {
                read_json_record(&junk, flavor, Location::default(), &mut c);
            }
            let _ = detect_json(&junk);
            let mut doc = b"[".to_vec();
            doc.extend_from_slice(EVTX_JSON.as_bytes());
            doc.push(b',');
            doc.extend_from_slice(&junk);
            let count = |cap: usize| {
                let mut c = Collect::default();
                let r = read_json_array(&mut std::io::BufReader::with_capacity(cap, &doc[..]), &mut c);
                (r, c.events.len(), c.others.len(), c.skips.len())
            };
            let whole = count(1 << 20);
            proptest::prop_assert_eq!(count(capacity), whole.clone());
            proptest::prop_assert_eq!(whole.1, 1);
            let _ = read_json_lines(&mut &junk[..], &mut c);
        }
    }
}

//! Windows event XML: Event Viewer and `wevtutil qe /f:xml` exports (a sequence of
//! `<Event xmlns=…>…</Event>`, possibly inside `<Events>`), Sysmon for Linux syslog
//! lines (one `<Event>…</Event>` each, after a syslog prefix), and the XML that the
//! EVTX reader renders for each record.
//!
//! The input is cut into events by their `<Event` and `</Event>` tags, so whatever
//! lies between events (a syslog prefix, `<Events>`, an XML declaration) is ignored
//! and a malformed event costs only itself: reading goes on at the next `<Event`.
//! Each event is then parsed with quick-xml, which resolves only the five predefined
//! entities and character references here; a DTD is never read, so nothing is
//! expanded or fetched. Only the `System` values and the `EventData` fields that the
//! mapping reads are kept.

use std::borrow::Cow;
use std::io::BufRead;

use memchr::memmem;
use quick_xml::events::{BytesRef, Event as XmlEvent};
use quick_xml::reader::Reader;

use super::map::{self, Pairs, System, Val};
use crate::source::{EventSink, Location, RecordError};

/// The `EventData` names the mapping reads; other `Data` elements are skipped.
const DATA_NAMES: &[&str] = &[
    "UtcTime",
    "ProcessGuid",
    "ProcessId",
    "Image",
    "User",
    "Protocol",
    "Initiated",
    "SourceIp",
    "SourceHostname",
    "SourcePort",
    "DestinationIp",
    "DestinationHostname",
    "DestinationPort",
    "CommandLine",
    "OriginalFileName",
    "IntegrityLevel",
    "Hashes",
    "ParentProcessGuid",
    "ParentProcessId",
    "ParentImage",
    "ParentCommandLine",
    "ParentUser",
];

/// An event larger than this is not Sysmon's: it is skipped, and reading resumes
/// at the next `<Event`.
const MAX_EVENT_BYTES: usize = 16 << 20;

/// What one `<Event>` element holds, as far as porthunt is concerned.
#[derive(Debug)]
pub enum Parsed<'a> {
    /// Not a Sysmon event 1 or 3: its `EventData` was not read.
    Other,
    Sysmon(System<'a>, Pairs<'a>),
}

/// What is being collected from the current element's text.
#[derive(Clone, Copy, PartialEq)]
enum Capture {
    None,
    EventId,
    RecordId,
    Channel,
    Computer,
    Data(&'static str),
}

/// Parses one `<Event>…</Event>` element. Stops after `System` when the event is
/// not a Sysmon event 1 or 3. An error names the offending element and the byte
/// offset in `xml`.
pub fn parse_event(xml: &str) -> Result<Parsed<'_>, (RecordError, u64)> {
    parse(xml, true)
}

/// Parses the `EventData` of an event that has no `System` part (Sentinel's
/// `Event` table keeps it as XML text): always `Parsed::Sysmon`, event ID 0.
pub fn parse_event_data(xml: &str) -> Result<Parsed<'_>, (RecordError, u64)> {
    parse(xml, false)
}

fn parse(xml: &str, with_system: bool) -> Result<Parsed<'_>, (RecordError, u64)> {
    let mut reader = Reader::from_str(xml);
    let mut system = System::default();
    let (mut channel, mut provider) = (String::new(), String::new());
    let mut event_id: Option<Cow<'_, str>> = None;
    let mut data = Pairs::default();
    let mut capture = Capture::None;
    let mut value: Option<Cow<'_, str>> = None;
    let (mut in_system, mut in_data, mut system_done) = (false, false, false);
    let xml_error = |reader: &Reader<&[u8]>, e: quick_xml::Error| {
        (
            RecordError {
                field: "-",
                reason: "invalid XML",
                detail: e.to_string(),
            },
            reader.error_position(),
        )
    };
    loop {
        let ev = reader.read_event().map_err(|e| xml_error(&reader, e))?;
        match ev {
            XmlEvent::Start(ref e) | XmlEvent::Empty(ref e) => {
                let empty = matches!(ev, XmlEvent::Empty(_));
                let local = e.local_name();
                let name = local.into_inner();
                match name {
                    "System" if !empty => in_system = true,
                    "EventData" | "UserData" if !empty => in_data = true,
                    "Provider" if in_system => {
                        if let Some(v) = attribute(e, "Name") {
                            provider = v.into_owned();
                        }
                    }
                    "TimeCreated" if in_system => {
                        if let Some(v) = attribute(e, "SystemTime") {
                            system.time_created = Cow::Owned(v.into_owned());
                        }
                    }
                    "EventID" if in_system => capture = Capture::EventId,
                    "EventRecordID" if in_system => capture = Capture::RecordId,
                    "Channel" if in_system => capture = Capture::Channel,
                    "Computer" if in_system => capture = Capture::Computer,
                    "Data" if in_data => {
                        let wanted = attribute(e, "Name")
                            .and_then(|n| DATA_NAMES.iter().find(|d| **d == n).copied());
                        capture = wanted.map_or(Capture::None, Capture::Data);
                    }
                    _ => {}
                }
                if empty && capture != Capture::None {
                    // `<Data Name='User'/>`: an empty value.
                    finish(
                        capture,
                        Cow::Borrowed(""),
                        &mut system,
                        &mut event_id,
                        &mut channel,
                        &mut data,
                    );
                    capture = Capture::None;
                }
            }
            XmlEvent::Text(t) if capture != Capture::None => append(&mut value, t.xml10_content()),
            XmlEvent::CData(t) if capture != Capture::None => append(&mut value, t.xml10_content()),
            XmlEvent::GeneralRef(r) if capture != Capture::None => append(&mut value, resolve(&r)),
            XmlEvent::End(ref e) => {
                let local = e.local_name();
                match local.into_inner() {
                    "System" => {
                        in_system = false;
                        system_done = true;
                    }
                    "EventData" | "UserData" => in_data = false,
                    _ => {}
                }
                if capture != Capture::None {
                    let v = value.take().unwrap_or(Cow::Borrowed(""));
                    finish(
                        capture,
                        v,
                        &mut system,
                        &mut event_id,
                        &mut channel,
                        &mut data,
                    );
                    capture = Capture::None;
                }
                if system_done && !in_system {
                    system_done = false;
                    if !wanted(&mut system, event_id.as_deref(), &channel, &provider)? {
                        return Ok(Parsed::Other);
                    }
                }
            }
            XmlEvent::Eof => break,
            _ => {}
        }
    }
    if !with_system {
        return Ok(Parsed::Sysmon(system, data));
    }
    if !wanted(&mut system, event_id.as_deref(), &channel, &provider)? {
        return Ok(Parsed::Other);
    }
    Ok(Parsed::Sysmon(system, data))
}

/// Whether the event is Sysmon's 1 or 3 (sets `system.event_id`).
fn wanted(
    system: &mut System<'_>,
    event_id: Option<&str>,
    channel: &str,
    provider: &str,
) -> Result<bool, (RecordError, u64)> {
    if !map::is_sysmon(channel, provider) {
        return Ok(false);
    }
    let Some(id) = event_id else {
        return Ok(false);
    };
    let id = id.trim().parse::<u32>().map_err(|_| {
        (
            map::invalid("EventID", format!("`{}` is not an event ID", map::clip(id))),
            0,
        )
    })?;
    system.event_id = id;
    Ok(map::is_wanted(id))
}

fn finish<'a>(
    capture: Capture,
    v: Cow<'a, str>,
    system: &mut System<'a>,
    event_id: &mut Option<Cow<'a, str>>,
    channel: &mut String,
    data: &mut Pairs<'a>,
) {
    match capture {
        Capture::None => {}
        Capture::EventId => *event_id = Some(v),
        Capture::RecordId => system.record_id = trimmed(v),
        Capture::Channel => *channel = v.into_owned(),
        Capture::Computer => system.computer = trimmed(v),
        Capture::Data(name) => data.0.push((Cow::Borrowed(name), Val::Str(v))),
    }
}

/// Pretty-printed XML puts whitespace around element text.
fn trimmed(v: Cow<'_, str>) -> Cow<'_, str> {
    match v {
        Cow::Borrowed(s) => Cow::Borrowed(s.trim()),
        Cow::Owned(s) if s.trim().len() == s.len() => Cow::Owned(s),
        Cow::Owned(s) => Cow::Owned(s.trim().to_string()),
    }
}

fn append<'a>(value: &mut Option<Cow<'a, str>>, piece: Cow<'a, str>) {
    match value {
        None => *value = Some(piece),
        Some(v) => v.to_mut().push_str(&piece),
    }
}

/// A reference: the five predefined entities and character references are
/// resolved; any other entity is kept as written (no DTD is ever read).
fn resolve<'a>(r: &BytesRef<'a>) -> Cow<'a, str> {
    if r.is_char_ref() {
        if let Ok(Some(c)) = r.resolve_char_ref() {
            return Cow::Owned(c.to_string());
        }
    } else {
        let s = match &**r {
            "lt" => "<",
            "gt" => ">",
            "amp" => "&",
            "quot" => "\"",
            "apos" => "'",
            _ => "",
        };
        if !s.is_empty() {
            return Cow::Borrowed(s);
        }
    }
    Cow::Owned(format!("&{};", &**r))
}

/// An attribute's value, unescaped (kept raw if it holds an unknown entity).
fn attribute<'e>(e: &'e quick_xml::events::BytesStart<'_>, name: &str) -> Option<Cow<'e, str>> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().into_inner() == name).then(|| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .unwrap_or_else(|_| a.value.clone())
        })
    })
}

/// Reads an XML export or a Sysmon for Linux syslog file. Each event goes to the
/// sink located at the line its `<Event` starts on; a malformed one is skipped
/// with a [`RecordError`] naming that line. UTF-8 (with or without a byte-order
/// mark) and UTF-16 with a byte-order mark (what `wevtutil qe … > file` writes in
/// Windows PowerShell 5) are read. `Err` only for a read error.
pub fn read_xml(reader: &mut dyn BufRead, sink: &mut dyn EventSink) -> Result<(), String> {
    let head = reader.fill_buf().map_err(|e| format!("read error: {e}"))?;
    let big_endian = match head {
        [0xFF, 0xFE, ..] => false,
        [0xFE, 0xFF, ..] => true,
        _ => return frame(reader, sink),
    };
    reader.consume(2);
    let mut utf8 = std::io::BufReader::with_capacity(
        64 << 10,
        Utf16Reader {
            inner: reader,
            big_endian,
            carry: Vec::new(),
        },
    );
    frame(&mut utf8, sink)
}

fn frame(reader: &mut dyn BufRead, sink: &mut dyn EventSink) -> Result<(), String> {
    let mut framer = Framer::default();
    loop {
        let n = {
            let got = reader.fill_buf().map_err(|e| format!("read error: {e}"))?;
            framer.buf.extend_from_slice(got);
            got.len()
        };
        reader.consume(n);
        framer.drain(n == 0, sink);
        if n == 0 {
            return Ok(());
        }
    }
}

/// Turns UTF-16 into UTF-8 as it is read (unpaired surrogates become U+FFFD).
struct Utf16Reader<'r> {
    inner: &'r mut dyn BufRead,
    big_endian: bool,
    /// An odd byte, or a high surrogate, left from the previous read.
    carry: Vec<u8>,
}

impl std::io::Read for Utf16Reader<'_> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        // Input taken per call: a quarter of `out` (a UTF-16 unit, 2 bytes, is at
        // most 3 UTF-8 bytes), plus at most 3 carried bytes.
        if out.len() < 32 {
            return Err(std::io::Error::other(
                "UTF-16 decoding needs a 32-byte buffer",
            ));
        }
        loop {
            let (taken, eof) = {
                let got = self.inner.fill_buf()?;
                let take = got.len().min(out.len() / 4 * 2);
                self.carry.extend_from_slice(&got[..take]);
                (take, got.is_empty())
            };
            self.inner.consume(taken);
            let bytes = std::mem::take(&mut self.carry);
            let even = bytes.len() / 2 * 2;
            let mut units: Vec<u16> = bytes[..even]
                .chunks_exact(2)
                .map(|p| {
                    if self.big_endian {
                        u16::from_be_bytes([p[0], p[1]])
                    } else {
                        u16::from_le_bytes([p[0], p[1]])
                    }
                })
                .collect();
            let mut keep = bytes[even..].to_vec();
            // A trailing high surrogate waits for its pair.
            if !eof && units.last().is_some_and(|u| (0xD800..0xDC00).contains(u)) {
                keep.splice(0..0, bytes[even - 2..even].iter().copied());
                units.pop();
            }
            self.carry = keep;
            let mut n = 0;
            for c in char::decode_utf16(units) {
                let c = c.unwrap_or(char::REPLACEMENT_CHARACTER);
                n += c.encode_utf8(&mut out[n..]).len();
            }
            if n > 0 || eof {
                return Ok(n);
            }
        }
    }
}

/// Cuts a byte stream into `<Event>…</Event>` elements.
#[derive(Default)]
struct Framer {
    buf: Vec<u8>,
    /// Bytes of `buf` already handled.
    head: usize,
    /// The line `buf[head]` is on (0 until the first byte).
    line: u64,
    /// Where in `buf` an unfinished event starts, and from where to look for its end.
    open: Option<(usize, usize)>,
}

impl Framer {
    /// Handles every complete event in the buffer (all of it at the end of input).
    fn drain(&mut self, eof: bool, sink: &mut dyn EventSink) {
        if self.line == 0 {
            self.line = 1;
            // A UTF-8 byte-order mark.
            if self.buf.starts_with(b"\xEF\xBB\xBF") {
                self.head = 3;
            }
        }
        loop {
            let (start, from) = match self.open {
                Some(open) => open,
                None => match find_start(&self.buf, self.head) {
                    Some(s) => {
                        self.advance_to(s);
                        (s, s + 1)
                    }
                    None => {
                        // Keep a tail that may be the beginning of `<Event`.
                        let keep = self.buf.len().saturating_sub(6).max(self.head);
                        let keep = if eof { self.buf.len() } else { keep };
                        self.advance_to(keep);
                        break;
                    }
                },
            };
            let end = find_end(&self.buf, from);
            // Another `<Event` before this one's end: this one is cut short.
            let next = find_start(&self.buf, from).filter(|n| end.is_none_or(|e| *n < e));
            let at = Location {
                line: self.line,
                record: 0,
                chunk: None,
            };
            match (end, next) {
                (_, Some(next)) => {
                    sink.skip(
                        malformed(
                            "an <Event> without its </Event> (the next <Event> starts first)",
                            self.line,
                        ),
                        at,
                    );
                    self.open = None;
                    self.advance_to(next);
                }
                (Some(end), None) => {
                    self.open = None;
                    handle_event(&self.buf[start..end], self.line, sink);
                    self.advance_to(end);
                }
                (None, None) if eof => {
                    sink.skip(
                        malformed(
                            "an <Event> without its </Event> at the end of the input",
                            self.line,
                        ),
                        at,
                    );
                    self.open = None;
                    self.advance_to(self.buf.len());
                    break;
                }
                (None, None) if self.buf.len() - start > MAX_EVENT_BYTES => {
                    sink.skip(malformed("an <Event> larger than 16 MiB", self.line), at);
                    self.open = None;
                    self.advance_to(self.buf.len());
                }
                (None, None) => {
                    // Look for the end again only in what is read next.
                    self.open = Some((start, self.buf.len().saturating_sub(8).max(start + 1)));
                    break;
                }
            }
        }
        // Drop what is handled once it is at least half the buffer.
        let keep_from = self.open.map_or(self.head, |(s, _)| s);
        if keep_from > 0 && keep_from * 2 >= self.buf.len() {
            self.buf.drain(..keep_from);
            self.head -= keep_from;
            if let Some((s, f)) = self.open.as_mut() {
                *s -= keep_from;
                *f -= keep_from;
            }
        }
    }

    /// Moves the handled mark to `to`, counting lines.
    fn advance_to(&mut self, to: usize) {
        if to > self.head {
            self.line += memchr::memchr_iter(b'\n', &self.buf[self.head..to]).count() as u64;
            self.head = to;
        }
    }
}

/// The next `<Event` start tag at or after `from` (not `<Events>`, `<EventData>`…).
fn find_start(buf: &[u8], mut from: usize) -> Option<usize> {
    while let Some(i) = memmem::find(buf.get(from..)?, b"<Event") {
        let at = from + i;
        match buf.get(at + 6) {
            Some(b' ' | b'\t' | b'\r' | b'\n' | b'>' | b'/') => return Some(at),
            // Not known yet: wait for more input.
            None => return None,
            Some(_) => from = at + 6,
        }
    }
    None
}

/// The end (exclusive) of the first `</Event>` at or after `from`.
fn find_end(buf: &[u8], mut from: usize) -> Option<usize> {
    while let Some(i) = memmem::find(buf.get(from..)?, b"</Event") {
        let mut at = from + i + 7;
        while matches!(buf.get(at), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            at += 1;
        }
        match buf.get(at) {
            Some(b'>') => return Some(at + 1),
            None => return None,
            Some(_) => from = at,
        }
    }
    // A self-closing `<Event/>` has no end tag; it is malformed and found as such
    // by the parser once the next event or the end of input bounds it.
    None
}

fn malformed(what: &str, line: u64) -> RecordError {
    RecordError {
        field: "-",
        reason: "invalid XML",
        detail: format!("line {line}: {what}"),
    }
}

/// Parses and maps one framed event that starts on `line`.
fn handle_event(bytes: &[u8], line: u64, sink: &mut dyn EventSink) {
    let at = Location {
        line,
        record: 0,
        chunk: None,
    };
    let text = String::from_utf8_lossy(bytes);
    match parse_event(&text) {
        Ok(Parsed::Other) => sink.other(at),
        Ok(Parsed::Sysmon(system, mut data)) => match map::to_event(system, &mut data) {
            Ok(Some(e)) => sink.event(e, at),
            Ok(None) => sink.other(at),
            Err(mut e) => {
                e.detail = format!("line {line}: {}", e.detail);
                sink.skip(e, at)
            }
        },
        Err((mut e, offset)) => {
            let upto = (offset as usize).min(text.len());
            let err_line =
                line + memchr::memchr_iter(b'\n', &text.as_bytes()[..upto]).count() as u64;
            e.detail = format!("line {err_line}: {}", e.detail);
            sink.skip(e, at)
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::event::{Action, Event};

    /// Records what a source hands over.
    #[derive(Default, Debug)]
    pub struct Collect {
        pub events: Vec<(Event<'static>, Location)>,
        pub others: Vec<Location>,
        pub skips: Vec<(RecordError, Location)>,
    }

    impl EventSink for Collect {
        fn event(&mut self, event: Event<'_>, at: Location) {
            self.events.push((super::super::owned_event(event), at));
        }
        fn other(&mut self, at: Location) {
            self.others.push(at);
        }
        fn skip(&mut self, error: RecordError, at: Location) {
            self.skips.push((error, at));
        }
    }

    pub const EID3_XML: &str = "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Sysmon' Guid='{5770385F-C22A-43E0-BF4C-06F5698FFBD9}'/><EventID>3</EventID><Version>5</Version><Level>4</Level><Task>3</Task><Opcode>0</Opcode><Keywords>0x8000000000000000</Keywords><TimeCreated SystemTime='2020-12-04T14:47:41.676231300Z'/><EventRecordID>24217</EventRecordID><Correlation/><Execution ProcessID='956' ThreadID='2332'/><Channel>Microsoft-Windows-Sysmon/Operational</Channel><Computer>WIN-40TITGP9BI7</Computer><Security UserID='S-1-5-18'/></System><EventData><Data Name='RuleName'>-</Data><Data Name='UtcTime'>2020-12-03 14:15:47.576</Data><Data Name='ProcessGuid'>{84453EAB-4C07-5FCA-BDC5-500400000000}</Data><Data Name='ProcessId'>920</Data><Data Name='Image'>C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe</Data><Data Name='User'>WIN-40TITGP9BI7\\victim</Data><Data Name='Protocol'>tcp</Data><Data Name='Initiated'>true</Data><Data Name='SourceIsIpv6'>false</Data><Data Name='SourceIp'>192.168.254.47</Data><Data Name='SourceHostname'>WIN-40TITGP9BI7</Data><Data Name='SourcePort'>49704</Data><Data Name='SourcePortName'>-</Data><Data Name='DestinationIsIpv6'>false</Data><Data Name='DestinationIp'>104.21.5.1</Data><Data Name='DestinationHostname'>-</Data><Data Name='DestinationPort'>443</Data><Data Name='DestinationPortName'>https</Data></EventData></Event>";

    fn read(input: &str) -> Collect {
        let mut c = Collect::default();
        read_xml(&mut input.as_bytes(), &mut c).unwrap();
        c
    }

    pub fn network(c: &Collect, i: usize) -> &crate::event::NetworkEvent<'static> {
        match &c.events[i].0 {
            Event::Network(n) => n,
            e => panic!("{e:?}"),
        }
    }

    #[test]
    fn one_event_with_single_quotes() {
        let c = read(EID3_XML);
        assert_eq!(
            (c.events.len(), c.others.len(), c.skips.len()),
            (1, 0, 0),
            "{c:?}"
        );
        let e = network(&c, 0);
        assert_eq!(e.action, Action::ConnectionSuccess);
        assert_eq!(
            (e.remote_ip.as_ref(), e.remote_port),
            ("104.21.5.1", Some(443))
        );
        assert_eq!(e.report_id, "24217");
        assert_eq!(e.device_name, "WIN-40TITGP9BI7");
        assert_eq!(e.process.file_name, "powershell.exe");
        assert_eq!(
            c.events[0].1,
            Location {
                line: 1,
                record: 0,
                chunk: None
            }
        );
    }

    #[test]
    fn double_quotes_wrapper_declaration_and_pretty_printing() {
        let pretty = EID3_XML
            .replace('\'', "\"")
            .replace("><", ">\n  <")
            .replace("<Data Name=\"Image\">C:", "<Data Name=\"Image\">\n C:");
        let doc = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Events>\n{pretty}\n{}\n</Events>\n",
            EID3_XML
        );
        let c = read(&doc);
        assert_eq!((c.events.len(), c.skips.len()), (2, 0), "{c:?}");
        assert_eq!(c.events[0].1.line, 3);
        assert!(c.events[1].1.line > 30);
        let e = network(&c, 0);
        assert_eq!(e.device_name, "WIN-40TITGP9BI7", "element text is trimmed");
        assert_eq!(
            e.process.folder_path,
            "\n C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
            "Data is kept verbatim"
        );
    }

    #[test]
    fn entities_are_resolved_but_only_the_predefined_ones() {
        let xml = EID3_XML.replace(
            "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
            "C:\\a&amp;b\\&#x41;&#66;&lt;x&gt;&unknown;.exe",
        );
        let c = read(&format!(
            "<!DOCTYPE Event [<!ENTITY unknown SYSTEM \"http://example.invalid/x\">]>{xml}"
        ));
        assert_eq!(c.events.len(), 1, "{c:?}");
        assert_eq!(
            network(&c, 0).process.folder_path,
            "C:\\a&b\\AB<x>&unknown;.exe"
        );
    }

    #[test]
    fn syslog_lines_and_linux_sysmon() {
        let linux = "<Event><System><Provider Name=\"Linux-Sysmon\" Guid=\"{ff032593-a8d3-4f13-b0d6-01fc615a0f97}\"/><EventID>3</EventID><Version>5</Version><Level>4</Level><Task>3</Task><Opcode>0</Opcode><Keywords>0x8000000000000000</Keywords><TimeCreated SystemTime=\"2021-10-18T16:32:06.437546000Z\"/><EventRecordID>20</EventRecordID><Correlation/><Execution ProcessID=\"44161\" ThreadID=\"44161\"/><Channel>Linux-Sysmon/Operational</Channel><Computer>ubuntu</Computer><Security UserId=\"0\"/></System><EventData><Data Name=\"RuleName\">-</Data><Data Name=\"UtcTime\">2021-10-18 16:32:06.442</Data><Data Name=\"ProcessGuid\">{ffc63f49-a1b6-616d-e5d0-d7f0a3550000}</Data><Data Name=\"ProcessId\">44159</Data><Data Name=\"Image\">/usr/bin/curl</Data><Data Name=\"User\">root</Data><Data Name=\"Protocol\">tcp</Data><Data Name=\"Initiated\">true</Data><Data Name=\"SourceIsIpv6\">false</Data><Data Name=\"SourceIp\">10.0.0.4</Data><Data Name=\"SourceHostname\">-</Data><Data Name=\"SourcePort\">58306</Data><Data Name=\"SourcePortName\">-</Data><Data Name=\"DestinationIsIpv6\">false</Data><Data Name=\"DestinationIp\">93.184.216.34</Data><Data Name=\"DestinationHostname\">-</Data><Data Name=\"DestinationPort\">80</Data><Data Name=\"DestinationPortName\">-</Data></EventData></Event>";
        let input = format!(
            "<14>Oct 18 16:32:06 ubuntu sysmon: {linux}\nOct 18 16:32:07 ubuntu sshd[1]: Accepted publickey for root\nOct 18 16:32:08 ubuntu sysmon: {linux}\n"
        );
        let c = read(&input);
        assert_eq!((c.events.len(), c.skips.len()), (2, 0), "{c:?}");
        assert_eq!(c.events[1].1.line, 3);
        let e = network(&c, 0);
        assert_eq!(e.process.file_name, "curl");
        assert_eq!(
            (
                e.process.account_domain.as_ref(),
                e.process.account_name.as_ref()
            ),
            ("", "root")
        );
        assert_eq!(
            (e.remote_ip.as_ref(), e.remote_port),
            ("93.184.216.34", Some(80))
        );
    }

    #[test]
    fn malformed_events_are_skipped_and_reading_goes_on() {
        let broken = EID3_XML.replace("</Computer>", "</Computr>");
        let truncated = &EID3_XML[..EID3_XML.len() / 2];
        let bad_port = EID3_XML.replace(">443<", ">99999<");
        let input =
            format!("{broken}\n{truncated}\n{EID3_XML}\n{bad_port}\n{EID3_XML}\n<Event><System>");
        let c = read(&input);
        assert_eq!(c.events.len(), 2, "{c:?}");
        assert_eq!(
            c.events.iter().map(|(_, l)| l.line).collect::<Vec<_>>(),
            vec![3, 5]
        );
        let skips: Vec<_> = c
            .skips
            .iter()
            .map(|(e, l)| (e.field, e.reason, l.line))
            .collect();
        assert_eq!(
            skips,
            vec![
                ("-", "invalid XML", 1),
                ("-", "invalid XML", 2),
                ("DestinationPort", "invalid value", 4),
                ("-", "invalid XML", 6),
            ]
        );
        assert!(
            c.skips[0].0.detail.starts_with("line 1: "),
            "{:?}",
            c.skips[0]
        );
        assert!(c.skips[1].0.detail.contains("without its </Event>"));
        assert!(c.skips[2].0.detail.starts_with("line 4: "));
    }

    #[test]
    fn other_channels_and_events_are_other() {
        let security = EID3_XML
            .replace("Microsoft-Windows-Sysmon/Operational", "Security")
            .replace(
                "'Microsoft-Windows-Sysmon'",
                "'Microsoft-Windows-Security-Auditing'",
            );
        let eid7 = EID3_XML.replace("<EventID>3</EventID>", "<EventID>7</EventID>");
        let c = read(&format!("{security}{eid7}"));
        assert_eq!((c.events.len(), c.others.len(), c.skips.len()), (0, 2, 0));
    }

    #[test]
    fn utf16_exports_are_read() {
        let doc = format!(
            "<Events>\r\n{EID3_XML}\r\n{}</Events>",
            EID3_XML.replace("victim", "vi\u{1F600}ctim")
        );
        for big_endian in [false, true] {
            let mut bytes = if big_endian {
                vec![0xFE, 0xFF]
            } else {
                vec![0xFF, 0xFE]
            };
            for u in doc.encode_utf16() {
                bytes.extend(if big_endian {
                    u.to_be_bytes()
                } else {
                    u.to_le_bytes()
                });
            }
            // Odd read sizes split code units and surrogate pairs.
            let mut r = std::io::BufReader::with_capacity(3, &bytes[..]);
            let mut c = Collect::default();
            read_xml(&mut r, &mut c).unwrap();
            assert_eq!((c.events.len(), c.skips.len()), (2, 0), "{c:?}");
            assert_eq!(network(&c, 1).process.account_name, "vi\u{1F600}ctim");
            assert_eq!(c.events[1].1.line, 3);
        }
    }

    #[test]
    fn events_split_across_reads_are_found() {
        let input = format!("junk <Events>{EID3_XML}\n{EID3_XML}</Events>");
        // A reader that hands over 7 bytes at a time.
        let mut r = std::io::BufReader::with_capacity(7, input.as_bytes());
        let mut c = Collect::default();
        read_xml(&mut r, &mut c).unwrap();
        assert_eq!((c.events.len(), c.skips.len()), (2, 0), "{c:?}");
        assert_eq!(c.events[1].1.line, 2);
    }

    /// What a read produced, without the events' content.
    fn shape(input: &[u8], capacity: usize) -> Vec<(String, Location)> {
        let mut c = Collect::default();
        read_xml(
            &mut std::io::BufReader::with_capacity(capacity, input),
            &mut c,
        )
        .unwrap();
        let mut out: Vec<(String, Location)> = c
            .events
            .iter()
            .map(|(_, l)| ("event".to_string(), *l))
            .collect();
        out.extend(c.others.iter().map(|l| ("other".to_string(), *l)));
        out.extend(
            c.skips
                .iter()
                .map(|(e, l)| (format!("{} {}", e.reason, e.detail), *l)),
        );
        out.sort_by_key(|(k, l)| (l.line, k.clone()));
        out
    }

    proptest::proptest! {
        /// Any bytes around and inside events: no panic, and the same result
        /// whatever the reads' sizes.
        #[test]
        fn framing_is_total_and_independent_of_read_sizes(
            junk in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300),
            tags in proptest::collection::vec(0usize..6, 0..6),
            cut in 0usize..1600,
            capacity in 1usize..80,
        ) {
            let pieces: [&[u8]; 6] = [b"<Event>", b"</Event>", b"<Event ", b"\n", b"<Events>", EID3_XML.as_bytes()];
            let mut input = EID3_XML.as_bytes()[..cut.min(EID3_XML.len())].to_vec();
            input.extend_from_slice(&junk);
            for t in tags {
                input.extend_from_slice(pieces[t]);
            }
            input.extend_from_slice(EID3_XML.as_bytes());
            let whole = shape(&input, 1 << 20);
            proptest::prop_assert_eq!(&shape(&input, capacity), &whole);
            proptest::prop_assert!(whole.iter().any(|(k, _)| k == "event"), "the last event is always found");
        }
    }
}

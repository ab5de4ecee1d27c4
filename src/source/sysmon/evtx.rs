//! `.evtx` files, read with the `evtx` crate (the parser Chainsaw and Hayabusa use).
//!
//! Chunks are parsed and rendered on 2 threads by the crate's own pipeline. On
//! those threads each record is rendered to JSON (the crate's compiled-template
//! fast path; measured faster here than rendering XML and reading it with
//! quick-xml, see `docs/sources-sysmon.md`); a record whose JSON does not contain
//! `ysmon`, or whose event ID (read from the text) is not 1 or 3, is dropped there
//! and then without being parsed; the others are parsed
//! (the `EvtxJson` flavor of [`json`](super::json)), checked for the Sysmon
//! channel and event IDs 1 and 3, and mapped by the shared mapping, still on the
//! worker. The finished events are handed to the sink in record order (the
//! crate's: from the chunk with the oldest records, as Windows reads a log that
//! has wrapped around).
//!
//! A chunk or a record that cannot be read is reported as a skip
//! (`corrupt EVTX chunk` / `corrupt EVTX record`) and reading goes on with the
//! next one. [`Location`]: `chunk` is the chunk's number in the file and `record`
//! the record's `EventRecordID` (0 when its header is unreadable); `line` is 0.

use std::io::{Cursor, Read, Seek, SeekFrom};

use ::evtx::err::EvtxError;
use ::evtx::{EvtxChunkHeader, EvtxParser, EvtxRecord, ParserSettings};

use memchr::memmem;

use super::json::{self, J, JsonFlavor};
use super::map;
use crate::event::Event;
use crate::source::{EventSink, Location, RecordError};

/// Worker threads for chunk parsing.
pub const THREADS: usize = 2;

const FILE_HEADER: usize = 4096;
const CHUNK: usize = 65536;

/// What a worker made of one record.
enum Outcome {
    Event(Box<Event<'static>>, u64, ChunkKey),
    Other(u64, ChunkKey),
    Skip(RecordError, u64, ChunkKey),
    /// The record could not be read or rendered.
    Corrupt {
        record_id: Option<u64>,
        chunk: Option<u64>,
        key: Option<ChunkKey>,
        detail: String,
    },
}

/// What identifies a chunk from its header, to recover its number in the file
/// (the crate's record API does not give it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct ChunkKey([u64; 4], u32);

impl ChunkKey {
    fn of(h: &EvtxChunkHeader) -> ChunkKey {
        ChunkKey(
            [
                h.first_event_record_number,
                h.last_event_record_number,
                h.first_event_record_id,
                h.last_event_record_id,
            ],
            h.header_chunk_checksum,
        )
    }
}

/// The chunks whose header reads, by number.
struct ChunkIndex(Vec<(u64, ChunkKey)>);

impl ChunkIndex {
    /// Reads every chunk header (512 bytes each), seeking past chunk bodies.
    fn scan<R: Read + Seek>(file: &mut R) -> std::io::Result<ChunkIndex> {
        let len = file.seek(SeekFrom::End(0))? as usize;
        let n = len.saturating_sub(FILE_HEADER) / CHUNK;
        let mut header = [0u8; 512];
        let mut index = Vec::new();
        for i in 0..n {
            file.seek(SeekFrom::Start((FILE_HEADER + i * CHUNK) as u64))?;
            file.read_exact(&mut header)?;
            if let Ok(h) = EvtxChunkHeader::from_bytes(&header) {
                index.push((i as u64, ChunkKey::of(&h)));
            }
        }
        file.seek(SeekFrom::Start(0))?;
        Ok(ChunkIndex(index))
    }

    fn number(&self, key: ChunkKey) -> Option<u64> {
        self.0.iter().find(|(_, k)| *k == key).map(|(n, _)| *n)
    }

    /// The chunk whose record-ID range holds `id`.
    fn of_record(&self, id: u64) -> Option<u64> {
        self.0
            .iter()
            .find(|(_, k)| (k.0[2]..=k.0[3]).contains(&id))
            .map(|(n, _)| *n)
    }
}

/// Reads an EVTX file. `Err` only when it is not EVTX at all; anything unreadable
/// inside is skipped and counted.
pub fn read_evtx(bytes: &[u8], name: &str, sink: &mut dyn EventSink) -> Result<(), String> {
    read_evtx_from(Cursor::new(bytes), name, sink)
}

/// As [`read_evtx`], from a seekable reader (a file): the crate reads one chunk
/// (64 KiB) at a time, so memory does not grow with the file.
pub fn read_evtx_from<R: Read + Seek>(
    mut file: R,
    name: &str,
    sink: &mut dyn EventSink,
) -> Result<(), String> {
    let mut magic = [0u8; 8];
    let is_evtx = file.read_exact(&mut magic).is_ok() && &magic == b"ElfFile\0";
    if !is_evtx {
        return Err(format!(
            "{name}: not an EVTX file (it does not start with the `ElfFile` signature)"
        ));
    }
    let index = ChunkIndex::scan(&mut file).map_err(|e| format!("{name}: {e}"))?;
    let settings = ParserSettings::default().num_threads(THREADS).indent(false);
    let mut parser = EvtxParser::from_read_seek(file)
        .map_err(|e| format!("{name}: not a readable EVTX file: {}", chain(&e)))?
        .with_configuration(settings);
    // The chunk of the last record seen: records arrive in chunk order.
    let mut current: Option<u64> = None;
    for item in parser.serialized_records(|r| Ok(work(r))) {
        let outcome = match item {
            Ok(o) => o,
            Err(e) => {
                let chunk = match &e {
                    EvtxError::FailedToParseChunk { chunk_id, .. } => Some(*chunk_id),
                    _ => None,
                };
                let at = Location {
                    line: 0,
                    record: 0,
                    chunk,
                };
                sink.skip(
                    RecordError {
                        field: "-",
                        reason: "corrupt EVTX chunk",
                        detail: chain(&e),
                    },
                    at,
                );
                continue;
            }
        };
        let mut locate = |key: Option<ChunkKey>, record: u64| {
            let chunk = key.and_then(|k| index.number(k)).or(current);
            current = chunk;
            Location {
                line: 0,
                record,
                chunk,
            }
        };
        match outcome {
            Outcome::Event(e, id, key) => sink.event(*e, locate(Some(key), id)),
            Outcome::Other(id, key) => sink.other(locate(Some(key), id)),
            Outcome::Skip(err, id, key) => sink.skip(err, locate(Some(key), id)),
            Outcome::Corrupt {
                record_id,
                chunk,
                key,
                detail,
            } => {
                let chunk = chunk
                    .or_else(|| key.and_then(|k| index.number(k)))
                    .or_else(|| record_id.and_then(|id| index.of_record(id)))
                    .or(current);
                current = chunk.or(current);
                sink.skip(
                    RecordError {
                        field: "-",
                        reason: "corrupt EVTX record",
                        detail,
                    },
                    Location {
                        line: 0,
                        record: record_id.unwrap_or(0),
                        chunk,
                    },
                );
            }
        }
    }
    Ok(())
}

/// On a worker thread: render one record, keep it only if it is Sysmon 1 or 3,
/// and map it.
fn work(record: ::evtx::err::Result<EvtxRecord<'_>>) -> Outcome {
    let record = match record {
        Ok(r) => r,
        Err(e) => {
            let (record_id, chunk) = where_of(&e);
            return Outcome::Corrupt {
                record_id,
                chunk,
                key: None,
                detail: chain(&e),
            };
        }
    };
    let key = ChunkKey::of(record.chunk.header);
    let id = record.event_record_id;
    let rendered = match record.into_json_bytes() {
        Ok(r) => r,
        Err(e) => {
            return Outcome::Corrupt {
                record_id: Some(id),
                chunk: None,
                key: Some(key),
                detail: chain(&e),
            };
        }
    };
    // Neither `Sysmon` nor `sysmon` (channel, provider): not parsed at all.
    if memmem::find(&rendered.data, b"ysmon").is_none()
        || event_id(&rendered.data).is_some_and(|n| !map::is_wanted(n))
    {
        return Outcome::Other(id, key);
    }
    let root = match J::parse(&rendered.data) {
        Ok(j) => j,
        Err(e) => {
            return Outcome::Corrupt {
                record_id: Some(id),
                chunk: None,
                key: Some(key),
                detail: format!("rendered JSON does not parse: {e}"),
            };
        }
    };
    match json::to_event(root, JsonFlavor::EvtxJson) {
        Ok(Some(e)) => Outcome::Event(Box::new(super::owned_event(e)), id, key),
        Ok(None) => Outcome::Other(id, key),
        Err(e) => Outcome::Skip(e, id, key),
    }
}

/// The event ID of a rendered record, read from its text without parsing it:
/// `System` comes first, so the first `"EventID":` is System's. `None` when it is
/// not a plain number (`{"#attributes":{"Qualifiers":…}…}`): then the record is parsed.
fn event_id(json: &[u8]) -> Option<u32> {
    let at = memmem::find(json, b"\"EventID\":")? + 10;
    let rest = json.get(at..)?;
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    if digits == 0 || digits > 9 || !matches!(rest.get(digits), Some(b',' | b'}' | b' ')) {
        return None;
    }
    std::str::from_utf8(&rest[..digits]).ok()?.parse().ok()
}

/// The record ID and chunk number an error names, where it does.
fn where_of(e: &EvtxError) -> (Option<u64>, Option<u64>) {
    match e {
        EvtxError::FailedToParseRecord { record_id, .. } => (Some(*record_id), None),
        EvtxError::FailedToReadRecordAt { chunk, .. } => (None, *chunk),
        EvtxError::FailedToParseChunk { chunk_id, .. } => (None, Some(*chunk_id)),
        _ => (None, None),
    }
}

/// An error with its causes: `Failed to parse record number 5: Invalid EVTX …`.
fn chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        let c_text = c.to_string();
        if !s.contains(&c_text) {
            s.push_str(": ");
            s.push_str(&c_text);
        }
        cause = c.source();
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::sysmon::xml::tests::Collect;

    #[test]
    fn event_id_is_read_from_the_text() {
        assert_eq!(
            event_id(br#"{"Event":{"System":{"EventID":3,"Version":5}}}"#),
            Some(3)
        );
        assert_eq!(event_id(br#"{"EventID":4624}"#), Some(4624));
        assert_eq!(
            event_id(br##"{"EventID":{"#attributes":{"Qualifiers":16384},"#text":7036}}"##),
            None
        );
        assert_eq!(event_id(br#"{"EventID":"3"}"#), None);
        assert_eq!(event_id(br#"{"Other":1}"#), None);
    }

    #[test]
    fn not_evtx_is_an_error() {
        let mut c = Collect::default();
        let err = read_evtx(b"<Event/>", "x.evtx", &mut c).unwrap_err();
        assert!(err.contains("not an EVTX file"), "{err}");
        assert!(read_evtx(b"", "empty.evtx", &mut c).is_err());
    }

    #[test]
    fn a_header_without_chunks_has_no_records() {
        let mut file = vec![0u8; FILE_HEADER];
        file[..8].copy_from_slice(b"ElfFile\0");
        let mut c = Collect::default();
        // A header that does not validate is still read past, as the crate does.
        let _ = read_evtx(&file, "header-only.evtx", &mut c);
        assert!(c.events.is_empty());
    }

    #[test]
    fn garbage_after_the_header_never_panics() {
        let mut file = vec![0u8; FILE_HEADER + 3 * CHUNK];
        file[..8].copy_from_slice(b"ElfFile\0");
        for (i, b) in file.iter_mut().enumerate().skip(FILE_HEADER) {
            *b = (i * 7919 % 251) as u8;
        }
        file[FILE_HEADER + CHUNK..FILE_HEADER + CHUNK + 8].copy_from_slice(b"ElfChnk\0");
        let mut c = Collect::default();
        let _ = read_evtx(&file, "garbage.evtx", &mut c);
        assert!(c.events.is_empty());
    }
}

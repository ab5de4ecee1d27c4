//! Sources: reading inputs and turning their records into canonical events.
//! A source knows its format and nothing about rules: it hands each record, as an
//! event or as a reason it could not be read, to an [`EventSink`].

pub mod archive;
pub mod defender;
pub mod input;
pub mod json_key;
pub mod prefilter;
pub mod sysmon;

use crate::event::Event;

pub use input::{Format, Input, Origin};

/// Where a record is in its input. Line-based inputs give the line (1-based) and
/// the record's index within it (0 when the line holds one record); documents and
/// binary logs give `line` 0 and the record number (EVTX: the chunk in `chunk`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Location {
    pub line: u64,
    pub record: u64,
    pub chunk: Option<u64>,
}

/// A record that could not become an event, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordError {
    /// The field at fault, as the source names it (`RemotePort`, `UtcTime`), or `-`.
    pub field: &'static str,
    /// A short category used to count skips (`invalid value`, `invalid JSON`).
    pub reason: &'static str,
    pub detail: String,
}

/// Receives what a source reads, record by record.
pub trait EventSink {
    /// A record that became a canonical event.
    fn event(&mut self, event: Event<'_>, at: Location);
    /// A record of no interest to porthunt (another table, event ID or channel):
    /// counted, not an error.
    fn other(&mut self, at: Location);
    /// A record that could not be read: skipped and counted by reason.
    fn skip(&mut self, error: RecordError, at: Location);
}

//! Sinks: where alerts go. A sink knows alerts and their rule's metadata, nothing
//! about where events came from beyond the input's name.

pub mod csv;
pub mod json;
pub mod sanitize;
pub mod table;

use std::io::{self, Write};

use crate::alert::Alert;

/// What a sink needs to know about the rule that raised the alerts.
#[derive(Clone, Debug)]
pub struct AlertMeta {
    pub rule_id: String,
    pub title: String,
    pub techniques: Vec<String>,
    pub severity: String,
    pub confidence: String,
    /// Output column names, in order.
    pub columns: Vec<String>,
    /// Input names, indexed by `Alert::input`.
    pub inputs: Vec<String>,
}

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// Aligned table for people (the default on a terminal).
    Table,
    /// One JSON object per alert per line (the default otherwise).
    Jsonl,
    /// One JSON array of alert objects.
    Json,
    /// CSV with a header row; formula-like cells neutralised.
    Csv,
}

/// Receives alerts one at a time, so the same sinks serve batch and stream runs.
pub trait AlertSink {
    fn alert(&mut self, meta: &AlertMeta, alert: &Alert) -> io::Result<()>;
    /// Called once after the last alert (writes footers, flushes).
    fn finish(&mut self, meta: &AlertMeta) -> io::Result<()>;
}

pub fn make_sink<'w>(
    format: OutputFormat,
    out: Box<dyn Write + 'w>,
    terminal_width: Option<u16>,
) -> Box<dyn AlertSink + 'w> {
    match format {
        OutputFormat::Table => Box::new(table::TableSink::new(out, terminal_width)),
        OutputFormat::Jsonl => Box::new(json::JsonSink::lines(out)),
        OutputFormat::Json => Box::new(json::JsonSink::array(out)),
        OutputFormat::Csv => Box::new(csv::CsvSink::new(out)),
    }
}

/// Writes every alert to a sink and finishes it.
pub fn write_all(sink: &mut dyn AlertSink, meta: &AlertMeta, alerts: &[Alert]) -> io::Result<()> {
    for a in alerts {
        sink.alert(meta, a)?;
    }
    sink.finish(meta)
}

//! `porthunt hunt`: inputs → Defender source → canonical events → rule → alerts.
//!
//! One reader thread opens inputs in order, detects their format and cuts them
//! into chunks of whole records; worker threads parse chunks and evaluate the rule;
//! the bounded channel between them keeps memory flat whatever the input size.
//! Only matching alerts are kept, for the final sort.

use std::collections::HashMap;
use std::io::BufReader;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use crossbeam_channel::{Receiver, Sender, bounded};

use super::report::{Counts, InputFailure, RunReport, SHOWN_SKIPS};
use crate::alert::Alert;
use crate::enrich::process::ProcessTable;
use crate::event::field::Field;
use crate::event::{Event, Timestamp};
use crate::rule::{Rule, prefilter};
use std::io::Read;

use crate::source::Origin;
use crate::source::archive::{self, ArchiveKind};
use crate::source::defender::columns;
use crate::source::defender::columns::{ALWAYS, network_columns_for, table_of, to_event};
use crate::source::defender::csv::Layout;
use crate::source::defender::json::{RowSink, read_value};
use crate::source::defender::{Col, ColSet, Row, Table};
use crate::source::input::{self, Format, Input, Opened};
use crate::source::prefilter::{RecordFilter, Scratch, csv_records};
use crate::source::sysmon::{self, JsonFlavor};
use crate::source::{EventSink, Location, RecordError};

/// What the rule's time window is measured from.
#[derive(Clone, Copy, Debug)]
pub enum Reference {
    /// A fixed instant (`--now`, or the clock).
    At(Timestamp),
    /// The newest network event in the input (`--now newest`).
    Newest,
}

#[derive(Clone, Debug)]
pub struct HuntConfig {
    pub inputs: Vec<Input>,
    pub rule: Rule,
    pub reference: Reference,
    /// Explicit bounds; when either is given they replace the rule's window.
    pub since: Option<Timestamp>,
    pub until: Option<Timestamp>,
    pub strict: bool,
    pub threads: usize,
    /// Parse every record, even those the rule's literals show cannot match.
    pub full_parse: bool,
    /// Most processes kept for the process-context join.
    pub join_capacity: usize,
}

pub struct HuntResult {
    /// Sorted as the rule asks.
    pub alerts: Vec<Alert>,
    pub report: RunReport,
    /// Input names by input number, archive members included.
    pub inputs: Vec<String>,
}

/// Which event times pass: `lower < t` (the rule's `ago()` window) or
/// `since <= t`, and `t < until`.
#[derive(Clone, Copy, Debug)]
struct Window {
    after: Option<Timestamp>,
    since: Option<Timestamp>,
    until: Option<Timestamp>,
}

impl Window {
    fn resolve(cfg: &HuntConfig, now: Timestamp) -> Window {
        let explicit = cfg.since.is_some() || cfg.until.is_some();
        Window {
            after: match (explicit, cfg.rule.window_nanos) {
                (false, Some(w)) => Some(now.saturating_sub_nanos(w)),
                _ => None,
            },
            since: cfg.since,
            until: cfg.until,
        }
    }

    fn admits(&self, t: Timestamp) -> bool {
        self.after.is_none_or(|a| t > a)
            && self.since.is_none_or(|s| t >= s)
            && self.until.is_none_or(|u| t < u)
    }
}

enum Job {
    Chunk {
        input: u32,
        format: Format,
        layout: Option<Arc<Layout>>,
        chunk: input::Chunk,
    },
}

/// The fields the rule reads, with the Defender columns that can supply each.
type Required = Vec<(Field, &'static [Col])>;

struct Shared<'a> {
    cfg: &'a HuntConfig,
    /// Input names, indexed by input number; archive members are added as read.
    names: std::sync::RwLock<Vec<String>>,
    wanted: ColSet,
    required: Required,
    /// `None` until the reference time is known (`--now newest`).
    window: Option<Window>,
    /// Skips records that cannot match, unparsed; `None` when every record must
    /// be parsed (`--strict` validates all, `--now newest` needs every time).
    prefilter: Option<RecordFilter>,
    /// The same for Sysmon-family JSON, whose raw records spell fewer fields.
    prefilter_sysmon: Option<RecordFilter>,
    stop: AtomicBool,
    /// Chunk buffers the workers are done with, for the reader to fill again.
    spare: Receiver<Vec<u8>>,
    give_back: Sender<Vec<u8>>,
}

/// The prefilter for one source, when the run may skip records unparsed.
fn prefilter_for(
    cfg: &HuntConfig,
    literal: &prefilter::Literal,
    json_key: &dyn Fn(Field) -> Option<&'static str>,
) -> Option<RecordFilter> {
    match cfg.reference {
        Reference::At(_) if !cfg.strict && !cfg.full_parse => {
            RecordFilter::new(&prefilter::requirements(&cfg.rule, literal), json_key)
        }
        _ => None,
    }
}

impl Shared<'_> {
    fn name(&self, input: u32) -> String {
        let names = self.names.read().unwrap_or_else(|e| e.into_inner());
        names.get(input as usize).cloned().unwrap_or_default()
    }

    fn add_input(&self, name: String) -> u32 {
        let mut names = self.names.write().unwrap_or_else(|e| e.into_inner());
        names.push(name);
        (names.len() - 1) as u32
    }
}

pub fn hunt(cfg: &HuntConfig) -> HuntResult {
    let started = Instant::now();
    let required: Required = cfg
        .rule
        .fields_used()
        .into_iter()
        .map(|f| (f, network_columns_for(f)))
        .collect();
    let wanted = required
        .iter()
        .map(|(_, cols)| *cols)
        .chain(cfg.rule.sort.then.iter().map(|f| network_columns_for(*f)))
        .fold(ColSet::of(ALWAYS), |s, cols| s.union(ColSet::of(cols)));
    let (spare_tx, spare_rx) = crossbeam_channel::unbounded();
    let shared = Shared {
        cfg,
        names: std::sync::RwLock::new(cfg.inputs.iter().map(|i| i.name.clone()).collect()),
        wanted,
        required,
        window: match cfg.reference {
            Reference::At(now) => Some(Window::resolve(cfg, now)),
            Reference::Newest => None,
        },
        prefilter: prefilter_for(cfg, &columns::literal, &columns::json_key),
        prefilter_sysmon: prefilter_for(cfg, &sysmon::literal, &|_| None),
        stop: AtomicBool::new(false),
        spare: spare_rx,
        give_back: spare_tx,
    };
    let threads = cfg.threads.max(1);
    let (tx, rx) = bounded::<Job>(threads * 2);
    let mut failures = Vec::new();
    let mut bytes = 0;
    let workers: Vec<Worker> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                let rx = rx.clone();
                let shared = &shared;
                std::thread::Builder::new()
                    .name("porthunt-worker".into())
                    .spawn_scoped(s, move || run_worker(shared, rx))
                    .expect("spawn a worker thread")
            })
            .collect();
        drop(rx);
        let documents;
        (failures, bytes, documents) = read_inputs(&shared, tx);
        handles
            .into_iter()
            .map(|h| h.join().expect("worker thread panicked"))
            .chain(std::iter::once(documents))
            .collect()
    });
    finish(cfg, &shared, workers, failures, bytes, started)
}

/// The reader: opens each input and sends its chunks (or the whole document) to
/// the workers. Returns inputs that failed, and the bytes read.
fn read_inputs(shared: &Shared<'_>, tx: Sender<Job>) -> (Vec<InputFailure>, u64, Worker) {
    let mut failures = Vec::new();
    let mut bytes = 0;
    // JSON documents stream through one parser, here on the reader thread.
    let mut documents = Worker::new(shared);
    for (idx, inp) in shared.cfg.inputs.iter().enumerate() {
        if shared.stop.load(Ordering::Relaxed) {
            break;
        }
        match input::open(inp) {
            Ok(opened) => {
                let counter = opened.bytes_in.clone();
                match (&inp.origin, opened.format, opened.gzip) {
                    // A file is read chunk by chunk by the EVTX parser, which seeks.
                    (Origin::Path(path), Format::Evtx, false) => {
                        drop(opened);
                        let read = std::fs::File::open(path)
                            .map_err(|e| e.to_string())
                            .and_then(|f| {
                                let mut rows = Rows::new(shared, &mut documents, idx as u32);
                                sysmon::evtx::read_evtx_from(
                                    std::io::BufReader::new(f),
                                    &inp.name,
                                    &mut rows,
                                )
                            });
                        if let Err(error) = read {
                            failures.push(InputFailure::new(inp.name.clone(), error));
                        }
                        bytes += std::fs::metadata(path).map_or(0, |m| m.len());
                    }
                    (Origin::Path(path), Format::Archive(ArchiveKind::Zip), false) => {
                        drop(opened);
                        let problems = archive::for_each_zip_member_in_file(path, &mut |m, r| {
                            read_member(shared, &tx, &inp.name, m, r, &mut documents, &mut failures)
                        });
                        record_problems(&inp.name, problems, &mut failures);
                        bytes += std::fs::metadata(path).map_or(0, |m| m.len());
                    }
                    _ => dispatch(
                        shared,
                        &tx,
                        idx as u32,
                        opened,
                        &mut documents,
                        &mut failures,
                    ),
                }
                bytes += counter.get();
            }
            Err(error) => failures.push(not_telemetry_or_error(
                inp.name.clone(),
                error,
                inp.in_folder,
            )),
        }
    }
    (failures, bytes, documents)
}

/// An archive member is an input of its own, named `archive:member`.
fn read_member(
    shared: &Shared<'_>,
    tx: &Sender<Job>,
    archive: &str,
    member: &str,
    reader: &mut dyn Read,
    documents: &mut Worker,
    failures: &mut Vec<InputFailure>,
) -> Result<(), String> {
    let input = shared.add_input(format!("{archive}:{member}"));
    let opened = match input::from_reader(Box::new(reader)) {
        Ok(o) => o,
        Err(error) => {
            failures.push(not_telemetry_or_error(shared.name(input), error, true));
            return Ok(());
        }
    };
    dispatch(shared, tx, input, opened, documents, failures);
    Ok(())
}

/// An unrecognised file that was met (in a folder walk or an archive), rather than
/// named by the user, is a note; anything else is an error.
fn not_telemetry_or_error(input: String, error: String, met: bool) -> InputFailure {
    let not_telemetry = met && error.starts_with(input::NOT_RECOGNISED);
    InputFailure {
        not_telemetry,
        ..InputFailure::new(input, error)
    }
}

fn record_problems(
    archive: &str,
    problems: archive::ArchiveProblems,
    failures: &mut Vec<InputFailure>,
) {
    for (member, error) in problems.members {
        failures.push(InputFailure::new(format!("{archive}:{member}"), error));
    }
    if let Some(error) = problems.damage {
        failures.push(InputFailure::new(archive.to_string(), error));
    }
}

/// Sends an opened input's records to the workers: chunks of a line format, the
/// whole of a JSON document, or each member of an archive as an input of its own.
fn dispatch(
    shared: &Shared<'_>,
    tx: &Sender<Job>,
    input: u32,
    mut opened: Opened<'_>,
    documents: &mut Worker,
    failures: &mut Vec<InputFailure>,
) {
    let name = shared.name(input);
    let result = match opened.format {
        Format::JsonDocument => {
            read_document(shared, documents, input, opened);
            Ok(())
        }
        // Inside an archive or on stdin, there is no seeking: read it whole.
        Format::Evtx => {
            let mut bytes = Vec::new();
            match opened.into_reader().read_to_end(&mut bytes) {
                Ok(_) => sysmon::read_evtx(&bytes, &name, &mut Rows::new(shared, documents, input)),
                Err(e) => Err(e.to_string()),
            }
        }
        Format::EventXml => sysmon::read_xml(
            &mut std::io::BufReader::new(opened.into_reader()),
            &mut Rows::new(shared, documents, input),
        ),
        Format::SysmonJsonArray => sysmon::read_json_array(
            &mut std::io::BufReader::new(opened.into_reader()),
            &mut Rows::new(shared, documents, input),
        ),
        Format::Archive(kind) => {
            let mut inner = Vec::new();
            let problems = archive::for_each_member(kind, opened.into_reader(), &mut |m, r| {
                read_member(shared, tx, &name, m, r, documents, &mut inner)
            });
            failures.append(&mut inner);
            record_problems(&name, problems, failures);
            Ok(())
        }
        format => send_chunks(shared, tx, input, format, &mut opened),
    };
    if let Err(error) = result {
        failures.push(InputFailure::new(name, error));
    }
}

fn send_chunks(
    shared: &Shared<'_>,
    tx: &Sender<Job>,
    input: u32,
    format: Format,
    opened: &mut Opened<'_>,
) -> Result<(), String> {
    let layout = if format == Format::Csv {
        let header = opened.take_first_line()?;
        let layout = Layout::from_header(&header, shared.wanted)
            .ok_or("the header row names no Defender column")?;
        check_columns(&layout.names, &shared.required)?;
        Some(Arc::new(layout))
    } else {
        None
    };
    while let Some(chunk) = opened.next_chunk_reusing(shared.spare.try_recv().ok())? {
        if shared.stop.load(Ordering::Relaxed) {
            break;
        }
        let job = Job::Chunk {
            input,
            format,
            layout: layout.clone(),
            chunk,
        };
        if tx.send(job).is_err() {
            break;
        }
    }
    Ok(())
}

/// A declared column list (CSV header, API schema) must supply every field the
/// rule reads, unless it holds no network table at all (a process-only export).
fn check_columns(names: &[String], required: &Required) -> Result<(), String> {
    let present: ColSet = names
        .iter()
        .filter_map(|n| Col::from_name(n))
        .fold(ColSet::default(), ColSet::with);
    let network = present.contains(Col::RemotePort) || present.contains(Col::RemoteIp);
    let process = present.contains(Col::ProcessId) || present.contains(Col::ProcessCommandLine);
    if !network {
        return if process {
            Ok(())
        } else {
            Err("no DeviceNetworkEvents or DeviceProcessEvents columns (RemotePort, RemoteIP, ProcessId)".into())
        };
    }
    let missing: Vec<String> = required
        .iter()
        .filter(|(_, cols)| !cols.iter().any(|c| present.contains(*c)))
        .map(|(f, cols)| {
            let names: Vec<&str> = cols.iter().map(|c| col_name(*c)).collect();
            format!("{} (for {})", names.join(" or "), f.name())
        })
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "missing column(s) the rule needs: {}",
            missing.join(", ")
        ))
    }
}

fn col_name(c: Col) -> &'static str {
    crate::source::defender::columns::COLUMNS[c as usize].1
}

/// A worker's share of the results.
#[derive(Default)]
struct Worker {
    counts: Counts,
    alerts: Vec<Alert>,
    newest: Option<Timestamp>,
    skip_examples: Vec<String>,
    /// Per input without a declared column list: the columns seen in network rows.
    seen_columns: HashMap<u32, ColSet>,
    failures: Vec<InputFailure>,
    stopped: Option<String>,
    /// Buffer size at which `--now newest` prunes alerts outside the window.
    prune_at: usize,
    /// Process-creation events seen, for the process-context join.
    processes: ProcessTable,
    /// Events the rule could not decide without their process's context.
    pending: Vec<Alert>,
}

impl Worker {
    fn new(shared: &Shared<'_>) -> Worker {
        Worker {
            processes: ProcessTable::new(shared.cfg.join_capacity),
            ..Worker::default()
        }
    }
}

fn run_worker(shared: &Shared<'_>, rx: Receiver<Job>) -> Worker {
    let mut w = Worker::new(shared);
    let mut scratch = Scratch::default();
    for job in rx {
        if shared.stop.load(Ordering::Relaxed) {
            continue; // drain so the reader never blocks
        }
        match job {
            Job::Chunk {
                input,
                format: Format::Csv,
                layout,
                chunk,
            } => {
                let layout = layout.expect("CSV chunks carry their layout");
                read_csv_chunk(shared, &mut w, input, &layout, &chunk, &mut scratch);
                let _ = shared.give_back.send(chunk.data);
            }
            Job::Chunk {
                input,
                chunk,
                format,
                ..
            } => {
                let reader = match format {
                    Format::SysmonJsonLines(flavor) => LineReader::Sysmon(flavor),
                    _ => LineReader::Defender,
                };
                read_json_lines(shared, &mut w, input, &chunk, &mut scratch, reader);
                let _ = shared.give_back.send(chunk.data);
            }
        }
    }
    w
}

fn read_csv_chunk(
    shared: &Shared<'_>,
    w: &mut Worker,
    input: u32,
    layout: &Layout,
    chunk: &input::Chunk,
    scratch: &mut Scratch,
) {
    let rows = std::cell::RefCell::new(Rows::new(shared, w, input));
    let mut on_row = |row: Row<'_>, line| {
        let mut r = rows.borrow_mut();
        r.line = line;
        r.handle(row, None);
    };
    let mut on_error = |line, msg: String| {
        let mut r = rows.borrow_mut();
        r.w.counts.records += 1;
        r.skip_record(line, "invalid CSV record", "-", &msg);
    };
    let Some(filter) = &shared.prefilter else {
        return layout.read_chunk(&chunk.data, chunk.first_line, &mut on_row, &mut on_error);
    };
    let hits = filter.hits(&chunk.data, false, scratch);
    let mut next_hit = 0;
    let mut picked = Vec::new();
    for (start, end, line) in csv_records(&chunk.data, chunk.first_line) {
        let record = &chunk.data[start..end];
        while next_hit < hits.len() && hits[next_hit] < start {
            next_hit += 1;
        }
        let hit = next_hit < hits.len() && hits[next_hit] < end;
        if hit && filter.may_match(record, false, scratch) {
            picked.push((record, line));
        } else if !record.iter().all(u8::is_ascii_whitespace) {
            let mut r = rows.borrow_mut();
            r.w.counts.records += 1;
            r.w.counts.unparsed += 1;
        }
    }
    layout.read_picked(&picked, &mut on_row, &mut on_error);
}

/// How one line of a JSON-lines input is read.
#[derive(Clone, Copy)]
enum LineReader {
    Defender,
    Sysmon(JsonFlavor),
}

fn read_json_lines(
    shared: &Shared<'_>,
    w: &mut Worker,
    input: u32,
    chunk: &input::Chunk,
    scratch: &mut Scratch,
    reader: LineReader,
) {
    let mut rows = Rows::new(shared, w, input);
    let data = &chunk.data[..];
    let filter = match reader {
        LineReader::Defender => &shared.prefilter,
        LineReader::Sysmon(_) => &shared.prefilter_sysmon,
    };
    let read_line = |rows: &mut Rows<'_, '_>, text: &[u8], line: u64| match reader {
        LineReader::Defender => rows.json_line(text, line),
        LineReader::Sysmon(flavor) => {
            let text = text.strip_suffix(b"\r").unwrap_or(text);
            if !text.iter().all(u8::is_ascii_whitespace) {
                let at = Location {
                    line,
                    record: 0,
                    chunk: None,
                };
                sysmon::read_json_record(text, flavor, at, rows);
            }
        }
    };
    let Some(filter) = filter else {
        for (line, text) in (chunk.first_line..).zip(data.split(|b| *b == b'\n')) {
            read_line(&mut rows, text, line);
        }
        return;
    };
    // Only lines holding a hit can match; the others are counted, not parsed.
    // An Event Hub message line holds several records, one `"properties":` each.
    let records_key = MESSAGE_KEY.find(data).is_some().then_some(&*RECORD_KEY);
    let hits = filter.hits(data, true, scratch);
    let mut cursor = 0;
    let mut line = chunk.first_line;
    let mut next_hit = 0;
    while next_hit < hits.len() {
        let at = hits[next_hit];
        let start = memchr::memrchr(b'\n', &data[..at]).map_or(0, |i| i + 1);
        let end = memchr::memchr(b'\n', &data[at..]).map_or(data.len(), |i| at + i);
        let (records, lines) = count_lines(&data[cursor..start], records_key);
        rows.w.counts.records += records;
        rows.w.counts.unparsed += records;
        line += lines;
        let text = &data[start..end];
        if filter.may_match(text, true, scratch) {
            read_line(&mut rows, text, line);
        } else {
            let (records, _) = count_lines(text, records_key);
            rows.w.counts.records += records;
            rows.w.counts.unparsed += records;
        }
        line += 1;
        cursor = (end + 1).min(data.len());
        while next_hit < hits.len() && hits[next_hit] < cursor {
            next_hit += 1;
        }
        if shared.stop.load(Ordering::Relaxed) {
            return;
        }
    }
    let (records, _) = count_lines(&data[cursor..], records_key);
    rows.w.counts.records += records;
    rows.w.counts.unparsed += records;
}

/// `"records":` marks Event Hub messages; `"properties":` starts each record in
/// one (a quote inside a JSON string is escaped, so these only match keys).
static MESSAGE_KEY: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"\"records\":"));
static RECORD_KEY: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"\"properties\":"));

/// Records (non-blank lines, or the records of message lines when `records_key`
/// is given) and line terminators in a run of whole lines.
fn count_lines(text: &[u8], records_key: Option<&memchr::memmem::Finder<'_>>) -> (u64, u64) {
    let mut records = 0;
    let mut newlines = 0;
    let mut start = 0;
    for nl in memchr::memchr_iter(b'\n', text).chain(std::iter::once(text.len())) {
        let line = &text[start..nl];
        if !line.iter().all(u8::is_ascii_whitespace) {
            let in_message = records_key.map_or(0, |k| k.find_iter(line).count() as u64);
            records += in_message.max(1);
        }
        if nl < text.len() {
            newlines += 1;
        }
        start = nl + 1;
    }
    (records, newlines)
}

fn read_document(shared: &Shared<'_>, w: &mut Worker, input: u32, opened: Opened<'_>) {
    let reader = BufReader::with_capacity(1 << 20, opened.into_reader());
    let mut de = serde_json::Deserializer::from_reader(reader);
    let mut rows = Rows::new(shared, w, input);
    rows.line = 0;
    let result = read_value(&mut de, shared.wanted, &mut rows).and_then(|()| de.end());
    if let Err(e) = result {
        let error = match rows.schema_error.take() {
            Some(s) => s,
            None => format!("JSON: {e} (after {} records)", rows.sub),
        };
        let name = shared.name(input);
        w.failures.push(InputFailure::new(name, error));
    }
}

/// Turns the rows of one input into events and alerts, counting as it goes.
struct Rows<'s, 'w> {
    shared: &'s Shared<'s>,
    w: &'w mut Worker,
    input: u32,
    /// Line of the current record (0 for documents, which count records in `sub`).
    line: u64,
    /// Index of the current record within its line or document.
    sub: u64,
    /// EVTX chunk of the current record.
    chunk: Option<u64>,
    schema_error: Option<String>,
}

impl<'s, 'w> Rows<'s, 'w> {
    /// Parses one JSON line (a row, a stream record or an Event Hub message).
    fn json_line(&mut self, text: &[u8], line: u64) {
        let text = text.strip_suffix(b"\r").unwrap_or(text);
        self.line = line;
        self.sub = 0;
        if text.iter().all(u8::is_ascii_whitespace) {
            return;
        }
        let mut de = sonic_rs::Deserializer::from_slice(text);
        let result = read_value(&mut de, self.shared.wanted, self).and_then(|()| de.end());
        if let Err(e) = result {
            if self.sub == 0 {
                self.w.counts.records += 1;
            }
            // sonic-rs appends a drawing of the line; the first line says it all.
            let message = e.to_string();
            let first = message.lines().next().unwrap_or_default();
            self.skip_record(line, "invalid JSON", "-", first);
        }
    }

    fn new(shared: &'s Shared<'s>, w: &'w mut Worker, input: u32) -> Self {
        Rows {
            shared,
            w,
            input,
            line: 0,
            sub: 0,
            chunk: None,
            schema_error: None,
        }
    }

    fn location(&self, line: u64) -> String {
        let name = &self.shared.name(self.input);
        match (line, self.sub) {
            (0, n) => match (self.chunk, n) {
                (Some(c), 0) => format!("{name}: chunk {c}"),
                (Some(c), n) => format!("{name}: chunk {c} record {n}"),
                (None, n) => format!("{name}: record {n}"),
            },
            (l, 0 | 1) => format!("{name}:{l}"),
            (l, n) => format!("{name}:{l}: record {n}"),
        }
    }

    fn skip_record(&mut self, line: u64, reason: &str, column: &str, detail: &str) {
        let key = if column == "-" {
            reason.to_string()
        } else {
            format!("{reason}: {column}")
        };
        *self.w.counts.skipped.entry(key).or_default() += 1;
        let message = if column == "-" {
            format!("{}: {detail}", self.location(line))
        } else {
            format!("{}: {column}: {detail}", self.location(line))
        };
        if self.shared.cfg.strict {
            self.shared.stop.store(true, Ordering::Relaxed);
            self.w.stopped.get_or_insert(message);
        } else if self.w.skip_examples.len() < SHOWN_SKIPS {
            self.w.skip_examples.push(message);
        }
    }

    fn skip_row(&mut self, e: RecordError) {
        self.skip_record(self.line, e.reason, e.field, &e.detail);
    }

    fn handle(&mut self, row: Row<'_>, hint: Option<Table>) {
        self.w.counts.records += 1;
        let table = table_of(&row, hint);
        if table == Table::Network {
            // A key absent from one JSON row is null there, as in a table; a column
            // absent from every row of an input is reported when the run ends.
            let seen = self.w.seen_columns.entry(self.input).or_default();
            *seen = seen.union(row.present());
        }
        match to_event(row, table) {
            Err(e) => self.skip_row(e),
            Ok(None) => self.w.counts.other_rows += 1,
            Ok(Some(event)) => self.accept(event),
        }
    }

    /// Counts an event, keeps process-creation events for the join, and runs the
    /// rule on network events.
    fn accept(&mut self, event: Event<'_>) {
        match event {
            Event::Process(p) => {
                self.w.counts.process_events += 1;
                self.w.processes.insert(&p);
            }
            Event::Network(e) => {
                self.w.counts.network_events += 1;
                self.w.newest = self.w.newest.max(Some(e.timestamp));
                let rule = &self.shared.cfg.rule;
                let verdict = rule.filter.eval(rule, &e);
                // Undecided only for lack of process context: decided after the join.
                let pending = verdict.is_none() && e.lacks_process_context;
                if (verdict == Some(true) || pending)
                    && self.shared.window.is_none_or(|win| win.admits(e.timestamp))
                {
                    let record = if self.line == 0 { self.sub } else { self.line };
                    let mut alert = rule.alert(&e, self.input, record);
                    alert.sub = self.sub;
                    if pending {
                        self.w.pending.push(alert);
                    } else {
                        self.w.counts.matched += 1;
                        self.w.alerts.push(alert);
                        self.prune_before_newest();
                    }
                } else if verdict == Some(true) {
                    self.w.counts.matched += 1;
                }
            }
        }
    }
}

/// Sources other than Defender hand over finished events.
impl EventSink for Rows<'_, '_> {
    fn event(&mut self, event: Event<'_>, at: Location) {
        self.w.counts.records += 1;
        self.at(at);
        self.accept(event);
    }

    fn other(&mut self, _at: Location) {
        self.w.counts.records += 1;
        self.w.counts.other_rows += 1;
    }

    fn skip(&mut self, error: RecordError, at: Location) {
        self.w.counts.records += 1;
        self.at(at);
        self.skip_row(error);
    }
}

impl Rows<'_, '_> {
    fn at(&mut self, at: Location) {
        self.line = at.line;
        self.sub = at.record;
        self.chunk = at.chunk;
    }
}

impl Rows<'_, '_> {
    /// With `--now newest` the window is known only at the end, but the reference
    /// can only grow: alerts already older than this worker's newest event minus
    /// the window can be dropped, which keeps the buffer bounded by the window.
    fn prune_before_newest(&mut self) {
        let w = &mut *self.w;
        if self.shared.window.is_some() || w.alerts.len() < w.prune_at {
            return;
        }
        if let Some(newest) = w.newest {
            let window = Window::resolve(self.shared.cfg, newest);
            // Only the lower bound can be applied early; `until` needs the end.
            if let Some(after) = window.after {
                w.alerts.retain(|a| a.timestamp > after);
            }
        }
        w.prune_at = (w.alerts.len() * 2).max(PRUNE_FIRST_AT);
    }
}

/// Alerts buffered before the first pruning under `--now newest`.
const PRUNE_FIRST_AT: usize = 16 * 1024;

impl<'de> RowSink<'de> for Rows<'_, '_> {
    fn row(&mut self, row: Row<'de>, table: Option<Table>) {
        self.sub += 1;
        self.handle(row, table);
    }

    fn schema(&mut self, columns: &[String]) -> Result<(), String> {
        check_columns(columns, &self.shared.required).inspect_err(|e| {
            self.schema_error = Some(e.clone());
        })
    }
}

fn finish(
    cfg: &HuntConfig,
    shared: &Shared<'_>,
    workers: Vec<Worker>,
    mut failures: Vec<InputFailure>,
    bytes: u64,
    started: Instant,
) -> HuntResult {
    let mut report = RunReport {
        inputs: cfg.inputs.len(),
        bytes,
        ..RunReport::default()
    };
    let mut alerts = Vec::new();
    let mut newest = None;
    let mut seen_columns: HashMap<u32, ColSet> = HashMap::new();
    let mut processes = ProcessTable::new(cfg.join_capacity);
    let mut pending = Vec::new();
    for w in workers {
        processes.merge(w.processes);
        report.counts.merge(&w.counts);
        alerts.extend(w.alerts);
        pending.extend(w.pending);
        newest = newest.max(w.newest);
        failures.extend(w.failures);
        if report.skip_examples.len() < SHOWN_SKIPS {
            report.skip_examples.extend(w.skip_examples);
            report.skip_examples.truncate(SHOWN_SKIPS);
        }
        if report.stopped.is_none() {
            report.stopped = w.stopped;
        }
        for (k, cols) in w.seen_columns {
            let e = seen_columns.entry(k).or_default();
            *e = e.union(cols);
        }
    }
    // A column the rule needs that no network row of an input has is an error, not
    // a quiet zero (CSV headers and API schemas were checked before reading).
    let mut lacking: Vec<(u32, String)> = seen_columns
        .into_iter()
        .filter_map(|(k, seen)| {
            let names: Vec<String> = seen.iter().map(|c| col_name(c).to_string()).collect();
            check_columns(&names, &shared.required)
                .err()
                .map(|e| (k, e))
        })
        .collect();
    lacking.sort_by_key(|(k, _)| *k);
    for (k, error) in lacking {
        failures.push(InputFailure::new(
            shared.name(k),
            format!("no network record has it: {error}"),
        ));
    }
    let now = match cfg.reference {
        Reference::At(t) => Some(t),
        Reference::Newest => newest,
    };
    // Say what the window was measured from, when a window was used.
    let ago_window = cfg.since.is_none() && cfg.until.is_none() && cfg.rule.window_nanos.is_some();
    report.now = now.filter(|_| ago_window).map(|t| t.to_string());
    // Events that needed their process's context to be judged: join, then judge.
    for mut alert in pending {
        let joined = processes.enrich(&mut alert.event) == Some(true);
        match cfg.rule.filter.eval(&cfg.rule, &alert.event) {
            Some(true) => {
                report.counts.matched += 1;
                report.joined += u64::from(joined);
                alerts.push(alert);
            }
            None if !joined => report.undecided += 1,
            _ => {}
        }
    }
    if let (Reference::Newest, Some(now)) = (cfg.reference, now) {
        let window = Window::resolve(cfg, now);
        alerts.retain(|a| window.admits(a.timestamp));
    }
    for alert in &mut alerts {
        match processes.enrich(&mut alert.event) {
            Some(true) => report.joined += 1,
            Some(false) => report.without_context += 1,
            None => {}
        }
        cfg.rule.project(alert);
    }
    report.processes_kept = processes.len() as u64;
    report.processes_evicted = processes.evicted;
    let descending = cfg.rule.sort.descending;
    alerts.sort_by(|a, b| a.cmp_for_output(b, descending));
    report.alerts = alerts.len() as u64;
    report.failed_inputs = failures;
    report.set_elapsed(started.elapsed());
    let inputs = shared
        .names
        .read()
        .map_or_else(|e| e.into_inner().clone(), |n| n.clone());
    HuntResult {
        alerts,
        report,
        inputs,
    }
}

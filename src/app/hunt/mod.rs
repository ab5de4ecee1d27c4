//! `porthunt hunt`: inputs → sources → canonical events → rule → process join →
//! alerts, sorted.
//!
//! * `reader`: one thread opens inputs in order, detects their format and cuts
//!   line formats into chunks of whole records (JSON documents, EVTX and event
//!   XML it reads itself);
//! * `worker`: threads parse chunks, skipping with the prefilter what cannot match;
//! * `rows`: every record ends as a counted event, a rule verdict and maybe an alert;
//! * here: configuration, the time window, and the end of the run (merge, join,
//!   projection, sort).
//!
//! The bounded channel between reader and workers, and recycled chunk buffers,
//! keep memory flat whatever the input size. Only alerts are kept, for the sort.

mod reader;
mod rows;
mod worker;

use reader::*;
use rows::*;
use worker::*;

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

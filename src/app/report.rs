//! What a run read, skipped and found: counted by workers, merged, and reported on
//! stderr (and optionally as JSON).

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Serialize;

use crate::sink::sanitize::terminal_safe;

/// How many skip messages are printed in full; the rest are only counted.
pub const SHOWN_SKIPS: usize = 10;

#[derive(Clone, Debug, Default, Serialize)]
pub struct Counts {
    /// Records read (rows, lines or array elements).
    pub records: u64,
    pub network_events: u64,
    pub process_events: u64,
    /// Rows of other tables or actions, read and not used.
    pub other_rows: u64,
    /// Records skipped, per reason.
    pub skipped: BTreeMap<String, u64>,
    /// Records not parsed because they lack text the rule needs (prefilter).
    pub unparsed: u64,
    /// Network events that matched the rule's filter (before the time window).
    pub matched: u64,
}

impl Counts {
    pub fn parsed(&self) -> u64 {
        self.network_events + self.process_events + self.other_rows
    }

    pub fn skipped_total(&self) -> u64 {
        self.skipped.values().sum()
    }

    pub fn merge(&mut self, o: &Counts) {
        self.records += o.records;
        self.network_events += o.network_events;
        self.process_events += o.process_events;
        self.other_rows += o.other_rows;
        self.matched += o.matched;
        self.unparsed += o.unparsed;
        for (k, v) in &o.skipped {
            *self.skipped.entry(k.clone()).or_default() += v;
        }
    }
}

/// An input that could not be read, or not entirely.
#[derive(Clone, Debug, Serialize)]
pub struct InputFailure {
    pub input: String,
    pub error: String,
    /// A file met while walking a folder or an archive that is not telemetry
    /// (a README, a licence): noted, not an error.
    pub not_telemetry: bool,
}

impl InputFailure {
    pub fn new(input: String, error: String) -> Self {
        InputFailure {
            input,
            error,
            not_telemetry: false,
        }
    }
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct RunReport {
    pub inputs: usize,
    pub bytes: u64,
    #[serde(flatten)]
    pub counts: Counts,
    pub alerts: u64,
    pub failed_inputs: Vec<InputFailure>,
    /// The first skip messages, in full.
    pub skip_examples: Vec<String>,
    /// The reference time the window was measured from, if any.
    pub now: Option<String>,
    pub elapsed_seconds: f64,
    /// Set when `--strict` stopped the run at a bad record.
    pub stopped: Option<String>,
    /// Alerts joined to their process-creation event.
    pub joined: u64,
    /// Alerts whose source lacks process context and whose process-creation
    /// event was not in the run.
    pub without_context: u64,
    pub processes_kept: u64,
    /// Network events the rule could not judge: it reads process context (command
    /// line, parent, original name, hashes) that their source lacks, and their
    /// process-creation event was not in the run.
    pub undecided: u64,
    pub processes_evicted: u64,
}

impl RunReport {
    /// Inputs that failed for real (not merely non-telemetry files in a folder).
    pub fn input_errors(&self) -> usize {
        self.failed_inputs
            .iter()
            .filter(|f| !f.not_telemetry)
            .count()
    }

    pub fn set_elapsed(&mut self, d: Duration) {
        self.elapsed_seconds = d.as_secs_f64();
    }

    /// The human summary printed on stderr.
    pub fn render(&self) -> String {
        let secs = self.elapsed_seconds.max(1e-9);
        let c = &self.counts;
        let mut s = format!(
            "porthunt: {} input(s), {:.1} MB in {:.2} s ({:.0} MB/s, {:.0} events/s)\n\
             records: {} read, {} parsed ({} network, {} process, {} other), {} skipped, \
             {} not parsed (cannot match: lack the rule's literal text)\n",
            self.inputs,
            self.bytes as f64 / 1e6,
            self.elapsed_seconds,
            self.bytes as f64 / 1e6 / secs,
            c.records as f64 / secs,
            c.records,
            c.parsed(),
            c.network_events,
            c.process_events,
            c.other_rows,
            c.skipped_total(),
            c.unparsed,
        );
        for (reason, n) in &c.skipped {
            s.push_str(&format!("  skipped {n}: {}\n", terminal_safe(reason)));
        }
        if let Some(now) = &self.now {
            s.push_str(&format!("window measured from {now}\n"));
        }
        s.push_str(&format!(
            "alerts: {} ({} matched the filter before the time window)\n",
            self.alerts, c.matched
        ));
        if self.joined + self.without_context > 0 || self.processes_evicted > 0 {
            s.push_str(&format!(
                "process context: {} alert(s) joined to their process-creation event, {} without \
                 (command line, parent and original name unknown); {} processes kept, {} evicted\n",
                self.joined, self.without_context, self.processes_kept, self.processes_evicted
            ));
        }
        let (notes, errors): (Vec<_>, Vec<_>) =
            self.failed_inputs.iter().partition(|f| f.not_telemetry);
        if !notes.is_empty() {
            s.push_str(&format!("not telemetry, skipped: {} file(s)", notes.len()));
            for f in notes.iter().take(5) {
                s.push_str(&format!(" {}", terminal_safe(&f.input)));
            }
            s.push_str(if notes.len() > 5 { " …\n" } else { "\n" });
        }
        if self.undecided > 0 {
            s.push_str(&format!(
                "undecided: {} network event(s) need process context the input lacks \
                 (no process-creation event for them): not alerted\n",
                self.undecided
            ));
        }
        for f in errors {
            s.push_str(&format!(
                "error: {}: {}\n",
                terminal_safe(&f.input),
                terminal_safe(&f.error)
            ));
        }
        if let Some(stop) = &self.stopped {
            s.push_str(&format!("stopped (--strict): {}\n", terminal_safe(stop)));
        }
        s
    }
}

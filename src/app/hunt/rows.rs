//! From records to counted events, rule verdicts and alerts: what every source
//! hands over ends here.

use super::*;

/// Turns the rows of one input into events and alerts, counting as it goes.
pub(super) struct Rows<'s, 'w> {
    pub(super) shared: &'s Shared<'s>,
    pub(super) w: &'w mut Worker,
    pub(super) input: u32,
    /// Line of the current record (0 for documents, which count records in `sub`).
    pub(super) line: u64,
    /// Index of the current record within its line or document.
    pub(super) sub: u64,
    /// EVTX chunk of the current record.
    pub(super) chunk: Option<u64>,
    pub(super) schema_error: Option<String>,
}

impl<'s, 'w> Rows<'s, 'w> {
    /// Parses one JSON line (a row, a stream record or an Event Hub message).
    pub(super) fn json_line(&mut self, text: &[u8], line: u64) {
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

    pub(super) fn new(shared: &'s Shared<'s>, w: &'w mut Worker, input: u32) -> Self {
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

    pub(super) fn location(&self, line: u64) -> String {
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

    pub(super) fn skip_record(&mut self, line: u64, reason: &str, column: &str, detail: &str) {
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

    pub(super) fn skip_row(&mut self, e: RecordError) {
        self.skip_record(self.line, e.reason, e.field, &e.detail);
    }

    pub(super) fn handle(&mut self, row: Row<'_>, hint: Option<Table>) {
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
    pub(super) fn accept(&mut self, event: Event<'_>) {
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
    pub(super) fn at(&mut self, at: Location) {
        self.line = at.line;
        self.sub = at.record;
        self.chunk = at.chunk;
    }
}

impl Rows<'_, '_> {
    /// With `--now newest` the window is known only at the end, but the reference
    /// can only grow: alerts already older than this worker's newest event minus
    /// the window can be dropped, which keeps the buffer bounded by the window.
    pub(super) fn prune_before_newest(&mut self) {
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
pub(super) const PRUNE_FIRST_AT: usize = 16 * 1024;

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

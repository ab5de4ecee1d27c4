//! Worker threads: parse chunks of records, with the prefilter, into events.

use super::*;

/// A worker's share of the results.
#[derive(Default)]
pub(super) struct Worker {
    pub(super) counts: Counts,
    pub(super) alerts: Vec<Alert>,
    pub(super) newest: Option<Timestamp>,
    pub(super) skip_examples: Vec<String>,
    /// Per input without a declared column list: the columns seen in network rows.
    pub(super) seen_columns: HashMap<u32, ColSet>,
    pub(super) failures: Vec<InputFailure>,
    pub(super) stopped: Option<String>,
    /// Buffer size at which `--now newest` prunes alerts outside the window.
    pub(super) prune_at: usize,
    /// Process-creation events seen, for the process-context join.
    pub(super) processes: ProcessTable,
    /// Events the rule could not decide without their process's context.
    pub(super) pending: Vec<Alert>,
}

impl Worker {
    pub(super) fn new(shared: &Shared<'_>) -> Worker {
        Worker {
            processes: ProcessTable::new(shared.cfg.join_capacity),
            ..Worker::default()
        }
    }
}

pub(super) fn run_worker(shared: &Shared<'_>, rx: Receiver<Job>) -> Worker {
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

pub(super) fn read_csv_chunk(
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
pub(super) enum LineReader {
    Defender,
    Sysmon(JsonFlavor),
}

pub(super) fn read_json_lines(
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
pub(super) static MESSAGE_KEY: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"\"records\":"));
pub(super) static RECORD_KEY: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"\"properties\":"));

/// Records (non-blank lines, or the records of message lines when `records_key`
/// is given) and line terminators in a run of whole lines.
pub(super) fn count_lines(
    text: &[u8],
    records_key: Option<&memchr::memmem::Finder<'_>>,
) -> (u64, u64) {
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

pub(super) fn read_document(shared: &Shared<'_>, w: &mut Worker, input: u32, opened: Opened<'_>) {
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

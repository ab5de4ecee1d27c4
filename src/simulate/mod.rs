//! `porthunt simulate`: writes realistic, labelled Microsoft Defender Advanced Hunting
//! exports (DeviceNetworkEvents, DeviceProcessEvents) for tests and benchmarks.
//!
//! Output is byte-for-byte deterministic for a given `--seed` and arguments (the
//! clock is never read; `--end` defaults to a fixed instant), and it streams: one
//! reused row, written through a buffered writer, so memory does not grow with
//! `--events` (tested up to tens of millions).
//!
//! # Records
//!
//! `--events N` is the number of records written, whatever the table mix. Rows run
//! in ascending time over `--span` up to `--end`. With `--table both` (default) a
//! DeviceProcessEvents `ProcessCreated` row comes right before the first network row
//! of each process started inside the span (boot-time services started before it
//! have none, as in a time-bounded export); the two join on
//! `DeviceId + InitiatingProcessId + InitiatingProcessCreationTime` =
//! `DeviceId + ProcessId + ProcessCreationTime`. `--table process` writes only
//! process-creation rows; `--table network` only network rows. `ReportId` is unique
//! per device across both tables, so `(DeviceName, ReportId)` names one record.
//!
//! # Shapes (`--shape`, telemetry-formats.md §2)
//!
//! * `csv` — portal export: a header of column names in schema order, RFC-4180
//!   quoting, datetimes as ISO-8601 with 0–7 fractional digits (trailing zeros
//!   trimmed) and `Z`, empty cells for nulls, AdditionalFields as JSON text. With
//!   `--table both` the file is what a KQL `union DeviceNetworkEvents,
//!   DeviceProcessEvents` exports: all network columns, then the process-only
//!   columns, with empty cells where a column does not apply to the row's table.
//! * `jsonl` — one plain Advanced Hunting row (JSON object) per line, each with its
//!   own table's columns; nulls as `null`.
//! * `api-json` — legacy MDE API: `{"Schema":[{"Name":…,"Type":…}],"Results":[{…},…]}`.
//! * `graph-json` — Graph runHuntingQuery: `{"@odata.context":…,"schema":[{"name":…,
//!   "type":…}],"results":[…]}`.
//! * `eventhub` — Streaming API via Event Hub: one message per line,
//!   `{"records":[{"time","tenantId","operationName":"Publish","category":
//!   "AdvancedHunting-<Table>","properties":{row + MachineGroup},"Tenant":
//!   "DefaultTenant"},…]}` with 1–50 records per message.
//! * `storage` — Streaming API via a storage account (PT1H.json): one record per line
//!   (the same envelope, not wrapped in `records`), CRLF line ends, plus
//!   `_TimeReceivedBySvc` with 7 digits and no `Z`.
//! * `la-query` — Log Analytics query API: `{"tables":[{"name":"PrimaryResult",
//!   "columns":[{"name","type"}],"rows":[[…],…]}]}`, positional rows; `TenantId`
//!   first, `TimeGenerated` in place of `Timestamp`, then `MachineGroup` and `Type`;
//!   AdditionalFields is a `dynamic` column returned as JSON text.
//! * `la-export` — workspace data export: one JSON record per line with the same
//!   columns as `la-query` and AdditionalFields as a JSON object.
//!
//! The three whole-document JSON shapes (`api-json`, `graph-json`, `la-query`) put
//! one row per line and use the union schema with `--table both`; the record-per-line
//! shapes give each record its own table's columns.
//!
//! # Content
//!
//! Windows workstations (`ws-0042.corp.contoso.com`), developer workstations,
//! servers, Macs and Linux hosts, each with a user and the usual processes (browsers,
//! svchost, Teams, OneDrive, Outlook, Word, mstsc, Defender's MsSense/MsMpEng/NisSrv,
//! the `System` kernel, lsass, IIS, SQL Server, WebKit, sshd, nginx …) with real-looking
//! PE version info, hashes shared by identical binaries, lower-cased full image paths
//! and users `system`/`nt authority` etc. Ports: 443 dominates, then 53, 80, 445, 88,
//! 389, 135, 3389, 22, 7680, 1433, high ports. ActionTypes: ConnectionSuccess,
//! ConnectionFailed, ConnectionFound, InboundConnectionAccepted,
//! ListeningConnectionCreated, ConnectionRequest (macOS/Linux outbound) and ~3 %
//! network-protection `*ConnectionInspected` rows with empty process columns and
//! Zeek-like AdditionalFields. Quirks of real data (§1.8) sprinkled in at low
//! rates: file-name casing (`MsSense.exe`/`mssense.exe`, `PowerShell.EXE`), an empty
//! InitiatingProcessFileName, parent names as NT device paths, empty RemoteIPType
//! labels, IPv6 and v4-mapped (`::ffff:10.x`, `FourToSixMapping`) addresses, ICMP
//! rows without ports, RemoteUrl `""` or null, ports as JSON strings (`"443"`) in the
//! JSON shapes, 0–7 fractional digits, command lines with quotes, commas, newlines and
//! non-ASCII text. Events older than 24 h before `--end` exist whenever `--span`
//! exceeds 24 h (the default 48 h).
//!
//! Background traffic never uses a file name from the seed query's suspicious lists,
//! so every row the seed query would return is a planted, labelled row.
//!
//! # Planted scenarios (see `scenario::SCENARIOS`)
//!
//! Attacks: `script-interpreter-c2` (powershell/pwsh/cmd/wscript/cscript/mshta/wmic to
//! public addresses on 443/80/53), `lolbin-c2` (rundll32, regsvr32, certutil,
//! bitsadmin, msbuild, csc, installutil, regasm, regsvcs, hh, xwizard),
//! `injected-system-binary` (notepad/calc/mspaint), `renamed-powershell` (`update.exe`
//! whose OriginalFileName is `PowerShell.EXE`; the seed misses it),
//! `masquerading-chrome` (`c:\users\public\chrome.exe`; missed),
//! `msiexec-remote-install` (`msiexec /q /i http://203.0.113.7/x.msi`; missed, msiexec
//! is allow-listed), `beacon-60s` (20–40 connections one minute apart from one
//! process to one address on 443), `lateral-movement` (powershell/wmic to private
//! peers on 3389/22/135), `dead-c2-failed-beacon` (ConnectionFailed; missed),
//! `linux-reverse-shell` (bash, ConnectionRequest; missed).
//! Benign look-alikes from the seed's false-positive list: `sccm-script` (PowerShell
//! and cscript under CcmExec.exe), `config-management-rest` (PowerShell under Chef's
//! and Puppet's ruby.exe and Ansible's wsmprovhost.exe calling REST APIs on 443),
//! `software-distribution-download` (certutil/bitsadmin from the distribution point or
//! Windows Update), `msiexec-internal-distribution`, `monitoring-script-check`
//! (SolarWinds, Datadog, Zabbix agents running script checks over HTTP),
//! `developer-nuget-restore` (msbuild/csc reaching api.nuget.org:443).
//! Episodes are spread evenly over the span, about one per 2 000 events and each
//! scenario at least twice, once in each half of the span (for N ≥ 1 600; smaller
//! runs plant at most one episode per 50 events).
//!
//! # Labels (`--labels FILE`)
//!
//! A CSV with one line per planted record (network rows and the process-creation rows
//! of planted processes), columns:
//! `record` (1-based position of the record in the output: data row for CSV, object
//! or array for the JSON shapes; not a line number), `ReportId`, `DeviceName`,
//! `scenario`, `expected_seed_alert` (whether the published query run at `--end`
//! returns the row: an independent predicate written from the KQL, see `seed`),
//! `expected_default_alert` (the ground truth for a detector with the same 24 h
//! window: true for attack network rows newer than `--end` − 24 h), `category`
//! (`attack` or `benign`).

mod address;
mod catalog;
mod record;
mod rng;
mod scenario;
mod schema;
mod seed;
mod shape;
mod world;

#[cfg(test)]
mod tests;

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use crate::event::time::{Timestamp, parse_duration};
use record::{NANOS_PER_SEC, Record};
use rng::Rng;
use scenario::{Category, Planner, Scenario};
use schema::{Col, Table};
pub use shape::Shape;
use world::{ProcessRows, World};

/// Which tables to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum TableChoice {
    /// DeviceNetworkEvents only.
    Network,
    /// DeviceProcessEvents (ProcessCreated) only.
    Process,
    /// Network rows, each new process's creation row just before its first connection.
    Both,
}

/// Write realistic, labelled Defender Advanced Hunting exports.
#[derive(clap::Args, Debug)]
pub struct SimulateArgs {
    /// Number of records to write.
    #[arg(long, default_value_t = 10_000)]
    pub events: u64,
    /// Export format.
    #[arg(long, value_enum, default_value_t = Shape::Csv)]
    pub shape: Shape,
    /// Which tables to write.
    #[arg(long, value_enum, default_value_t = TableChoice::Both)]
    pub table: TableChoice,
    /// Seed of the generator; the same seed and arguments give the same bytes.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Newest timestamp (RFC 3339). Fixed by default so that output is reproducible.
    #[arg(long, default_value = "2026-11-30T12:00:00Z", value_parser = parse_end)]
    pub end: Timestamp,
    /// Time covered, ending at --end (e.g. 24h, 7d, 1d12h).
    #[arg(long, default_value = "48h", value_parser = parse_span)]
    pub span: Span,
    /// Also write a CSV of the planted scenario rows and their expected alerts.
    #[arg(long, value_name = "FILE")]
    pub labels: Option<PathBuf>,
    /// Output file, or - for standard output.
    #[arg(short = 'o', long, value_name = "FILE", default_value = "-")]
    pub output: PathBuf,
}

/// A positive duration in nanoseconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span(pub i64);

fn parse_end(text: &str) -> Result<Timestamp, String> {
    Timestamp::parse(text).map_err(|e| format!("`{text}`: {e}"))
}

fn parse_span(text: &str) -> Result<Span, String> {
    match parse_duration(text) {
        Some(n) if n > 0 => Ok(Span(n)),
        _ => Err(format!(
            "`{text}` is not a positive duration like 48h, 7d or 1d12h"
        )),
    }
}

pub fn run(args: &SimulateArgs) -> Result<(), String> {
    let result = (|| -> io::Result<Summary> {
        let sink: Box<dyn Write> = if args.output.as_os_str() == "-" {
            Box::new(io::stdout().lock())
        } else {
            Box::new(File::create(&args.output)?)
        };
        let mut out = BufWriter::with_capacity(1 << 20, sink);
        let mut labels = match &args.labels {
            Some(path) => Some(BufWriter::new(File::create(path)?)),
            None => None,
        };
        let summary = generate(args, &mut out, labels.as_mut().map(|w| w as &mut dyn Write))?;
        out.flush()?;
        if let Some(l) = labels.as_mut() {
            l.flush()?;
        }
        Ok(summary)
    })();
    match result {
        Ok(s) => {
            eprintln!(
                "simulate: {} records, {} planted ({} expected seed alerts)",
                s.records, s.planted, s.seed_alerts
            );
            Ok(())
        }
        // `porthunt simulate | head` is not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(format!("simulate: {e}")),
    }
}

/// Counts reported after a run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub records: u64,
    pub planted: u64,
    pub seed_alerts: u64,
}

/// Writes the whole export to `out` and, when given, the labels CSV to `labels`.
pub fn generate<W: Write>(
    args: &SimulateArgs,
    out: &mut W,
    labels: Option<&mut dyn Write>,
) -> io::Result<Summary> {
    let end = args.end.0 / 100 * 100;
    let span = args.span.0;
    let start = end - span;
    let n = args.events;
    let process_rows = match args.table {
        TableChoice::Network => ProcessRows::Never,
        TableChoice::Both => ProcessRows::BeforeFirstUse,
        TableChoice::Process => ProcessRows::Always,
    };
    let devices = (n / 2_000).clamp(30, 2_000) as usize;
    let mut world = World::new(args.seed, devices, start, process_rows);
    let mut planner = Planner::new(start, span, n);
    let env = shape::Envelope {
        tenant: tenant_id(args.seed),
        rng: Rng::new(args.seed, 2),
    };
    let mut writer = shape::writer(args.shape, args.table, out, env);
    let mut emitter = Emitter {
        labels: labels.map(csv::Writer::from_writer),
        table: args.table,
        now: end,
        summary: Summary::default(),
    };
    emitter.begin()?;
    writer.begin()?;
    let (mut pre, mut rec) = (Record::default(), Record::default());
    let mut floor = start;
    while emitter.summary.records < n {
        // Time follows the record count, so the last record lands near --end
        // however many process rows were interleaved.
        let t =
            slot_time(&mut world.rng, start, span, emitter.summary.records, n).clamp(floor, end);
        let (has_pre, planted) = if planner.due(t, &mut world) {
            let (has_pre, scenario) = planner.emit(t, floor, &mut world, &mut pre, &mut rec);
            (has_pre, Some(scenario))
        } else {
            (world.background(t, floor, &mut pre, &mut rec), None)
        };
        // A creation row that would be the very last record, with its connection
        // cut off, is dropped instead.
        if has_pre && (emitter.summary.records + 1 < n || !emitter.wants(rec.table)) {
            emitter.emit(&mut *writer, &pre, planted)?;
            floor = floor.max(pre.time);
        }
        if emitter.summary.records < n && emitter.wants(rec.table) {
            emitter.emit(&mut *writer, &rec, planted)?;
            floor = floor.max(rec.time);
        }
    }
    writer.finish()?;
    if let Some(l) = emitter.labels.as_mut() {
        l.flush()?;
    }
    Ok(emitter.summary)
}

/// The time of record `i` of `n`: evenly spread with jitter, and with the reported
/// precision varying as in real data (100 ns mostly, sometimes µs, ms or seconds).
fn slot_time(rng: &mut Rng, start: i64, span: i64, i: u64, n: u64) -> i64 {
    let width = (span as u128 / u128::from(n)).max(1) as u64;
    let t = start + (span as u128 * u128::from(i) / u128::from(n)) as i64 + rng.below(width) as i64;
    let unit = match rng.below(100) {
        0..=79 => 100,
        80..=91 => 1_000,
        92..=97 => 1_000_000,
        _ => NANOS_PER_SEC,
    };
    t / unit * unit
}

fn tenant_id(seed: u64) -> String {
    world::guid(&mut Rng::new(seed, 3))
}

/// Writes records and their labels, and counts them.
struct Emitter<'l> {
    labels: Option<csv::Writer<&'l mut dyn Write>>,
    table: TableChoice,
    /// The query time the labels assume (`--end`).
    now: i64,
    summary: Summary,
}

impl Emitter<'_> {
    fn begin(&mut self) -> io::Result<()> {
        if let Some(l) = self.labels.as_mut() {
            l.write_record([
                "record",
                "ReportId",
                "DeviceName",
                "scenario",
                "expected_seed_alert",
                "expected_default_alert",
                "category",
            ])?;
        }
        Ok(())
    }

    fn wants(&self, table: Table) -> bool {
        match self.table {
            TableChoice::Both => true,
            TableChoice::Network => table == Table::Network,
            TableChoice::Process => table == Table::Process,
        }
    }

    fn emit(
        &mut self,
        writer: &mut dyn shape::ShapeWriter,
        rec: &Record,
        planted: Option<&Scenario>,
    ) -> io::Result<()> {
        writer.write(rec)?;
        self.summary.records += 1;
        let Some(scenario) = planted else {
            return Ok(());
        };
        let seed = seed::alerts(rec, self.now);
        let default = scenario.category == Category::Attack
            && rec.table == Table::Network
            && rec.time > self.now - 24 * 3600 * NANOS_PER_SEC;
        self.summary.planted += 1;
        self.summary.seed_alerts += u64::from(seed);
        if let Some(l) = self.labels.as_mut() {
            let record = self.summary.records.to_string();
            l.write_record([
                record.as_str(),
                rec.get(Col::ReportId).unwrap_or(""),
                rec.get(Col::DeviceName).unwrap_or(""),
                scenario.name,
                if seed { "true" } else { "false" },
                if default { "true" } else { "false" },
                scenario.category.name(),
            ])?;
        }
        Ok(())
    }
}

//! One writer per output shape. Each streams: an opening, then one record at a
//! time, then a closing; nothing is kept between records but a few counters.
//!
//! What differs between shapes is captured in two small pieces of data: a
//! [`Layout`] (which fields, under which names, in which order) and the envelope
//! each writer puts around it.

use std::io::{self, Write};

use super::TableChoice;
use super::record::{Record, TimeStyle, TimeText};
use super::rng::Rng;
use super::schema::{Col, ColType, Table, union_columns};

/// The export formats of telemetry-formats.md §2.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Shape {
    /// Advanced Hunting portal export (CSV).
    Csv,
    /// One plain Advanced Hunting row (JSON object) per line.
    Jsonl,
    /// Legacy MDE API: `{"Schema":[…],"Results":[…]}`.
    ApiJson,
    /// Graph runHuntingQuery: `{"@odata.context":…,"schema":[…],"results":[…]}`.
    GraphJson,
    /// Streaming API via Event Hub: one `{"records":[…]}` message per line.
    Eventhub,
    /// Streaming API via a storage account: PT1H.json, one record per CRLF line.
    Storage,
    /// Log Analytics query API: `{"tables":[{"columns":[…],"rows":[[…]]}]}`.
    LaQuery,
    /// Log Analytics workspace data export: one record per line.
    LaExport,
}

/// Values that are the same for every record of one run.
#[derive(Clone, Debug)]
pub struct Envelope {
    /// The tenant (Streaming API) / workspace (Log Analytics) id.
    pub tenant: String,
    /// Randomness of the envelopes only (batch sizes, receive delays), kept apart
    /// from the content stream so every shape carries the same events.
    pub rng: Rng,
}

pub trait ShapeWriter {
    fn begin(&mut self) -> io::Result<()>;
    fn write(&mut self, rec: &Record) -> io::Result<()>;
    fn finish(&mut self) -> io::Result<()>;
}

pub fn writer<'a, W: Write + 'a>(
    shape: Shape,
    tables: TableChoice,
    out: &'a mut W,
    env: Envelope,
) -> Box<dyn ShapeWriter + 'a> {
    // Tabular shapes have one header for all rows: a KQL `union` when both tables
    // are written. Record-per-line shapes give each record its own table's columns.
    let tabular = |dialect| match tables {
        TableChoice::Network => Layout::new(Table::Network.columns(), dialect),
        TableChoice::Process => Layout::new(Table::Process.columns(), dialect),
        TableChoice::Both => Layout::new(&union_columns(), dialect),
    };
    let per_table =
        |dialect| [Table::Network, Table::Process].map(|t| Layout::new(t.columns(), dialect));
    match shape {
        Shape::Csv => Box::new(CsvWriter {
            // A buffer far larger than a row keeps `write_byte_record` on its fast path.
            csv: csv::WriterBuilder::new()
                .buffer_capacity(1 << 16)
                .from_writer(out),
            row: csv::ByteRecord::new(),
            layout: tabular(Dialect::Hunting),
            env,
        }),
        Shape::Jsonl => Box::new(LinesWriter {
            out,
            layouts: per_table(Dialect::Hunting),
            env,
        }),
        Shape::LaExport => Box::new(LinesWriter {
            out,
            layouts: per_table(Dialect::Analytics),
            env,
        }),
        Shape::ApiJson => Box::new(DocumentWriter::new(
            out,
            tabular(Dialect::Hunting),
            &API,
            env,
        )),
        Shape::GraphJson => Box::new(DocumentWriter::new(
            out,
            tabular(Dialect::Hunting),
            &GRAPH,
            env,
        )),
        Shape::LaQuery => Box::new(DocumentWriter::new(
            out,
            tabular(Dialect::Analytics),
            &LA_QUERY,
            env,
        )),
        Shape::Eventhub | Shape::Storage => Box::new(StreamWriter {
            out,
            layouts: per_table(Dialect::Stream),
            env,
            storage: shape == Shape::Storage,
            batch_left: 0,
            in_batch: false,
            clock: TimeText::default(),
            scratch: String::new(),
        }),
    }
}

/// Where a field's value comes from.
#[derive(Clone, Copy, Debug)]
enum Source {
    Col(Col),
    /// The record's table name (Log Analytics `Type`).
    TableName,
    /// The tenant / workspace id (Log Analytics `TenantId`).
    Tenant,
}

#[derive(Debug)]
struct Field {
    name: &'static str,
    /// `"name":`, rendered once.
    key: String,
    src: Source,
    ty: ColType,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Dialect {
    /// Advanced Hunting columns as they are.
    Hunting,
    /// Advanced Hunting columns plus the Streaming API's `MachineGroup`.
    Stream,
    /// Log Analytics: `TenantId`, `TimeGenerated` for `Timestamp`, `MachineGroup`,
    /// `Type`, and AdditionalFields as `dynamic`.
    Analytics,
}

#[derive(Debug)]
struct Layout {
    fields: Vec<Field>,
    /// Whether `dynamic` values are written as JSON rather than as JSON text.
    dynamic_raw: bool,
}

impl Layout {
    fn new(cols: &[Col], dialect: Dialect) -> Layout {
        let mut fields = Vec::with_capacity(cols.len() + 3);
        if dialect == Dialect::Analytics {
            fields.push(Field::new("TenantId", Source::Tenant, ColType::Str));
        }
        for &col in cols {
            let name = match col {
                Col::Timestamp if dialect == Dialect::Analytics => "TimeGenerated",
                _ => col.name(),
            };
            fields.push(Field::new(name, Source::Col(col), col.ty()));
        }
        if dialect != Dialect::Hunting {
            fields.push(Field::new(
                "MachineGroup",
                Source::Col(Col::MachineGroup),
                ColType::Str,
            ));
        }
        if dialect == Dialect::Analytics {
            fields.push(Field::new("Type", Source::TableName, ColType::Str));
        }
        Layout {
            fields,
            dynamic_raw: dialect == Dialect::Analytics,
        }
    }
}

impl Field {
    fn new(name: &'static str, src: Source, ty: ColType) -> Field {
        Field {
            name,
            key: format!("\"{name}\":"),
            src,
            ty,
        }
    }

    /// The cell text, or `None` for null.
    fn text<'r>(&self, rec: &'r Record, env: &'r Envelope) -> Option<&'r str> {
        match self.src {
            Source::Col(col) => rec.get(col),
            Source::TableName => Some(rec.table.name()),
            Source::Tenant => Some(&env.tenant),
        }
    }
}

/// Writes one value as JSON, quoting by column type.
fn json_value<W: Write>(
    out: &mut W,
    rec: &Record,
    field: &Field,
    env: &Envelope,
    dynamic_raw: bool,
) -> io::Result<()> {
    let Some(text) = field.text(rec, env) else {
        return out.write_all(b"null");
    };
    let port = matches!(field.src, Source::Col(Col::RemotePort | Col::LocalPort));
    match field.ty {
        ColType::Int | ColType::Long if !(port && rec.ports_as_text) => {
            out.write_all(text.as_bytes())
        }
        ColType::Bool => out.write_all(text.as_bytes()),
        ColType::Dynamic if dynamic_raw => out.write_all(if text.is_empty() {
            b"null"
        } else {
            text.as_bytes()
        }),
        _ => json_str(out, text),
    }
}

/// Writes `{"key":value,…}` for one record.
fn json_object<W: Write>(
    out: &mut W,
    rec: &Record,
    layout: &Layout,
    env: &Envelope,
) -> io::Result<()> {
    out.write_all(b"{")?;
    for (i, field) in layout.fields.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        out.write_all(field.key.as_bytes())?;
        json_value(out, rec, field, env, layout.dynamic_raw)?;
    }
    out.write_all(b"}")
}

/// Writes a JSON string literal. Runs of plain bytes are copied in one call.
pub fn json_str<W: Write>(out: &mut W, s: &str) -> io::Result<()> {
    out.write_all(b"\"")?;
    let mut rest = s.as_bytes();
    loop {
        let plain = plain_prefix(rest);
        out.write_all(&rest[..plain])?;
        let Some(&b) = rest.get(plain) else { break };
        match b {
            b'"' => out.write_all(b"\\\"")?,
            b'\\' => out.write_all(b"\\\\")?,
            b'\n' => out.write_all(b"\\n")?,
            b'\r' => out.write_all(b"\\r")?,
            b'\t' => out.write_all(b"\\t")?,
            _ => write!(out, "\\u{b:04x}")?,
        }
        rest = &rest[plain + 1..];
    }
    out.write_all(b"\"")
}

/// Length of the prefix that needs no JSON escaping (no `"`, `\`, or byte < 0x20).
/// Scans eight bytes at a time because escaping is the hot spot of the JSON shapes.
fn plain_prefix(bytes: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // High bit set in each byte of `w` that is zero (exact for the lowest such byte).
    let zero_bytes = |w: u64| w.wrapping_sub(ONES) & !w & HIGH;
    let mut i = 0;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let w = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
        let hits = (w.wrapping_sub(ONES * 0x20) & !w & HIGH)
            | zero_bytes(w ^ (ONES * u64::from(b'"')))
            | zero_bytes(w ^ (ONES * u64::from(b'\\')));
        if hits != 0 {
            return i + (hits.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    i + bytes[i..]
        .iter()
        .take_while(|&&b| b >= 0x20 && b != b'"' && b != b'\\')
        .count()
}

/// `csv`: header of column names, RFC-4180 quoting, empty cells for nulls.
struct CsvWriter<W: Write> {
    csv: csv::Writer<W>,
    /// Reused for every row: one `write_byte_record` is much cheaper than a
    /// `write_field` per cell.
    row: csv::ByteRecord,
    layout: Layout,
    env: Envelope,
}

impl<W: Write> ShapeWriter for CsvWriter<W> {
    fn begin(&mut self) -> io::Result<()> {
        self.csv
            .write_record(self.layout.fields.iter().map(|f| f.name))?;
        Ok(())
    }

    fn write(&mut self, rec: &Record) -> io::Result<()> {
        self.row.clear();
        for field in &self.layout.fields {
            let text = field.text(rec, &self.env).unwrap_or("");
            self.row.push_field(text.as_bytes());
        }
        self.csv.write_byte_record(&self.row)?;
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        self.csv.flush()
    }
}

/// `jsonl` and `la-export`: one JSON object per line, no outer array.
struct LinesWriter<'a, W: Write> {
    out: &'a mut W,
    layouts: [Layout; 2],
    env: Envelope,
}

impl<W: Write> ShapeWriter for LinesWriter<'_, W> {
    fn begin(&mut self) -> io::Result<()> {
        Ok(())
    }

    fn write(&mut self, rec: &Record) -> io::Result<()> {
        json_object(self.out, rec, &self.layouts[rec.table as usize], &self.env)?;
        self.out.write_all(b"\n")
    }

    fn finish(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The envelope of a whole-document JSON shape.
struct DocStyle {
    /// Everything before the first schema entry.
    head: &'static str,
    name_key: &'static str,
    type_key: &'static str,
    analytics_types: bool,
    /// Between the schema and the first row.
    rows_open: &'static str,
    tail: &'static str,
    /// Rows are positional arrays (Log Analytics) rather than objects.
    positional: bool,
}

const API: DocStyle = DocStyle {
    head: "{\"Schema\":[",
    name_key: "Name",
    type_key: "Type",
    analytics_types: false,
    rows_open: "],\"Results\":[",
    tail: "]}\n",
    positional: false,
};

const GRAPH: DocStyle = DocStyle {
    head: "{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#microsoft.graph.security.huntingQueryResults\",\"schema\":[",
    name_key: "name",
    type_key: "type",
    analytics_types: false,
    rows_open: "],\"results\":[",
    tail: "]}\n",
    positional: false,
};

const LA_QUERY: DocStyle = DocStyle {
    head: "{\"tables\":[{\"name\":\"PrimaryResult\",\"columns\":[",
    name_key: "name",
    type_key: "type",
    analytics_types: true,
    rows_open: "],\"rows\":[",
    tail: "]}]}\n",
    positional: true,
};

/// `api-json`, `graph-json` and `la-query`: a schema, then the rows, one per line.
struct DocumentWriter<'a, W: Write> {
    out: &'a mut W,
    layout: Layout,
    style: &'static DocStyle,
    env: Envelope,
    rows: u64,
}

impl<'a, W: Write> DocumentWriter<'a, W> {
    fn new(out: &'a mut W, layout: Layout, style: &'static DocStyle, env: Envelope) -> Self {
        DocumentWriter {
            out,
            layout,
            style,
            env,
            rows: 0,
        }
    }
}

impl<W: Write> ShapeWriter for DocumentWriter<'_, W> {
    fn begin(&mut self) -> io::Result<()> {
        let s = self.style;
        self.out.write_all(s.head.as_bytes())?;
        for (i, f) in self.layout.fields.iter().enumerate() {
            let ty = if s.analytics_types {
                f.ty.analytics_name()
            } else {
                f.ty.hunting_name()
            };
            let sep = if i > 0 { "," } else { "" };
            write!(
                self.out,
                "{sep}{{\"{}\":\"{}\",\"{}\":\"{ty}\"}}",
                s.name_key, f.name, s.type_key
            )?;
        }
        self.out.write_all(s.rows_open.as_bytes())
    }

    fn write(&mut self, rec: &Record) -> io::Result<()> {
        self.out
            .write_all(if self.rows == 0 { b"\n" } else { b",\n" })?;
        self.rows += 1;
        if !self.style.positional {
            return json_object(self.out, rec, &self.layout, &self.env);
        }
        self.out.write_all(b"[")?;
        for (i, field) in self.layout.fields.iter().enumerate() {
            if i > 0 {
                self.out.write_all(b",")?;
            }
            // The query API returns `dynamic` values as JSON text.
            json_value(self.out, rec, field, &self.env, false)?;
        }
        self.out.write_all(b"]")
    }

    fn finish(&mut self) -> io::Result<()> {
        if self.rows > 0 {
            self.out.write_all(b"\n")?;
        }
        self.out.write_all(self.style.tail.as_bytes())
    }
}

/// `eventhub` (records batched into messages, one per line) and `storage` (one
/// record per CRLF-terminated line, with `_TimeReceivedBySvc`).
struct StreamWriter<'a, W: Write> {
    out: &'a mut W,
    layouts: [Layout; 2],
    env: Envelope,
    storage: bool,
    /// Records still to go into the open Event Hub message.
    batch_left: u64,
    in_batch: bool,
    clock: TimeText,
    scratch: String,
}

impl<W: Write> StreamWriter<'_, W> {
    fn close_batch(&mut self) -> io::Result<()> {
        if self.in_batch {
            self.out.write_all(b"]}\n")?;
            self.in_batch = false;
        }
        Ok(())
    }

    /// Appends `"key":"<time>"` to the scratch line.
    fn time_field(&mut self, key: &str, nanos: i64, style: TimeStyle) {
        self.scratch.push_str(key);
        self.scratch.push('"');
        self.clock.push(&mut self.scratch, nanos, style);
        self.scratch.push('"');
    }
}

impl<W: Write> ShapeWriter for StreamWriter<'_, W> {
    fn begin(&mut self) -> io::Result<()> {
        Ok(())
    }

    fn write(&mut self, rec: &Record) -> io::Result<()> {
        if !self.storage {
            if self.batch_left == 0 {
                self.close_batch()?;
                self.out.write_all(b"{\"records\":[")?;
                self.in_batch = true;
                self.batch_left = self.env.rng.range(1, 50);
            } else {
                self.out.write_all(b",")?;
            }
            self.batch_left -= 1;
        }
        // The service receives an event seconds to minutes after it happened and
        // publishes it later still (`time`), as in the captured record of §2.4.
        let received = rec.time + self.env.rng.range(500, 90_000) as i64 * 1_000_000;
        let published = received + self.env.rng.range(1_000, 120_000) as i64 * 1_000_000;
        self.scratch.clear();
        self.time_field("{\"time\":", published, TimeStyle::Full);
        self.scratch.push_str(",\"tenantId\":\"");
        self.scratch.push_str(&self.env.tenant);
        self.scratch
            .push_str("\",\"operationName\":\"Publish\",\"category\":\"AdvancedHunting-");
        self.scratch.push_str(rec.table.name());
        self.scratch.push('"');
        if self.storage {
            self.time_field(",\"_TimeReceivedBySvc\":", received, TimeStyle::FullNoZone);
        }
        self.scratch.push_str(",\"properties\":");
        self.out.write_all(self.scratch.as_bytes())?;
        json_object(self.out, rec, &self.layouts[rec.table as usize], &self.env)?;
        self.out.write_all(b",\"Tenant\":\"DefaultTenant\"}")?;
        if self.storage {
            self.out.write_all(b"\r\n")?;
        }
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        self.close_batch()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_strings_match_serde_json() {
        let long = "c:\\program files\\x \"q\" \u{1}\u{1f}\ttab\r\nend é 議事録 ".repeat(3);
        for s in [
            "",
            "plain",
            "12345678",
            "1234567\"",
            "\"",
            "a\\b",
            "\u{0}",
            "x\u{7f}y",
            long.as_str(),
        ] {
            let mut out = Vec::new();
            json_str(&mut out, s).unwrap();
            let back: String = serde_json::from_slice(&out).unwrap();
            assert_eq!(back, s);
            assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string(s).unwrap()
            );
        }
    }
}

//! A table for people at a terminal. Cells are escaped so that no control or
//! bidirectional character reaches the terminal, and long cells are shortened.

use std::io::{self, Write};

use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};

use super::sanitize::terminal_safe;
use super::{AlertMeta, AlertSink};
use crate::alert::Alert;

/// The longest cell shown; the full value is in the JSON and CSV outputs.
const MAX_CELL: usize = 120;

pub struct TableSink<'w> {
    out: Box<dyn Write + 'w>,
    width: Option<u16>,
    rows: Vec<Vec<String>>,
}

impl<'w> TableSink<'w> {
    pub fn new(out: Box<dyn Write + 'w>, width: Option<u16>) -> Self {
        TableSink {
            out,
            width,
            rows: Vec::new(),
        }
    }
}

fn cell(text: &str) -> String {
    let safe = terminal_safe(text);
    if safe.chars().count() <= MAX_CELL {
        return safe.into_owned();
    }
    let mut s: String = safe.chars().take(MAX_CELL - 1).collect();
    s.push('…');
    s
}

impl AlertSink for TableSink<'_> {
    fn alert(&mut self, _meta: &AlertMeta, alert: &Alert) -> io::Result<()> {
        self.rows
            .push(alert.columns.iter().map(|v| cell(&v.to_text())).collect());
        Ok(())
    }

    fn finish(&mut self, meta: &AlertMeta) -> io::Result<()> {
        if self.rows.is_empty() {
            writeln!(self.out, "no alerts ({})", terminal_safe(&meta.rule_id))?;
            return self.out.flush();
        }
        let mut table = Table::new();
        table
            .load_style(UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_header(meta.columns.iter().map(|c| cell(c)));
        if let Some(w) = self.width {
            table.set_width(w);
        }
        for row in self.rows.drain(..) {
            table.add_row(row);
        }
        writeln!(self.out, "{table}")?;
        writeln!(
            self.out,
            "{} alert(s) from {} [{}] severity {}, confidence {}",
            table.row_count(),
            terminal_safe(&meta.rule_id),
            meta.techniques.join(", "),
            meta.severity,
            meta.confidence
        )?;
        self.out.flush()
    }
}

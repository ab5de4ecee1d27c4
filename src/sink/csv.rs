//! CSV output: the rule's columns, then porthunt's metadata columns.

use std::io::{self, Write};

use super::sanitize::csv_safe;
use super::{AlertMeta, AlertSink};
use crate::alert::{Alert, OutValue};

const META_COLUMNS: &[&str] = &[
    "AlertId",
    "RuleId",
    "Techniques",
    "Severity",
    "Confidence",
    "Input",
    "Record",
];

pub struct CsvSink<'w> {
    out: csv::Writer<Box<dyn Write + 'w>>,
    header_written: bool,
}

impl<'w> CsvSink<'w> {
    pub fn new(out: Box<dyn Write + 'w>) -> Self {
        CsvSink {
            out: csv::Writer::from_writer(out),
            header_written: false,
        }
    }

    fn header(&mut self, meta: &AlertMeta) -> io::Result<()> {
        if !self.header_written {
            let names = meta
                .columns
                .iter()
                .map(String::as_str)
                .chain(META_COLUMNS.iter().copied());
            self.out.write_record(names)?;
            self.header_written = true;
        }
        Ok(())
    }
}

impl AlertSink for CsvSink<'_> {
    fn alert(&mut self, meta: &AlertMeta, alert: &Alert) -> io::Result<()> {
        self.header(meta)?;
        let mut cells: Vec<String> = alert
            .columns
            .iter()
            .map(|v| match v {
                OutValue::Str(s) => csv_safe(s).into_owned(),
                other => other.to_text(),
            })
            .collect();
        cells.extend([
            alert.id(&meta.rule_id),
            csv_safe(&meta.rule_id).into_owned(),
            meta.techniques.join(";"),
            meta.severity.clone(),
            meta.confidence.clone(),
            csv_safe(
                meta.inputs
                    .get(alert.input as usize)
                    .map_or("", String::as_str),
            )
            .into_owned(),
            alert.record.to_string(),
        ]);
        self.out.write_record(&cells)?;
        Ok(())
    }

    fn finish(&mut self, meta: &AlertMeta) -> io::Result<()> {
        self.header(meta)?;
        self.out.flush()
    }
}

//! The Advanced Hunting portal export as CSV: a header row of column names in
//! query order, RFC 4180 quoting (cells may hold commas, quotes and newlines),
//! empty cells for nulls.

use std::borrow::Cow;

use super::columns::{Cell, Col, ColSet, Row};

/// The columns of a CSV export, from its header row.
#[derive(Clone, Debug)]
pub struct Layout {
    /// Column names as the header gives them.
    pub names: Vec<String>,
    /// For each position, the column to keep there (only wanted columns).
    positions: Vec<Option<Col>>,
}

impl Layout {
    /// Reads a header row. Returns `None` when it names no Defender column at all.
    pub fn from_header(header: &[u8], wanted: ColSet) -> Option<Layout> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(header);
        let record = reader.byte_records().next()?.ok()?;
        let names: Vec<String> = record
            .iter()
            .map(|f| String::from_utf8_lossy(f).trim().to_string())
            .collect();
        if !names.iter().any(|n| Col::from_name(n).is_some()) {
            return None;
        }
        let positions = names
            .iter()
            .map(|n| Col::from_name(n).filter(|c| wanted.contains(*c)))
            .collect();
        Some(Layout { names, positions })
    }

    /// Parses the records of one chunk (whole records only). `on_row` gets each row
    /// with its 1-based line number in the file; a record with the wrong number of
    /// fields, or that is not valid CSV, goes to `on_error` instead.
    pub fn read_chunk(
        &self,
        chunk: &[u8],
        first_line: u64,
        on_row: &mut dyn for<'r> FnMut(Row<'r>, u64),
        on_error: &mut dyn FnMut(u64, String),
    ) {
        let mut lines = LineCounter::new(chunk, first_line);
        self.read_records(chunk, &mut |offset| lines.line_at(offset), on_row, on_error);
    }

    /// Parses records picked out of a file (whole records, each at its own line),
    /// copied together so that one parser reads them all.
    pub fn read_picked(
        &self,
        picked: &[(&[u8], u64)],
        on_row: &mut dyn for<'r> FnMut(Row<'r>, u64),
        on_error: &mut dyn FnMut(u64, String),
    ) {
        let mut buf = Vec::with_capacity(picked.iter().map(|(r, _)| r.len()).sum());
        let mut starts = Vec::with_capacity(picked.len());
        for (record, line) in picked {
            starts.push((buf.len(), *line));
            buf.extend_from_slice(record);
        }
        let mut next = 0;
        let mut line_at = |offset: usize| {
            while next + 1 < starts.len() && starts[next + 1].0 <= offset {
                next += 1;
            }
            starts.get(next).map_or(0, |s| s.1)
        };
        self.read_records(&buf, &mut line_at, on_row, on_error);
    }

    fn read_records(
        &self,
        chunk: &[u8],
        line_at: &mut dyn FnMut(usize) -> u64,
        on_row: &mut dyn for<'r> FnMut(Row<'r>, u64),
        on_error: &mut dyn FnMut(u64, String),
    ) {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(chunk);
        let mut record = csv::ByteRecord::new();
        loop {
            // Where the next record starts. csv's own line numbers disagree between
            // LF and CRLF input, so lines are counted here from byte offsets.
            let line = line_at(reader.position().byte() as usize);
            match reader.read_byte_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => {
                    on_error(line, format!("not valid CSV: {e}"));
                    continue;
                }
            }
            if record.len() == 1 && record.get(0).is_some_and(|f| f.is_empty()) {
                continue; // blank line
            }
            if record.len() != self.positions.len() {
                on_error(
                    line,
                    format!(
                        "row has {} fields, the header has {}",
                        record.len(),
                        self.positions.len()
                    ),
                );
                continue;
            }
            let mut row = Row::default();
            for (i, col) in self.positions.iter().enumerate() {
                if let Some(c) = col {
                    row.set(*c, Cell::Str(text(&record[i])));
                }
            }
            on_row(row, line);
        }
    }
}

/// Line numbers of byte offsets in a chunk, for offsets visited in order.
struct LineCounter<'c> {
    chunk: &'c [u8],
    offset: usize,
    line: u64,
}

impl<'c> LineCounter<'c> {
    fn new(chunk: &'c [u8], first_line: u64) -> Self {
        LineCounter {
            chunk,
            offset: 0,
            line: first_line,
        }
    }

    /// The line of the first byte at or after `offset` that is not a line terminator.
    fn line_at(&mut self, offset: usize) -> u64 {
        let mut start = offset.min(self.chunk.len());
        while start < self.chunk.len() && matches!(self.chunk[start], b'\r' | b'\n') {
            start += 1;
        }
        if start > self.offset {
            self.line += memchr::memchr_iter(b'\n', &self.chunk[self.offset..start]).count() as u64;
            self.offset = start;
        }
        self.line
    }
}

/// A cell's text, borrowed from the record; invalid UTF-8 is repaired with U+FFFD.
fn text(field: &[u8]) -> Cow<'_, str> {
    String::from_utf8_lossy(field)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_and_quoted_cells() {
        let layout = Layout::from_header(
            b"Timestamp,Extra,InitiatingProcessCommandLine\r\n",
            ColSet::ALL,
        )
        .unwrap();
        let chunk = b"2024-01-01T00:00:00Z,x,\"\"\"a.exe\"\" /c \"\"b,c\"\"\nd\"\r\n2024-01-01T00:00:01Z,y,z\r\n";
        let mut rows = Vec::new();
        let mut errors = Vec::new();
        layout.read_chunk(
            chunk,
            2,
            &mut |r, l| rows.push((format!("{:?}", r.get(Col::IpCommandLine)), l)),
            &mut |l, e| errors.push((l, e)),
        );
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(rows.len(), 2);
        assert_eq!(
            rows[0].0,
            format!("{:?}", Cell::Str("\"a.exe\" /c \"b,c\"\nd".into()))
        );
        assert_eq!((rows[0].1, rows[1].1), (2, 4));
    }

    #[test]
    fn wrong_field_count_names_the_line() {
        let layout = Layout::from_header(b"Timestamp,RemotePort", ColSet::ALL).unwrap();
        let mut errors = Vec::new();
        layout.read_chunk(b"a,1\nb\nc,2,3\n", 10, &mut |_, _| {}, &mut |l, e| {
            errors.push((l, e))
        });
        assert_eq!(errors.iter().map(|e| e.0).collect::<Vec<_>>(), [11, 12]);
    }

    #[test]
    fn not_a_defender_header() {
        assert!(Layout::from_header(b"a,b,c", ColSet::ALL).is_none());
    }
}

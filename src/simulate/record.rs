//! The one row model every shape writer reads: a table name plus the already
//! rendered text of each present cell.
//!
//! Cells are rendered once, as Advanced Hunting shows them (numbers in decimal,
//! datetimes in ISO-8601, AdditionalFields as JSON text); the writers only decide
//! quoting from the column type. One `Record` is reused for every row so the hot loop
//! does not allocate.

use super::schema::{Col, Table};
use crate::event::time::Timestamp;

pub const NANOS_PER_SEC: i64 = 1_000_000_000;
const NANOS_PER_DAY: i64 = 86_400 * NANOS_PER_SEC;

#[derive(Debug)]
pub struct Record {
    pub table: Table,
    /// The event time (`Timestamp`), nanoseconds since the epoch, multiple of 100.
    pub time: i64,
    /// Quirk: the JSON shapes write RemotePort/LocalPort as strings (`"443"`).
    pub ports_as_text: bool,
    cells: Vec<String>,
    /// Bit `col as usize` is set when the cell has a value; unset cells are null.
    present: u128,
    clock: TimeText,
}

impl Default for Record {
    fn default() -> Self {
        Record {
            table: Table::Network,
            time: 0,
            ports_as_text: false,
            cells: vec![String::new(); Col::ALL.len()],
            present: 0,
            clock: TimeText::default(),
        }
    }
}

impl Record {
    /// Starts a new row: every cell null.
    pub fn reset(&mut self, table: Table, time: i64) {
        self.table = table;
        self.time = time;
        self.ports_as_text = false;
        self.present = 0;
    }

    /// The text of a cell, `None` when null.
    pub fn get(&self, col: Col) -> Option<&str> {
        (self.present & (1 << col as usize) != 0).then(|| self.cells[col as usize].as_str())
    }

    /// An emptied, present cell to write into.
    pub fn cell(&mut self, col: Col) -> &mut String {
        self.present |= 1 << col as usize;
        let cell = &mut self.cells[col as usize];
        cell.clear();
        cell
    }

    pub fn set(&mut self, col: Col, text: &str) {
        self.cell(col).push_str(text);
    }

    pub fn set_int(&mut self, col: Col, value: i64) {
        self.cell(col).push_str(itoa::Buffer::new().format(value));
    }

    pub fn set_bool(&mut self, col: Col, value: bool) {
        self.set(col, if value { "true" } else { "false" });
    }

    /// A datetime cell as Advanced Hunting exports it: trailing zeros trimmed.
    pub fn set_time(&mut self, col: Col, nanos: i64) {
        self.present |= 1 << col as usize;
        let cell = &mut self.cells[col as usize];
        cell.clear();
        self.clock.push(cell, nanos, TimeStyle::Trimmed);
    }

    pub fn set_null(&mut self, col: Col) {
        self.present &= !(1 << col as usize);
    }
}

/// How a datetime is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeStyle {
    /// `2023-12-21T17:33:44.663Z`: 0–7 fractional digits, trailing zeros trimmed.
    Trimmed,
    /// `2023-12-21T17:33:44.6630000Z`: always 7 digits (envelope `time`).
    Full,
    /// `2023-12-21T17:33:44.6630000`: no zone (`_TimeReceivedBySvc`).
    FullNoZone,
}

/// ISO-8601 formatting with the date part cached, because the calendar arithmetic is
/// the slow part and a row's datetimes fall on a handful of days (event, process
/// start, boot), all within a few weeks.
#[derive(Debug)]
pub struct TimeText {
    /// `YYYY-MM-DDT` by day number modulo the cache size.
    dates: Vec<(i64, [u8; 11])>,
}

impl Default for TimeText {
    fn default() -> Self {
        TimeText {
            dates: vec![(i64::MIN, [0; 11]); 64],
        }
    }
}

impl TimeText {
    pub fn push(&mut self, out: &mut String, nanos: i64, style: TimeStyle) {
        let day = nanos.div_euclid(NANOS_PER_DAY);
        let entry = &mut self.dates[day.rem_euclid(64) as usize];
        if entry.0 != day {
            // "YYYY-MM-DDT" from the crate's own calendar code.
            let full = Timestamp(day * NANOS_PER_DAY).to_string();
            entry.1.copy_from_slice(&full.as_bytes()[..11]);
            entry.0 = day;
        }
        out.push_str(std::str::from_utf8(&entry.1).expect("ASCII date"));
        let in_day = nanos.rem_euclid(NANOS_PER_DAY);
        let secs = in_day / NANOS_PER_SEC;
        push2(out, secs / 3600);
        out.push(':');
        push2(out, secs / 60 % 60);
        out.push(':');
        push2(out, secs % 60);
        let ticks = (in_day % NANOS_PER_SEC) / 100;
        let mut digits = 7;
        let mut frac = ticks;
        if style == TimeStyle::Trimmed {
            while digits > 0 && frac % 10 == 0 {
                frac /= 10;
                digits -= 1;
            }
        }
        if digits > 0 {
            out.push('.');
            let mut buf = [b'0'; 7];
            for slot in buf[..digits].iter_mut().rev() {
                *slot = b'0' + (frac % 10) as u8;
                frac /= 10;
            }
            buf[..digits].iter().for_each(|&b| out.push(char::from(b)));
        }
        if style != TimeStyle::FullNoZone {
            out.push('Z');
        }
    }
}

fn push2(out: &mut String, v: i64) {
    out.push(char::from(b'0' + (v / 10) as u8));
    out.push(char::from(b'0' + (v % 10) as u8));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(nanos: i64, style: TimeStyle) -> String {
        let mut s = String::new();
        TimeText::default().push(&mut s, nanos, style);
        s
    }

    #[test]
    fn datetimes_trim_like_the_portal() {
        let base = Timestamp::parse("2023-12-21T17:33:44Z").unwrap().0;
        assert_eq!(fmt(base, TimeStyle::Trimmed), "2023-12-21T17:33:44Z");
        assert_eq!(
            fmt(base + 663_000_000, TimeStyle::Trimmed),
            "2023-12-21T17:33:44.663Z"
        );
        assert_eq!(
            fmt(base + 10_975_200, TimeStyle::Trimmed),
            "2023-12-21T17:33:44.0109752Z"
        );
        assert_eq!(
            fmt(base + 663_000_000, TimeStyle::Full),
            "2023-12-21T17:33:44.6630000Z"
        );
        assert_eq!(
            fmt(base, TimeStyle::FullNoZone),
            "2023-12-21T17:33:44.0000000"
        );
    }

    #[test]
    fn cells_are_null_until_set() {
        let mut r = Record::default();
        r.set_int(Col::RemotePort, 443);
        assert_eq!(r.get(Col::RemotePort), Some("443"));
        r.reset(Table::Network, 0);
        assert_eq!(r.get(Col::RemotePort), None);
        r.set(Col::RemoteUrl, "");
        assert_eq!(r.get(Col::RemoteUrl), Some(""));
    }
}

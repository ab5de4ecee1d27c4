//! Alerts: what the rule engine hands to sinks.

use std::cmp::Ordering;

use crate::event::field::Value;
use crate::event::{NetworkEvent, Timestamp};

/// An owned output value.
#[derive(Clone, Debug, PartialEq)]
pub enum OutValue {
    Str(String),
    Int(i64),
    Time(Timestamp),
    Bool(bool),
    Null,
}

impl From<Value<'_>> for OutValue {
    fn from(v: Value<'_>) -> Self {
        match v {
            Value::Str(s) => OutValue::Str(s.to_string()),
            Value::Int(i) => OutValue::Int(i),
            Value::Time(t) => OutValue::Time(t),
            Value::Bool(b) => OutValue::Bool(b),
            Value::Null => OutValue::Null,
        }
    }
}

impl OutValue {
    /// Plain text rendering (before any output-specific escaping).
    pub fn to_text(&self) -> String {
        match self {
            OutValue::Str(s) => s.clone(),
            OutValue::Int(i) => i.to_string(),
            OutValue::Time(t) => t.to_string(),
            OutValue::Bool(b) => b.to_string(),
            OutValue::Null => String::new(),
        }
    }

    /// Ascending order used for tie-breaks: nulls first, numbers by value, and
    /// strings that are both integers (ReportId) numerically.
    pub fn cmp_asc(&self, other: &OutValue) -> Ordering {
        use OutValue::*;
        match (self, other) {
            (Null, Null) => Ordering::Equal,
            (Null, _) => Ordering::Less,
            (_, Null) => Ordering::Greater,
            (Int(a), Int(b)) => a.cmp(b),
            (Time(a), Time(b)) => a.cmp(b),
            (Bool(a), Bool(b)) => a.cmp(b),
            (Str(a), Str(b)) => match (a.parse::<i64>(), b.parse::<i64>()) {
                (Ok(x), Ok(y)) => x.cmp(&y),
                _ => a.cmp(b),
            },
            _ => self.to_text().cmp(&other.to_text()),
        }
    }
}

/// One row a rule produced.
#[derive(Clone, Debug)]
pub struct Alert {
    pub timestamp: Timestamp,
    /// The event that matched, enriched before it is projected.
    pub event: NetworkEvent<'static>,
    /// Values of the rule's output columns, in the rule's order (set by
    /// `Rule::project`, after enrichment).
    pub columns: Vec<OutValue>,
    /// The rule's sort field followed by its tie-break fields.
    pub sort_keys: Vec<OutValue>,
    /// Index of the input the event came from, and its record number there;
    /// the last tie-break, so output is deterministic.
    pub input: u32,
    /// Line number (line-based inputs) or record number (JSON documents).
    pub record: u64,
    /// Index of the record within its line or document (1-based; 0 when alone).
    pub sub: u64,
}

impl Alert {
    /// Orders alerts by the primary key (descending when asked), then by the tie-break
    /// keys ascending, then by input order.
    pub fn cmp_for_output(&self, other: &Alert, descending: bool) -> Ordering {
        let mut keys = self.sort_keys.iter().zip(&other.sort_keys);
        let primary = keys.next().map_or(Ordering::Equal, |(a, b)| a.cmp_asc(b));
        let primary = if descending {
            primary.reverse()
        } else {
            primary
        };
        primary
            .then_with(|| {
                keys.map(|(a, b)| a.cmp_asc(b))
                    .find(|o| o.is_ne())
                    .unwrap_or(Ordering::Equal)
            })
            .then(self.input.cmp(&other.input))
            .then(self.record.cmp(&other.record))
            .then(self.sub.cmp(&other.sub))
    }

    /// A stable identifier: the same rule and the same projected values give the
    /// same id in every run (64-bit FNV-1a, hex).
    pub fn id(&self, rule_id: &str) -> String {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        let mut eat = |bytes: &[u8]| {
            for b in bytes.iter().chain(&[0xff]) {
                h ^= u64::from(*b);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
        };
        eat(rule_id.as_bytes());
        for c in &self.columns {
            eat(c.to_text().as_bytes());
        }
        for k in &self.sort_keys {
            eat(k.to_text().as_bytes());
        }
        format!("{h:016x}")
    }
}

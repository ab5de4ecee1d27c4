//! Evaluates a rule against a canonical event, with KQL's semantics:
//! comparisons involving null are null, `not null` is null, `and`/`or` are
//! three-valued, and a `where` keeps a row only when its predicate is true.

use super::model::{Cond, OutputSource, Rule};
use crate::alert::{Alert, OutValue};
use crate::event::NetworkEvent;
use crate::event::field::{Field, Value};

impl Cond {
    pub fn eval(&self, rule: &Rule, e: &NetworkEvent<'_>) -> Option<bool> {
        match self {
            Cond::All(cs) => {
                let mut result = Some(true);
                for c in cs {
                    match c.eval(rule, e) {
                        Some(false) => return Some(false),
                        None => result = None,
                        Some(true) => {}
                    }
                }
                result
            }
            Cond::Any(cs) => {
                let mut result = Some(false);
                for c in cs {
                    match c.eval(rule, e) {
                        Some(true) => return Some(true),
                        None => result = None,
                        Some(false) => {}
                    }
                }
                result
            }
            Cond::Not(c) => c.eval(rule, e).map(|b| !b),
            Cond::Flag(i) => rule.flags[*i].when.eval(rule, e),
            Cond::EqStr(f, want) => str_of(*f, e).map(|s| s == want),
            Cond::EqInt(f, want) => int_of(*f, e).map(|v| v == *want),
            Cond::EqCi(f, want) => str_of(*f, e).map(|s| s.eq_ignore_ascii_case(want)),
            Cond::InStr(f, set) => str_of(*f, e).map(|s| set.contains(s)),
            Cond::InInt(f, set) => int_of(*f, e).map(|v| set.contains(&v)),
            Cond::InCi(f, set) => str_of(*f, e).map(|s| contains_ci(set, s)),
            Cond::ContainsCi(f, needle) => str_of(*f, e).map(|s| {
                s.as_bytes()
                    .windows(needle.len().max(1))
                    .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
                    || needle.is_empty()
            }),
        }
    }
}

fn str_of<'e>(f: Field, e: &'e NetworkEvent<'_>) -> Option<&'e str> {
    match f.get(e) {
        Value::Str(s) => Some(s),
        _ => None,
    }
}

fn int_of(f: Field, e: &NetworkEvent<'_>) -> Option<i64> {
    match f.get(e) {
        Value::Int(i) => Some(i),
        _ => None,
    }
}

/// ASCII case-insensitive set lookup without allocating for short values.
fn contains_ci(lowered_set: &std::collections::HashSet<String>, s: &str) -> bool {
    let mut buf = [0u8; 64];
    if s.len() <= buf.len() {
        let lowered = &mut buf[..s.len()];
        lowered.copy_from_slice(s.as_bytes());
        lowered.make_ascii_lowercase();
        // ASCII lowercasing keeps UTF-8 valid.
        std::str::from_utf8(lowered).is_ok_and(|l| lowered_set.contains(l))
    } else {
        lowered_set.contains(&s.to_ascii_lowercase())
    }
}

impl Rule {
    /// True when the event passes the rule's filter (the time window is applied by
    /// the caller, which knows the reference time).
    pub fn matches(&self, e: &NetworkEvent<'_>) -> bool {
        self.filter.eval(self, e) == Some(true)
    }

    /// Keeps a matching event as an alert, to be enriched and then projected.
    pub fn alert(&self, e: &NetworkEvent<'_>, input: u32, record: u64) -> Alert {
        Alert {
            timestamp: e.timestamp,
            event: e.clone().into_owned(),
            columns: Vec::new(),
            sort_keys: Vec::new(),
            input,
            record,
            sub: 0,
        }
    }

    /// Computes an alert's output columns and sort keys from its (enriched) event.
    pub fn project(&self, alert: &mut Alert) {
        let e = &alert.event;
        alert.columns = self
            .output
            .iter()
            .map(|c| match c.source {
                OutputSource::Field(f) => OutValue::from(f.get(e)),
                OutputSource::Flag(i) => match self.flags[i].when.eval(self, e) {
                    Some(b) => OutValue::Bool(b),
                    None => OutValue::Null,
                },
            })
            .collect();
        alert.sort_keys = std::iter::once(self.sort.field)
            .chain(self.sort.then.iter().copied())
            .map(|f| OutValue::from(f.get(e)))
            .collect();
    }
}

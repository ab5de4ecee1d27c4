//! JSON lines and JSON array output. Each alert carries the rule's projected
//! columns under their KQL names and porthunt's metadata under `porthunt`.

use std::io::{self, Write};

use serde_json::{Map, Value, json};

use super::sanitize::is_unsafe;
use super::{AlertMeta, AlertSink};
use crate::alert::{Alert, OutValue};

pub struct JsonSink<'w> {
    out: Box<dyn Write + 'w>,
    array: bool,
    written: u64,
}

impl<'w> JsonSink<'w> {
    pub fn lines(out: Box<dyn Write + 'w>) -> Self {
        JsonSink {
            out,
            array: false,
            written: 0,
        }
    }

    pub fn array(out: Box<dyn Write + 'w>) -> Self {
        JsonSink {
            out,
            array: true,
            written: 0,
        }
    }
}

/// The JSON object for one alert.
pub fn alert_object(meta: &AlertMeta, alert: &Alert) -> Value {
    let mut obj = Map::new();
    for (name, v) in meta.columns.iter().zip(&alert.columns) {
        let value = match v {
            OutValue::Str(s) => Value::String(s.clone()),
            OutValue::Int(i) => json!(i),
            OutValue::Time(t) => Value::String(t.to_string()),
            OutValue::Bool(b) => Value::Bool(*b),
            OutValue::Null => Value::Null,
        };
        obj.insert(name.clone(), value);
    }
    obj.insert(
        "porthunt".into(),
        json!({
            "alert_id": alert.id(&meta.rule_id),
            "rule_id": meta.rule_id,
            "title": meta.title,
            "techniques": meta.techniques,
            "severity": meta.severity,
            "confidence": meta.confidence,
            "input": meta.inputs.get(alert.input as usize),
            "record": alert.record,
        }),
    );
    Value::Object(obj)
}

impl AlertSink for JsonSink<'_> {
    fn alert(&mut self, meta: &AlertMeta, alert: &Alert) -> io::Result<()> {
        if self.array {
            self.out
                .write_all(if self.written == 0 { b"[\n" } else { b",\n" })?;
        }
        write_safe_json(&mut self.out, &alert_object(meta, alert))?;
        if !self.array {
            self.out.write_all(b"\n")?;
        }
        self.written += 1;
        Ok(())
    }

    fn finish(&mut self, _meta: &AlertMeta) -> io::Result<()> {
        if self.array {
            self.out
                .write_all(if self.written == 0 { b"[]\n" } else { b"\n]\n" })?;
        }
        self.out.flush()
    }
}

/// Writes JSON with every character that could drive a terminal (DEL, C1 controls,
/// bidirectional overrides) escaped as `\uXXXX`, on top of the C0 escapes JSON
/// requires. The text stays valid JSON and parses back to the same strings.
pub fn write_safe_json(out: &mut dyn Write, value: &Value) -> io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(out, SafeFormatter);
    serde::Serialize::serialize(value, &mut ser).map_err(io::Error::other)
}

struct SafeFormatter;

impl serde_json::ser::Formatter for SafeFormatter {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if is_unsafe(c) {
                w.write_all(&fragment.as_bytes()[start..i])?;
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    write!(w, "\\u{u:04x}")?;
                }
                start = i + c.len_utf8();
            }
        }
        w.write_all(&fragment.as_bytes()[start..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_json_escapes_and_round_trips() {
        let v = json!({"cmd": "a\u{202E}b\u{7f}c\u{9b}d\u{1b}e"});
        let mut out = Vec::new();
        write_safe_json(&mut out, &v).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(!text.chars().any(is_unsafe), "{text}");
        assert!(text.contains("\\u202e"));
        assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), v);
    }
}

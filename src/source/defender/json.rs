//! Every JSON shape of Defender data, read by one serde visitor:
//!
//! * plain rows `{"Timestamp":…,"RemotePort":443,…}` (JSON lines, or a top-level array);
//! * streaming-API records `{"time":…,"category":"AdvancedHunting-DeviceNetworkEvents","properties":{…row…}}`
//!   (storage-account `PT1H.json` lines) and Event Hub messages `{"records":[…]}`;
//! * Defender API `{"Schema":[{"Name","Type"}],"Results":[…]}` and Graph
//!   `{"schema":[{"name","type"}],"results":[…]}` responses;
//! * Log Analytics query responses `{"tables":[{"columns":[…],"rows":[[…]]}]}`;
//! * Log Analytics data-export lines (plain rows with `TimeGenerated` and `Type`).
//!
//! Rows are handed to a [`RowSink`] as soon as they are read, so a response of any
//! size streams. Only the columns in the wanted set are materialised; every other
//! value is skipped without being decoded.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::columns::{Cell, Col, ColSet, Row, Table};
use crate::source::json_key::Key;

/// Receives rows (and column lists, where the shape declares one) as they are read.
pub trait RowSink<'de> {
    fn row(&mut self, row: Row<'de>, table: Option<Table>);
    /// The declared columns of a response; an `Err` aborts the read of this input.
    fn schema(&mut self, columns: &[String]) -> Result<(), String>;
}

/// Reads one JSON value (a line, or a whole document) and feeds its rows to `sink`.
pub fn read_value<'de, D, S>(de: D, wanted: ColSet, sink: &mut S) -> Result<(), D::Error>
where
    D: Deserializer<'de>,
    S: RowSink<'de>,
{
    ValueSeed { wanted, sink }.deserialize(de)
}

struct ValueSeed<'s, S> {
    wanted: ColSet,
    sink: &'s mut S,
}

impl<'de, S: RowSink<'de>> DeserializeSeed<'de> for ValueSeed<'_, S> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<(), D::Error> {
        de.deserialize_any(self)
    }
}

impl<'de, S: RowSink<'de>> Visitor<'de> for ValueSeed<'_, S> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a Defender row, record, message or response object, or an array of them")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq
            .next_element_seed(ValueSeed {
                wanted: self.wanted,
                sink: &mut *self.sink,
            })?
            .is_some()
        {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut top = Row::default();
        let mut top_has_columns = false;
        let mut properties: Option<Row<'de>> = None;
        let mut table: Option<Table> = None;
        let mut container = false;
        while let Some(key) = map.next_key::<Key<'de>>()? {
            match key.0.as_ref() {
                "properties" => {
                    properties = Some(map.next_value_seed(RowSeed(self.wanted))?);
                }
                "category" => {
                    let c: Cell<'de> = map.next_value()?;
                    if let Cell::Str(name) = c {
                        table = Some(Table::from_name(&name));
                    }
                }
                "records" | "Results" | "results" => {
                    container = true;
                    map.next_value_seed(ValueSeed {
                        wanted: self.wanted,
                        sink: &mut *self.sink,
                    })?;
                }
                "Schema" | "schema" => {
                    let cols: Vec<SchemaColumn> = map.next_value()?;
                    let names: Vec<String> = cols.into_iter().map(|c| c.name).collect();
                    self.sink.schema(&names).map_err(de::Error::custom)?;
                }
                "tables" => {
                    container = true;
                    map.next_value_seed(TablesSeed {
                        wanted: self.wanted,
                        sink: &mut *self.sink,
                    })?;
                }
                name => match Col::from_name(name) {
                    Some(c) if self.wanted.contains(c) => {
                        top.set(c, map.next_value()?);
                        top_has_columns = true;
                    }
                    Some(_) => {
                        map.next_value::<IgnoredAny>()?;
                        top_has_columns = true;
                    }
                    None => {
                        map.next_value::<IgnoredAny>()?;
                    }
                },
            }
        }
        if let Some(row) = properties {
            self.sink.row(row, table);
        } else if top_has_columns || !container {
            self.sink.row(top, None);
        }
        Ok(())
    }
}

impl<'de> de::Deserialize<'de> for Cell<'de> {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Cell<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Cell<'de>, E> {
                Ok(Cell::Str(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Cell<'de>, E> {
                Ok(Cell::Str(Cow::Owned(v.to_string())))
            }
            fn visit_string<E>(self, v: String) -> Result<Cell<'de>, E> {
                Ok(Cell::Str(Cow::Owned(v)))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Cell<'de>, E> {
                Ok(Cell::Int(v))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Cell<'de>, E> {
                Ok(i64::try_from(v).map_or(Cell::Float(v as f64), Cell::Int))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Cell<'de>, E> {
                Ok(Cell::Float(v))
            }
            fn visit_bool<E>(self, v: bool) -> Result<Cell<'de>, E> {
                Ok(Cell::Bool(v))
            }
            fn visit_unit<E>(self) -> Result<Cell<'de>, E> {
                Ok(Cell::Null)
            }
            fn visit_none<E>(self) -> Result<Cell<'de>, E> {
                Ok(Cell::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Cell<'de>, D::Error> {
                de::Deserialize::deserialize(d)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Cell<'de>, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Cell::Nested)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Cell<'de>, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Cell::Nested)
            }
        }
        de.deserialize_any(V)
    }
}

/// A row object, keeping only wanted columns.
struct RowSeed(ColSet);

impl<'de> DeserializeSeed<'de> for RowSeed {
    type Value = Row<'de>;
    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<Row<'de>, D::Error> {
        de.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for RowSeed {
    type Value = Row<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a row object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Row<'de>, A::Error> {
        let mut row = Row::default();
        while let Some(key) = map.next_key::<Key<'de>>()? {
            match Col::from_name(&key.0) {
                Some(c) if self.0.contains(c) => row.set(c, map.next_value()?),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(row)
    }
}

/// `{"Name":…,"Type":…}` (API) or `{"name":…,"type":…}` (Graph, Log Analytics).
#[derive(serde::Deserialize)]
struct SchemaColumn {
    #[serde(alias = "Name")]
    name: String,
}

/// The `tables` array of a Log Analytics query response.
struct TablesSeed<'s, S> {
    wanted: ColSet,
    sink: &'s mut S,
}

impl<'de, S: RowSink<'de>> DeserializeSeed<'de> for TablesSeed<'_, S> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<(), D::Error> {
        de.deserialize_seq(self)
    }
}

impl<'de, S: RowSink<'de>> Visitor<'de> for TablesSeed<'_, S> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of tables")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq
            .next_element_seed(TableSeed {
                wanted: self.wanted,
                sink: &mut *self.sink,
            })?
            .is_some()
        {}
        Ok(())
    }
}

struct TableSeed<'s, S> {
    wanted: ColSet,
    sink: &'s mut S,
}

impl<'de, S: RowSink<'de>> DeserializeSeed<'de> for TableSeed<'_, S> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<(), D::Error> {
        de.deserialize_map(self)
    }
}

impl<'de, S: RowSink<'de>> Visitor<'de> for TableSeed<'_, S> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a table object with columns and rows")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut positions: Option<Vec<Option<Col>>> = None;
        while let Some(key) = map.next_key::<Key<'de>>()? {
            match key.0.as_ref() {
                "columns" => {
                    let cols: Vec<SchemaColumn> = map.next_value()?;
                    let names: Vec<String> = cols.into_iter().map(|c| c.name).collect();
                    self.sink.schema(&names).map_err(de::Error::custom)?;
                    positions = Some(
                        names
                            .iter()
                            .map(|n| Col::from_name(n).filter(|c| self.wanted.contains(*c)))
                            .collect(),
                    );
                }
                "rows" => {
                    let Some(cols) = positions.as_deref() else {
                        return Err(de::Error::custom("`rows` comes before `columns`"));
                    };
                    map.next_value_seed(RowsSeed {
                        cols,
                        sink: &mut *self.sink,
                    })?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

struct RowsSeed<'c, 's, S> {
    cols: &'c [Option<Col>],
    sink: &'s mut S,
}

impl<'de, S: RowSink<'de>> DeserializeSeed<'de> for RowsSeed<'_, '_, S> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<(), D::Error> {
        de.deserialize_seq(self)
    }
}

impl<'de, S: RowSink<'de>> Visitor<'de> for RowsSeed<'_, '_, S> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of positional rows")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(row) = seq.next_element_seed(PositionalRow(self.cols))? {
            self.sink.row(row, None);
        }
        Ok(())
    }
}

struct PositionalRow<'c>(&'c [Option<Col>]);

impl<'de> DeserializeSeed<'de> for PositionalRow<'_> {
    type Value = Row<'de>;
    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<Row<'de>, D::Error> {
        de.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for PositionalRow<'_> {
    type Value = Row<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a positional row array")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Row<'de>, A::Error> {
        let mut row = Row::default();
        let mut i = 0;
        loop {
            match self.0.get(i).copied().flatten() {
                Some(c) => match seq.next_element::<Cell<'de>>()? {
                    Some(v) => row.set(c, v),
                    None => break,
                },
                None => {
                    if seq.next_element::<IgnoredAny>()?.is_none() {
                        break;
                    }
                }
            }
            i += 1;
        }
        if i != self.0.len() {
            return Err(de::Error::custom(format!(
                "row has {i} values, the table declares {} columns",
                self.0.len()
            )));
        }
        Ok(row)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default)]
    struct Collect {
        rows: Vec<(Row<'static>, Option<Table>)>,
        schemas: Vec<Vec<String>>,
    }

    impl RowSink<'static> for Collect {
        fn row(&mut self, row: Row<'static>, table: Option<Table>) {
            self.rows.push((row, table));
        }
        fn schema(&mut self, columns: &[String]) -> Result<(), String> {
            self.schemas.push(columns.to_vec());
            Ok(())
        }
    }

    fn read(text: &'static str) -> Collect {
        let mut c = Collect::default();
        let mut de = sonic_rs::Deserializer::from_slice(text.as_bytes());
        read_value(&mut de, ColSet::ALL, &mut c).unwrap();
        c
    }

    fn str_of<'a>(r: &'a Row<'_>, c: Col) -> &'a str {
        match r.get(c) {
            Cell::Str(s) => s,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn plain_row() {
        let c = read(
            r#"{"Timestamp":"2024-01-01T00:00:00Z","RemotePort":"443","AdditionalFields":{"a":[1]},"X":1}"#,
        );
        assert_eq!(c.rows.len(), 1);
        assert_eq!(str_of(&c.rows[0].0, Col::RemotePort), "443");
    }

    #[test]
    fn stream_record_and_event_hub_message() {
        let c = read(
            r#"{"time":"t","category":"AdvancedHunting-DeviceNetworkEvents","properties":{"RemoteIP":"1.2.3.4","RemoteUrl":null}}"#,
        );
        assert_eq!(c.rows.len(), 1);
        assert_eq!(c.rows[0].1, Some(Table::Network));
        assert_eq!(c.rows[0].0.get(Col::RemoteUrl), &Cell::Null);
        let c = read(
            r#"{"records":[{"category":"AdvancedHunting-DeviceProcessEvents","properties":{"ProcessId":1}},{"properties":{"RemotePort":1},"category":"AdvancedHunting-DeviceNetworkEvents"}]}"#,
        );
        assert_eq!(
            c.rows.iter().map(|r| r.1).collect::<Vec<_>>(),
            [Some(Table::Process), Some(Table::Network)]
        );
    }

    #[test]
    fn api_graph_and_log_analytics_responses() {
        let c = read(
            r#"{"Schema":[{"Name":"Timestamp","Type":"DateTime"}],"Results":[{"Timestamp":"a"},{"Timestamp":"b"}]}"#,
        );
        assert_eq!(
            (c.rows.len(), c.schemas[0].as_slice()),
            (2, ["Timestamp".to_string()].as_slice())
        );
        let c = read(
            r#"{"@odata.context":"x","schema":[{"name":"RemotePort","type":"Int32"}],"results":[{"RemotePort":53}]}"#,
        );
        assert_eq!(c.rows[0].0.get(Col::RemotePort), &Cell::Int(53));
        let c = read(
            r#"{"tables":[{"name":"PrimaryResult","columns":[{"name":"X","type":"string"},{"name":"RemotePort","type":"int"}],"rows":[["x",80],["y",null]]}]}"#,
        );
        assert_eq!(c.rows.len(), 2);
        assert_eq!(c.rows[0].0.get(Col::RemotePort), &Cell::Int(80));
        assert_eq!(c.rows[1].0.get(Col::RemotePort), &Cell::Null);
    }

    #[test]
    fn short_positional_row_is_an_error() {
        let mut c = Collect::default();
        let text =
            r#"{"tables":[{"columns":[{"name":"A"},{"name":"RemotePort"}],"rows":[["x"]]}]}"#;
        let mut de = sonic_rs::Deserializer::from_slice(text.as_bytes());
        let e = read_value(&mut de, ColSet::ALL, &mut c).unwrap_err();
        assert!(e.to_string().contains("row has 1 values"), "{e}");
    }

    #[test]
    fn escaped_strings_are_decoded() {
        let c = read(r#"{"InitiatingProcessCommandLine":"\"C:\\x.exe\" \u0041"}"#);
        assert_eq!(str_of(&c.rows[0].0, Col::IpCommandLine), "\"C:\\x.exe\" A");
    }
}

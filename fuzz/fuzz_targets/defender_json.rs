//! One JSON value (line or document) through the Defender visitor, then the
//! column mapping of every row it yields.
#![no_main]
use libfuzzer_sys::fuzz_target;
use porthunt::source::defender::columns::{ColSet, Row, Table, table_of, to_event};
use porthunt::source::defender::json::{RowSink, read_value};

struct Map;
impl<'de> RowSink<'de> for Map {
    fn row(&mut self, row: Row<'de>, hint: Option<Table>) {
        let table = table_of(&row, hint);
        let _ = to_event(row, table);
    }
    fn schema(&mut self, _: &[String]) -> Result<(), String> {
        Ok(())
    }
}

fuzz_target!(|data: &[u8]| {
    let mut de = sonic_rs::Deserializer::from_slice(data);
    let _ = read_value(&mut de, ColSet::ALL, &mut Map);
    let mut de = serde_json::Deserializer::from_slice(data);
    let _ = read_value(&mut de, ColSet::ALL, &mut Map);
});

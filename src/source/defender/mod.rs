//! Microsoft Defender for Endpoint / Sentinel exports of `DeviceNetworkEvents` and
//! `DeviceProcessEvents`: the portal CSV, API and Graph JSON, streaming-API records,
//! Log Analytics query responses and data-export lines.

pub mod columns;
pub mod csv;
pub mod json;

pub use columns::{Col, ColSet, Row, Table};

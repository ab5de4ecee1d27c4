//! Commands: each wires sources, the rule engine and sinks for one job.

pub mod hunt;
pub mod report;

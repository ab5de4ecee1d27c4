//! porthunt: finds command-and-control traffic hiding on common ports.
//!
//! The pipeline, one module each:
//! sources (`source`) → canonical events (`event`) → rules (`rule`) → alerts (`alert`)
//! → sinks (`sink`). `app` wires them together for each command; `cli` is the
//! command line; `simulate` writes realistic, labelled test data.

pub mod alert;
pub mod app;
pub mod cli;
pub mod enrich;
pub mod event;
pub mod rule;
pub mod simulate;
pub mod sink;
pub mod source;

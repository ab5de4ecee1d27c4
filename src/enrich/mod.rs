//! Enrichment: what the rule's alerts gain from other events of the same run.

pub mod process;

//! Sources: reading inputs and turning their records into canonical events.
//! A source knows its format and nothing about rules.

pub mod defender;
pub mod input;
pub mod prefilter;

pub use input::{Format, Input, Origin};

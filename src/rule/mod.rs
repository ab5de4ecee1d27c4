//! Rules as data: loaded from TOML, evaluated against canonical events.

pub mod doc;
mod eval;
pub mod load;
pub mod model;
pub mod prefilter;

pub use crate::event::field::{FIELDS, Field};
pub use load::{RuleError, load};
pub use model::{Level, Rule};

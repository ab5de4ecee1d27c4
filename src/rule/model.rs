//! A loaded, checked rule: conditions compiled against canonical fields.

use std::collections::HashSet;

use crate::event::field::Field;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Low,
    Medium,
    High,
    Critical,
}

impl Level {
    pub fn parse(s: &str) -> Option<Level> {
        match s {
            "low" => Some(Level::Low),
            "medium" => Some(Level::Medium),
            "high" => Some(Level::High),
            "critical" => Some(Level::Critical),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Low => "low",
            Level::Medium => "medium",
            Level::High => "high",
            Level::Critical => "critical",
        }
    }
}

/// Human documentation carried by the rule file (ruff-style: docs live with the rule).
#[derive(Clone, Debug, Default)]
pub struct RuleDoc {
    pub what: String,
    pub why: String,
    pub false_positives: String,
    pub deviations: String,
}

#[derive(Clone, Debug)]
pub struct Rule {
    pub id: String,
    pub title: String,
    pub severity: Level,
    pub confidence: Level,
    pub techniques: Vec<String>,
    /// `Timestamp > now - window`; `None` means no time filter.
    pub window_nanos: Option<i64>,
    pub doc: RuleDoc,
    pub flags: Vec<Flag>,
    pub filter: Cond,
    pub output: Vec<OutputColumn>,
    pub sort: SortSpec,
    /// Where the rule was loaded from (`builtin:t1043-seed.toml` or a path).
    pub origin: String,
}

#[derive(Clone, Debug)]
pub struct Flag {
    pub name: String,
    pub when: Cond,
}

#[derive(Clone, Debug)]
pub struct OutputColumn {
    pub column: String,
    pub source: OutputSource,
}

#[derive(Clone, Copy, Debug)]
pub enum OutputSource {
    Field(Field),
    /// Index into [`Rule::flags`].
    Flag(usize),
}

#[derive(Clone, Debug)]
pub struct SortSpec {
    pub field: Field,
    pub descending: bool,
    pub then: Vec<Field>,
}

/// A condition tree, evaluated with KQL's three-valued logic (see `eval`).
#[derive(Clone, Debug)]
pub enum Cond {
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
    /// A flag defined earlier in [`Rule::flags`].
    Flag(usize),
    /// Case-sensitive equality (KQL `==`).
    EqStr(Field, String),
    EqInt(Field, i64),
    /// ASCII case-insensitive equality (KQL `=~`).
    EqCi(Field, String),
    /// Whole-value membership, case-sensitive (KQL `in`).
    InStr(Field, HashSet<String>),
    InInt(Field, HashSet<i64>),
    /// Whole-value membership, ASCII case-insensitive (KQL `in~`); the set holds
    /// ASCII-lowercased entries.
    InCi(Field, HashSet<String>),
    /// ASCII case-insensitive substring (KQL `contains`).
    ContainsCi(Field, String),
}

impl Cond {
    /// Fields this condition reads, for the required-column check.
    pub fn fields(&self, flags: &[Flag], out: &mut Vec<Field>) {
        match self {
            Cond::All(cs) | Cond::Any(cs) => cs.iter().for_each(|c| c.fields(flags, out)),
            Cond::Not(c) => c.fields(flags, out),
            Cond::Flag(i) => flags[*i].when.fields(flags, out),
            Cond::EqStr(f, _)
            | Cond::EqInt(f, _)
            | Cond::EqCi(f, _)
            | Cond::InStr(f, _)
            | Cond::InInt(f, _)
            | Cond::InCi(f, _)
            | Cond::ContainsCi(f, _) => out.push(*f),
        }
    }
}

impl Rule {
    /// The canonical fields the rule cannot run without: filter, flags, window,
    /// output and the primary sort key. Tie-break fields are optional.
    pub fn fields_used(&self) -> Vec<Field> {
        let mut out = Vec::new();
        self.filter.fields(&self.flags, &mut out);
        for f in &self.flags {
            f.when.fields(&self.flags, &mut out);
        }
        if self.window_nanos.is_some() {
            out.push(Field::Timestamp);
        }
        for c in &self.output {
            if let OutputSource::Field(f) = c.source {
                out.push(f);
            }
        }
        out.push(self.sort.field);
        out.sort_by_key(|f| f.name());
        out.dedup();
        out
    }
}

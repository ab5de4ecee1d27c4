//! Reads rule files (TOML) into checked [`Rule`]s. Errors name the file and the key.

use std::collections::{HashMap, HashSet};

use toml::{Table, Value};

use super::model::{Cond, Flag, Level, OutputColumn, OutputSource, Rule, RuleDoc, SortSpec};
use crate::event::field::{Field, FieldKind};
use crate::event::time::parse_duration;

#[derive(Debug, thiserror::Error)]
#[error("{origin}: {key}: {message}")]
pub struct RuleError {
    pub origin: String,
    pub key: String,
    pub message: String,
}

/// Rule files compiled into the binary: (file name, text).
pub const BUILTIN: &[(&str, &str)] = &[(
    "t1043-seed.toml",
    include_str!("../../rules/t1043-seed.toml"),
)];

/// Loads a built-in rule by id (`t1043-seed`) or a rule file from disk.
pub fn load(name_or_path: &str) -> Result<Rule, RuleError> {
    for (file, text) in BUILTIN {
        if file.trim_end_matches(".toml") == name_or_path {
            return parse(text, &format!("builtin:{file}"));
        }
    }
    let text = std::fs::read_to_string(name_or_path).map_err(|e| RuleError {
        origin: name_or_path.to_string(),
        key: "-".into(),
        message: format!(
            "not a built-in profile ({}) and not a readable rule file: {e}",
            builtin_ids().join(", ")
        ),
    })?;
    parse(&text, name_or_path)
}

pub fn builtin_ids() -> Vec<&'static str> {
    BUILTIN
        .iter()
        .map(|(f, _)| f.trim_end_matches(".toml"))
        .collect()
}

/// Parses and checks one rule file's text.
pub fn parse(text: &str, origin: &str) -> Result<Rule, RuleError> {
    let table: Table = text.parse().map_err(|e: toml::de::Error| RuleError {
        origin: origin.to_string(),
        key: "-".into(),
        message: e.to_string().trim().replace('\n', " "),
    })?;
    Loader {
        origin,
        lists: HashMap::new(),
        flags: Vec::new(),
    }
    .rule(&table)
}

struct Loader<'o> {
    origin: &'o str,
    lists: HashMap<String, Vec<Value>>,
    flags: Vec<Flag>,
}

impl Loader<'_> {
    fn err(&self, key: &str, message: impl Into<String>) -> RuleError {
        RuleError {
            origin: self.origin.to_string(),
            key: key.to_string(),
            message: message.into(),
        }
    }

    fn string<'t>(&self, t: &'t Table, key: &str, path: &str) -> Result<&'t str, RuleError> {
        match t.get(key) {
            Some(Value::String(s)) => Ok(s),
            Some(_) => Err(self.err(&join(path, key), "must be a string")),
            None => Err(self.err(&join(path, key), "is required")),
        }
    }

    fn rule(mut self, t: &Table) -> Result<Rule, RuleError> {
        const KEYS: &[&str] = &[
            "id",
            "title",
            "severity",
            "confidence",
            "techniques",
            "window",
            "doc",
            "lists",
            "flags",
            "filter",
            "output",
            "sort",
        ];
        self.no_unknown_keys(t, KEYS, "")?;
        let id = self.string(t, "id", "")?.to_string();
        let title = self.string(t, "title", "")?.to_string();
        let severity = self.level(t, "severity")?;
        let confidence = self.level(t, "confidence")?;
        let techniques = match t.get("techniques") {
            Some(Value::Array(a)) => a
                .iter()
                .map(|v| v.as_str().map(str::to_string))
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| self.err("techniques", "must be a list of strings"))?,
            None => Vec::new(),
            Some(_) => return Err(self.err("techniques", "must be a list of strings")),
        };
        let window_nanos =
            match t.get("window") {
                None => None,
                Some(Value::String(s)) => Some(parse_duration(s).ok_or_else(|| {
                    self.err("window", format!("`{s}` is not a duration like 24h"))
                })?),
                Some(_) => return Err(self.err("window", "must be a duration string like \"24h\"")),
            };
        let doc = match t.get("doc") {
            Some(Value::Table(d)) => RuleDoc {
                what: opt_str(d, "what"),
                why: opt_str(d, "why"),
                false_positives: opt_str(d, "false_positives"),
                deviations: opt_str(d, "deviations"),
            },
            None => RuleDoc::default(),
            Some(_) => return Err(self.err("doc", "must be a table")),
        };
        if let Some(lists) = t.get("lists") {
            let lists = lists
                .as_table()
                .ok_or_else(|| self.err("lists", "must be a table of arrays"))?;
            for (name, v) in lists {
                let items = v
                    .as_array()
                    .ok_or_else(|| self.err(&format!("lists.{name}"), "must be an array"))?;
                self.lists.insert(name.clone(), flatten(items));
            }
        }
        if let Some(flags) = t.get("flags") {
            let flags = flags
                .as_array()
                .ok_or_else(|| self.err("flags", "must be an array of tables ([[flags]])"))?;
            for (i, f) in flags.iter().enumerate() {
                let path = format!("flags[{i}]");
                let f = f
                    .as_table()
                    .ok_or_else(|| self.err(&path, "must be a table"))?;
                self.no_unknown_keys(f, &["name", "when"], &path)?;
                let name = self.string(f, "name", &path)?.to_string();
                if self.flags.iter().any(|x| x.name == name) {
                    return Err(
                        self.err(&join(&path, "name"), format!("flag `{name}` defined twice"))
                    );
                }
                let when = self.cond(
                    f.get("when")
                        .ok_or_else(|| self.err(&join(&path, "when"), "is required"))?,
                    &join(&path, "when"),
                )?;
                self.flags.push(Flag { name, when });
            }
        }
        let filter = self.cond(
            t.get("filter")
                .ok_or_else(|| self.err("filter", "is required"))?,
            "filter",
        )?;
        let output = self.output(t)?;
        let sort = self.sort(t)?;
        Ok(Rule {
            id,
            title,
            severity,
            confidence,
            techniques,
            window_nanos,
            doc,
            flags: self.flags,
            filter,
            output,
            sort,
            origin: self.origin.to_string(),
        })
    }

    fn level(&self, t: &Table, key: &str) -> Result<Level, RuleError> {
        let s = self.string(t, key, "")?;
        Level::parse(s).ok_or_else(|| {
            self.err(
                key,
                format!("`{s}` is not one of low, medium, high, critical"),
            )
        })
    }

    fn no_unknown_keys(&self, t: &Table, known: &[&str], path: &str) -> Result<(), RuleError> {
        match t.keys().find(|k| !known.contains(&k.as_str())) {
            Some(k) => Err(self.err(
                &join(path, k),
                format!("unknown key (expected one of: {})", known.join(", ")),
            )),
            None => Ok(()),
        }
    }

    fn field(&self, t: &Table, path: &str) -> Result<Field, RuleError> {
        let name = self.string(t, "field", path)?;
        Field::from_name(name).ok_or_else(|| {
            self.err(
                &join(path, "field"),
                format!("unknown field `{name}` (see `porthunt fields`)"),
            )
        })
    }

    /// The values of an operator: a list name or an inline array.
    fn values(&self, v: &Value, path: &str) -> Result<Vec<Value>, RuleError> {
        match v {
            Value::String(name) => self
                .lists
                .get(name)
                .cloned()
                .ok_or_else(|| self.err(path, format!("no list named `{name}` in [lists]"))),
            Value::Array(items) => Ok(flatten(items)),
            _ => Err(self.err(path, "must be a list name or an array")),
        }
    }

    fn cond(&self, v: &Value, path: &str) -> Result<Cond, RuleError> {
        let t = v
            .as_table()
            .ok_or_else(|| self.err(path, "a condition must be a table"))?;
        for (key, wrap) in [("all", Cond::All as fn(_) -> _), ("any", Cond::Any)] {
            if let Some(list) = t.get(key) {
                self.no_unknown_keys(t, &[key], path)?;
                let p = join(path, key);
                let items = list
                    .as_array()
                    .ok_or_else(|| self.err(&p, "must be an array of conditions"))?;
                let conds = items
                    .iter()
                    .enumerate()
                    .map(|(i, c)| self.cond(c, &format!("{p}[{i}]")))
                    .collect::<Result<Vec<_>, _>>()?;
                return Ok(wrap(conds));
            }
        }
        if let Some(inner) = t.get("not") {
            self.no_unknown_keys(t, &["not"], path)?;
            return Ok(Cond::Not(Box::new(self.cond(inner, &join(path, "not"))?)));
        }
        if let Some(name) = t.get("flag") {
            self.no_unknown_keys(t, &["flag"], path)?;
            let name = name
                .as_str()
                .ok_or_else(|| self.err(&join(path, "flag"), "must be a string"))?;
            return self
                .flags
                .iter()
                .position(|f| f.name == name)
                .map(Cond::Flag)
                .ok_or_else(|| {
                    self.err(
                        &join(path, "flag"),
                        format!("no flag `{name}` defined before this point"),
                    )
                });
        }
        const OPS: &[&str] = &["eq", "eq_ci", "in", "in_ci", "contains_ci"];
        let ops: Vec<&String> = t.keys().filter(|k| k.as_str() != "field").collect();
        let [op] = ops.as_slice() else {
            return Err(self.err(
                path,
                format!(
                    "a comparison needs `field` and exactly one operator ({}), or one of all, any, not, flag",
                    OPS.join(", ")
                ),
            ));
        };
        let field = self.field(t, path)?;
        let kind = field.kind();
        let p = join(path, op);
        let arg = &t[op.as_str()];
        let wrong_kind = |what: &str| {
            self.err(
                &p,
                format!(
                    "field `{}` holds {}, not {what}",
                    field.name(),
                    kind.describe()
                ),
            )
        };
        match (op.as_str(), kind) {
            ("eq", FieldKind::Str) => match arg {
                Value::String(s) => Ok(Cond::EqStr(field, s.clone())),
                _ => Err(wrong_kind("this value")),
            },
            ("eq", FieldKind::Int) => match arg {
                Value::Integer(i) => Ok(Cond::EqInt(field, *i)),
                _ => Err(wrong_kind("this value")),
            },
            ("eq_ci", FieldKind::Str) | ("contains_ci", FieldKind::Str) => {
                let s = arg
                    .as_str()
                    .ok_or_else(|| self.err(&p, "must be a string"))?
                    .to_ascii_lowercase();
                Ok(if op.as_str() == "eq_ci" {
                    Cond::EqCi(field, s)
                } else {
                    Cond::ContainsCi(field, s)
                })
            }
            ("in", FieldKind::Int) => {
                let set = self
                    .values(arg, &p)?
                    .iter()
                    .map(Value::as_integer)
                    .collect::<Option<HashSet<i64>>>()
                    .ok_or_else(|| self.err(&p, "every value must be an integer"))?;
                Ok(Cond::InInt(field, set))
            }
            ("in", FieldKind::Str) | ("in_ci", FieldKind::Str) => {
                let ci = op.as_str() == "in_ci";
                let set = self
                    .values(arg, &p)?
                    .iter()
                    .map(|v| {
                        v.as_str().map(|s| {
                            if ci {
                                s.to_ascii_lowercase()
                            } else {
                                s.to_string()
                            }
                        })
                    })
                    .collect::<Option<HashSet<String>>>()
                    .ok_or_else(|| self.err(&p, "every value must be a string"))?;
                Ok(if ci {
                    Cond::InCi(field, set)
                } else {
                    Cond::InStr(field, set)
                })
            }
            (op, _) if OPS.contains(&op) => Err(wrong_kind(&format!("a type `{op}` accepts"))),
            (op, _) => Err(self.err(
                &join(path, op),
                format!("unknown operator (expected one of: {})", OPS.join(", ")),
            )),
        }
    }

    fn output(&self, t: &Table) -> Result<Vec<OutputColumn>, RuleError> {
        let Some(cols) = t.get("output") else {
            return Err(self.err("output", "is required ([[output]] entries)"));
        };
        let cols = cols
            .as_array()
            .ok_or_else(|| self.err("output", "must be an array of tables ([[output]])"))?;
        let mut out = Vec::new();
        for (i, c) in cols.iter().enumerate() {
            let path = format!("output[{i}]");
            let c = c
                .as_table()
                .ok_or_else(|| self.err(&path, "must be a table"))?;
            self.no_unknown_keys(c, &["column", "field", "flag"], &path)?;
            let column = self.string(c, "column", &path)?.to_string();
            let source = match (c.contains_key("field"), c.get("flag")) {
                (true, None) => OutputSource::Field(self.field(c, &path)?),
                (false, Some(Value::String(name))) => {
                    OutputSource::Flag(self.flags.iter().position(|f| &f.name == name).ok_or_else(
                        || self.err(&join(&path, "flag"), format!("no flag `{name}`")),
                    )?)
                }
                _ => return Err(self.err(&path, "needs exactly one of `field` or `flag`")),
            };
            if out.iter().any(|o: &OutputColumn| o.column == column) {
                return Err(self.err(
                    &join(&path, "column"),
                    format!("column `{column}` repeated"),
                ));
            }
            out.push(OutputColumn { column, source });
        }
        Ok(out)
    }

    fn sort(&self, t: &Table) -> Result<SortSpec, RuleError> {
        let Some(Value::Table(s)) = t.get("sort") else {
            return Ok(SortSpec {
                field: Field::Timestamp,
                descending: true,
                then: Vec::new(),
            });
        };
        self.no_unknown_keys(s, &["field", "order", "then"], "sort")?;
        let field = self.field(s, "sort")?;
        let descending = match s.get("order").and_then(Value::as_str) {
            None | Some("desc") => true,
            Some("asc") => false,
            Some(o) => return Err(self.err("sort.order", format!("`{o}` is not asc or desc"))),
        };
        let then = match s.get("then") {
            None => Vec::new(),
            Some(Value::Array(a)) => a
                .iter()
                .map(|v| {
                    v.as_str()
                        .and_then(Field::from_name)
                        .ok_or_else(|| self.err("sort.then", format!("`{v}` is not a field name")))
                })
                .collect::<Result<_, _>>()?,
            Some(_) => return Err(self.err("sort.then", "must be an array of field names")),
        };
        Ok(SortSpec {
            field,
            descending,
            then,
        })
    }
}

/// KQL flattens nested arrays in `in (dynamic([...]))`.
fn flatten(items: &[Value]) -> Vec<Value> {
    let mut out = Vec::new();
    for v in items {
        match v {
            Value::Array(inner) => out.extend(flatten(inner)),
            v => out.push(v.clone()),
        }
    }
    out
}

fn opt_str(t: &Table, key: &str) -> String {
    t.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .trim()
        .to_string()
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_rules_load() {
        for id in builtin_ids() {
            let r = load(id).unwrap();
            assert_eq!(r.id, id);
        }
    }

    fn err(text: &str) -> String {
        parse(text, "x.toml").unwrap_err().to_string()
    }

    const HEAD: &str = "id='a'\ntitle='t'\nseverity='low'\nconfidence='low'\n";

    #[test]
    fn errors_name_the_key() {
        let e = err(&format!(
            "{HEAD}[filter]\nfield='remote.prt'\neq=1\n[[output]]\ncolumn='a'\nfield='timestamp'"
        ));
        assert!(
            e.contains("x.toml: filter.field: unknown field `remote.prt`"),
            "{e}"
        );
        let e = err(&format!(
            "{HEAD}[filter]\nfield='remote.port'\neq='443'\n[[output]]\ncolumn='a'\nfield='timestamp'"
        ));
        assert!(
            e.contains("filter.eq: field `remote.port` holds an integer"),
            "{e}"
        );
        let e = err(&format!(
            "{HEAD}[filter]\nall=[{{field='process.name', in_ci='Nope'}}]\n[[output]]\ncolumn='a'\nfield='timestamp'"
        ));
        assert!(
            e.contains("filter.all[0].in_ci: no list named `Nope`"),
            "{e}"
        );
        let e = err(&format!("{HEAD}severityy='x'"));
        assert!(e.contains("severityy: unknown key"), "{e}");
        let e = err("id = ");
        assert!(e.starts_with("x.toml: -: "), "{e}");
    }

    #[test]
    fn nested_lists_flatten_like_kql() {
        let r = parse(
            &format!("{HEAD}[lists]\nP=[80,[443,[53]]]\n[filter]\nfield='remote.port'\nin='P'\n[[output]]\ncolumn='a'\nfield='timestamp'"),
            "x",
        )
        .unwrap();
        let Cond::InInt(_, set) = r.filter else {
            panic!()
        };
        assert_eq!(set, HashSet::from([80, 443, 53]));
    }
}

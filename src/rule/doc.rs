//! Rule documentation generated from the rule file itself, so docs cannot drift
//! from what runs (`porthunt rules ID`, and `docs/rules/*.md`).

use super::model::{Cond, OutputSource, Rule};

pub fn markdown(r: &Rule) -> String {
    let mut s = format!("# {}: {}\n\n", r.id, r.title);
    s.push_str(&format!(
        "- severity: {}, confidence: {}\n- ATT&CK: {}\n- window: {}\n- source: `{}`\n\n",
        r.severity.as_str(),
        r.confidence.as_str(),
        r.techniques.join(", "),
        r.window_nanos.map_or("none".to_string(), |n| format!(
            "{} h",
            n / 3_600_000_000_000
        )),
        r.origin
    ));
    for (title, text) in [
        ("What it finds", &r.doc.what),
        ("Why it matters", &r.doc.why),
        ("Known false positives", &r.doc.false_positives),
        ("Deviations and known defects", &r.doc.deviations),
    ] {
        if !text.is_empty() {
            s.push_str(&format!("## {title}\n\n{text}\n\n"));
        }
    }
    s.push_str("## Logic\n\n");
    for f in &r.flags {
        s.push_str(&format!("- flag `{}` = {}\n", f.name, describe(r, &f.when)));
    }
    s.push_str(&format!("- alert when {}\n\n", describe(r, &r.filter)));
    s.push_str("## Output columns\n\n");
    for c in &r.output {
        let from = match c.source {
            OutputSource::Field(f) => format!("field `{}`", f.name()),
            OutputSource::Flag(i) => format!("flag `{}`", r.flags[i].name),
        };
        s.push_str(&format!("- `{}` ← {from}\n", c.column));
    }
    s
}

fn list(items: impl Iterator<Item = String>) -> String {
    let mut v: Vec<String> = items.collect();
    v.sort();
    v.join(", ")
}

fn describe(r: &Rule, c: &Cond) -> String {
    match c {
        Cond::All(cs) => format!(
            "all of ({})",
            cs.iter()
                .map(|c| describe(r, c))
                .collect::<Vec<_>>()
                .join("; ")
        ),
        Cond::Any(cs) => format!(
            "any of ({})",
            cs.iter()
                .map(|c| describe(r, c))
                .collect::<Vec<_>>()
                .join("; ")
        ),
        Cond::Not(c) => format!("not {}", describe(r, c)),
        Cond::Flag(i) => format!("`{}`", r.flags[*i].name),
        Cond::EqStr(f, v) => format!("`{}` == \"{v}\"", f.name()),
        Cond::EqInt(f, v) => format!("`{}` == {v}", f.name()),
        Cond::EqCi(f, v) => format!("`{}` =~ \"{v}\"", f.name()),
        Cond::InStr(f, set) => format!("`{}` in ({})", f.name(), list(set.iter().cloned())),
        Cond::InInt(f, set) => format!(
            "`{}` in ({})",
            f.name(),
            list(set.iter().map(|i| i.to_string()))
        ),
        Cond::InCi(f, set) => format!("`{}` in~ ({})", f.name(), list(set.iter().cloned())),
        Cond::ContainsCi(f, v) => format!("`{}` contains \"{v}\"", f.name()),
    }
}

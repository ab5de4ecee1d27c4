//! Literal text a record must contain for a rule to be able to match it.
//!
//! Derived from the rule's filter, so it holds for every rule file: `all` needs
//! each child's literals, `any` needs one of its children's, `not` and numeric
//! comparisons need nothing. A source uses this to skip records that cannot match
//! without parsing them, and says how a field's value appears in its raw records
//! (a Defender `InitiatingProcessFileName` appears as-is; a value a source derives,
//! such as Sysmon's action from `Initiated`, does not appear at all).

use crate::event::field::Field;

use super::model::{Cond, Rule};

/// One requirement: the record contains at least one of `words` (in the value of
/// `field`, when every word comes from that one field).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnyOf {
    /// ASCII case-insensitive match.
    pub case_insensitive: bool,
    pub words: Vec<String>,
    pub field: Option<Field>,
}

/// How a source writes a field's value in its raw records: the text that must
/// appear there when the field has that value, or `None` when it need not appear.
pub type Literal = dyn Fn(Field, &str) -> Option<String>;

/// Every requirement must hold (a conjunction of disjunctions). Empty when the
/// rule gives nothing to look for.
pub fn requirements(rule: &Rule, literal: &Literal) -> Vec<AnyOf> {
    let mut out = Vec::new();
    need(rule, &rule.filter, literal, &mut out);
    out
}

fn need(rule: &Rule, c: &Cond, literal: &Literal, out: &mut Vec<AnyOf>) {
    match c {
        Cond::All(cs) => cs.iter().for_each(|c| need(rule, c, literal, out)),
        Cond::Flag(i) => need(rule, &rule.flags[*i].when, literal, out),
        Cond::Any(cs) => {
            // Each alternative must pin down one set of words; their union is needed.
            let mut union: Option<AnyOf> = None;
            for c in cs {
                let mut inner = Vec::new();
                need(rule, c, literal, &mut inner);
                let Some(best) = inner.into_iter().next() else {
                    return; // an alternative needs nothing: so does the `any`
                };
                union = Some(match union {
                    None => best,
                    Some(mut u) => {
                        u.case_insensitive |= best.case_insensitive;
                        u.words.extend(best.words);
                        if u.field != best.field {
                            u.field = None;
                        }
                        u
                    }
                });
            }
            out.extend(union);
        }
        Cond::Not(_) | Cond::EqInt(..) | Cond::InInt(..) => {}
        Cond::EqStr(f, v) => push(*f, false, std::iter::once(v), literal, out),
        Cond::InStr(f, set) => push(*f, false, set.iter(), literal, out),
        Cond::EqCi(f, v) | Cond::ContainsCi(f, v) => {
            push(*f, true, std::iter::once(v), literal, out)
        }
        Cond::InCi(f, set) => push(*f, true, set.iter(), literal, out),
    }
}

fn push<'a>(
    f: Field,
    case_insensitive: bool,
    words: impl Iterator<Item = &'a String>,
    literal: &Literal,
    out: &mut Vec<AnyOf>,
) {
    let words: Option<Vec<String>> = words.map(|w| literal(f, w)).collect();
    // An empty word matches everywhere; a quote or backslash may be escaped in
    // the raw record. Either way the text tells nothing.
    let usable =
        |w: &String| !w.is_empty() && !w.contains(['"', '\\']) && !w.chars().any(char::is_control);
    if let Some(words) = words.filter(|ws| !ws.is_empty() && ws.iter().all(usable)) {
        out.push(AnyOf {
            case_insensitive,
            words,
            field: Some(f),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_rule_needs_its_action_and_a_listed_name() {
        let rule = crate::rule::load("t1043-seed").unwrap();
        let mut reqs = requirements(&rule, &|_, w| Some(w.to_string()));
        assert_eq!(reqs.len(), 2, "{reqs:?}");
        assert_eq!(
            reqs[0],
            AnyOf {
                case_insensitive: false,
                words: vec!["ConnectionSuccess".into()],
                field: Some(Field::Action),
            }
        );
        reqs[1].words.sort();
        assert!(reqs[1].case_insensitive);
        assert_eq!(reqs[1].field, Some(Field::ProcessName));
        assert_eq!(reqs[1].words.len(), 7 + 19 + 8);
        assert!(reqs[1].words.contains(&"msiexec.exe".to_string()));
        // A source that derives the action (no verbatim text) keeps only the names.
        let reqs = requirements(&rule, &|f, w| (f != Field::Action).then(|| w.to_string()));
        assert_eq!(reqs.len(), 1);
        // Nothing verbatim, nothing required.
        assert!(requirements(&rule, &|_, _| None).is_empty());
    }
}

//! Skips records that cannot match the rule without parsing them: a record must
//! contain the literal text the rule needs (see `rule::prefilter`). The check is
//! on raw bytes, so it is only used where the text cannot be hidden by encoding:
//! a JSON record with a `\u` escape is always parsed.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use memchr::memmem;

use crate::rule::prefilter::AnyOf;

pub struct RecordFilter {
    checks: Vec<AhoCorasick>,
    unicode_escape: memmem::Finder<'static>,
}

impl RecordFilter {
    /// `None` when there is nothing to look for.
    pub fn new(requirements: &[AnyOf]) -> Option<RecordFilter> {
        if requirements.is_empty() {
            return None;
        }
        let mut checks: Vec<(usize, AhoCorasick)> = requirements
            .iter()
            .map(|r| {
                let ac = AhoCorasickBuilder::new()
                    .ascii_case_insensitive(r.case_insensitive)
                    .match_kind(MatchKind::LeftmostFirst)
                    .build(&r.words)
                    .expect("literal words build an automaton");
                (r.words.len(), ac)
            })
            .collect();
        // Long word lists (process names) are rarer in data than single words
        // (an action every row has), so check them first.
        checks.sort_by_key(|(n, _)| std::cmp::Reverse(*n));
        Some(RecordFilter {
            checks: checks.into_iter().map(|(_, ac)| ac).collect(),
            unicode_escape: memmem::Finder::new(b"\\u"),
        })
    }

    /// May this JSON record match? (False only when it certainly cannot.)
    pub fn may_match_json(&self, record: &[u8]) -> bool {
        self.unicode_escape.find(record).is_some() || self.has_all(record)
    }

    /// May this CSV record match? CSV writes text verbatim (quotes doubled).
    pub fn may_match_csv(&self, record: &[u8]) -> bool {
        self.has_all(record)
    }

    fn has_all(&self, record: &[u8]) -> bool {
        self.checks.iter().all(|ac| ac.is_match(record))
    }
}

/// Splits a chunk of whole CSV records into records: `(start, end, line)`, where a
/// newline ends a record only outside quotes (an even number of `"` before it).
pub fn csv_records(
    chunk: &[u8],
    first_line: u64,
) -> impl Iterator<Item = (usize, usize, u64)> + '_ {
    let mut start = 0;
    let mut line = first_line;
    let mut record_line = first_line;
    let mut in_quotes = false;
    let mut hits = memchr::memchr2_iter(b'"', b'\n', chunk);
    std::iter::from_fn(move || {
        loop {
            match hits.next() {
                Some(i) if chunk[i] == b'"' => in_quotes = !in_quotes,
                Some(i) => {
                    line += 1;
                    if !in_quotes {
                        let r = (start, i + 1, record_line);
                        start = i + 1;
                        record_line = line;
                        return Some(r);
                    }
                }
                None if start < chunk.len() => {
                    let r = (start, chunk.len(), record_line);
                    start = chunk.len();
                    return Some(r);
                }
                None => return None,
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed_filter() -> RecordFilter {
        let rule = crate::rule::load("t1043-seed").unwrap();
        let reqs =
            crate::rule::prefilter::requirements(&rule, &crate::source::defender::columns::literal);
        RecordFilter::new(&reqs).unwrap()
    }

    #[test]
    fn needs_every_literal() {
        let f = seed_filter();
        assert!(f.may_match_json(
            br#"{"ActionType":"ConnectionSuccess","InitiatingProcessFileName":"PowerShell.EXE"}"#
        ));
        assert!(!f.may_match_json(
            br#"{"ActionType":"ConnectionSuccess","InitiatingProcessFileName":"chrome.exe"}"#
        ));
        assert!(!f.may_match_json(
            br#"{"ActionType":"ConnectionFailed","InitiatingProcessFileName":"cmd.exe"}"#
        ));
        // An escape could spell either word: parse it.
        assert!(f.may_match_json(
            br#"{"ActionType":"Connection\u0053uccess","InitiatingProcessFileName":"cmd.exe"}"#
        ));
    }

    #[test]
    fn csv_records_respect_quotes() {
        let chunk = b"a,\"x\ny\"\nb,c\n\"q\"\"\n\",d";
        let recs: Vec<_> = csv_records(chunk, 5).collect();
        assert_eq!(recs, [(0, 8, 5), (8, 12, 7), (12, chunk.len(), 8)]);
    }
}

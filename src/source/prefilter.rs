//! Skips records that cannot match the rule without parsing them: a record must
//! contain the literal text the rule needs (see `rule::prefilter`). The check is
//! on raw bytes, so it is only used where the text cannot be hidden by encoding:
//! a JSON record with a `\u` escape is always parsed.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind, packed};
use memchr::memmem;

use crate::event::field::Field;
use crate::rule::prefilter::AnyOf;

/// One requirement as a searcher. Case-insensitive words are searched in an
/// ASCII-lowercased copy with lowercased patterns, which keeps the fast SIMD
/// (Teddy) search that case-insensitive automata give up.
struct Words {
    folded: bool,
    searcher: AhoCorasick,
    /// SIMD (Teddy) search of the same words, where the CPU allows it: much faster
    /// than the automaton's own prefilter over a long list of similar words.
    packed: Option<packed::Searcher>,
}

impl Words {
    fn new(r: &AnyOf) -> Words {
        let words: Vec<String> = if r.case_insensitive {
            r.words.iter().map(|w| w.to_ascii_lowercase()).collect()
        } else {
            r.words.clone()
        };
        let searcher = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostFirst)
            .build(&words)
            .expect("literal words build an automaton");
        let packed = packed::Config::new()
            .match_kind(packed::MatchKind::LeftmostFirst)
            .builder()
            .extend(&words)
            .build();
        Words {
            folded: r.case_insensitive,
            searcher,
            packed,
        }
    }

    fn in_record(&self, record: &[u8], scratch: &mut Vec<u8>) -> bool {
        if self.folded {
            lowercase_into(record, scratch);
            self.searcher.is_match(scratch.as_slice())
        } else {
            self.searcher.is_match(record)
        }
    }
}

fn lowercase_into(bytes: &[u8], out: &mut Vec<u8>) {
    out.clear();
    out.extend_from_slice(bytes);
    out.make_ascii_lowercase();
}

thread_local! {
    static POSITIONAL: memmem::Finder<'static> = memmem::Finder::new(b"\"rows\"");
}

pub struct RecordFilter {
    /// Searched over whole chunks: the requirement with the most words (the rarest
    /// in data, e.g. process names rather than an action every row has).
    primary: Words,
    /// In JSON, the primary requirement's field as a quoted key (`"InitiatingProcessFileName"`):
    /// only that key's values need searching, not the whole record.
    primary_key: Option<memmem::Finder<'static>>,
    rest: Vec<Words>,
    unicode_escape: memmem::Finder<'static>,
}

/// Per-worker buffers, reused from chunk to chunk.
#[derive(Default)]
pub struct Scratch {
    folded: Vec<u8>,
    record: Vec<u8>,
}

impl RecordFilter {
    /// `None` when there is nothing to look for. `json_key` names the one JSON key
    /// a field is read from, where the source has one.
    pub fn new(
        requirements: &[AnyOf],
        json_key: &dyn Fn(Field) -> Option<&'static str>,
    ) -> Option<RecordFilter> {
        let mut reqs: Vec<&AnyOf> = requirements.iter().collect();
        reqs.sort_by_key(|r| std::cmp::Reverse(r.words.len()));
        let (first, rest) = reqs.split_first()?;
        let primary_key = first
            .field
            .and_then(json_key)
            .map(|k| memmem::Finder::new(format!("\"{k}\"").as_bytes()).into_owned());
        Some(RecordFilter {
            primary: Words::new(first),
            primary_key,
            rest: rest.iter().map(|r| Words::new(r)).collect(),
            unicode_escape: memmem::Finder::new(b"\\u"),
        })
    }

    /// Offsets of the primary key whose string value may hold a primary word. In
    /// valid JSON `"Key"` followed by `:` is always a key (a quote inside a string
    /// is escaped), and a duplicate key is found like any other occurrence. A
    /// value with an escape is kept: it could spell anything.
    fn key_hits(
        &self,
        key: &memmem::Finder<'_>,
        chunk: &[u8],
        scratch: &mut Scratch,
    ) -> Vec<usize> {
        let mut hits = Vec::new();
        for at in key.find_iter(chunk) {
            let mut i = at + key.needle().len();
            while chunk.get(i).is_some_and(|b| b.is_ascii_whitespace()) {
                i += 1;
            }
            if chunk.get(i) != Some(&b':') {
                continue; // a string value that spells the key
            }
            i += 1;
            while chunk.get(i).is_some_and(|b| b.is_ascii_whitespace()) {
                i += 1;
            }
            if chunk.get(i) != Some(&b'"') {
                continue; // null or a number: no word in it
            }
            let value = &chunk[i + 1..];
            let end = memchr::memchr3(b'"', b'\\', b'\n', value).unwrap_or(value.len());
            if value.get(end) != Some(&b'"')
                || self.primary.in_record(&value[..end], &mut scratch.record)
            {
                hits.push(at);
            }
        }
        hits
    }

    /// Offsets in `chunk` where a record that may match has text: matches of the
    /// primary requirement and, for JSON, `\u` escapes (which could spell any
    /// word). Sorted ascending. A record with none of them cannot match.
    pub fn hits(&self, chunk: &[u8], json: bool, scratch: &mut Scratch) -> Vec<usize> {
        // Log Analytics `rows` are positional arrays with no keys: search their
        // whole text instead.
        let keyed = !POSITIONAL.with(|p| p.find(chunk).is_some());
        if let (true, true, Some(key)) = (json, keyed, &self.primary_key) {
            let mut hits = self.key_hits(key, chunk, scratch);
            hits.extend(self.unicode_escape.find_iter(chunk));
            hits.sort_unstable();
            return hits;
        }
        let haystack: &[u8] = if self.primary.folded {
            lowercase_into(chunk, &mut scratch.folded);
            &scratch.folded
        } else {
            chunk
        };
        let mut hits: Vec<usize> = match &self.primary.packed {
            Some(p) => p.find_iter(haystack).map(|m| m.start()).collect(),
            None => self
                .primary
                .searcher
                .find_iter(haystack)
                .map(|m| m.start())
                .collect(),
        };
        if json {
            hits.extend(self.unicode_escape.find_iter(chunk));
            hits.sort_unstable();
        }
        hits
    }

    /// Does a record holding a hit meet every other requirement? (JSON records with
    /// a `\u` escape always may.)
    pub fn may_match(&self, record: &[u8], json: bool, scratch: &mut Scratch) -> bool {
        if json && self.unicode_escape.find(record).is_some() {
            return true;
        }
        self.primary.in_record(record, &mut scratch.record)
            && self
                .rest
                .iter()
                .all(|w| w.in_record(record, &mut scratch.record))
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
        RecordFilter::new(&reqs, &crate::source::defender::columns::json_key).unwrap()
    }

    #[test]
    fn needs_every_literal() {
        let f = seed_filter();
        let mut s = Scratch::default();
        let mut may =
            |r: &[u8]| !f.hits(r, true, &mut s).is_empty() && f.may_match(r, true, &mut s);
        assert!(may(
            br#"{"ActionType":"ConnectionSuccess","InitiatingProcessFileName":"PowerShell.EXE"}"#
        ));
        assert!(!may(
            br#"{"ActionType":"ConnectionSuccess","InitiatingProcessFileName":"chrome.exe"}"#
        ));
        assert!(!may(
            br#"{"ActionType":"ConnectionFailed","InitiatingProcessFileName":"cmd.exe"}"#
        ));
        // An escape could spell either word: parse it.
        assert!(may(
            br#"{"ActionType":"Connection\u0053uccess","InitiatingProcessFileName":"cmd.exe"}"#
        ));
        assert!(!f.may_match(br#"{"ActionType":"Connection\u0053uccess"}"#, false, &mut s));
    }

    #[test]
    fn json_hits_are_keys_whose_value_may_match() {
        let f = seed_filter();
        let lines = [
            r#"{"a":"x","n":"cmd.exe"}"#,                 // name elsewhere: no hit
            r#"{"InitiatingProcessFileName":"CMD.EXE"}"#, // hit
            r#"{"InitiatingProcessFileName": "chrome.exe"}"#, // not a listed name
            r#"{"InitiatingProcessFileName":"chrome.exe","InitiatingProcessFileName":"cmd.exe"}"#, // duplicate key: hit
            r#"{"x":"InitiatingProcessFileName","y":null}"#, // a value, not a key
            r#"{"InitiatingProcessFileName":"a\"b"}"#,       // escaped value: kept
            r#"{"n":"\u0041"}"#,                             // escape anywhere: kept
        ];
        // Positional rows (Log Analytics) have no keys: the whole text is searched.
        let la = r#"{"tables":[{"columns":[{"name":"InitiatingProcessFileName"}],"rows":[["cmd.exe"]]}]}"#;
        assert!(
            !f.hits(la.as_bytes(), true, &mut Scratch::default())
                .is_empty()
        );
        let chunk = lines.join("\n");
        let starts: Vec<usize> = lines
            .iter()
            .scan(0, |at, l| {
                let s = *at;
                *at += l.len() + 1;
                Some(s)
            })
            .collect();
        let line_of = |off: usize| starts.iter().rposition(|s| *s <= off).unwrap();
        let mut hit_lines: Vec<usize> = f
            .hits(chunk.as_bytes(), true, &mut Scratch::default())
            .into_iter()
            .map(line_of)
            .collect();
        hit_lines.dedup();
        assert_eq!(hit_lines, [1, 3, 5, 6]);
        // Without a key to aim at (CSV), any occurrence of a name is a hit.
        let csv_hits: Vec<usize> = f
            .hits(chunk.as_bytes(), false, &mut Scratch::default())
            .into_iter()
            .map(line_of)
            .collect();
        assert_eq!(csv_hits, [0, 1, 3]);
    }

    #[test]
    fn csv_records_respect_quotes() {
        let chunk = b"a,\"x\ny\"\nb,c\n\"q\"\"\n\",d";
        let recs: Vec<_> = csv_records(chunk, 5).collect();
        assert_eq!(recs, [(0, 8, 5), (8, 12, 7), (12, chunk.len(), 8)]);
    }
}

//! Differential test: porthunt's `t1043-seed` profile against an independent
//! oracle, the published KQL query translated by hand to SQL and run by DuckDB
//! (`tests/differential/seed_query_duckdb.py`).
//!
//! * A Python venv with a pinned DuckDB is created once under `<target>/pyenv`
//!   (reused when present). No Python / no `venv` module is a test FAILURE with
//!   a clear message, never a silent pass.
//! * Inputs: the edge-case generator (`tests/differential/gen_edge_cases.py`,
//!   the same logical rows as CSV and JSON lines) and `porthunt simulate`
//!   output (CSV and JSON lines).
//! * Both sides are projected to the query's 13 columns (porthunt's `porthunt`
//!   metadata object is ignored), sorted by a total key and compared as
//!   multisets; a failure prints the first differing rows, field by field.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;

/// DuckDB version the oracle is pinned to.
const DUCKDB_VERSION: &str = "2.0.1";
/// Reference time (`--now`) for every run.
const NOW: &str = "2026-11-30T12:00:00Z";

const COLUMNS: [&str; 13] = [
    "Timestamp",
    "DeviceName",
    "AccountName",
    "InitiatingProcessFileName",
    "InitiatingProcessCommandLine",
    "InitiatingProcessParentFileName",
    "RemoteIP",
    "RemotePort",
    "RemoteIPType",
    "IsInternal",
    "IsScriptInterpreter",
    "IsLOLBin",
    "IsUnusualSystem",
];

fn porthunt() -> &'static str {
    env!("CARGO_BIN_EXE_porthunt")
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn script(name: &str) -> PathBuf {
    repo().join("tests").join("differential").join(name)
}

/// `<target>` (the directory holding `debug/porthunt`), honouring CARGO_TARGET_DIR.
fn target_dir() -> PathBuf {
    let exe = Path::new(porthunt());
    exe.parent()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| repo().join("target"))
}

fn show(out: &Output) -> String {
    format!(
        "status: {}\n--- stdout ---\n{}\n--- stderr ---\n{}",
        out.status,
        tail(&String::from_utf8_lossy(&out.stdout), 3000),
        tail(&String::from_utf8_lossy(&out.stderr), 6000)
    )
}

fn tail(s: &str, n: usize) -> &str {
    if s.len() <= n {
        return s;
    }
    let mut i = s.len() - n;
    while !s.is_char_boundary(i) {
        i += 1;
    }
    &s[i..]
}

fn run(cmd: &mut Command, what: &str) -> Output {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("{what}: could not start {cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{what} failed: {cmd:?}\n{}",
        show(&out)
    );
    out
}

// ---------------------------------------------------------------------------
// Python venv with the pinned DuckDB
// ---------------------------------------------------------------------------

static VENV_LOCK: Mutex<Option<PathBuf>> = Mutex::new(None);

fn venv_python_path(venv: &Path) -> PathBuf {
    if cfg!(windows) {
        venv.join("Scripts").join("python.exe")
    } else {
        venv.join("bin").join("python")
    }
}

fn venv_ok(python: &Path) -> bool {
    python.exists()
        && Command::new(python)
            .args([
                "-c",
                &format!("import duckdb, sys; sys.exit(0 if duckdb.__version__ == '{DUCKDB_VERSION}' else 1)"),
            ])
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false)
}

/// The venv's python, creating `<target>/pyenv` (with duckdb pinned) if needed.
fn python() -> PathBuf {
    let mut guard = VENV_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(p) = guard.as_ref() {
        return p.clone();
    }
    let venv = target_dir().join("pyenv");
    let py = venv_python_path(&venv);
    if !venv_ok(&py) {
        let host_python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_string());
        if !venv.exists() {
            // Build in a private directory and rename into place, so a concurrent
            // `cargo test` never sees a half-made venv.
            let tmp = target_dir().join(format!("pyenv.tmp-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&tmp);
            let out = Command::new(&host_python)
                .args(["-m", "venv"])
                .arg(&tmp)
                .output()
                .unwrap_or_else(|e| {
                    panic!(
                        "differential test needs Python 3 with the venv module: could not run \
                         `{host_python} -m venv`: {e}. Install python3 and python3-venv (or set \
                         PYTHON=/path/to/python3)."
                    )
                });
            assert!(
                out.status.success(),
                "differential test needs Python 3 with the venv module: `{host_python} -m venv {}` \
                 failed (on Debian/Ubuntu: apt-get install python3-venv).\n{}",
                tmp.display(),
                show(&out)
            );
            if std::fs::rename(&tmp, &venv).is_err() {
                // Someone else won the race; use theirs.
                let _ = std::fs::remove_dir_all(&tmp);
            }
        }
        let out = Command::new(&py)
            .args(["-m", "pip", "install", "--disable-pip-version-check", "-q"])
            .arg(format!("duckdb=={DUCKDB_VERSION}"))
            .output()
            .unwrap_or_else(|e| panic!("could not run pip in {}: {e}", venv.display()));
        assert!(
            out.status.success(),
            "pip install duckdb=={DUCKDB_VERSION} into {} failed (PyPI must be reachable the \
             first time; later runs reuse the venv).\n{}",
            venv.display(),
            show(&out)
        );
        assert!(
            venv_ok(&py),
            "duckdb {DUCKDB_VERSION} is still not importable from {}",
            py.display()
        );
    }
    *guard = Some(py.clone());
    py
}

// ---------------------------------------------------------------------------
// Scratch directories (no tempfile crate among the dependencies)
// ---------------------------------------------------------------------------

struct Scratch {
    path: PathBuf,
}

impl Scratch {
    fn new(tag: &str) -> Scratch {
        static N: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "porthunt-differential-{}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst),
            tag
        ));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("create scratch dir");
        Scratch { path }
    }
    fn file(&self, name: &str) -> PathBuf {
        self.path.join(name)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!(
                "differential: inputs and outputs kept in {}",
                self.path.display()
            );
        } else {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

// ---------------------------------------------------------------------------
// Running both sides
// ---------------------------------------------------------------------------

/// One result row projected to the 13 columns, rendered as canonical JSON per
/// cell. Ordering of this Vec is the total sort key.
type Row = Vec<String>;

fn parse_rows(bytes: &[u8], who: &str) -> Vec<Row> {
    let text =
        std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{who}: output is not UTF-8: {e}"));
    let mut rows = Vec::new();
    // Split on '\n' only: U+2028/U+2029 inside strings are not line breaks.
    for (i, line) in text.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(line).unwrap_or_else(|e| {
            panic!(
                "{who}: line {} is not JSON ({e}): {}",
                i + 1,
                tail(line, 500)
            )
        });
        let obj = v
            .as_object()
            .unwrap_or_else(|| panic!("{who}: line {} is not a JSON object", i + 1));
        let row = COLUMNS
            .iter()
            .map(|c| match obj.get(*c) {
                Some(v) => serde_json::to_string(v).unwrap(),
                None => format!("<missing column {c}>"),
            })
            .collect();
        rows.push(row);
    }
    rows
}

fn oracle(input: &Path) -> Vec<Row> {
    let out = run(
        Command::new(python())
            .arg(script("seed_query_duckdb.py"))
            .args(["--now", NOW])
            .arg(input),
        "DuckDB oracle",
    );
    parse_rows(&out.stdout, "oracle")
}

fn hunt(input: &Path) -> Vec<Row> {
    let out = Command::new(porthunt())
        .args([
            "hunt",
            "--profile",
            "t1043-seed",
            "--now",
            NOW,
            "--format",
            "jsonl",
        ])
        .arg(input)
        .output()
        .expect("run porthunt hunt");
    assert_eq!(
        out.status.code(),
        Some(0),
        "porthunt hunt exited with {} on {} (expected 0: it ran)\n{}",
        out.status,
        input.display(),
        show(&out)
    );
    parse_rows(&out.stdout, "porthunt")
}

fn render(row: &Row) -> String {
    COLUMNS
        .iter()
        .zip(row)
        .map(|(c, v)| format!("{c}={v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Multiset comparison; `Err` holds a readable diff of the first differing rows.
fn compare_rows(label: &str, mut expected: Vec<Row>, mut got: Vec<Row>) -> Result<(), String> {
    expected.sort();
    got.sort();
    if expected == got {
        return Ok(());
    }
    // multiset differences
    let mut count: BTreeMap<&Row, i64> = BTreeMap::new();
    for r in &expected {
        *count.entry(r).or_default() += 1;
    }
    for r in &got {
        *count.entry(r).or_default() -= 1;
    }
    let only_oracle: Vec<&Row> = count
        .iter()
        .filter(|(_, n)| **n > 0)
        .flat_map(|(r, n)| std::iter::repeat_n(*r, *n as usize))
        .collect();
    let mut only_porthunt: Vec<&Row> = count
        .iter()
        .filter(|(_, n)| **n < 0)
        .flat_map(|(r, n)| std::iter::repeat_n(*r, (-*n) as usize))
        .collect();
    let mut msg = format!(
        "{label}: porthunt disagrees with the DuckDB oracle: oracle {} rows, porthunt {} rows; \
         {} rows only in the oracle, {} only in porthunt.\n",
        expected.len(),
        got.len(),
        only_oracle.len(),
        only_porthunt.len()
    );
    // Which columns differ, over rows paired by Timestamp (whole-diff tally).
    let mut tally: BTreeMap<&str, usize> = BTreeMap::new();
    {
        let mut pool: Vec<&Row> = only_porthunt.clone();
        for r in &only_oracle {
            if let Some(i) = pool.iter().position(|p| p[0] == r[0]) {
                let p = pool.swap_remove(i);
                for ((c, a), b) in COLUMNS.iter().zip(r.iter()).zip(p.iter()) {
                    if a != b {
                        *tally.entry(c).or_default() += 1;
                    }
                }
            } else {
                *tally.entry("<row only in oracle>").or_default() += 1;
            }
        }
        if !pool.is_empty() {
            *tally.entry("<row only in porthunt>").or_default() += pool.len();
        }
    }
    msg.push_str("differences by column (rows paired by Timestamp): ");
    msg.push_str(
        &tally
            .iter()
            .map(|(c, n)| format!("{c} x{n}"))
            .collect::<Vec<_>>()
            .join(", "),
    );
    msg.push('\n');
    let mut shown = 0;
    for r in &only_oracle {
        if shown == 8 {
            break;
        }
        shown += 1;
        // Pair with a porthunt row of the same Timestamp when there is one.
        if let Some(i) = only_porthunt.iter().position(|p| p[0] == r[0]) {
            let p = only_porthunt.remove(i);
            msg.push_str(&format!("\n-- differing row (Timestamp {}):\n", r[0]));
            for ((c, a), b) in COLUMNS.iter().zip(r.iter()).zip(p.iter()) {
                if a == b {
                    msg.push_str(&format!("      {c}: {a}\n"));
                } else {
                    msg.push_str(&format!("   !! {c}: oracle {a}  porthunt {b}\n"));
                }
            }
        } else {
            msg.push_str(&format!("\n-- only in oracle: {}\n", render(r)));
        }
    }
    for p in only_porthunt
        .iter()
        .take(8usize.saturating_sub(shown).max(3))
    {
        msg.push_str(&format!("\n-- only in porthunt: {}\n", render(p)));
    }
    Err(msg)
}

fn assert_no_msiexec(label: &str, rows: &[Row]) {
    for r in rows {
        let name: String = serde_json::from_str::<String>(&r[3]).unwrap_or_default();
        assert_ne!(
            name.to_ascii_lowercase(),
            "msiexec.exe",
            "{label}: msiexec.exe is allow-listed and must never alert: {}",
            render(r)
        );
    }
}

/// Oracle vs porthunt on one input file; `Ok(number of alerts)` when they agree.
fn check_file(label: &str, input: &Path, min_rows: usize) -> Result<usize, String> {
    let expected = oracle(input);
    let got = hunt(input);
    assert!(
        expected.len() >= min_rows,
        "{label}: the oracle returned only {} rows (expected at least {min_rows}); the test data \
         no longer exercises the rule",
        expected.len()
    );
    assert_no_msiexec(&format!("{label} (oracle)"), &expected);
    assert_no_msiexec(&format!("{label} (porthunt)"), &got);
    let n = expected.len();
    compare_rows(label, expected, got).map(|()| n)
}

/// Panics with every failure message when any check failed.
fn finish(results: Vec<Result<usize, String>>) {
    let errors: Vec<String> = results.into_iter().filter_map(Result::err).collect();
    if !errors.is_empty() {
        panic!("{}", errors.join("\n==========\n"));
    }
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

/// The oracle's own hand-made unit tests (tests/differential/test_oracle.py).
#[test]
fn oracle_unit_tests() {
    run(
        Command::new(python()).arg(script("test_oracle.py")),
        "tests/differential/test_oracle.py",
    );
}

fn edge_cases(seed: u64, extra: &[&str]) {
    let dir = Scratch::new(&format!("edge-{seed}"));
    run(
        Command::new(python())
            .arg(script("gen_edge_cases.py"))
            .arg("--out-dir")
            .arg(&dir.path)
            .args(["--seed", &seed.to_string(), "--now", NOW])
            .args(extra),
        "gen_edge_cases.py",
    );
    let variant = if extra.is_empty() {
        "defaults".to_string()
    } else {
        extra.join(" ")
    };
    let csv = dir.file("events.csv");
    let jsonl = dir.file("events.jsonl");
    // The generator writes the same logical rows twice: the oracle must agree with itself.
    let (oc, oj) = (oracle(&csv), oracle(&jsonl));
    let (mut a, mut b) = (oc.clone(), oj.clone());
    a.sort();
    b.sort();
    assert!(
        a == b,
        "oracle gives different answers on the CSV and JSON-lines copies (seed {seed})"
    );

    let results = vec![
        check_file(
            &format!("edge cases seed {seed} ({variant}) CSV"),
            &csv,
            1000,
        ),
        check_file(
            &format!("edge cases seed {seed} ({variant}) JSON lines"),
            &jsonl,
            1000,
        ),
    ];
    eprintln!("edge cases seed {seed}: {} alerts per file", oc.len());
    finish(results);
}

/// Defender's column order, every edge case, random mixes.
#[test]
fn edge_cases_defender_column_order() {
    edge_cases(1, &[]);
}

/// Columns (CSV) and keys (JSON) in a random order.
#[test]
fn edge_cases_shuffled_columns() {
    edge_cases(2, &["--column-order", "shuffled"]);
}

/// Both files start with a UTF-8 byte-order mark.
#[test]
fn edge_cases_with_bom() {
    edge_cases(3, &["--bom"]);
}

fn simulated(shape: &str, ext: &str) {
    let dir = Scratch::new(&format!("sim-{shape}"));
    let file = dir.file(&format!("sim.{ext}"));
    let out = Command::new(porthunt())
        .args([
            "simulate", "--events", "20000", "--shape", shape, "--seed", "7", "--end", NOW, "-o",
        ])
        .arg(&file)
        .output()
        .expect("run porthunt simulate");
    assert!(
        out.status.success(),
        "porthunt simulate --shape {shape} failed\n{}",
        show(&out)
    );
    let n = check_file(&format!("porthunt simulate --shape {shape}"), &file, 10);
    if let Ok(n) = &n {
        eprintln!("simulate --shape {shape}: {n} alerts, equal");
    }
    finish(vec![n]);
}

#[test]
fn simulated_csv() {
    simulated("csv", "csv");
}

#[test]
fn simulated_jsonl() {
    simulated("jsonl", "jsonl");
}

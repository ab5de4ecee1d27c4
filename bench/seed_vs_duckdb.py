#!/usr/bin/env python3
"""Benchmark: porthunt `hunt --profile t1043-seed` vs the DuckDB oracle.

Not a timed test; run by hand (via bench/seed_vs_duckdb.sh, which prepares the
release binary and the Python venv):

  1. generates (once; cached) DeviceNetworkEvents exports with
     `porthunt simulate --shape jsonl|csv`: a large one (>= BENCH_GB, default 1 GB)
     and a small one (BENCH_SMALL_MB, default 256 MB) per shape, in
     $PORTHUNT_BENCH_DIR (default target/bench-data);
  2. runs porthunt and the DuckDB oracle (tests/differential/seed_query_duckdb.py,
     DuckDB on all cores, reading only the 10 columns the query needs) on the
     large files, with the page cache warm;
  3. checks both return the same alerts (same comparison as tests/differential.rs);
  4. prints wall time, MB/s, events/s, peak RSS (GNU time -v) and the
     porthunt/DuckDB throughput ratio, then porthunt's peak RSS at both input
     sizes (memory must not grow with input size), and a final table.

Environment: PORTHUNT_BENCH_DIR, BENCH_GB (float, default 1.0), BENCH_SMALL_MB
(default 256), BENCH_REPEAT (runs per measurement, best wall time kept; default 3),
BENCH_SHAPES (default "jsonl csv"), BENCH_FULL_PARSE (also time
`porthunt --full-parse`, which parses every record instead of skipping those
without the rule's literal text; default 1), PORTHUNT (binary, default target/release/porthunt),
PYTHON (python with duckdb, default target/pyenv/bin/python).
"""

from __future__ import annotations

import math
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "differential"))
import compare  # noqa: E402

NOW = "2026-11-30T12:00:00Z"
SEED = 7
PORTHUNT = os.environ.get("PORTHUNT", os.path.join(ROOT, "target", "release", "porthunt"))
PYTHON = os.environ.get("PYTHON", os.path.join(ROOT, "target", "pyenv", "bin", "python"))
ORACLE = os.path.join(ROOT, "tests", "differential", "seed_query_duckdb.py")
DATA = os.environ.get("PORTHUNT_BENCH_DIR", os.path.join(ROOT, "target", "bench-data"))
BIG = float(os.environ.get("BENCH_GB", "1.0")) * 1e9
SMALL = float(os.environ.get("BENCH_SMALL_MB", "256")) * 1e6
REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))
SHAPES = os.environ.get("BENCH_SHAPES", "jsonl csv").split()
FULL_PARSE = os.environ.get("BENCH_FULL_PARSE", "1") != "0"
EXT = {"jsonl": "jsonl", "csv": "csv"}
MB = 1e6

GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def simulate(shape: str, events: int, path: str):
    tmp = path + ".tmp"
    subprocess.run([PORTHUNT, "simulate", "--events", str(events), "--shape", shape,
                    "--seed", str(SEED), "--end", NOW, "-o", tmp], check=True,
                   stdout=subprocess.DEVNULL)
    os.replace(tmp, path)


def bytes_per_event(shape: str) -> float:
    probe = os.path.join(DATA, f"probe-{shape}.{EXT[shape]}")
    n = 20000
    if not os.path.exists(probe):
        simulate(shape, n, probe)
    return os.path.getsize(probe) / n


def dataset(shape: str, target_bytes: float, label: str) -> tuple[str, int]:
    """A cached simulate output of at least target_bytes; returns (path, events)."""
    bpe = bytes_per_event(shape)
    events = int(math.ceil(target_bytes * 1.02 / bpe / 1000.0)) * 1000
    for _ in range(4):
        path = os.path.join(DATA, f"sim-{shape}-{events}ev-seed{SEED}.{EXT[shape]}")
        if not os.path.exists(path):
            log(f"generating {label} {shape}: {events} events (~{events * bpe / MB:.0f} MB) -> {path}")
            t = time.perf_counter()
            simulate(shape, events, path)
            log(f"  done in {time.perf_counter() - t:.1f} s")
        size = os.path.getsize(path)
        if size >= target_bytes:
            return path, events
        # bytes/event was underestimated: scale up and regenerate
        os.remove(path)
        events = int(math.ceil(events * target_bytes * 1.03 / size / 1000.0)) * 1000
    raise SystemExit(f"could not generate a {shape} file of {target_bytes:.0f} bytes")


def warm(path: str):
    with open(path, "rb") as f:
        while f.read(1 << 24):
            pass


def timed(cmd: list[str]) -> dict:
    """Run cmd under GNU time -v; wall (perf_counter), peak RSS (kB), stderr."""
    if GNU_TIME:
        full = [GNU_TIME, "-v"] + cmd
    else:
        full = cmd
    t = time.perf_counter()
    p = subprocess.run(full, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - t
    err = p.stderr.decode("utf-8", "replace")
    if p.returncode != 0:
        raise SystemExit(f"failed ({p.returncode}): {' '.join(cmd)}\n{err[-4000:]}")
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
    if m:
        rss_kb = int(m.group(1))
    else:  # fallback: children's max RSS so far (an upper bound)
        import resource
        rss_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    cpu = re.search(r"User time \(seconds\): ([\d.]+)\s+System time \(seconds\): ([\d.]+)", err)
    cpu_s = float(cpu.group(1)) + float(cpu.group(2)) if cpu else float("nan")
    return {"wall": wall, "rss_kb": rss_kb, "stderr": err, "cpu": cpu_s}


def best_of(cmd, path) -> dict:
    best = None
    for _ in range(max(1, REPEAT)):
        warm(path)
        r = timed(cmd)
        if best is None or r["wall"] < best["wall"]:
            best = r
    return best


def porthunt_cmd(path, out):
    return [PORTHUNT, "hunt", "--profile", "t1043-seed", "--now", NOW, "--format", "jsonl",
            "-o", out, path]


def porthunt_full_cmd(path, out):
    return porthunt_cmd(path, out)[:-1] + ["--full-parse", path]


def oracle_cmd(path, out):
    return [PYTHON, ORACLE, "--now", NOW, "-o", out, path]


def events_read(stderr: str, default: int) -> int:
    m = re.search(r"records: (\d+) read", stderr)
    return int(m.group(1)) if m else default


def main():
    if not os.access(PORTHUNT, os.X_OK):
        raise SystemExit(f"{PORTHUNT} missing: cargo build --release")
    os.makedirs(DATA, exist_ok=True)
    out_dir = os.path.join(DATA, "out")
    os.makedirs(out_dir, exist_ok=True)
    ncpu = os.cpu_count()
    log(f"porthunt: {PORTHUNT}\noracle: {PYTHON} {ORACLE}\ndata: {DATA}\ncores: {ncpu}")
    try:
        ver = subprocess.run([PYTHON, "-c", "import duckdb;print(duckdb.__version__)"],
                             capture_output=True, text=True, check=True).stdout.strip()
    except Exception:
        ver = "?"

    load_before = os.getloadavg()
    table = []
    rss_rows = []
    all_equal = True
    for shape in SHAPES:
        big, big_events = dataset(shape, BIG, "large")
        small, small_events = dataset(shape, SMALL, "small")
        size = os.path.getsize(big)
        res = {}
        tools = [("porthunt", porthunt_cmd), (f"duckdb {ver}", oracle_cmd)]
        if FULL_PARSE:
            tools.insert(1, ("porthunt --full-parse", porthunt_full_cmd))
        for tool, mk in tools:
            out = os.path.join(out_dir, f"{shape}-{tool.replace(' ', '').replace('-', '')}.jsonl")
            log(f"running {tool} on {os.path.basename(big)} ({size / MB:.0f} MB)")
            r = best_of(mk(big, out), big)
            r["out"] = out
            res[tool] = r
        ph, dk = res["porthunt"], res[f"duckdb {ver}"]
        # events in the file: porthunt's "records: N read" (else simulate's --events)
        n_events = events_read(ph["stderr"], big_events)
        for r in res.values():
            r["events"] = n_events
        log(f"comparing alerts ({shape})")
        ok, n_oracle, n_ph = compare.compare(dk["out"], ph["out"], show=5, out=sys.stderr)
        equal = {"porthunt": ok, f"duckdb {ver}": ok}
        if "porthunt --full-parse" in res:
            ok_full, _, _ = compare.compare(dk["out"], res["porthunt --full-parse"]["out"], show=5,
                                            out=sys.stderr)
            equal["porthunt --full-parse"] = ok_full
            ok = ok and ok_full
        all_equal &= ok
        for tool, r in res.items():
            is_ph = tool.startswith("porthunt")
            table.append({
                "shape": shape, "tool": tool, "size_mb": size / MB, "events": r["events"],
                "wall": r["wall"], "cpu": r["cpu"], "mbps": size / MB / r["wall"],
                "eps": r["events"] / r["wall"], "rss_mb": r["rss_kb"] / 1024,
                "alerts": n_oracle if not is_ph else (n_ph if tool == "porthunt" else
                                                       len(compare.load(r["out"]))),
                "ratio": (dk["wall"] / r["wall"]) if is_ph else None,
                "equal": equal[tool],
            })
        # memory vs input size (porthunt)
        log(f"running porthunt on the small {shape} file for the memory comparison")
        s_out = os.path.join(out_dir, f"{shape}-porthunt-small.jsonl")
        rs = best_of(porthunt_cmd(small, s_out), small)
        rss_rows.append((shape, os.path.getsize(small) / MB, rs["rss_kb"] / 1024,
                         size / MB, ph["rss_kb"] / 1024))

    print()
    print(f"T1043 seed query: porthunt vs DuckDB {ver} ({ncpu} cores, page cache warm, "
          f"best of {max(1, REPEAT)}; --now {NOW})")
    hdr = (f"{'shape':6} {'tool':22} {'input MB':>9} {'events':>10} {'wall s':>8} {'cpu s':>7} "
           f"{'MB/s':>8} {'events/s':>11} {'peak RSS MB':>12} {'alerts':>8} {'same alerts':>11} "
           f"{'porthunt/duckdb':>15}")
    print(hdr)
    print("-" * len(hdr))
    for r in table:
        ratio = f"{r['ratio']:.2f}x" if r["ratio"] is not None else ""
        print(f"{r['shape']:6} {r['tool']:22} {r['size_mb']:9.0f} {r['events']:10d} "
              f"{r['wall']:8.2f} {r['cpu']:7.2f} {r['mbps']:8.1f} {r['eps']:11.0f} "
              f"{r['rss_mb']:12.1f} {r['alerts']:8d} {'yes' if r['equal'] else 'NO':>11} {ratio:>15}")
    print()
    print(f"load average (1/5/15 min) before: {'/'.join(f'{x:.2f}' for x in load_before)}, after: "
          f"{'/'.join(f'{x:.2f}' for x in os.getloadavg())}  (other work on the machine "
          f"inflates wall times; cpu s is steadier)")
    print()
    print("porthunt peak RSS vs input size:")
    for shape, s_mb, s_rss, b_mb, b_rss in rss_rows:
        print(f"  {shape:6} {s_mb:7.0f} MB -> {s_rss:7.1f} MB RSS    "
              f"{b_mb:7.0f} MB -> {b_rss:7.1f} MB RSS    (x{b_mb / s_mb:.1f} input, "
              f"x{b_rss / s_rss:.2f} RSS)")
    import json
    with open(os.path.join(out_dir, "results.json"), "w") as f:
        json.dump({"duckdb": ver, "cores": ncpu, "repeat": REPEAT, "runs": table,
                   "rss_vs_size": rss_rows}, f, indent=1)
    if not all_equal:
        print("\nALERTS DIFFER between porthunt and DuckDB (see the diff above on stderr)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

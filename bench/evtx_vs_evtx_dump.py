#!/usr/bin/env python3
"""Benchmark: porthunt `hunt --profile t1043-seed` vs `evtx_dump` on Windows event logs.

Not a timed test; run by hand via bench/evtx_vs_evtx_dump.sh, which builds the
release binary and installs `evtx_dump` (the `evtx` crate's own tool, same version
as porthunt's dependency) into target/evtx-tools. Needs only the Python standard
library.

  1. Collects every real .evtx sample under $BENCH_DATASETS (default
     ../shared/datasets: EVTX-ATTACK-SAMPLES, mdecrevoisier, omerbenamram samples,
     SigmaHQ regression data, ...), copies them once to
     $PORTHUNT_BENCH_DIR/evtx/orig/, and builds (once; cached) two corpora of whole
     replicas, `rep0001-<name>.evtx`, `rep0002-<name>.evtx`, ... (hard links to
     the copies: many files of real content, little disk):
        $PORTHUNT_BENCH_DIR/evtx/corpus-<N>x/  N = replica sets, >= BENCH_EVTX_GB
        (large) and >= BENCH_EVTX_SMALL_MB (small, for the memory comparison).
  2. On the large corpus, page cache warm, best wall time of BENCH_REPEAT runs:
       - evtx_dump -o jsonl -t <cores> FILE > /dev/null, one process per file, in turn
         (xargs -n1); wall and CPU are totals over all processes, peak RSS is the
         largest of any one process (GNU time on xargs reports the max over its
         children);
       - evtx_dump -o jsonl -t 1, xargs -P <cores> (one file per core at a time:
         evtx_dump's fastest way through many small files; BENCH_EVTX_DUMP_PARALLEL=0
         to skip), for context;
       - porthunt hunt --profile t1043-seed --since 1990-01-01T00:00:00Z <corpus>
         -o /dev/null --summary-json <tmp>: one process over the folder, the whole
         detection (parse, map, join, rule, window, alerts).
     evtx_dump's record count is the number of JSON lines it prints, counted once
     in an untimed run (which also warms the cache); porthunt's is the summary's
     `records` (records read, including corrupt ones it skipped and counted).
  3. porthunt on the OTRF archives as they are (zip / tar.gz of JSON lines):
     records/s, MB/s of compressed and of uncompressed bytes, peak RSS.
  4. porthunt's peak RSS on the small vs the large corpus.
  5. Alert consistency: alerts on a corpus must equal
     sum over originals of (replicas of the file) x (alerts on the file alone).
  6. Context (BENCH_EVTX_DENSE_MB, default 200; 0 skips): the samples are small
     and mostly empty (35 of 39 are one 64 KiB chunk; ~4 KB of file per record),
     so on the replicated corpus evtx_dump's time is mostly starting 5,000+
     processes. Collected logs are few large files of full chunks, so the bench
     also builds one "dense" file, $PORTHUNT_BENCH_DIR/evtx/dense-<N>x/dense.evtx:
     one EVTX file header followed by the samples' valid chunks, repeated N times
     (the evtx crate reads chunks to the end of the file, whatever the header's
     chunk count), and times evtx_dump -o jsonl -t <cores> and porthunt on it:
     per-record cost without process start-up, and porthunt's memory on a large
     single file.

Reading the output: the table has one row per (corpus, tool). `porthunt/this wall`
on an evtx_dump row is porthunt's wall time on the same corpus divided by that
row's (`cpu`: the same for CPU time): below 1.0 means porthunt's full detection
run beat evtx_dump's plain dump (the target is <= 1.0 against the large corpus's
`-t <cores>, 1 file at a time` row; the dense rows show the per-record cost). `cpu s` is user+sys of all processes and is steadier than
wall time when the machine is busy (the load average is printed). Results are also
written to $PORTHUNT_BENCH_DIR/evtx/out/results.json.

Environment: PORTHUNT_BENCH_DIR (default target/bench-data), BENCH_EVTX_GB (float,
default 1.0), BENCH_EVTX_SMALL_MB (default 256), BENCH_REPEAT (default 3),
BENCH_DATASETS (default ../shared/datasets), BENCH_EVTX_DUMP_PARALLEL (default 1),
BENCH_OTRF (default 1), BENCH_EVTX_DENSE_MB (default 200), PORTHUNT (default
target/release/porthunt), EVTX_DUMP (default target/evtx-tools/bin/evtx_dump).

Exit status: 0, or 1 when the alert counts are not consistent.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PORTHUNT = os.environ.get("PORTHUNT", os.path.join(ROOT, "target", "release", "porthunt"))
EVTX_DUMP = os.environ.get("EVTX_DUMP",
                           os.path.join(ROOT, "target", "evtx-tools", "bin", "evtx_dump"))
DATA = os.path.join(os.environ.get("PORTHUNT_BENCH_DIR", os.path.join(ROOT, "target", "bench-data")),
                    "evtx")
DATASETS = os.environ.get("BENCH_DATASETS", os.path.join(os.path.dirname(ROOT), "shared", "datasets"))
OTRF = os.path.join(DATASETS, "OTRF-Security-Datasets", "datasets")
BIG = float(os.environ.get("BENCH_EVTX_GB", "1.0")) * 1e9
SMALL = float(os.environ.get("BENCH_EVTX_SMALL_MB", "256")) * 1e6
REPEAT = max(1, int(os.environ.get("BENCH_REPEAT", "3")))
DUMP_PARALLEL = os.environ.get("BENCH_EVTX_DUMP_PARALLEL", "1") != "0"
RUN_OTRF = os.environ.get("BENCH_OTRF", "1") != "0"
DENSE = float(os.environ.get("BENCH_EVTX_DENSE_MB", "200")) * 1e6
SINCE = "1990-01-01T00:00:00Z"   # every record is inside the window
MB = 1e6
NCPU = os.cpu_count() or 1

GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def log(*a):
    print(*a, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- corpus

def find_originals() -> list[tuple[str, str]]:
    """Every .evtx under DATASETS, as (corpus name, source path), sorted by name."""
    found = []
    for top, _dirs, files in os.walk(DATASETS, followlinks=True):
        for f in files:
            if f.lower().endswith(".evtx"):
                found.append(os.path.join(top, f))
    if not found:
        raise SystemExit(f"no .evtx file under {DATASETS} (set BENCH_DATASETS)")
    found.sort()
    names: dict[str, str] = {}
    for path in found:
        name = os.path.basename(path)
        if name in names:  # same basename in two places: prefix the dataset folder
            rel = os.path.relpath(path, DATASETS).split(os.sep)[0]
            name = f"{rel}--{name}"
        names[name] = path
    return sorted(names.items())


def stage_originals(originals) -> list[tuple[str, int]]:
    """Copies the samples to DATA/orig (once); returns [(name, size)]."""
    orig = os.path.join(DATA, "orig")
    os.makedirs(orig, exist_ok=True)
    wanted = {name for name, _ in originals}
    for stale in set(os.listdir(orig)) - wanted:
        os.remove(os.path.join(orig, stale))
    out = []
    for name, src in originals:
        dst = os.path.join(orig, name)
        size = os.path.getsize(src)
        if not (os.path.exists(dst) and os.path.getsize(dst) == size):
            shutil.copyfile(src, dst)
        out.append((name, size))
    return out


def corpus(staged, target_bytes: float, label: str) -> dict:
    """A cached corpus of whole replica sets, >= target_bytes. Returns its description."""
    set_bytes = sum(s for _, s in staged)
    reps = max(1, math.ceil(target_bytes / set_bytes))
    path = os.path.join(DATA, f"corpus-{reps}x")
    manifest = path + ".json"   # beside the folder: porthunt reads everything inside it
    want = {"replicas": reps, "originals": [list(x) for x in staged]}
    files = [os.path.join(path, f"rep{r:04d}-{name}") for r in range(1, reps + 1)
             for name, _ in staged]
    try:
        with open(manifest) as f:
            cached = json.load(f) == want
        cached = cached and sorted(os.listdir(path)) == sorted(os.path.basename(p) for p in files)
    except (OSError, ValueError):
        cached = False
    if cached:
        log(f"{label} corpus: reusing {path} ({len(files)} files)")
    else:
        log(f"{label} corpus: building {path}: {reps} replicas x {len(staged)} files "
            f"= {reps * set_bytes / MB:.0f} MB")
        shutil.rmtree(path, ignore_errors=True)
        tmp = path + ".tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        os.makedirs(tmp)
        linked = True
        for r in range(1, reps + 1):
            for name, _ in staged:
                src = os.path.join(DATA, "orig", name)
                dst = os.path.join(tmp, f"rep{r:04d}-{name}")
                if linked:
                    try:
                        os.link(src, dst)
                        continue
                    except OSError:
                        linked = False
                        log("  hard links not possible here: copying")
                shutil.copyfile(src, dst)
        os.rename(tmp, path)
        with open(manifest, "w") as f:
            json.dump(want, f)
    listing = path + ".list0"   # NUL-separated file names for xargs -0
    with open(listing, "wb") as f:
        f.write(b"".join(p.encode() + b"\0" for p in files))
    return {"label": label, "path": path, "replicas": reps, "files": len(files),
            "bytes": reps * set_bytes, "listing": listing}


def warm(paths):
    for p in paths:
        with open(p, "rb") as f:
            while f.read(1 << 24):
                pass


def corpus_files(c) -> list[str]:
    with open(c["listing"], "rb") as f:
        return [p.decode() for p in f.read().split(b"\0") if p]


def dense(staged, target_bytes: float) -> dict | None:
    """One cached EVTX file: a file header, then the samples' valid chunks, N times."""
    orig = os.path.join(DATA, "orig")
    header, chunks = None, []
    for name, _ in staged:
        with open(os.path.join(orig, name), "rb") as f:
            b = f.read()
        if header is None and b[:8] == b"ElfFile\0":
            header = b[:4096]
        for off in range(4096, len(b) - 65535, 65536):
            if b[off:off + 8] == b"ElfChnk\0":
                chunks.append(b[off:off + 65536])
    if header is None or not chunks:
        log("note: no valid EVTX header or chunk in the samples: skipping the dense file")
        return None
    per_copy = 65536 * len(chunks)
    copies = max(1, math.ceil((target_bytes - 4096) / per_copy))
    folder = os.path.join(DATA, f"dense-{copies}x")
    path = os.path.join(folder, "dense.evtx")
    size = 4096 + copies * per_copy
    if os.path.exists(path) and os.path.getsize(path) == size:
        log(f"dense file: reusing {path}")
    else:
        log(f"dense file: building {path}: {copies} x {len(chunks)} chunks = {size / MB:.0f} MB")
        os.makedirs(folder, exist_ok=True)
        with open(path + ".tmp", "wb") as f:
            f.write(header)
            for _ in range(copies):
                f.writelines(chunks)
        os.replace(path + ".tmp", path)
    listing = os.path.join(DATA, f"dense-{copies}x.list0")
    with open(listing, "wb") as f:
        f.write(path.encode() + b"\0")
    return {"label": "dense", "path": folder, "replicas": copies, "files": 1, "bytes": size,
            "listing": listing, "chunks": len(chunks)}


# ---------------------------------------------------------------- timing

def timed(cmd: list[str], stdin_path: str | None = None) -> dict:
    """Runs cmd (stdout to /dev/null); wall (perf_counter), cpu (user+sys of the
    process tree), peak RSS (kB, largest single process), stderr text."""
    with tempfile.NamedTemporaryFile("w+", suffix=".time") as tf, \
            tempfile.TemporaryFile("w+b") as err:
        full = [GNU_TIME, "-f", "%e %U %S %M", "-o", tf.name] + cmd if GNU_TIME else cmd
        stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
        try:
            t = time.perf_counter()
            p = subprocess.Popen(full, stdin=stdin, stdout=subprocess.DEVNULL, stderr=err)
            # wait4: rusage of the child and of every descendant it waited for
            _, status, ru = os.wait4(p.pid, 0)
            wall = time.perf_counter() - t
            p.returncode = os.waitstatus_to_exitcode(status)
        finally:
            if stdin_path:
                stdin.close()
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
        if p.returncode != 0:
            raise SystemExit(f"failed ({p.returncode}): {' '.join(cmd)}\n{text[-4000:]}")
        m = re.fullmatch(r"\s*([\d.]+) ([\d.]+) ([\d.]+) (\d+)\s*", tf.read()) if GNU_TIME else None
        if m:
            cpu, rss_kb = float(m.group(2)) + float(m.group(3)), int(m.group(4))
        else:
            cpu, rss_kb = ru.ru_utime + ru.ru_stime, ru.ru_maxrss
    return {"wall": wall, "cpu": cpu, "rss_kb": rss_kb, "stderr": text}


def best_of(cmd, files, stdin_path=None, before=None) -> dict:
    best = None
    for _ in range(REPEAT):
        warm(files)
        if before:
            before()
        r = timed(cmd, stdin_path)
        if best is None or r["wall"] < best["wall"]:
            best = r
    return best


def dump_cmd(threads: int, procs: int) -> list[str]:
    return ["xargs", "-0", "-n1", "-P", str(procs), EVTX_DUMP, "-o", "jsonl", "-t", str(threads)]


def dump_lines(listing: str) -> tuple[int, int]:
    """JSON lines (and bytes) evtx_dump prints for every file of a listing (untimed)."""
    with open(listing, "rb") as stdin:
        p = subprocess.Popen(dump_cmd(NCPU, 1), stdin=stdin, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL)
        lines = size = 0
        while True:
            b = p.stdout.read(1 << 20)
            if not b:
                break
            lines += b.count(b"\n")
            size += len(b)
        if p.wait() != 0:
            raise SystemExit(f"evtx_dump failed ({p.returncode}) while counting lines")
    return lines, size


def porthunt_cmd(inputs, summary: str) -> list[str]:
    return [PORTHUNT, "hunt", "--profile", "t1043-seed", "--since", SINCE, *inputs,
            "-o", os.devnull, "--summary-json", summary]


def porthunt_run(inputs, files, summary: str) -> dict:
    def clear():
        if os.path.exists(summary):
            os.remove(summary)
    r = best_of(porthunt_cmd(inputs, summary), files, before=clear)
    # the summary of the last run: counts are the same in every run
    with open(summary) as f:
        r["summary"] = json.load(f)
    return r


def porthunt_summary(inputs) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json") as tf:
        p = subprocess.run(porthunt_cmd(inputs, tf.name), stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE)
        if p.returncode != 0:
            raise SystemExit(f"porthunt failed ({p.returncode}) on {inputs}:\n"
                             f"{p.stderr.decode('utf-8', 'replace')[-4000:]}")
        with open(tf.name) as f:
            return json.load(f)


# ---------------------------------------------------------------- OTRF

def uncompressed_bytes(path: str) -> int | None:
    """Bytes of the members of a zip / tar(.gz) archive, or the file's size."""
    low = path.lower()
    try:
        if low.endswith(".zip"):
            with zipfile.ZipFile(path) as z:
                return sum(i.file_size for i in z.infolist())
        if low.endswith((".tar.gz", ".tgz", ".tar")):
            total = 0
            try:
                with tarfile.open(path, "r:*") as t:
                    for m in t:
                        total += m.size if m.isfile() else 0
            except (tarfile.TarError, EOFError, OSError):
                pass   # a few 2019 archives have a bad gzip trailer after complete members
            return total
        if low.endswith(".gz"):
            return None
    except (zipfile.BadZipFile, OSError):
        return None
    return os.path.getsize(path)


def otrf() -> dict | None:
    if not os.path.isdir(OTRF):
        log(f"note: {OTRF} not found, skipping the OTRF run")
        return None
    paths = []
    for top, _d, files in os.walk(OTRF, followlinks=True):
        paths += [os.path.join(top, f) for f in files]
    comp = sum(os.path.getsize(p) for p in paths)
    unc = [uncompressed_bytes(p) for p in paths]
    log(f"running porthunt on the OTRF archives ({len(paths)} files, {comp / MB:.1f} MB)")
    with tempfile.NamedTemporaryFile(suffix=".json") as tf:
        r = porthunt_run([OTRF], paths, tf.name)
    r.update(files=len(paths), bytes=comp,
             uncompressed=None if any(u is None for u in unc) else sum(unc))
    return r


# ---------------------------------------------------------------- main

def fmt_load(l):
    return "/".join(f"{x:.2f}" for x in l)


def main():
    for exe, hint in ((PORTHUNT, "cargo build --release"),
                      (EVTX_DUMP, "run bench/evtx_vs_evtx_dump.sh, which installs it")):
        if not os.access(exe, os.X_OK):
            raise SystemExit(f"{exe} missing: {hint}")
    os.makedirs(os.path.join(DATA, "out"), exist_ok=True)
    dump_ver = subprocess.run([EVTX_DUMP, "--version"], capture_output=True,
                              text=True).stdout.strip().split()[-1]
    log(f"porthunt: {PORTHUNT}\nevtx_dump: {EVTX_DUMP} ({dump_ver})\ndatasets: {DATASETS}\n"
        f"data: {DATA}\ncores: {NCPU}\n"
        f"peak RSS/cpu: {'GNU time' if GNU_TIME else 'wait4 rusage (no /usr/bin/time)'}")

    originals = find_originals()
    staged = stage_originals(originals)
    set_bytes = sum(s for _, s in staged)
    largest = max(staged, key=lambda x: x[1])
    log(f"{len(staged)} EVTX samples, {set_bytes / MB:.2f} MB per replica set")
    big = corpus(staged, BIG, "large")
    small = corpus(staged, SMALL, "small")

    dn = dense(staged, DENSE) if DENSE > 0 else None

    load_before = os.getloadavg()
    rows = []
    out = os.path.join(DATA, "out")
    ph = {}

    def row(c, r, ref=None):
        rows.append({
            "corpus": c["label"], "tool": r["tool"], "mb": c["bytes"] / MB, "files": c["files"],
            "records": r["records"], "wall": r["wall"], "cpu": r["cpu"],
            "mbps": c["bytes"] / MB / r["wall"], "rps": r["records"] / r["wall"],
            "rss_mb": r["rss_kb"] / 1024, "alerts": r["alerts"],
            "ratio": ref["wall"] / r["wall"] if ref else None,
            "cpu_ratio": ref["cpu"] / r["cpu"] if ref else None,
        })

    def run_porthunt(c, files):
        log(f"running porthunt on the {c['label']} corpus ({c['files']} file(s), "
            f"{c['bytes'] / MB:.0f} MB)")
        r = porthunt_run([c["path"]], files, os.path.join(out, f"summary-{c['label']}.json"))
        s = r["summary"]
        r.update(tool="porthunt hunt t1043-seed", records=s["records"], alerts=s["alerts"])
        ph[c["label"]] = r
        return r

    # large corpus: evtx_dump (untimed line count first; it also warms the cache)
    files = corpus_files(big)
    log("counting evtx_dump's JSON lines on the large corpus (untimed; warms the cache)")
    dump_records, dump_json_bytes = dump_lines(big["listing"])
    variants = [(f"evtx_dump -t {NCPU}, 1 file at a time", NCPU, 1)]
    if DUMP_PARALLEL and NCPU > 1:
        variants.append((f"evtx_dump -t 1, xargs -P {NCPU}", 1, NCPU))
    dumps = []
    for name, threads, procs in variants:
        log(f"running {name} over {big['files']} files ({big['bytes'] / MB:.0f} MB)")
        r = best_of(dump_cmd(threads, procs), files, stdin_path=big["listing"])
        r.update(tool=name, records=dump_records, alerts=None)
        dumps.append(r)
    p_big = run_porthunt(big, files)
    row(big, p_big)
    for r in dumps:
        row(big, r, p_big)
    row(small, run_porthunt(small, corpus_files(small)))

    # one dense file: evtx_dump in one process, then porthunt
    dense_dump = None
    if dn:
        dfiles = corpus_files(dn)
        log(f"counting evtx_dump's JSON lines on the dense file (untimed)")
        dense_records, _ = dump_lines(dn["listing"])
        name = f"evtx_dump -t {NCPU}, 1 file"
        log(f"running {name} on the dense file ({dn['bytes'] / MB:.0f} MB)")
        dense_dump = best_of([EVTX_DUMP, "-o", "jsonl", "-t", str(NCPU), dfiles[0]], dfiles)
        dense_dump.update(tool=name, records=dense_records, alerts=None)
        p_dense = run_porthunt(dn, dfiles)
        row(dn, p_dense)
        row(dn, dense_dump, p_dense)

    ot = otrf() if RUN_OTRF else None
    load_after = os.getloadavg()

    # alert consistency: each original alone, times its replicas
    log("running porthunt on each original file alone (alert consistency)")
    per_file = {}
    for name, _ in staged:
        per_file[name] = porthunt_summary([os.path.join(DATA, "orig", name)])["alerts"]
    consistency = []
    for c in (big, small):
        expected = sum(c["replicas"] * a for a in per_file.values())
        got = ph[c["label"]]["alerts"]
        consistency.append((c["label"], c["replicas"], expected, got))
    ok = all(e == g for _, _, e, g in consistency)

    # ------------------------------------------------------------ report
    print()
    print(f"EVTX: porthunt hunt --profile t1043-seed --since {SINCE} vs evtx_dump {dump_ver} "
          f"-o jsonl ({NCPU} cores, page cache warm, best of {REPEAT})")
    print(f"corpus: {len(staged)} real EVTX samples ({set_bytes / MB:.2f} MB) replicated as whole "
          f"files; large = {big['replicas']} replicas, small = {small['replicas']} replicas"
          + (f"; dense = one file of their {dn['chunks']} valid chunks x {dn['replicas']}"
             if dn else ""))
    hdr = (f"{'corpus':6} {'tool':36} {'input MB':>9} {'files':>6} {'records':>9} {'wall s':>8} "
           f"{'cpu s':>7} {'MB/s':>7} {'records/s':>10} {'peak RSS MB':>11} {'alerts':>7} "
           f"{'porthunt/this wall':>18} {'cpu':>6}")
    print(hdr)
    print("-" * len(hdr))
    for r in rows:
        ratio = f"{r['ratio']:.2f}x" if r["ratio"] is not None else ""
        cratio = f"{r['cpu_ratio']:.2f}x" if r["cpu_ratio"] is not None else ""
        alerts = str(r["alerts"]) if r["alerts"] is not None else "-"
        print(f"{r['corpus']:6} {r['tool']:36} {r['mb']:9.0f} {r['files']:6d} {r['records']:9d} "
              f"{r['wall']:8.2f} {r['cpu']:7.2f} {r['mbps']:7.1f} {r['rps']:10.0f} "
              f"{r['rss_mb']:11.1f} {alerts:>7} {ratio:>18} {cratio:>6}")
    if ot:
        s = ot["summary"]
        unc = ot["uncompressed"]
        print(f"{'OTRF':6} {'porthunt hunt t1043-seed':36} {ot['bytes'] / MB:9.1f} {ot['files']:6d} "
              f"{s['records']:9d} {ot['wall']:8.2f} {ot['cpu']:7.2f} "
              f"{ot['bytes'] / MB / ot['wall']:7.1f} {s['records'] / ot['wall']:10.0f} "
              f"{ot['rss_kb'] / 1024:11.1f} {s['alerts']:>7}")
    print()
    print(f"load average (1/5/15 min) before: {fmt_load(load_before)}, after: {fmt_load(load_after)}"
          f"  (other work on the machine inflates wall times; cpu s is steadier)")
    target = p_big["wall"] / dumps[0]["wall"]
    print(f"target, porthunt's detection run no slower than evtx_dump's dump alone on the large "
          f"corpus (porthunt/evtx_dump -t {NCPU} wall <= 1.0): {target:.2f}x -> "
          f"{'met' if target <= 1.0 else 'NOT met'}")
    if dn:
        pd = ph["dense"]
        print(f"one dense file, no process start-up: porthunt/evtx_dump = "
              f"{pd['wall'] / dense_dump['wall']:.2f}x wall, {pd['cpu'] / dense_dump['cpu']:.2f}x "
              f"cpu ({'porthunt faster' if pd['wall'] <= dense_dump['wall'] else 'evtx_dump faster'}"
              f"); on the replicated corpus most of evtx_dump's time is starting one process "
              f"per file ({big['files']} files of {big['bytes'] / big['files'] / 1e3:.0f} kB, "
              f"{big['bytes'] / max(1, dump_records) / 1e3:.1f} kB of file per record)")
    sl = ph["large"]["summary"]
    print(f"records: evtx_dump counts the JSON lines it prints ({dump_json_bytes / MB:.0f} MB of "
          f"JSON); porthunt counts records read, {sum(sl['skipped'].values())} of them skipped as "
          f"corrupt ({', '.join(f'{k}: {v}' for k, v in sl['skipped'].items()) or 'none'}), "
          f"{sl['unparsed']} left unparsed by the prefilter")
    if ot:
        unc = ot["uncompressed"]
        unc_txt = (f", {unc / MB:.0f} MB uncompressed -> {unc / MB / ot['wall']:.1f} MB/s"
                   if unc else "")
        print(f"OTRF archives as they are: {ot['bytes'] / MB:.1f} MB compressed{unc_txt}; "
              f"{s['records']} records, {s['alerts']} alerts, "
              f"{len([f for f in s['failed_inputs'] if not f.get('not_telemetry')])} failed inputs")
    print()
    b_rss, s_rss = ph["large"]["rss_kb"] / 1024, ph["small"]["rss_kb"] / 1024
    print("porthunt peak RSS vs corpus size:")
    print(f"  {small['bytes'] / MB:7.0f} MB -> {s_rss:7.1f} MB RSS    {big['bytes'] / MB:7.0f} MB -> "
          f"{b_rss:7.1f} MB RSS    (x{big['bytes'] / small['bytes']:.1f} input, "
          f"x{b_rss / s_rss:.2f} RSS)")
    if dn:
        print(f"  {dn['bytes'] / MB:7.0f} MB in ONE file -> {ph['dense']['rss_kb'] / 1024:7.1f} MB RSS"
              f"  (evtx_dump: {dense_dump['rss_kb'] / 1024:.1f} MB)")
    print("  porthunt reads an EVTX file chunk by chunk (64 KiB, seeking), so its memory grows "
          "neither with the corpus nor with the size of one file (EVTX inside an archive or on "
          f"stdin is read whole; the largest file here is {largest[1] / MB:.2f} MB: {largest[0]})")
    print()
    print("alert consistency (alerts on the corpus = replicas x alerts on each original alone, "
          f"{sum(per_file.values())} alerts over {sum(1 for a in per_file.values() if a)} "
          f"of {len(per_file)} originals):")
    for label, reps, expected, got in consistency:
        print(f"  {label:6} {reps:4d} replicas: expected {expected}, got {got}")
    print(f"alerts consistent: {'yes' if ok else 'no'}")

    with open(os.path.join(out, "results.json"), "w") as f:
        json.dump({"evtx_dump": dump_ver, "cores": NCPU, "repeat": REPEAT, "rows": rows,
                   "load_before": load_before, "load_after": load_after,
                   "otrf": {k: v for k, v in ot.items() if k != "stderr"} if ot else None,
                   "alerts_per_original": per_file, "consistency": consistency,
                   "consistent": ok}, f, indent=1)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

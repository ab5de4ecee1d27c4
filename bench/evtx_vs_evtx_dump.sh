#!/usr/bin/env bash
# porthunt `hunt --profile t1043-seed` vs `evtx_dump` (the evtx crate's own dumper,
# same version as porthunt's dependency) on >= 1 GB of real Windows event logs:
# every .evtx sample under ../shared/datasets, replicated as whole files. Not a
# timed test; run by hand:
#
#   bench/evtx_vs_evtx_dump.sh
#
# Measures (page cache warm, best wall time of BENCH_REPEAT runs; GNU time for CPU
# and peak RSS): evtx_dump -o jsonl -t <cores> dumping every file to /dev/null (one
# process per file, in turn; also -t 1 with one process per core for context) and
# porthunt's full detection run over the folder, with MB/s, records/s, peak RSS and
# the ratio porthunt/evtx_dump (target <= 1.0); the same on one large dense file;
# porthunt on the OTRF archives as they are; porthunt's peak RSS on a small vs the
# large corpus; and whether the alerts on the corpus equal replicas x alerts on
# each original ("alerts consistent: yes/no", exit status 1 if not). See bench/evtx_vs_evtx_dump.py for
# the details and how to read the table.
#
# Environment (see bench/evtx_vs_evtx_dump.py for all):
#   PORTHUNT_BENCH_DIR   cache of corpora and outputs (default target/bench-data; this
#                        bench uses its evtx/ folder)
#   BENCH_EVTX_GB        size of the large corpus in GB (default 1.0)
#   BENCH_EVTX_SMALL_MB  size of the small corpus for the memory comparison (default 256)
#   BENCH_REPEAT         runs per measurement, best wall time kept (default 3)
#   BENCH_DATASETS       where the .evtx samples are (default ../shared/datasets)
#   BENCH_EVTX_DENSE_MB  size of one dense EVTX file built from the samples' chunks, to
#                        time the per-record cost without one process per file (default
#                        200; 0 skips)
#
# evtx_dump is installed once with `cargo install evtx --locked` into
# target/evtx-tools (ignored by git, never committed).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

TOOLS="${ROOT}/target/evtx-tools"
EVTX_DUMP="${EVTX_DUMP:-${TOOLS}/bin/evtx_dump}"

# The evtx version porthunt links (Cargo.lock), else the one Cargo.toml asks for.
EVTX_VERSION="$(awk '/^name = "evtx"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock 2>/dev/null || true)"
if [ -z "${EVTX_VERSION}" ]; then
    EVTX_VERSION="$(grep -E '^evtx[[:space:]]*=' Cargo.toml | grep -oE '[0-9]+\.[0-9]+\.[0-9]+' | head -n1 || true)"
fi
if [ -z "${EVTX_VERSION}" ]; then
    echo "cannot find the evtx dependency's version in Cargo.lock or Cargo.toml" >&2
    exit 1
fi

echo "building porthunt (release)" >&2
cargo build --release --quiet

installed="$("${EVTX_DUMP}" --version 2>/dev/null | awk '{ print $NF }' || true)"
if [ "${installed}" != "${EVTX_VERSION}" ]; then
    if [ "${EVTX_DUMP}" != "${TOOLS}/bin/evtx_dump" ]; then
        echo "EVTX_DUMP=${EVTX_DUMP} is version '${installed}', want ${EVTX_VERSION}" >&2
        exit 1
    fi
    echo "installing evtx_dump ${EVTX_VERSION} into ${TOOLS} (cargo install, a few minutes)" >&2
    # default features: the evtx_dump binary needs them
    if ! cargo install evtx --version "=${EVTX_VERSION}" --locked --force --root "${TOOLS}"; then
        echo "cargo install --locked failed; retrying without --locked" >&2
        cargo install evtx --version "=${EVTX_VERSION}" --force --root "${TOOLS}"
    fi
fi

if [ ! -x /usr/bin/time ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "installing GNU time (apt-get install time)" >&2
        apt-get install -y -qq time >/dev/null 2>&1 ||
            { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq time >/dev/null 2>&1; } || true
    fi
    [ -x /usr/bin/time ] ||
        echo "note: /usr/bin/time not found (apt-get install time); CPU and peak RSS fall back to wait4 rusage" >&2
fi

# evtx_dump prints an anyhow error per corrupt chunk; with RUST_BACKTRACE set it
# would also capture a backtrace for each, which is not what we want to time.
unset RUST_BACKTRACE RUST_LIB_BACKTRACE

export PORTHUNT="${PORTHUNT:-${ROOT}/target/release/porthunt}" EVTX_DUMP
exec python3 "${ROOT}/bench/evtx_vs_evtx_dump.py" "$@"

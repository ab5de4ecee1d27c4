#!/usr/bin/env bash
# porthunt `hunt --profile t1043-seed` vs the DuckDB oracle on >= 1 GB simulated
# DeviceNetworkEvents exports (JSON lines and CSV). Not a timed test.
#
#   bench/seed_vs_duckdb.sh
#
# Environment (see bench/seed_vs_duckdb.py for all):
#   PORTHUNT_BENCH_DIR  cache of generated inputs and outputs (default target/bench-data)
#   BENCH_GB            size of the large inputs in GB (default 1.0)
#   BENCH_SMALL_MB      size of the small inputs for the memory comparison (default 256)
#   BENCH_REPEAT        runs per measurement, best wall time kept (default 3)
#   BENCH_SHAPES        default "jsonl csv"
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

DUCKDB_VERSION=2.0.1   # same pin as tests/differential.rs
VENV="${ROOT}/target/pyenv"

cargo build --release --quiet

if ! "${VENV}/bin/python" -c "import duckdb,sys; sys.exit(duckdb.__version__ != '${DUCKDB_VERSION}')" 2>/dev/null; then
    python3 -m venv "${VENV}" || { echo "need python3 with the venv module" >&2; exit 1; }
    "${VENV}/bin/python" -m pip install --disable-pip-version-check -q "duckdb==${DUCKDB_VERSION}"
fi

if [ ! -x /usr/bin/time ]; then
    echo "note: /usr/bin/time not found (apt-get install time); peak RSS falls back to getrusage" >&2
fi

exec "${VENV}/bin/python" "${ROOT}/bench/seed_vs_duckdb.py" "$@"

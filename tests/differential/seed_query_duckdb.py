#!/usr/bin/env python3
"""Independent oracle for porthunt's `t1043-seed` profile.

Runs the published T1043 "Commonly Used Port" KQL query
(/work/shared/reference/seed-detection.md) over Microsoft Defender Advanced
Hunting exports of DeviceNetworkEvents, translated BY HAND to SQL and executed
by DuckDB.  It shares no code with porthunt: files are read by DuckDB's own
readers (read_csv / read_json), every column is read as text and all typing is
done in SQL below.

Usage:
    seed_query_duckdb.py --now 2026-11-30T12:00:00Z FILE [FILE ...]

Input files: CSV with a header row (RFC 4180: quoted cells may contain commas,
doubled quotes, CR/LF) or JSON lines of row objects.  A file is JSON lines when
its first non-whitespace byte is `{`, otherwise CSV.

Output (stdout): one JSON object per result row, with exactly the query's
projected columns in order:
    Timestamp, DeviceName, AccountName, InitiatingProcessFileName,
    InitiatingProcessCommandLine, InitiatingProcessParentFileName, RemoteIP,
    RemotePort, RemoteIPType, IsInternal, IsScriptInterpreter, IsLOLBin,
    IsUnusualSystem
Timestamp is rendered `YYYY-MM-DDThh:mm:ss.fffffffZ` (always 7 fractional
digits), RemotePort is a JSON integer, flags are JSON booleans, strings are
output as-is (missing/empty/null -> "").  Sorted by Timestamp desc.

KQL semantics reproduced (see telemetry-formats.md §5):
  * datetime has 100-ns ticks.  DuckDB's TIMESTAMP only has microseconds, so
    timestamps are parsed here into an exact BIGINT count of 100-ns ticks since
    the Unix epoch: whole seconds via strptime, plus the 0-7 digit fraction
    right-padded to 7 digits.  An optional trailing `Z` is accepted; a value
    without zone is UTC (Advanced Hunting is always UTC).  A timestamp that does
    not parse is null, and `null > x` is not true, so the row is dropped.
  * `ago(24h)` = --now minus 24 h, one value for the whole run; `>` is strict.
  * `RemotePort in (...)`: RemotePort is an int column; a value given as a JSON
    number or as a string of decimal digits is that number; empty / null / not
    an integer -> null, and null is never `in` anything.
  * `==` is case-sensitive byte equality.
  * `in~` / `!in~` are whole-value, case-insensitive for ASCII ONLY ("Case-
    insensitive operators are currently supported only for ASCII-text"), so the
    fold is translate(A-Z -> a-z), never Unicode lower().
  * KQL strings are never null: a missing string is "" (so "" !in~ list is
    true and an empty file name passes the allow-list filter).
  * Deviation (documented in porthunt too): DeviceNetworkEvents has no
    AccountName column; the output AccountName is InitiatingProcessAccountName.
"""

from __future__ import annotations

import argparse
import json
import re
import sys

import duckdb

# ---------------------------------------------------------------------------
# The query's lists, copied verbatim from seed-detection.md.
# ---------------------------------------------------------------------------
# let CommonPorts = dynamic([80, 443, 53, 25, 22, 3389, 135]);
COMMON_PORTS = [80, 443, 53, 25, 22, 3389, 135]
# let LegitimateHTTPProcesses = dynamic([...]);
LEGITIMATE_HTTP_PROCESSES = [
    "chrome.exe", "firefox.exe", "msedge.exe", "iexplore.exe", "safari",
    "svchost.exe", "MicrosoftEdge.exe", "OneDrive.exe", "Teams.exe",
    "outlook.exe", "winlogon.exe", "lsass.exe", "services.exe",
    "MsMpEng.exe", "wuauclt.exe", "WindowsUpdate", "TiWorker.exe",
    "msiexec.exe", "wermgr.exe", "SearchIndexer.exe",
]
# | extend IsScriptInterpreter = InitiatingProcessFileName in~ (...)
SCRIPT_INTERPRETERS = [
    "powershell.exe", "pwsh.exe", "cmd.exe", "wscript.exe",
    "cscript.exe", "mshta.exe", "wmic.exe",
]
# | extend IsLOLBin = InitiatingProcessFileName in~ (...)
LOLBINS = [
    "rundll32.exe", "regsvr32.exe", "certutil.exe", "bitsadmin.exe",
    "msbuild.exe", "csc.exe", "installutil.exe", "regasm.exe",
    "regsvcs.exe", "ieexec.exe", "msiexec.exe", "expand.exe",
    "extrac32.exe", "makecab.exe", "pcalua.exe", "replace.exe",
    "hh.exe", "infdefaultinstall.exe", "xwizard.exe",
]
# | extend IsUnusualSystem = InitiatingProcessFileName in~ (...)
UNUSUAL_SYSTEM = [
    "notepad.exe", "calc.exe", "mspaint.exe", "wordpad.exe",
    "write.exe", "winver.exe", "charmap.exe", "snippingtool.exe",
]

# Columns of DeviceNetworkEvents the query reads (and nothing else).
NEEDED_COLUMNS = [
    "Timestamp",
    "DeviceName",
    "ActionType",
    "RemoteIP",
    "RemotePort",
    "RemoteIPType",
    "InitiatingProcessFileName",
    "InitiatingProcessCommandLine",
    "InitiatingProcessParentFileName",
    "InitiatingProcessAccountName",
]

OUTPUT_COLUMNS = [
    "Timestamp", "DeviceName", "AccountName", "InitiatingProcessFileName",
    "InitiatingProcessCommandLine", "InitiatingProcessParentFileName",
    "RemoteIP", "RemotePort", "RemoteIPType", "IsInternal",
    "IsScriptInterpreter", "IsLOLBin", "IsUnusualSystem",
]

TICKS_PER_SECOND = 10_000_000
DAY_TICKS = 24 * 3600 * TICKS_PER_SECOND  # 24h

UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
LOWER = "abcdefghijklmnopqrstuvwxyz"


def ascii_lower(s: str) -> str:
    """ASCII-only lower-casing (KQL in~ folds ASCII only)."""
    return s.translate(str.maketrans(UPPER, LOWER))


def sql_str(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def sql_list(items) -> str:
    return "(" + ", ".join(sql_str(ascii_lower(x)) for x in items) + ")"


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


_NOW_RE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?"
    r"(Z|z|[+-]\d{2}:\d{2})$"
)


def parse_now_ticks(text: str) -> int:
    """RFC 3339 -> 100-ns ticks since the Unix epoch (exact; >7 digits truncated)."""
    import calendar

    m = _NOW_RE.match(text.strip())
    if not m:
        raise SystemExit(f"--now: not an RFC 3339 timestamp: {text!r}")
    y, mo, d, h, mi, s = (int(m.group(i)) for i in range(1, 7))
    frac = (m.group(7) or "")[:7].ljust(7, "0")
    secs = calendar.timegm((y, mo, d, h, mi, s, 0, 0, 0))
    zone = m.group(8)
    if zone not in ("Z", "z"):
        sign = 1 if zone[0] == "+" else -1
        secs -= sign * (int(zone[1:3]) * 3600 + int(zone[4:6]) * 60)
    return secs * TICKS_PER_SECOND + int(frac)


def is_jsonl(path: str) -> bool:
    with open(path, "rb") as f:
        while True:
            chunk = f.read(4096)
            if not chunk:
                return False
            stripped = chunk.lstrip(b" \t\r\n\x0b\x0c")
            if stripped.startswith(b"\xef\xbb\xbf"):  # UTF-8 BOM
                stripped = stripped[3:].lstrip(b" \t\r\n")
            if stripped:
                return stripped[:1] == b"{"


def source_sql(con: duckdb.DuckDBPyConnection, path: str) -> str:
    """A SELECT producing NEEDED_COLUMNS (all VARCHAR, possibly NULL) from one file."""
    p = sql_str(path)
    if is_jsonl(path):
        # read_json with an explicit column list: every needed key is read as
        # VARCHAR (a JSON number 443 becomes '443', a string "443" becomes
        # '443', null/missing becomes NULL); other keys are ignored.
        cols = "{" + ", ".join(f"{sql_str(c)}: 'VARCHAR'" for c in NEEDED_COLUMNS) + "}"
        return (
            f"SELECT {', '.join(ident(c) for c in NEEDED_COLUMNS)} FROM read_json({p}, "
            f"format='newline_delimited', columns={cols})"
        )
    # CSV: RFC 4180 dialect given explicitly; every column VARCHAR; a quoted
    # empty cell stays '' (and an unquoted empty one is NULL -> '' below).
    opts = (
        "header=true, all_varchar=true, delim=',', quote='\"', escape='\"', "
        "allow_quoted_nulls=false"
    )
    rel = f"read_csv({p}, {opts})"
    present = {r[0] for r in con.sql(f"DESCRIBE SELECT * FROM {rel}").fetchall()}
    # A column absent from the export is treated as empty (string) / null (port).
    sel = ", ".join(
        ident(c) if c in present else f"CAST(NULL AS VARCHAR) AS {ident(c)}"
        for c in NEEDED_COLUMNS
    )
    return f"SELECT {sel} FROM {rel}"


def build_query(sources: list[str], now_ticks: int) -> str:
    union = "\nUNION ALL BY NAME\n".join(f"({s})" for s in sources)
    ago_ticks = now_ticks - DAY_TICKS
    ports = ", ".join(str(p) for p in COMMON_PORTS)
    # The query's `where` clauses are a conjunction, so their order does not
    # change the result; the two cheapest and most selective ones (ActionType,
    # RemotePort) run first, on the raw text, so the rest only sees candidates.
    return f"""
WITH
-- DeviceNetworkEvents  (the union of all input files, every column VARCHAR)
raw AS (
{union}
),
candidates AS (
  SELECT *,
    -- RemotePort is an int column: a string of decimal digits is that number
    TRY_CAST(RemotePort AS BIGINT) AS port
  FROM raw
  -- | where ActionType == "ConnectionSuccess"   (case-sensitive, exact; NULL never equal)
  WHERE ActionType = 'ConnectionSuccess'
  -- | where RemotePort in (CommonPorts)         (by value; empty/null/non-integer never matches)
    AND regexp_full_match(RemotePort, '[0-9]+')
    AND TRY_CAST(RemotePort AS BIGINT) IN ({ports})
),
-- Typing.  KQL strings are never null: NULL -> ''.
typed AS (
  SELECT
    -- Timestamp 'YYYY-MM-DDThh:mm:ss[.f{{1,7}}][Z]' (UTC) -> whole seconds + 7-digit fraction
    CASE WHEN regexp_full_match(Timestamp, '\\d{{4}}-\\d{{2}}-\\d{{2}}T\\d{{2}}:\\d{{2}}:\\d{{2}}(\\.\\d{{1,7}})?Z?')
         THEN try_strptime(left(Timestamp, 19), '%Y-%m-%dT%H:%M:%S') END          AS ts_sec,
    CASE WHEN regexp_full_match(Timestamp, '\\d{{4}}-\\d{{2}}-\\d{{2}}T\\d{{2}}:\\d{{2}}:\\d{{2}}(\\.\\d{{1,7}})?Z?')
         THEN rpad(regexp_extract(Timestamp, '\\.(\\d{{1,7}})', 1), 7, '0') END AS ts_frac7,
    port,
    coalesce(DeviceName, '')                       AS DeviceName,
    coalesce(RemoteIP, '')                         AS RemoteIP,
    coalesce(RemoteIPType, '')                     AS RemoteIPType,
    coalesce(InitiatingProcessFileName, '')        AS InitiatingProcessFileName,
    coalesce(InitiatingProcessCommandLine, '')     AS InitiatingProcessCommandLine,
    coalesce(InitiatingProcessParentFileName, '')  AS InitiatingProcessParentFileName,
    coalesce(InitiatingProcessAccountName, '')     AS InitiatingProcessAccountName,
    -- ASCII-only case fold for in~ / !in~ (NOT Unicode lower())
    translate(coalesce(InitiatingProcessFileName, ''), '{UPPER}', '{LOWER}') AS name_ascii_lower
  FROM candidates
),
ticked AS (
  SELECT *,
    -- exact 100-ns ticks since the epoch (NULL if the timestamp did not parse)
    epoch_us(ts_sec) * 10 + CAST(ts_frac7 AS BIGINT) AS ts_ticks
  FROM typed
),
filtered AS (
  SELECT *,
    -- | extend IsInternal = (RemoteIPType == "Private")
    (RemoteIPType = 'Private')                                   AS IsInternal,
    -- | extend IsScriptInterpreter = InitiatingProcessFileName in~ (...)
    (name_ascii_lower IN {sql_list(SCRIPT_INTERPRETERS)})        AS IsScriptInterpreter,
    -- | extend IsLOLBin = InitiatingProcessFileName in~ (...)
    (name_ascii_lower IN {sql_list(LOLBINS)})                    AS IsLOLBin,
    -- | extend IsUnusualSystem = InitiatingProcessFileName in~ (...)
    (name_ascii_lower IN {sql_list(UNUSUAL_SYSTEM)})             AS IsUnusualSystem
  FROM ticked
  -- | where Timestamp > ago(24h)            (strict; ago measured from --now; NULL never)
  WHERE ts_ticks > {ago_ticks}
  -- | where InitiatingProcessFileName !in~ (LegitimateHTTPProcesses)   ("" passes)
    AND name_ascii_lower NOT IN {sql_list(LEGITIMATE_HTTP_PROCESSES)}
)
-- | project Timestamp, DeviceName, AccountName, ... IsUnusualSystem
SELECT
  strftime(ts_sec, '%Y-%m-%dT%H:%M:%S') || '.' || ts_frac7 || 'Z' AS Timestamp,
  DeviceName,
  InitiatingProcessAccountName AS AccountName,   -- deviation: no AccountName column
  InitiatingProcessFileName,
  InitiatingProcessCommandLine,
  InitiatingProcessParentFileName,
  RemoteIP,
  port AS RemotePort,
  RemoteIPType,
  IsInternal,
  IsScriptInterpreter,
  IsLOLBin,
  IsUnusualSystem
FROM filtered
-- | where IsScriptInterpreter or IsLOLBin or IsUnusualSystem
WHERE IsScriptInterpreter OR IsLOLBin OR IsUnusualSystem
-- | sort by Timestamp desc
ORDER BY ts_ticks DESC
"""


def run_query(files, now: str, threads=None, print_sql=False):
    """Yield result rows as dicts (OUTPUT_COLUMNS order), in query order."""
    now_ticks = parse_now_ticks(now)
    con = duckdb.connect()
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    sources = [source_sql(con, f) for f in files]
    sql = build_query(sources, now_ticks)
    if print_sql:
        print(sql, file=sys.stderr)
    cur = con.execute(sql)
    while True:
        batch = cur.fetchmany(10000)
        if not batch:
            break
        for row in batch:
            yield dict(zip(OUTPUT_COLUMNS, row))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--now", required=True, help="RFC 3339 reference time for ago()")
    ap.add_argument("--threads", type=int, default=None,
                    help="DuckDB threads (default: DuckDB's default, all cores)")
    ap.add_argument("--print-sql", action="store_true", help="print the SQL to stderr")
    ap.add_argument("-o", "--output", default=None, help="write JSON lines here (default stdout)")
    ap.add_argument("files", nargs="+")
    args = ap.parse_args(argv)

    if args.output:
        out = open(args.output, "w", encoding="utf-8", newline="\n")
    else:
        sys.stdout.reconfigure(encoding="utf-8", newline="\n")
        out = sys.stdout
    n = 0
    buf = []
    for obj in run_query(args.files, args.now, args.threads, args.print_sql):
        buf.append(json.dumps(obj, ensure_ascii=False))
        n += 1
        if len(buf) >= 10000:
            out.write("\n".join(buf) + "\n")
            buf = []
    if buf:
        out.write("\n".join(buf) + "\n")
    out.flush()
    if out is not sys.stdout:
        out.close()
    print(f"seed_query_duckdb: {n} rows", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Hand-made unit tests for the DuckDB oracle (seed_query_duckdb.py).

Every semantic rule of the seed query gets at least one row whose expected
outcome was worked out by hand from the KQL text and telemetry-formats.md §5.
Each case is written both as CSV (csv module) and as JSON lines and the oracle
must give the same, hand-expected answer on both.

Run:  target/pyenv/bin/python -m pytest tests/differential/test_oracle.py
  or: target/pyenv/bin/python tests/differential/test_oracle.py
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import seed_query_duckdb as oracle  # noqa: E402

NOW = "2026-11-30T12:00:00Z"

COLUMNS = [
    "Timestamp", "DeviceId", "DeviceName", "ActionType", "RemoteIP", "RemotePort",
    "RemoteUrl", "LocalIP", "LocalPort", "Protocol", "LocalIPType", "RemoteIPType",
    "InitiatingProcessFileName", "InitiatingProcessFolderPath", "InitiatingProcessId",
    "InitiatingProcessCommandLine", "InitiatingProcessCreationTime",
    "InitiatingProcessParentFileName", "InitiatingProcessAccountDomain",
    "InitiatingProcessAccountName", "InitiatingProcessVersionInfoOriginalFileName",
    "ReportId", "AdditionalFields", "MachineGroup",
]

BASE = {
    "Timestamp": "2026-11-30T11:00:00.1234567Z",
    "DeviceId": "d" * 40,
    "ActionType": "ConnectionSuccess",
    "RemoteIP": "203.0.113.7",
    "RemotePort": 443,
    "RemoteUrl": "example.com",
    "LocalIP": "10.0.0.5",
    "LocalPort": 50000,
    "Protocol": "Tcp",
    "LocalIPType": "Private",
    "RemoteIPType": "Public",
    "InitiatingProcessFileName": "powershell.exe",
    "InitiatingProcessFolderPath": "c:\\windows\\system32\\powershell.exe",
    "InitiatingProcessId": 1234,
    "InitiatingProcessCommandLine": "powershell.exe -nop",
    "InitiatingProcessCreationTime": "2026-11-30T10:59:00Z",
    "InitiatingProcessParentFileName": "explorer.exe",
    "InitiatingProcessAccountDomain": "corp",
    "InitiatingProcessAccountName": "alice",
    "InitiatingProcessVersionInfoOriginalFileName": "PowerShell.EXE",
    "AdditionalFields": '{"a":1}',
    "MachineGroup": "main",
}

# (id, overrides, expected)  expected is None (no alert) or a dict of output
# columns to check (Timestamp always checked when given).
CASES = []


def case(cid, expected, **over):
    CASES.append((cid, over, expected))


# --- baseline -------------------------------------------------------------
case("base", {"Timestamp": "2026-11-30T11:00:00.1234567Z", "RemotePort": 443,
              "IsScriptInterpreter": True, "IsLOLBin": False, "IsUnusualSystem": False,
              "IsInternal": False, "AccountName": "alice",
              "InitiatingProcessParentFileName": "explorer.exe",
              "InitiatingProcessCommandLine": "powershell.exe -nop",
              "RemoteIP": "203.0.113.7", "RemoteIPType": "Public"})

# --- | where Timestamp > ago(24h): strict, 100-ns precision, ago from --now --
case("edge-exact-z", None, Timestamp="2026-11-29T12:00:00Z")
case("edge-exact-7", None, Timestamp="2026-11-29T12:00:00.0000000Z")
case("edge-exact-1", None, Timestamp="2026-11-29T12:00:00.0Z")
case("edge-exact-noz", None, Timestamp="2026-11-29T12:00:00")
case("edge-minus-100ns", None, Timestamp="2026-11-29T11:59:59.9999999Z")
case("edge-plus-100ns", {"Timestamp": "2026-11-29T12:00:00.0000001Z"},
     Timestamp="2026-11-29T12:00:00.0000001Z")
case("edge-plus-100ns-noz", {"Timestamp": "2026-11-29T12:00:00.0000001Z"},
     Timestamp="2026-11-29T12:00:00.0000001")
# 1 microsecond after the edge: a µs-rounding implementation would get this right
# but the 100-ns ones wrong; check both.
case("edge-plus-1us", {"Timestamp": "2026-11-29T12:00:00.0000010Z"},
     Timestamp="2026-11-29T12:00:00.000001Z")
case("old", None, Timestamp="2026-11-20T12:00:00Z")
case("future", {"Timestamp": "2027-01-01T00:00:00.0000000Z"}, Timestamp="2027-01-01T00:00:00Z")
case("frac-1", {"Timestamp": "2026-11-30T11:00:00.5000000Z"}, Timestamp="2026-11-30T11:00:00.5Z")
case("frac-3", {"Timestamp": "2026-11-30T11:00:00.6630000Z"}, Timestamp="2026-11-30T11:00:00.663Z")
case("frac-6-noz", {"Timestamp": "2026-11-30T11:00:00.2718060Z"},
     Timestamp="2026-11-30T11:00:00.271806")
case("ts-garbage", None, Timestamp="yesterday")
case("ts-empty", None, Timestamp="")
case("ts-now", {"Timestamp": "2026-11-30T12:00:00.0000000Z"}, Timestamp="2026-11-30T12:00:00Z")

# --- | where RemotePort in (CommonPorts): numeric by value ------------------
for p in [80, 443, 53, 25, 22, 3389, 135]:
    case(f"port-{p}", {"RemotePort": p}, RemotePort=p)
case("port-str-443", {"RemotePort": 443}, RemotePort="443")
case("port-str-22", {"RemotePort": 22}, RemotePort="22")
case("port-empty", None, RemotePort="")
case("port-null", None, RemotePort=None)
case("port-70000", None, RemotePort=70000)
case("port-8080", None, RemotePort=8080)
case("port-str-8080", None, RemotePort="8080")
case("port-0", None, RemotePort=0)

# --- | where ActionType == "ConnectionSuccess": case-sensitive exact --------
case("act-lower", None, ActionType="connectionsuccess")
case("act-failed", None, ActionType="ConnectionFailed")
case("act-request", None, ActionType="ConnectionRequest")
case("act-trailing-space", None, ActionType="ConnectionSuccess ")
case("act-empty", None, ActionType="")

# --- | where InitiatingProcessFileName !in~ (Legit...) and the flag lists ----
case("name-case-1", {"InitiatingProcessFileName": "PowerShell.EXE", "IsScriptInterpreter": True},
     InitiatingProcessFileName="PowerShell.EXE")
case("name-case-2", {"InitiatingProcessFileName": "POWERSHELL.exe", "IsScriptInterpreter": True},
     InitiatingProcessFileName="POWERSHELL.exe")
case("name-rundll", {"IsLOLBin": True, "IsScriptInterpreter": False, "IsUnusualSystem": False},
     InitiatingProcessFileName="Rundll32.Exe")
case("name-notepad", {"IsUnusualSystem": True, "IsLOLBin": False, "IsScriptInterpreter": False},
     InitiatingProcessFileName="NOTEPAD.EXE")
case("msiexec", None, InitiatingProcessFileName="msiexec.exe")
case("msiexec-upper", None, InitiatingProcessFileName="MSIEXEC.EXE")
case("allow-svchost", None, InitiatingProcessFileName="svchost.exe")
case("allow-chrome", None, InitiatingProcessFileName="Chrome.exe")
case("name-empty", None, InitiatingProcessFileName="")
case("name-null", None, InitiatingProcessFileName=None)
case("near-trailing-space", None, InitiatingProcessFileName="powershell.exe ")
case("near-leading-space", None, InitiatingProcessFileName=" powershell.exe")
case("near-noext", None, InitiatingProcessFileName="powershell")
case("near-prefix", None, InitiatingProcessFileName="xpowershell.exe")
case("near-path", None, InitiatingProcessFileName="c:\\windows\\system32\\cmd.exe")
# Non-ASCII look-alikes: ASCII-only folding must NOT make these match.
case("cyrillic-O", None, InitiatingProcessFileName="P\u041eWERSHELL.EXE")  # Cyrillic О
case("dotted-I", None, InitiatingProcessFileName="W\u0130NVER.EXE")  # İ
case("kelvin", None, InitiatingProcessFileName="MA\u212aECAB.EXE")  # Kelvin sign: lower() -> k
case("long-s", None, InitiatingProcessFileName="c\u017fc.exe")  # ſ: casefold() -> s
case("fullwidth", None, InitiatingProcessFileName="\uff43md.exe")  # ｃmd.exe
# Unicode-folding implementations would wrongly exclude these from the allowlist?
# No: they are not in any flag list either way -> no alert; the point is the
# flag side above.

# --- | extend IsInternal = (RemoteIPType == "Private"): case-sensitive -------
case("int-private", {"IsInternal": True, "RemoteIPType": "Private"}, RemoteIPType="Private")
case("int-private-lower", {"IsInternal": False, "RemoteIPType": "private"}, RemoteIPType="private")
case("int-4to6", {"IsInternal": False, "RemoteIPType": "FourToSixMapping",
                  "RemoteIP": "::ffff:10.2.0.5"},
     RemoteIPType="FourToSixMapping", RemoteIP="::ffff:10.2.0.5")
case("int-empty", {"IsInternal": False, "RemoteIPType": ""}, RemoteIPType="")
case("int-null", {"IsInternal": False, "RemoteIPType": ""}, RemoteIPType=None)

# --- project: strings as-is, AccountName deviation, empty -> "" -------------
CMD = 'powershell.exe -c "iwr http://a/b?x=1,2" \r\n second\nthird\t"" =SUM(1) +x -y @z \u00e9\u4e2d\U0001F600'
case("cmd-nasty", {"InitiatingProcessCommandLine": CMD}, InitiatingProcessCommandLine=CMD)
case("cmd-formula", {"InitiatingProcessCommandLine": "=cmd|' /C calc'!A0"},
     InitiatingProcessCommandLine="=cmd|' /C calc'!A0")
case("acct-empty", {"AccountName": "", "DeviceName": ""},
     InitiatingProcessAccountName="", DeviceName="")
case("acct-null", {"AccountName": "", "InitiatingProcessParentFileName": ""},
     InitiatingProcessAccountName=None, InitiatingProcessParentFileName=None)
case("devname-NULL-text", {"DeviceName": "NULL"}, DeviceName="NULL")
case("ipv6", {"RemoteIP": "2001:db8::1"}, RemoteIP="2001:db8::1")


def build_rows():
    rows = []
    for i, (cid, over, expected) in enumerate(CASES):
        r = dict(BASE)
        r["DeviceName"] = cid
        r["ReportId"] = i
        r.update(over)
        rows.append(r)
    return rows


def csv_cell(v):
    if v is None:
        return ""
    return str(v)


def write_csv(path, rows, columns=COLUMNS):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)  # RFC 4180, CRLF row terminator
        w.writerow(columns)
        for r in rows:
            w.writerow([csv_cell(r.get(c)) for c in columns])


def write_jsonl(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def run_files(*files):
    return list(oracle.run_query(list(files), NOW))


def check(results, rows):
    by_dev = {}
    for r in results:
        by_dev.setdefault(r["DeviceName"], []).append(r)
    cases_by_dev = {r["DeviceName"]: c for r, c in zip(rows, CASES)}
    for r, (cid, over, expected) in zip(rows, CASES):
        dev = r["DeviceName"]
        got = by_dev.get(dev, [])
        if expected is None:
            assert not got, f"{cid}: expected no alert, got {got}"
            continue
        assert len(got) == 1, f"{cid}: expected one alert, got {got}"
        g = got[0]
        assert list(g.keys()) == oracle.OUTPUT_COLUMNS, g.keys()
        for k, v in expected.items():
            assert g[k] == v and type(g[k]) is type(v), f"{cid}: {k}: got {g[k]!r}, want {v!r}"
        assert isinstance(g["RemotePort"], int)
        for flag in ("IsInternal", "IsScriptInterpreter", "IsLOLBin", "IsUnusualSystem"):
            assert isinstance(g[flag], bool), (cid, flag, g[flag])
        assert len(g["Timestamp"]) == 28 and g["Timestamp"].endswith("Z"), g["Timestamp"]
    # nothing unexpected (devices with empty name came from acct-empty)
    for dev in by_dev:
        assert dev in cases_by_dev or dev == "", dev
    # sort: Timestamp desc
    ts = [r["Timestamp"] for r in results]
    assert ts == sorted(ts, reverse=True), ts


def test_csv_and_jsonl():
    rows = build_rows()
    with tempfile.TemporaryDirectory() as d:
        c, j = os.path.join(d, "a.csv"), os.path.join(d, "a.jsonl")
        write_csv(c, rows)
        write_jsonl(j, rows)
        rc, rj = run_files(c), run_files(j)
        check(rc, rows)
        check(rj, rows)
        assert rc == rj
        # both files at once -> every alert twice
        both = run_files(c, j)
        assert len(both) == 2 * len(rc)


def test_jsonl_missing_keys_and_extra_keys():
    rows = build_rows()
    for r in rows:
        # a missing key is the same as null / "" ...
        if r["InitiatingProcessAccountName"] is None:
            del r["InitiatingProcessAccountName"]
        # ... and unknown keys / nested objects are ignored
        r["Extra"] = {"nested": [1, 2, {"x": None}]}
        r["AdditionalFields"] = {"as": "object"}
    with tempfile.TemporaryDirectory() as d:
        j = os.path.join(d, "a.jsonl")
        with open(j, "w", encoding="utf-8", newline="") as f:
            f.write("\n  \n")  # leading blank lines (first non-space byte is still '{')
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=True) + "\r\n")  # CRLF + \u escapes
        check(run_files(j), rows)


def test_csv_missing_column_is_empty():
    rows = build_rows()
    cols = [c for c in COLUMNS if c not in ("RemoteIPType", "InitiatingProcessParentFileName")]
    with tempfile.TemporaryDirectory() as d:
        c = os.path.join(d, "a.csv")
        write_csv(c, rows, cols)
        res = run_files(c)
        assert res, "no rows"
        assert all(r["RemoteIPType"] == "" and r["IsInternal"] is False for r in res)
        assert all(r["InitiatingProcessParentFileName"] == "" for r in res)


def test_csv_reader_agrees_with_python_csv():
    """DuckDB's reader must split the file exactly like Python's csv module."""
    rows = build_rows()
    with tempfile.TemporaryDirectory() as d:
        c = os.path.join(d, "a.csv")
        write_csv(c, rows)
        import duckdb
        got = duckdb.sql(
            f"SELECT InitiatingProcessCommandLine, DeviceName FROM read_csv('{c}', header=true, "
            "all_varchar=true, delim=',', quote='\"', escape='\"', allow_quoted_nulls=false)"
        ).fetchall()
        with open(c, encoding="utf-8", newline="") as f:
            want = [(r["InitiatingProcessCommandLine"] or None, r["DeviceName"] or None)
                    for r in csv.DictReader(f)]
        assert got == want


def test_now_parsing():
    t = oracle.parse_now_ticks
    assert t("1970-01-01T00:00:00Z") == 0
    assert t("1970-01-01T00:00:00.0000001Z") == 1
    assert t("1970-01-01T01:00:00+01:00") == 0
    assert t("2026-11-30T12:00:00Z") == 1796040000 * 10_000_000


def test_cli_output_format():
    rows = build_rows()
    with tempfile.TemporaryDirectory() as d:
        c = os.path.join(d, "a.csv")
        write_csv(c, rows)
        out = subprocess.run(
            [sys.executable, os.path.join(HERE, "seed_query_duckdb.py"), "--now", NOW, c],
            check=True, capture_output=True,
        ).stdout.decode("utf-8")
        lines = out.split("\n")
        assert lines[-1] == ""
        objs = [json.loads(x) for x in lines[:-1]]
        assert objs == run_files(c)
        assert '"RemotePort": 443' in out and '"IsInternal": false' in out


def _py_reference(rows, now_ticks):
    """A second, pure-Python reading of the query (no DuckDB) for cross-checking."""
    import re as _re
    import calendar as _cal
    pat = _re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?Z?")
    fold = lambda s: "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in s)
    legit = {fold(x) for x in oracle.LEGITIMATE_HTTP_PROCESSES}
    script = {fold(x) for x in oracle.SCRIPT_INTERPRETERS}
    lol = {fold(x) for x in oracle.LOLBINS}
    unus = {fold(x) for x in oracle.UNUSUAL_SYSTEM}
    out = []
    for r in rows:
        s = lambda k: "" if r.get(k) is None else str(r[k])
        m = pat.fullmatch(s("Timestamp"))
        if not m:
            continue
        y, mo, d, h, mi, se = (int(m.group(i)) for i in range(1, 7))
        try:
            import datetime as _dt
            _dt.datetime(y, mo, d, h, mi, se)
        except ValueError:
            continue
        f7 = (m.group(7) or "").ljust(7, "0")
        secs = _cal.timegm((y, mo, d, h, mi, se, 0, 0, 0))
        ticks = secs * 10_000_000 + int(f7)
        if not ticks > now_ticks - 24 * 3600 * 10_000_000:
            continue
        p = r.get("RemotePort")
        port = None
        if isinstance(p, int) and not isinstance(p, bool):
            port = p
        elif isinstance(p, str) and _re.fullmatch(r"[0-9]+", p):
            port = int(p)
        if port not in oracle.COMMON_PORTS:
            continue
        if s("ActionType") != "ConnectionSuccess":
            continue
        n = fold(s("InitiatingProcessFileName"))
        if n in legit:
            continue
        fl = (n in script, n in lol, n in unus)
        if not any(fl):
            continue
        out.append({
            "Timestamp": "%04d-%02d-%02dT%02d:%02d:%02d.%sZ" % (y, mo, d, h, mi, se, f7),
            "DeviceName": s("DeviceName"), "AccountName": s("InitiatingProcessAccountName"),
            "InitiatingProcessFileName": s("InitiatingProcessFileName"),
            "InitiatingProcessCommandLine": s("InitiatingProcessCommandLine"),
            "InitiatingProcessParentFileName": s("InitiatingProcessParentFileName"),
            "RemoteIP": s("RemoteIP"), "RemotePort": port, "RemoteIPType": s("RemoteIPType"),
            "IsInternal": s("RemoteIPType") == "Private",
            "IsScriptInterpreter": fl[0], "IsLOLBin": fl[1], "IsUnusualSystem": fl[2],
        })
    return out


def _key(r):
    return tuple((k, json.dumps(v, ensure_ascii=False)) for k, v in r.items())


def test_generated_data_vs_pure_python():
    """DuckDB oracle == an independent pure-Python evaluation, on generated data."""
    import gen_edge_cases as gen
    for seed, extra in [(1, []), (2, ["--column-order", "shuffled"]), (3, ["--bom"])]:
        with tempfile.TemporaryDirectory() as d:
            gen.main(["--out-dir", d, "--seed", str(seed)] + extra)
            c, j = os.path.join(d, "events.csv"), os.path.join(d, "events.jsonl")
            now_ticks = oracle.parse_now_ticks(NOW)
            with open(c, encoding="utf-8-sig", newline="") as f:
                csv_rows = list(csv.DictReader(f))
            with open(j, encoding="utf-8-sig", newline="") as f:
                json_rows = [json.loads(x) for x in f.read().split("\n") if x.strip()]
            assert len(csv_rows) == len(json_rows) > 5000
            ids = [r["ReportId"] for r in json_rows]
            assert len(set(ids)) == len(ids), "ReportId not unique"
            want_c = sorted(map(_key, _py_reference(csv_rows, now_ticks)))
            want_j = sorted(map(_key, _py_reference(json_rows, now_ticks)))
            assert want_c == want_j
            got_c = sorted(map(_key, run_files(c)))
            got_j = sorted(map(_key, run_files(j)))
            assert got_c == want_c, "oracle(csv) != python reference"
            assert got_j == want_j, "oracle(jsonl) != python reference"
            assert len(got_c) > 1000
            assert not any("msiexec" in dict(k)["InitiatingProcessFileName"].lower() for k in got_c)
            # window edge sanity: nothing at or before now-24h
            assert all(dict(k)["Timestamp"] > '"2026-11-29T12:00:00.0000000Z"' for k in got_c)
            assert any(dict(k)["Timestamp"] == '"2026-11-29T12:00:00.0000001Z"' for k in got_c)


if __name__ == "__main__":
    n = 0
    for name, fn in list(globals().items()):
        if name.startswith("test_") and callable(fn):
            fn()
            n += 1
            print("ok", name)
    print(f"{n} tests passed, {len(CASES)} hand-made cases")

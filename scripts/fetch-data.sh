#!/usr/bin/env bash
# Downloads the public data dualeval evaluates on, pinned to the commits the project was built
# against, into a cache directory (never into the repository):
#   blend      BLEnD (Myung et al. 2024, CC BY-SA 4.0), nlee0212/BLEnD at 24e7d73, checked
#              against data/blend.sha256;
#   dual-eval  the Dual-Eval release (Ying et al. 2025, MIT; data derived from BLEnD, CC BY-SA 4.0),
#              yingjiahao14/Dual-Eval at 2d899f3a: the filled US questions and the translated
#              answer keys.
# Usage: scripts/fetch-data.sh blend|dual-eval DEST_DIR
# A finished DEST_DIR is left as it is; a half-finished download is redone.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
what=${1:?usage: fetch-data.sh blend|dual-eval DEST_DIR}
dest=${2:?usage: fetch-data.sh blend|dual-eval DEST_DIR}

[ -f "$dest/.complete" ] && exit 0
raw=https://raw.githubusercontent.com
case "$what" in
  blend)
    base=$raw/nlee0212/BLEnD/24e7d732c082c224b3bc9c7dc3b884fe83fb8cc8
    files=$(awk '{print $2}' "$here/data/blend.sha256") ;;
  dual-eval)
    base=$raw/yingjiahao14/Dual-Eval/2d899f3a64d1a670a29c675a1aba68278b82541e
    # upstream path -> path under DEST_DIR (the upstream directory name is misspelled)
    files="data/questuions/US_questions.csv=US_questions.csv"
    for key in China Spain Indonesia South_Korea Iran West_Java; do
      files="$files data/annotations_multi/US_${key}_data.json=annotations_multi/US_${key}_data.json"
    done
    # the per-country prompt tables, from which inst8_prompts.csv is assembled below
    for key in US UK China South_Korea Spain Indonesia Iran West_Java; do
      files="$files data/prompt/${key}_prompts.csv=prompt/${key}_prompts.csv"
    done ;;
  *) echo "fetch-data.sh: unknown data set '$what' (blend or dual-eval)" >&2; exit 64 ;;
esac

tmp="$dest.partial"
rm -rf "$tmp"
mkdir -p "$tmp"
for entry in $files; do
  source=${entry%%=*}; target=${entry#*=}
  mkdir -p "$tmp/$(dirname "$target")"
  echo "fetch-data: $what/$target" >&2
  python3 - "$base/$source" "$tmp/$target" <<'PY'
import sys, urllib.request
url, path = sys.argv[1], sys.argv[2]
with urllib.request.urlopen(url, timeout=60) as response, open(path, "wb") as out:
    out.write(response.read())
PY
done
if [ "$what" = blend ]; then
  (cd "$tmp" && sha256sum --quiet -c "$here/data/blend.sha256")
fi
if [ "$what" = dual-eval ]; then
  # inst8_prompts.csv: the inst-8 row of every prompt table, as the shared copy holds them
  # (columns source_file,id,English,Translation; CRLF records).
  python3 - "$tmp" <<'PY'
import csv, sys
root = sys.argv[1]
with open(f"{root}/inst8_prompts.csv", "w", newline="", encoding="utf-8") as out:
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["source_file", "id", "English", "Translation"])
    for key in ["US", "UK", "China", "South_Korea", "Spain", "Indonesia", "Iran", "West_Java"]:
        with open(f"{root}/prompt/{key}_prompts.csv", newline="", encoding="utf-8") as table:
            rows = [row for row in csv.DictReader(table) if row.get("id") == "inst-8"]
        if len(rows) != 1:
            sys.exit(f"fetch-data: {key}_prompts.csv has {len(rows)} inst-8 rows")
        writer.writerow([f"{key}_prompts.csv", "inst-8", rows[0].get("English", ""), rows[0].get("Translation", "")])
PY
fi
touch "$tmp/.complete"
rm -rf "$dest"
mv "$tmp" "$dest"

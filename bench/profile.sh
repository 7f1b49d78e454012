#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Profile benchmark: the time to profile a table already in memory, Sonde
# against pandas, on the CSV file of bench/import.sh (bench/gen-csv: 12
# columns, 10 million rows by default). Both load the file first and time
# only the profile, in the same run:
#
#   Sonde:  sonde-cli profile FILE --json --time      (SondeProfile: every
#           figure of every column, duplicate rows, key, personal data)
#   pandas: df.describe(include='all') followed by df.nunique(), timed with
#           time.perf_counter() after pd.read_csv(FILE)
#
#   bench/profile.sh [BUILD_DIR] [ROWS]     (defaults: _build, 10000000)
#
# Targets (issue 6): Sonde at least 3 times faster than pandas, and at
# most 1 s per million rows. Prints a table, also written to
# bench/out/profile.md. Needs /usr/bin/python3 with pandas (Debian's
# python3-pandas). Never fails on slow results: timings are not tests.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${1:-_build}
rows=${2:-10000000}
case $build in /*) ;; *) build="$root/$build" ;; esac

out="$here/out"
mkdir -p "$out"
file="$out/import-$rows.csv"

/usr/bin/python3 -c 'import pandas' 2>/dev/null ||
  { echo "profile.sh: pandas is missing (apt-get install python3-pandas)" >&2; exit 1; }
[ -x "$build/src/cli/sonde-cli" ] && [ -x "$build/bench/gen-csv" ] ||
  { echo "profile.sh: build sonde-cli and gen-csv first: ninja -C $build src/cli/sonde-cli bench/gen-csv" >&2; exit 1; }

if [ ! -s "$file" ]; then
  echo "Generating $file ($rows rows)..."
  "$build/bench/gen-csv" --rows "$rows" "$file"
fi
cat "$file" > /dev/null

"$build/src/cli/sonde-cli" profile "$file" --json --time > "$out/profile.json" 2> "$out/profile-sonde.txt" ||
  { echo "profile.sh: sonde-cli profile failed" >&2; cat "$out/profile-sonde.txt" >&2; exit 1; }
sonde_t=$(sed -n 's/^Profile time: \([0-9.]*\) s$/\1/p' "$out/profile-sonde.txt")

pandas_t=$(/usr/bin/python3 - "$file" <<'PY'
import sys, time
import pandas as pd
df = pd.read_csv(sys.argv[1])
t = time.perf_counter()
df.describe(include='all')
df.nunique()
print("%.3f" % (time.perf_counter() - t))
PY
)

nproc=$(nproc)
pandas_v=$(/usr/bin/python3 -c 'import pandas; print(pandas.__version__)')
awk -v rows="$rows" -v nproc="$nproc" -v st="$sonde_t" -v pt="$pandas_t" -v pv="$pandas_v" '
BEGIN {
  printf "Profile of %s rows, 12 columns (bench/gen-csv), after loading, one run, %d processors.\n\n", rows, nproc
  print "| profiler | time (s) | s per million rows |"
  print "|---|---|---|"
  printf "| Sonde (`sonde-cli profile --json --time`) | %.2f | %.3f |\n", st, st / (rows / 1e6)
  printf "| pandas %s `describe(include=\"all\")` + `nunique()` | %.2f | %.3f |\n", pv, pt, pt / (rows / 1e6)
  printf "\npandas / Sonde: %.2f (target >= 3); Sonde: %.3f s per million rows (target <= 1).\n", pt / st, st / (rows / 1e6)
  print "\nSonde also finds duplicate rows, a key, outliers, histograms and personal data, which pandas is not asked for."
}' | tee "$out/profile.md"

#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Import benchmark: reads the same CSV file with Sonde (type inference,
# dates parsed), pandas.read_csv (Debian's python3-pandas, default
# inference, parse_dates off) and sqlite3's .import, each best of RUNS
# runs under /usr/bin/time, and prints wall time, peak RSS and the ratios
# pandas/sonde and sqlite/sonde. The same table goes to bench/out/import.md.
#
#   bench/import.sh [BUILD_DIR] [ROWS]     (defaults: _build, 10000000)
#
# Needs /usr/bin/time, /usr/bin/python3 with pandas, and sqlite3
# (apt-get install time python3-pandas sqlite3). The machine should be
# otherwise idle; absolute times vary, ratios from one run are what count.
# Never fails on slow results: timings are not tests.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${1:-_build}
rows=${2:-10000000}
runs=${RUNS:-2}
case $build in /*) ;; *) build="$root/$build" ;; esac

out="$here/out"
mkdir -p "$out"
file="$out/import-$rows.csv"

for tool in /usr/bin/time /usr/bin/python3 sqlite3; do
  command -v "$tool" >/dev/null || { echo "import.sh: $tool is missing" >&2; exit 1; }
done
/usr/bin/python3 -c 'import pandas' 2>/dev/null ||
  { echo "import.sh: pandas is missing (apt-get install python3-pandas)" >&2; exit 1; }
[ -x "$build/src/cli/sonde-cli" ] && [ -x "$build/bench/gen-csv" ] ||
  { echo "import.sh: build sonde-cli and gen-csv first: ninja -C $build src/cli/sonde-cli bench/gen-csv" >&2; exit 1; }

if [ ! -s "$file" ]; then
  echo "Generating $file ($rows rows)..."
  "$build/bench/gen-csv" --rows "$rows" "$file"
fi
size=$(stat -c %s "$file")

# best NAME CMD...: runs CMD $runs times, keeps the fastest run's
# "seconds KiB" in $best_time $best_rss (peak RSS is the max of the runs).
best() {
  best_time=""
  best_rss=0
  i=0
  while [ $i -lt "$runs" ]; do
    /usr/bin/time -f '%e %M' -o "$out/time.txt" "$@" >/dev/null 2>"$out/stderr.txt" ||
      { echo "import.sh: failed: $*" >&2; cat "$out/stderr.txt" >&2; exit 1; }
    read -r t m < "$out/time.txt"
    if [ -z "$best_time" ] || awk "BEGIN { exit !($t < $best_time) }"; then best_time=$t; fi
    if [ "$m" -gt "$best_rss" ]; then best_rss=$m; fi
    i=$((i + 1))
  done
}

# Warm the page cache so that no tool pays for the disk.
cat "$file" > /dev/null

best "$build/src/cli/sonde-cli" inspect "$file" --json
sonde_t=$best_time; sonde_m=$best_rss
best /usr/bin/python3 -c "import pandas as pd; pd.read_csv('$file')"
pandas_t=$best_time; pandas_m=$best_rss
best sqlite3 :memory: '.mode csv' ".import $file t"
sqlite_t=$best_time; sqlite_m=$best_rss

nproc=$(nproc)
pandas_v=$(/usr/bin/python3 -c 'import pandas; print(pandas.__version__)')
sqlite_v=$(sqlite3 --version | cut -d' ' -f1)

awk -v size="$size" -v rows="$rows" -v runs="$runs" -v nproc="$nproc" \
    -v st="$sonde_t" -v sm="$sonde_m" -v pt="$pandas_t" -v pm="$pandas_m" \
    -v qt="$sqlite_t" -v qm="$sqlite_m" -v pv="$pandas_v" -v qv="$sqlite_v" '
function row(name, t, m) {
  printf "| %s | %.2f | %.0f | %.2f |\n", name, t, m / 1024, t / st
}
BEGIN {
  printf "Import of %s rows, 12 columns, %.2f GB (bench/gen-csv), best of %d runs, %d processors.\n\n",
         rows, size / 1e9, runs, nproc
  print "| reader | wall time (s) | peak RSS (MiB) | time / Sonde |"
  print "|---|---|---|---|"
  row("Sonde (`sonde-cli inspect --json`)", st, sm)
  row("pandas " pv " `read_csv`", pt, pm)
  row("sqlite3 " qv " `.import` (:memory:)", qt, qm)
  printf "\npandas / Sonde: %.2f (target >= 4); sqlite / Sonde: %.2f (target >= 1.5); peak RSS Sonde / pandas: %.2f (target < 1).\n",
         pt / st, qt / st, sm / pm
  print "\npandas leaves the dates as text (parse_dates off) and sqlite3 stores every field as text, while Sonde parses dates and numbers and infers types: this favours them. Peak RSS includes the mapped file for Sonde."
}' | tee "$out/import.md"
rm -f "$out/time.txt" "$out/stderr.txt"

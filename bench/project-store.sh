#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Project benchmarks (issue 5), on the CSV file of bench/import.sh (10 M
# rows, 12 columns, bench/gen-csv):
#  1. storing it: sqlite3's `.mode csv` + `.import` into a new database
#     file, against `sonde-cli project create OUT.sonde FILE.csv` (import
#     with type inference, then the atomic save), each best of RUNS runs
#     under /usr/bin/time; and the save alone (bench/project-save: wall
#     and CPU time of sonde_project_save after the import). Target:
#     sqlite3 / Sonde >= 1.5.
#  2. opening the project: time to the first 200 rows
#     (sonde_project_load_dataset_head), target < 1 s, and to the whole
#     dataset (bench/project-open, 3 runs).
#  3. cancelling a query that sorts every row (bench/query-cancel, 10
#     repetitions): time from the cancel to the return, target <= 0.5 s.
# The table goes to bench/out/project-store.md.
#
#   bench/project-store.sh [BUILD_DIR] [ROWS]     (defaults: _build, 10000000)
#
# Needs /usr/bin/time and sqlite3 (apt-get install time sqlite3), and
#   ninja -C BUILD_DIR src/cli/sonde-cli bench/gen-csv bench/project-save \
#     bench/project-open bench/query-cancel
# About 3 GB of disk in bench/out. The machine should be otherwise idle;
# never fails on slow results: timings are not tests.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${1:-_build}
rows=${2:-10000000}
runs=${RUNS:-3}
case $build in /*) ;; *) build="$root/$build" ;; esac

out="$here/out"
mkdir -p "$out"
file="$out/import-$rows.csv"
db="$out/store-$rows.db"
project="$out/store-$rows.sonde"

for tool in /usr/bin/time sqlite3; do
  command -v "$tool" >/dev/null || { echo "project-store.sh: $tool is missing" >&2; exit 1; }
done
for exe in src/cli/sonde-cli bench/gen-csv bench/project-save bench/project-open bench/query-cancel; do
  [ -x "$build/$exe" ] ||
    { echo "project-store.sh: build it first: ninja -C $build src/cli/sonde-cli bench/gen-csv bench/project-save bench/project-open bench/query-cancel" >&2; exit 1; }
done

if [ ! -s "$file" ]; then
  echo "Generating $file ($rows rows)..."
  "$build/bench/gen-csv" --rows "$rows" "$file"
fi
size=$(stat -c %s "$file")

# best CMD...: runs CMD $runs times after removing $db and $project (and
# anything a killed run left), keeps the fastest run's seconds in
# $best_time and every run in $all_times.
best() {
  best_time=""
  all_times=""
  i=0
  while [ $i -lt "$runs" ]; do
    rm -f "$db" "$db-journal" "$project" "$project".*.saving
    sync
    /usr/bin/time -f '%e' -o "$out/time.txt" "$@" >/dev/null 2>"$out/stderr.txt" ||
      { echo "project-store.sh: failed: $*" >&2; cat "$out/stderr.txt" >&2; exit 1; }
    read -r t < "$out/time.txt"
    all_times="$all_times $t"
    if [ -z "$best_time" ] || awk "BEGIN { exit !($t < $best_time) }"; then best_time=$t; fi
    i=$((i + 1))
  done
}

# Warm the page cache so that no tool pays for reading the CSV.
cat "$file" > /dev/null

best sqlite3 "$db" '.mode csv' ".import $file t"
sqlite_t=$best_time; sqlite_all=$all_times
best "$build/src/cli/sonde-cli" project create "$project" "$file"
sonde_t=$best_time; sonde_all=$all_times

save_best=""; save_cpu=""; save_all=""
i=0
while [ $i -lt "$runs" ]; do
  rm -f "$project"
  line=$("$build/bench/project-save" "$file" "$project")
  s=$(echo "$line" | cut -f4); c=$(echo "$line" | cut -f6)
  save_all="$save_all $s"
  if [ -z "$save_best" ] || awk "BEGIN { exit !($s < $save_best) }"; then save_best=$s; save_cpu=$c; fi
  i=$((i + 1))
done

open_lines=$("$build/bench/project-open" "$project" 3)
echo "$open_lines"
head_best=$(echo "$open_lines" | cut -f4 | sort -n | head -1)
head_worst=$(echo "$open_lines" | cut -f4 | sort -n | tail -1)
load_best=$(echo "$open_lines" | cut -f6 | sort -n | head -1)

cancel_lines=$("$build/bench/query-cancel" "$project" "" 10)
echo "$cancel_lines"
cancel_max=$(echo "$cancel_lines" | awk -F'\t' '$1 == "max" { print $2 }')
cancel_median=$(echo "$cancel_lines" | awk -F'\t' '$1 == "max" { print $4 }')

nproc=$(nproc)
sqlite_v=$(sqlite3 --version | cut -d' ' -f1)

awk -v size="$size" -v rows="$rows" -v runs="$runs" -v nproc="$nproc" -v qv="$sqlite_v" \
    -v st="$sonde_t" -v sa="$sonde_all" -v qt="$sqlite_t" -v qa="$sqlite_all" \
    -v sv="$save_best" -v sc="$save_cpu" -v sva="$save_all" \
    -v hb="$head_best" -v hw="$head_worst" -v lb="$load_best" \
    -v cm="$cancel_max" -v cmed="$cancel_median" '
BEGIN {
  printf "Project of %s rows, 12 columns, CSV of %.2f GB (bench/gen-csv), best of %d runs, %d processors.\n\n",
         rows, size / 1e9, runs, nproc
  print "| what | time (s) | runs (s) |"
  print "|---|---|---|"
  printf "| sqlite3 %s `.mode csv` + `.import` into a new file | %.2f |%s |\n", qv, qt, qa
  printf "| `sonde-cli project create` (import + save) | %.2f |%s |\n", st, sa
  printf "| of which the save (`bench/project-save`), CPU %.2f s | %.2f |%s |\n", sc, sv, sva
  printf "| open + first 200 rows (`bench/project-open`), worst %.3f | %.3f | |\n", hw, hb
  printf "| whole dataset read (`bench/project-open`) | %.2f | |\n", lb
  printf "| cancel a sorting query: max (median %.3f) (`bench/query-cancel`) | %.3f | |\n", cmed, cm
  printf "\nsqlite3 / Sonde: %.2f (target >= 1.5); first rows %.3f s (target < 1); cancel max %.3f s (target <= 0.5).\n",
         qt / st, hb, cm
}' | tee "$out/project-store.md"
rm -f "$out/time.txt" "$out/stderr.txt"

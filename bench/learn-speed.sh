#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Speed benchmark of the tree ensembles and k-means against scikit-learn
# 1.2 on the same rows, timing the fit alone on both sides (the data
# already in memory), best of RUNS runs:
#
#   forest    RandomForestClassifier(n_estimators=100, n_jobs=THREADS)
#             against random-forest threads=THREADS; 1 000 000 training
#             rows × 10 features; also the prediction of 200 000 held-out
#             rows and their AUC
#   boosting  HistGradientBoostingClassifier(max_iter=100,
#             early_stopping=False) (OpenMP: every core) against
#             hist-gradient-boosting; 1 000 000 rows × 28 features;
#             prediction and AUC on 200 000 held-out rows
#   kmeans    KMeans(n_clusters=20, n_init=1, algorithm="lloyd",
#             max_iter=30, tol=0) (OpenMP: every core) against kmeans
#             n_clusters=20 n_init=1 max_iter=30 tol=0, each from its own
#             k-means++; 1 000 000 rows × 20 features (20 overlapping
#             blobs); the time per iteration is the fit time (k-means++
#             included) divided by the iterations, 30 on both sides
#             unless one converges exactly
#
#   bench/learn-speed.sh [BUILD_DIR] [PART…]   (defaults: _build, all three)
#
# (the part "data" only writes the data). RUNS (3), SKLEARN_RUNS (RUNS:
# scikit-learn's forest takes minutes a run), THREADS (2) and ROWS
# (1000000) come from the environment.
#
# The data come from make_classification / make_blobs with fixed seeds,
# written once into bench/out/ as raw doubles. Prints a Markdown table
# (also in bench/out/learn-speed.md). Timings are never tests.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${1:-_build}
[ $# -gt 0 ] && shift
parts=${*:-forest boosting kmeans}
runs=${RUNS:-3}
sk_runs=${SKLEARN_RUNS:-$runs}
threads=${THREADS:-2}
rows=${ROWS:-1000000}
case $build in /*) ;; *) build="$root/$build" ;; esac
out="$here/out"
mkdir -p "$out"
bin="$build/bench/learn-speed"

[ -x "$bin" ] ||
  { echo "learn-speed.sh: build it first: ninja -C $build bench/learn-speed" >&2; exit 1; }
/usr/bin/python3 -c 'import sklearn' 2>/dev/null ||
  { echo "learn-speed.sh: scikit-learn is missing (apt-get install python3-sklearn)" >&2; exit 1; }

# gen NAME: writes bench/out/speed-NAME-{train,test}.{x,y} once.
gen() {
  [ -s "$out/speed-$1-$rows-train.x" ] && return 0
  echo "Generating the $1 data ($rows rows)..." >&2
  /usr/bin/python3 - "$1" "$rows" "$out" <<'PY'
import sys
import numpy as np
from sklearn.datasets import make_classification, make_blobs
name, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
test = n // 5
if name == "forest":
    X, y = make_classification(n_samples=n + test, n_features=10, n_informative=6, random_state=0)
elif name == "boosting":
    X, y = make_classification(n_samples=n + test, n_features=28, n_informative=14, random_state=1)
else:
    X, y = make_blobs(n_samples=n, n_features=20, centers=20, cluster_std=5.0, random_state=2)
    test = 0
X = np.ascontiguousarray(X, dtype="<f8")
y = y.astype("<f8")
X[:n].tofile("%s/speed-%s-%d-train.x" % (out, name, n))
y[:n].tofile("%s/speed-%s-%d-train.y" % (out, name, n))
if test:
    X[n:].tofile("%s/speed-%s-%d-test.x" % (out, name, n))
    y[n:].tofile("%s/speed-%s-%d-test.y" % (out, name, n))
PY
}

# sk NAME D: scikit-learn's best fit of $runs, its prediction and AUC (or
# iterations), as "fit predict auc-or-iterations".
sk() {
  /usr/bin/python3 - "$1" "$2" "$out/speed-$1-$rows" "$sk_runs" "$threads" <<'PY'
import sys, time
import numpy as np
from sklearn.ensemble import RandomForestClassifier, HistGradientBoostingClassifier
from sklearn.cluster import KMeans
from sklearn.metrics import roc_auc_score
name, d, prefix, runs, threads = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
X = np.fromfile(prefix + "-train.x").reshape(-1, d)
best = None
for r in range(runs):
    if name == "forest":
        m = RandomForestClassifier(n_estimators=100, n_jobs=threads, random_state=r)
    elif name == "boosting":
        m = HistGradientBoostingClassifier(max_iter=100, early_stopping=False, random_state=r)
    else:
        m = KMeans(n_clusters=20, n_init=1, algorithm="lloyd", max_iter=30, tol=0, random_state=r)
    t = time.perf_counter()
    if name == "kmeans":
        m.fit(X)
    else:
        m.fit(X, np.fromfile(prefix + "-train.y"))
    t = time.perf_counter() - t
    if best is None or t < best[0]:
        best = (t, m)
t, m = best
if name == "kmeans":
    print("%.3f - %d" % (t, m.n_iter_))
else:
    tx = np.fromfile(prefix + "-test.x").reshape(-1, d)
    ty = np.fromfile(prefix + "-test.y")
    p = time.perf_counter()
    s = m.predict_proba(tx)[:, 1]
    p = time.perf_counter() - p
    print("%.3f %.3f %.5f" % (t, p, roc_auc_score(ty, s)))
PY
}

# so NAME D LEARNER PARAMS...: Sonde's best fit of $runs, as sk.
so() {
  name=$1 d=$2 learner=$3
  shift 3
  best=""
  i=0
  while [ $i -lt "$runs" ]; do
    if [ "$name" = kmeans ]; then
      line=$("$bin" "$learner" "$d" "$out/speed-$name-$rows-train" "$@" seed=$i)
    else
      line=$("$bin" "$learner" "$d" "$out/speed-$name-$rows-train" "$out/speed-$name-$rows-test" "$@")
    fi
    fit=$(echo "$line" | sed 's/.*fit \([0-9.]*\) s.*/\1/')
    if [ -z "$best" ] || [ "$(echo "$fit < $best" | bc)" = 1 ]; then best=$fit; bestline=$line; fi
    i=$((i + 1))
  done
  if [ "$name" = kmeans ]; then
    echo "$best - $(echo "$bestline" | sed 's/.*iterations \([0-9]*\).*/\1/')"
  else
    echo "$best $(echo "$bestline" | sed 's/.*rows \([0-9.]*\) s, test AUC \([0-9.]*\).*/\1 \2/')"
  fi
}

table="$out/learn-speed.md"
{
  echo "Fit alone, best of $runs runs (scikit-learn: $sk_runs), $rows training rows, $threads threads, $(nproc) processors, load before: $(uptime | sed 's/.*load average: //')."
  echo
  echo "| part | Sonde fit (s) | scikit-learn fit (s) | scikit-learn / Sonde | Sonde predict (s) | scikit-learn predict (s) | AUC or iterations: Sonde | scikit-learn |"
  echo "|---|---|---|---|---|---|---|---|"
} > "$table"

for part in $parts; do
  case $part in
    forest)
      gen forest
      s=$(so forest 10 random-forest n_estimators=100 threads="$threads")
      k=$(sk forest 10)
      ;;
    boosting)
      gen boosting
      s=$(so boosting 28 hist-gradient-boosting max_iter=100 early_stopping=false threads="$threads")
      k=$(sk boosting 28)
      ;;
    kmeans)
      gen kmeans
      s=$(so kmeans 20 kmeans n_clusters=20 n_init=1 max_iter=30 tol=0 threads="$threads")
      k=$(sk kmeans 20)
      ;;
    data) gen forest; gen boosting; gen kmeans; continue ;;
    *) echo "learn-speed.sh: no part $part (forest, boosting, kmeans, data)" >&2; exit 1 ;;
  esac
  set -- $s; sf=$1 sp=$2 sa=$3
  set -- $k; kf=$1 kp=$2 ka=$3
  if [ "$part" = kmeans ]; then
    # Per iteration: the fit time over the iterations, both sides.
    spi=$(echo "scale=4; $sf / $sa" | bc)
    kpi=$(echo "scale=4; $kf / $ka" | bc)
    ratio=$(echo "scale=2; $kpi / $spi" | bc)
    echo "| kmeans (per iteration) | $sf ($spi/it) | $kf ($kpi/it) | $ratio | — | — | $sa | $ka |" >> "$table"
  else
    ratio=$(echo "scale=2; $kf / $sf" | bc)
    echo "| $part | $sf | $kf | $ratio | $sp | $kp | $sa | $ka |" >> "$table"
  fi
done
{
  echo
  echo "Load after: $(uptime | sed 's/.*load average: //')."
} >> "$table"

cat "$table"

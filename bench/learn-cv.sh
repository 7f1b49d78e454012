#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Cross-validation benchmark of issue 9: 10-fold cross-validation of a
# decision tree, naive Bayes and logistic regression on the same
# 100 000 rows × 20 numeric features (a two-class problem made by
# scikit-learn's make_classification, seed 0, written as CSV), timed as
# whole commands, best of RUNS runs:
#
#   Sonde:        sonde-cli evaluate FILE --target class --learner L --folds 10
#   scikit-learn: python3 reading the CSV with pandas, then
#                 cross_val_score (..., cv=StratifiedKFold (10)) with
#                 DecisionTreeClassifier, GaussianNB, LogisticRegression
#   Weka 3.6:     java -cp weka.jar weka.classifiers.trees.SimpleCart,
#                 bayes.NaiveBayes, functions.Logistic -t FILE -x 10
#                 (when Debian's weka package is installed)
#
#   bench/learn-cv.sh [BUILD_DIR] [ROWS]     (defaults: _build, 100000)
#
# Prints a Markdown table (also in bench/out/learn-cv.md) with the ratios
# scikit-learn/Sonde and Weka/Sonde. Timings are never tests.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${1:-_build}
rows=${2:-100000}
runs=${RUNS:-2}
case $build in /*) ;; *) build="$root/$build" ;; esac
out="$here/out"
mkdir -p "$out"
file="$out/learn-$rows.csv"
weka_jar=/usr/share/java/weka.jar

[ -x "$build/src/cli/sonde-cli" ] ||
  { echo "learn-cv.sh: build sonde-cli first: ninja -C $build src/cli/sonde-cli" >&2; exit 1; }
/usr/bin/python3 -c 'import sklearn, pandas' 2>/dev/null ||
  { echo "learn-cv.sh: scikit-learn is missing (apt-get install python3-sklearn)" >&2; exit 1; }

if [ ! -s "$file" ]; then
  echo "Generating $file ($rows rows)..."
  /usr/bin/python3 - "$rows" "$file" <<'PY'
import sys
import numpy as np
import pandas as pd
from sklearn.datasets import make_classification
n = int(sys.argv[1])
X, y = make_classification(n_samples=n, n_features=20, n_informative=10, random_state=0)
df = pd.DataFrame(X, columns=["x%02d" % i for i in range(20)]).round(6)
df["class"] = np.where(y == 1, "yes", "no")
df.to_csv(sys.argv[2], index=False)
PY
fi

# best_of CMD...: the shortest wall time of $runs runs, in seconds.
best_of() {
  best=""
  i=0
  while [ $i -lt "$runs" ]; do
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || { echo "learn-cv.sh: failed: $*" >&2; return 1; }
    end=$(date +%s.%N)
    t=$(echo "$end - $start" | bc)
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then best=$t; fi
    i=$((i + 1))
  done
  printf '%.2f' "$best"
}

sk() {
  /usr/bin/python3 - "$file" "$1" <<'PY'
import sys
import pandas as pd
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.tree import DecisionTreeClassifier
from sklearn.naive_bayes import GaussianNB
from sklearn.linear_model import LogisticRegression
df = pd.read_csv(sys.argv[1])
X = df.drop(columns="class").values
y = df["class"].values
model = {"cart": DecisionTreeClassifier(random_state=0), "gaussian-nb": GaussianNB(),
         "logistic": LogisticRegression(max_iter=1000)}[sys.argv[2]]
print(cross_val_score(model, X, y, cv=StratifiedKFold(10)).mean())
PY
}

table="$out/learn-cv.md"
{
  echo "10-fold cross-validation, $rows rows × 20 features, best of $runs runs, $(nproc) processors."
  echo
  echo "| learner | Sonde (s) | scikit-learn (s) | Weka 3.6 (s) | scikit-learn / Sonde | Weka / Sonde |"
  echo "|---|---|---|---|---|---|"
} > "$table"

for learner in cart gaussian-nb logistic; do
  s=$(best_of "$build/src/cli/sonde-cli" evaluate "$file" --target class --learner "$learner" --folds 10 --seed 1)
  k=$(best_of sk "$learner")
  w="—"; rw="—"
  if [ -r "$weka_jar" ]; then
    case $learner in
      cart) class=weka.classifiers.trees.SimpleCart ;;
      gaussian-nb) class=weka.classifiers.bayes.NaiveBayes ;;
      logistic) class=weka.classifiers.functions.Logistic ;;
    esac
    w=$(best_of java -Xmx4g -cp "$weka_jar" "$class" -t "$file" -x 10 -o)
    rw=$(echo "scale=1; $w / $s" | bc)
  fi
  rk=$(echo "scale=2; $k / $s" | bc)
  echo "| $learner | $s | $k | $w | $rk | $rw |" >> "$table"
done

cat "$table"

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The HTML documents Sonde exports, checked by axe-core in a real browser:
# sonde-cli writes the quality report (sonde_profile_to_html ()) of every
# sample dataset and of tests/engine/fixtures/profile.csv with rules that
# give findings of every severity, in English and in French, and the
# statistics report (sonde_stats_report_to_html_document ()) of every
# analysis on data/samples/students.csv; axe-check.mjs then opens each
# file (file:// URL) in Debian's Chromium, headless, and runs axe-core's
# WCAG 2.0/2.1 A and AA rules and best practices. Zero violations passes.
#
#   test-html-axe.sh SONDE_CLI SAMPLES_DIR FIXTURES_DIR OUT_DIR
#
# The npm packages (tests/html/package-lock.json) are installed into
# tests/html/node_modules by ./sonde-dev test. Without Chromium, Node or
# those packages the test is skipped (exit 77), except under CI (CI set
# and not "false"), where it fails: CI must have run it.
set -euo pipefail

cli=$1 samples=$2 fixtures=$3 out=$4
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
chromium=${SONDE_CHROMIUM:-/usr/bin/chromium}

missing=
[ -x "$chromium" ] || missing="Chromium ($chromium; apt-get install chromium)"
command -v node >/dev/null || missing="Node.js (apt-get install nodejs)"
[ -f "$here/node_modules/axe-core/axe.min.js" ] && [ -d "$here/node_modules/playwright-core" ] \
  || missing="the npm packages of tests/html (./sonde-dev test installs them with npm ci)"
if [ -n "$missing" ]; then
  if [ -n "${CI:-}" ] && [ "${CI:-}" != "false" ]; then
    echo "test-html-axe: $missing is missing, and under CI this test must run." >&2
    exit 1
  fi
  echo "1..0 # SKIP $missing is missing"
  exit 77
fi

rm -rf "$out"
mkdir -p "$out"
files=()

# sonde-cli ARGS… --html OUT/NAME.html, in English unless LANGUAGE is given.
export_html() {
  local name=$1; shift
  LANGUAGE=${LANGUAGE_FOR_EXPORT:-C} LC_ALL=C.UTF-8 "$cli" "$@" --html "$out/$name.html"
  files+=("$out/$name.html")
}

for csv in "$samples"/*.csv; do
  export_html "profile-$(basename "$csv" .csv)" profile "$csv"
done
# Errors (duplicate keys, contradictions, a broken rule), warnings
# (missing values, duplicate rows, personal data) and notes (outliers, a
# rule some rows cannot be told about).
rules=(--rule 'age between 0 and 60' --rule "city in ('Paris', 'Lyon')")
export_html profile-fixture profile "$fixtures/profile.csv" "${rules[@]}"
LANGUAGE_FOR_EXPORT=fr export_html profile-fixture-fr profile "$fixtures/profile.csv" "${rules[@]}"

students=$samples/students.csv
export_html stats-describe stats "$students" describe --vars age,hours_studied_per_week --by programme
export_html stats-ttest stats "$students" ttest --var previous_grade --by has_internship
export_html stats-anova stats "$students" anova --var hours_studied_per_week --by programme
export_html stats-correlation stats "$students" correlation --vars age,hours_studied_per_week,previous_grade --method spearman
export_html stats-chisq stats "$students" chisq --row programme --col passed
export_html stats-mannwhitney stats "$students" mannwhitney --var age --by has_internship
export_html stats-wilcoxon stats "$students" wilcoxon --var hours_studied_per_week --mu 10
export_html stats-kruskal stats "$students" kruskal --var previous_grade --by programme
export_html stats-shapiro stats "$students" shapiro --var age --by programme
export_html stats-lm stats "$students" lm --response previous_grade --predictors age,programme,hours_studied_per_week
export_html stats-logistic stats "$students" logistic --response passed --predictors hours_studied_per_week,attendance_rate
LANGUAGE_FOR_EXPORT=fr export_html stats-anova-fr stats "$students" anova --var hours_studied_per_week --by programme

node "$here/axe-check.mjs" --chromium "$chromium" "${files[@]}"

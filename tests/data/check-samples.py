#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""TAP test: the committed sample datasets are exactly what
data/samples/generate.py produces, and they keep the properties that
data/samples/README.md promises (shape, encoding, quoting, the deliberate
quality problems).

usage: check-samples.py SAMPLES_DIR
"""

import csv
import io
import os
import subprocess
import sys
import tempfile

EXPECTED = {
    # file: (data rows, header)
    "students.csv": (600, ["student_id", "age", "programme",
                           "hours_studied_per_week", "attendance_rate",
                           "previous_grade", "has_internship", "scholarship",
                           "enrolment_date", "city", "passed"]),
    "housing.csv": (500, ["listing_id", "city", "district", "surface_m2",
                          "rooms", "year_built", "distance_to_centre_km",
                          "energy_class", "has_balcony", "price_eur"]),
    "reviews.csv": (400, ["review_id", "category", "language", "text",
                          "rating", "sentiment"]),
}

results = []


def check(ok, name, diag=""):
    results.append((bool(ok), name, diag))


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    samples = os.path.abspath(argv[1])
    generator = os.path.join(samples, "generate.py")

    # 1. Byte-identical regeneration (run twice: also proves determinism).
    with tempfile.TemporaryDirectory(prefix="sonde-samples-") as tmp:
        for run in ("a", "b"):
            out = os.path.join(tmp, run)
            proc = subprocess.run([sys.executable, generator, "-o", out],
                                  capture_output=True, text=True)
            check(proc.returncode == 0, "generate.py run %s exits 0" % run,
                  proc.stderr)
        for name in EXPECTED:
            with open(os.path.join(samples, name), "rb") as f:
                committed = f.read()
            for run in ("a", "b"):
                path = os.path.join(tmp, run, name)
                fresh = open(path, "rb").read() if os.path.exists(path) else b""
                diag = ""
                if fresh != committed:
                    diag = ("%s differs from what generate.py writes: run "
                            "/usr/bin/python3 data/samples/generate.py and "
                            "commit the result" % name)
                check(fresh == committed,
                      "%s is byte-identical to generate.py output (%s)"
                      % (name, run), diag)

    # 2. Format promises.
    tables = {}
    for name, (nrows, header) in EXPECTED.items():
        raw = open(os.path.join(samples, name), "rb").read()
        check(not raw.startswith(b"\xef\xbb\xbf"), "%s has no BOM" % name)
        try:
            text = raw.decode("utf-8")
            check(True, "%s is UTF-8" % name)
        except UnicodeDecodeError as e:
            check(False, "%s is UTF-8" % name, str(e))
            continue
        rows = list(csv.reader(io.StringIO(text, newline="")))
        check(rows and rows[0] == header, "%s header" % name, repr(rows[:1]))
        check(len(rows) - 1 == nrows, "%s has %d data rows" % (name, nrows),
              "found %d" % (len(rows) - 1))
        bad = [i for i, r in enumerate(rows) if len(r) != len(header)]
        check(not bad, "%s rows all have %d fields" % (name, len(header)),
              "bad rows: %r" % bad[:10])
        tables[name] = [dict(zip(header, r)) for r in rows[1:]]

    # 3. The deliberate teaching material is still there.
    students = tables.get("students.csv", [])
    ids = [r["student_id"] for r in students]
    check(len(ids) - len(set(ids)) == 8, "students.csv has 8 duplicate rows")
    check(sum(r["age"] == "230" for r in students) == 1,
          "students.csv has the impossible age 230")
    check(sum(r["programme"] == "data science" for r in students) == 5,
          "students.csv has 5 'data science' in the wrong case")
    for col in ("age", "hours_studied_per_week", "previous_grade"):
        share = sum(r[col] == "" for r in students) / max(len(students), 1)
        check(0.03 <= share <= 0.08,
              "students.csv %s has 3-8 %% missing" % col, "%.3f" % share)
    passed = sum(r["passed"] == "yes" for r in students) / max(len(students), 1)
    check(0.5 <= passed <= 0.8, "students.csv pass rate is balanced enough",
          "%.3f" % passed)

    housing = tables.get("housing.csv", [])
    check(any(r["surface_m2"] == "NA" for r in housing),
          "housing.csv uses NA for missing values")
    check(all(r["price_eur"].isdigit() for r in housing),
          "housing.csv price_eur always present and integer")

    reviews = tables.get("reviews.csv", [])
    check(sum('"' in r["text"] for r in reviews) >= 20,
          "reviews.csv has texts with double quotes")
    check(sum("," in r["text"] for r in reviews) >= 20,
          "reviews.csv has texts with commas")
    langs = {r["language"] for r in reviews}
    check(langs == {"fr", "en"}, "reviews.csv mixes French and English",
          repr(sorted(langs)))

    print("1..%d" % len(results))
    for i, (ok, name, diag) in enumerate(results, 1):
        print("%s %d - %s" % ("ok" if ok else "not ok", i, name))
        if not ok and diag:
            for line in str(diag).splitlines():
                print("# " + line)
    return 0 if all(ok for ok, _, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))

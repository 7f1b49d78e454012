#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Prints the one closing line CI reads, 'N passed, N failed, N skipped',
from meson's testlog.json (one JSON object per test)."""
import json
import sys

counts = {"passed": 0, "failed": 0, "skipped": 0}
try:
    with open(sys.argv[1], encoding="utf-8") as log:
        for line in log:
            line = line.strip()
            if not line:
                continue
            result = json.loads(line).get("result", "")
            if result in ("OK", "EXPECTEDFAIL"):
                counts["passed"] += 1
            elif result == "SKIP":
                counts["skipped"] += 1
            else:
                counts["failed"] += 1
except FileNotFoundError:
    print("summary: no test log at %s" % sys.argv[1], file=sys.stderr)
    sys.exit(1)

print("%d passed, %d failed, %d skipped" % (counts["passed"], counts["failed"], counts["skipped"]))

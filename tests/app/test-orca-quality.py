#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""What Orca 43 says in the Quality pane: Ctrl+6 shows it and the students
sample is checked; Ctrl+Enter checks again and the status line, which takes
the focus, says the score and the most severe finding; Alt+F reaches the
findings (each read with its severity and sentence), Tab its "Show the N
Rows" button, Enter shows those rows in the Data pane, which says how many
they are and how to see every row again; Alt+L reaches the columns, Enter
opens a column's figures, read as a grid."""
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from orca_speech import Orca  # noqa: E402
from sonde_atspi import SondeApp, find_all  # noqa: E402

checks = []


def expect(orca, description, needle, keys, app, timeout=10):
    mark = orca.mark()
    app.key(keys)
    said = orca.wait_for_speech(mark, needle, timeout)
    checks.append((description, said is not None,
                   said if said is not None else " | ".join(orca.since(mark))))
    time.sleep(0.3)


def refocus():
    subprocess.run(["xdotool", "search", "--sync", "--onlyvisible", "--name", "^Sonde$"],
                   capture_output=True, timeout=10)
    root = subprocess.run(["xdotool", "search", "--maxdepth", "0", "--name", ""],
                          capture_output=True, text=True).stdout.split()
    if root:
        subprocess.run(["xdotool", "windowfocus", root[0]], capture_output=True)
    time.sleep(0.5)


def main():
    samples = os.environ["SONDE_SAMPLES_DIR"]
    orca = Orca()
    app = None
    try:
        app = SondeApp(args=[os.path.join(samples, "students.csv")])
        frame = app.frame_named("Sonde")
        app.wait_for(lambda: any("600 rows" in (t.description or "") for t in find_all(frame, "table")),
                     "students in the grid", 30)
        refocus()
        expect(orca, "Ctrl+6 speaks the Quality pane", "Quality", "ctrl+6", app)
        app.wait_for(lambda: any((lbl.name or "").startswith("Quality score:") for lbl in find_all(frame, "label")),
                     "the first check", 30)
        expect(orca, "Ctrl+Enter checks again; the score and the worst finding are spoken",
               "quality score 98.4 out of 100. 14 findings, the first: 8 rows repeat the key", "ctrl+Return", app,
               timeout=20)
        expect(orca, "Alt+F reaches the findings, read with their severity",
               "Error: 8 rows repeat the key", "alt+f", app)
        expect(orca, "Tab reaches its button, which says how many rows it shows", "Show the 8 Rows", "Tab", app)
        expect(orca, "Enter shows those rows in the Data pane, which says so",
               "8 of 600 rows: 8 rows repeat the key", "Return", app, timeout=15)
        expect(orca, "Ctrl+6 and Alt+L reach the columns, each with its summary",
               "student_id: text, 0 missing", "ctrl+6 alt+l", app)
        expect(orca, "Down then Enter open a column's figures, read as a grid",
               "Figure, Type, row 1 of", "Down Return", app)
    finally:
        if app is not None:
            app.close()
        orca.stop()
        if os.environ.get("SONDE_KEEP_ORCA_LOG"):
            import shutil
            shutil.copy(orca.log_path, os.environ["SONDE_KEEP_ORCA_LOG"])

    print("1..%d" % len(checks))
    failed = 0
    for n, (what, ok, said) in enumerate(checks, start=1):
        print("%s %d - %s" % ("ok" if ok else "not ok", n, what))
        print("# Orca said: %s" % said[:600])
        failed += not ok
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

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
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from orca_speech import Orca, expect, keep_log, refocus, report  # noqa: E402
from sonde_atspi import SondeApp, find_all  # noqa: E402

checks = []






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
        expect(orca, checks, "Ctrl+6 speaks the Quality pane", "Quality", "ctrl+6", app)
        app.wait_for(lambda: any((lbl.name or "").startswith("Quality score:") for lbl in find_all(frame, "label")),
                     "the first check", 30)
        expect(orca, checks, "Ctrl+Enter checks again; the score and the worst finding are spoken",
               "quality score 98.4 out of 100. 14 findings, the first: 8 rows repeat the key", "ctrl+Return", app,
               timeout=20)
        expect(orca, checks, "Alt+F reaches the findings, read with their severity",
               "Error: 8 rows repeat the key", "alt+f", app)
        expect(orca, checks, "Tab reaches its button, which says how many rows it shows", "Show the 8 Rows", "Tab", app)
        expect(orca, checks, "Enter shows those rows in the Data pane, which says so",
               "8 of 600 rows: 8 rows repeat the key", "Return", app, timeout=15)
        expect(orca, checks, "Ctrl+6 and Alt+L reach the columns, each with its summary",
               "student_id: text, 0 missing", "ctrl+6 alt+l", app)
        expect(orca, checks, "Down then Enter open a column's figures, read as a grid",
               "Figure, Type, row 1 of", "Down Return", app)
    finally:
        if app is not None:
            app.close()
        orca.stop()
        keep_log(orca)

    return report(checks)


if __name__ == "__main__":
    sys.exit(main())

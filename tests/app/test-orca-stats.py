#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""What Orca 43 says while a keyboard user sets up and runs a t-test in the
Statistics pane: the analysis chosen from its list, a variable and a group
added with their labelled Add buttons, the chosen column's row, Ctrl+Enter,
and then, at once, the result's sentence ("The mean of age is ... (t = ...,
p = ...)"), which takes the focus when the result appears."""
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
        expect(orca, checks, "Ctrl+4 speaks the Statistics pane", "Statistics", "ctrl+4", app)
        expect(orca, checks, "F6 then Tab reach the analysis, with its current choice",
               "Analysis, Descriptive", "F6 Tab", app)
        expect(orca, checks, "the list of analyses opens and t-test is chosen",
               "t-test", "Return Down Return", app)
        expect(orca, checks, "Tab reaches the variable picker, named with its column",
               "Add to Variable", "Tab", app)
        expect(orca, checks, "Tab reaches its labelled Add button", "Add the column to Variable", "Tab", app)
        expect(orca, checks, "Add puts the column in Variable and reads its row",
               "in Variable", "Return", app)
        expect(orca, checks, "Tab reaches its Remove button by name", "Remove age from Variable", "Tab", app)
        expect(orca, checks, "the group picker is reached and has_internship chosen from its list",
               "has_internship", "Tab Return Down Down Down Return", app)
        expect(orca, checks, "the group is added", "in Groups", "Tab Return", app)
        expect(orca, checks, "Ctrl+Enter runs the test and its sentence is spoken when it appears",
               "The mean of age", "ctrl+Return", app, timeout=20)
    finally:
        if app is not None:
            app.close()
        orca.stop()
        keep_log(orca)

    return report(checks)


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""What Orca 43 says while a keyboard user sets up and runs a t-test in the
Statistics pane: the analysis chosen from its list, a variable and a group
added with their labelled Add buttons, the chosen column's row, Ctrl+Enter,
and then, at once, the result's sentence ("The mean of age is ... (t = ...,
p = ...)"), which takes the focus when the result appears."""
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


def refocus(app):
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
        refocus(app)
        expect(orca, "Ctrl+4 speaks the Statistics pane", "Statistics", "ctrl+4", app)
        expect(orca, "F6 then Tab reach the analysis, with its current choice",
               "Analysis, Descriptive", "F6 Tab", app)
        expect(orca, "the list of analyses opens and t-test is chosen",
               "t-test", "Return Down Return", app)
        expect(orca, "Tab reaches the variable picker, named with its column",
               "Add to Variable", "Tab", app)
        expect(orca, "Tab reaches its labelled Add button", "Add the column to Variable", "Tab", app)
        expect(orca, "Add puts the column in Variable and reads its row",
               "in Variable", "Return", app)
        expect(orca, "Tab reaches its Remove button by name", "Remove age from Variable", "Tab", app)
        expect(orca, "the group picker is reached and has_internship chosen from its list",
               "has_internship", "Tab Return Down Down Down Return", app)
        expect(orca, "the group is added", "in Groups", "Tab Return", app)
        expect(orca, "Ctrl+Enter runs the test and its sentence is spoken when it appears",
               "The mean of age", "ctrl+Return", app, timeout=20)
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

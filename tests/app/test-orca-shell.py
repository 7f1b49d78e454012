#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""What Orca 43 says while a keyboard user moves through the shell: the pane
list, F6 into the Project pane, the dataset row (name, rows, columns) and its
Rename, Duplicate and Close buttons, the
column rows (name, type, missing values, example), and an error when a file
cannot be opened, which must be spoken at once because it takes the focus."""
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from orca_speech import Orca  # noqa: E402
from sonde_atspi import SondeApp, find_all  # noqa: E402

checks = []


def expect(orca, mark, description, needle, keys=None, app=None, timeout=10):
    if keys:
        app.key(keys)
    said = orca.wait_for_speech(mark, needle, timeout)
    checks.append((description, said is not None,
                   said if said is not None else " | ".join(orca.since(mark))))


def main():
    samples = os.environ["SONDE_SAMPLES_DIR"]
    orca = Orca()
    app = None
    try:
        app = SondeApp(args=[os.path.join(samples, "students.csv")])
        frame = app.frame_named("Sonde")
        app.wait_for(lambda: find_all(frame, None, "Columns of students"), "students to open", 30)
        # Orca misses focus events sent before the app registered: move X
        # focus away and back once (TESTING.md section 3).
        subprocess.run(["xdotool", "search", "--sync", "--onlyvisible", "--name", "^Sonde$"],
                       capture_output=True, timeout=10)
        root = subprocess.run(["xdotool", "search", "--maxdepth", "0", "--name", ""],
                              capture_output=True, text=True).stdout.split()
        if root:
            subprocess.run(["xdotool", "windowfocus", root[0]], capture_output=True)
        time.sleep(0.5)

        m = orca.mark()
        expect(orca, m, "Ctrl+1 speaks the Project pane and its shortcut", "Project", "ctrl+1", app)
        m = orca.mark()
        expect(orca, m, "F6 moves into the pane and speaks the dataset: name, rows, columns",
               "students, 600 rows, 11 columns", "F6", app)
        m = orca.mark()
        expect(orca, m, "Tab reaches the dataset's Rename button by name", "Rename students", "Tab", app)
        m = orca.mark()
        expect(orca, m, "Tab reaches the dataset's Duplicate button by name", "Duplicate students", "Tab", app)
        m = orca.mark()
        expect(orca, m, "Tab reaches the dataset's Close button by name", "Close students", "Tab", app)
        m = orca.mark()
        expect(orca, m, "Tab reaches the first column with its type and example",
               "student_id: text, no missing values, for example", "Tab", app)
        m = orca.mark()
        expect(orca, m, "Down speaks the next column with its missing values",
               "age: integer, 26 missing values", "Down", app)
        m = orca.mark()
        app.activate("open-sample", _s("no-such-file.csv"), window_id=1)
        expect(orca, m, "a file that cannot be opened is spoken at once",
               "Could not open the dataset", None, app, timeout=15)
    finally:
        if app is not None:
            app.close()
        orca.stop()
        if os.environ.get("SONDE_KEEP_ORCA_LOG"):
            import shutil; shutil.copy(orca.log_path, os.environ["SONDE_KEEP_ORCA_LOG"])

    print("1..%d" % len(checks))
    failed = 0
    for n, (what, ok, said) in enumerate(checks, start=1):
        print("%s %d - %s" % ("ok" if ok else "not ok", n, what))
        print("# Orca said: %s" % said[:600])
        failed += not ok
    return 1 if failed else 0


def _s(text):
    from gi.repository import GLib
    return GLib.Variant("s", text)


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""What Orca 43 says while a keyboard user queries a dataset and keeps the
work in a project: Ctrl+5 to the Query pane, Alt+S into the SQL editor,
a query typed and run with Ctrl+Enter (the result's size is spoken as the
grid takes the focus), a mistake (its line and column are spoken and the
cursor is put there), the project saved with Ctrl+Shift+S through the file
chooser (the confirmation is spoken), a change, then Ctrl+Q: the unsaved
changes dialog is spoken, and Cancel keeps the window. Finally the project
is opened again from the command line, and its dataset is there."""
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from orca_speech import Orca, expect, expect_focused, keep_log, refocus, report  # noqa: E402
from sonde_atspi import SondeApp, find_all  # noqa: E402

checks = []




def type_text(text):
    subprocess.run(["xdotool", "type", "--delay", "20", "--clearmodifiers", text], check=True, timeout=60)
    time.sleep(0.3)




def main():
    samples = os.environ["SONDE_SAMPLES_DIR"]
    folder = tempfile.mkdtemp(prefix="sonde-orca-query-")
    project = os.path.join(folder, "exam.sonde")
    orca = Orca()
    app = None
    try:
        app = SondeApp(args=[os.path.join(samples, "students.csv")])
        frame = app.frame_named("Sonde")
        app.wait_for(lambda: any("600 rows" in (t.description or "") for t in find_all(frame, "table")),
                     "students in the grid", 30)
        refocus()
        expect(orca, checks, "Ctrl+5 speaks the Query pane", "Query", "ctrl+5", app)
        expect(orca, checks, "Alt+S reaches the SQL editor by its name", "SQL query", "alt+s", app)
        app.key("ctrl+a")
        type_text("SELECT has_internship, COUNT(*) AS n FROM students GROUP BY has_internship")
        expect(orca, checks, "Ctrl+Enter runs it; the result's size is spoken as the grid takes the focus",
               "returned 2 rows and 2 columns", "ctrl+Return", app, timeout=20)
        app.key("alt+s")
        app.key("ctrl+a")
        type_text("SELECT nope FROM students")
        expect(orca, checks, "a mistake is spoken with its line and column",
               "Line 1, column 8", "ctrl+Return", app, timeout=20)

        # Save As through GTK's file chooser: the name field has the focus.
        mark = orca.mark()
        app.key("ctrl+shift+s")
        app.wait_for(lambda: next((f for f in app.frames() if f.name == "Save the Project"), None),
                               "the Save the Project dialog", 15)
        # Orca 43 reads the name field GTK focuses, with its proposed name.
        said = orca.wait_for_speech(mark, "project", 10)
        checks.append(("Ctrl+Shift+S opens the save dialog on its name field", said is not None,
                       said if said is not None else " | ".join(orca.since(mark))))
        time.sleep(1.0)
        app.key("ctrl+a", window_name="Save the Project")
        type_text(project)
        mark = orca.mark()
        app.key("Return", window_name="Save the Project")
        app.wait_for(lambda: os.path.exists(project), "the project file", 10)
        app.frame_named("exam — Sonde", timeout=20)
        # Without a window manager nothing gives the main window back its
        # activation when the dialog closes: do what the desktop would.
        app.key("", window_name="exam — Sonde")
        expect_focused(orca, checks, mark, app.frame_named("exam — Sonde"), "Saved exam.sonde, with 1 dataset",
                       "Enter saves; the confirmation, which has the focus, is spoken")

        # A change, then Ctrl+Q: the unsaved changes dialog.
        app.key("alt+s", window_name="exam — Sonde")
        app.key("ctrl+a", window_name="exam — Sonde")
        type_text("SELECT city FROM students")
        app.key("alt+q", window_name="exam — Sonde")
        app.wait_for(lambda: next((f for f in app.frames() if f.name != "exam — Sonde"), None),
                     "the Save Query dialog", 10)
        time.sleep(0.8)
        # The dialog has the focus and no title of its own: Enter accepts "Query 1".
        subprocess.run(["xdotool", "key", "--clearmodifiers", "Return"], check=True, timeout=10)
        time.sleep(0.8)
        expect(orca, checks, "Ctrl+Q with unsaved changes asks first, and says why",
               "has changes that are not saved", "ctrl+q", app, timeout=15, window_name="exam — Sonde")
        app.key("Escape", window_name="Unsaved Changes")
        time.sleep(0.5)
        expect(orca, checks, "Escape cancels: the work goes on in the project's window", "SQL query", "alt+s", app,
               timeout=10, window_name="exam — Sonde")
        checks.append(("the window is still open after Cancel",
                       any(f.name == "exam — Sonde" for f in app.frames()), "frames: %r" % [f.name for f in app.frames()]))
    finally:
        if app is not None:
            app.close()
        orca.stop()
        keep_log(orca)

    # Reopened from the command line: the project's dataset and its saved
    # state come back (no Orca needed for this part).
    app = SondeApp(args=[project])
    try:
        frame = app.frame_named("exam — Sonde", timeout=20)
        found = app.wait_for(lambda: find_all(frame, None, "Columns of students"), "students in the project", 20)
        checks.append(("the project opens again with its dataset", bool(found), "reopened"))
    except AssertionError as e:
        checks.append(("the project opens again with its dataset", False, str(e)))
    finally:
        app.close()

    return report(checks)


if __name__ == "__main__":
    sys.exit(main())

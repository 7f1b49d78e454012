#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""What Orca 43 says in the Clean pane: Ctrl+7 shows it; Alt+A opens the
step dialog on its first choice, the kind of step; Tab and the arrows
reach a column, Space ticks it; Alt+P previews the step, whose sentence is
spoken; Ctrl+Enter applies it and the pane's status line, which takes the
focus, says what was done; Alt+S reaches the steps, each read with its
number and effect; Ctrl+Z undoes and Ctrl+Shift+Z redoes, each said."""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from orca_speech import Orca, expect, expect_focused, keep_log, refocus, report  # noqa: E402
from sonde_atspi import SondeApp, find_all  # noqa: E402

checks = []
DIALOG = "Add a Cleaning Step to “students”"


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
        expect(orca, checks, "Ctrl+7 speaks the Clean pane", "Clean", "ctrl+7", app)
        mark = orca.mark()
        app.key("alt+a")
        app.frame_named(DIALOG, timeout=15)
        time.sleep(1.0)
        # Without a window manager the new window is not activated: do what
        # the desktop would (away and back, as refocus () does for the main
        # window).
        refocus()
        app.key("", window_name=DIALOG)
        said = orca.wait_for_speech(mark, "Kind of step", 10)
        checks.append(("Alt+A opens the step dialog on the kind of step", said is not None,
                       said if said is not None else " | ".join(orca.since(mark))))
        expect(orca, checks, "Tab reaches the columns, each a check box", "student_id", "Tab", app,
               window_name=DIALOG)
        expect(orca, checks, "Down reaches age", "age", "Down", app, window_name=DIALOG)
        expect(orca, checks, "Space ticks it", "checked", "space", app, window_name=DIALOG)
        expect(orca, checks, "Alt+P previews the step and says what it would do",
               "Preview: 26 rows changed, 26 cells", "alt+p", app, window_name=DIALOG, timeout=20)
        mark = orca.mark()
        app.key("ctrl+Return", window_name=DIALOG)
        app.wait_for(lambda: next((f for f in app.frames() if f.name == DIALOG), None) is None,
                     "the dialog to close", 20)
        # Without a window manager nothing gives the main window back its
        # activation when the dialog closes: do what the desktop would.
        app.key("", window_name="Sonde")
        expect_focused(orca, checks, mark, frame, "Step 1 applied: 26 rows changed, 26 cells",
                      "Ctrl+Enter applies the step; the status line says what it did")
        expect(orca, checks, "Alt+S reaches the steps, each read with its number and effect",
               "Step 1 of 1: Fill missing values: Columns age; Method Median", "alt+s", app)
        mark = orca.mark()
        app.key("ctrl+z")
        expect_focused(orca, checks, mark, frame, "Undone: Added step 1",
                      "Ctrl+Z undoes, and says what it undid")
        mark = orca.mark()
        app.key("ctrl+shift+z")
        expect_focused(orca, checks, mark, frame, "Redone: Added step 1",
                      "Ctrl+Shift+Z redoes, and says what it redid")
    finally:
        if app is not None:
            app.close()
        orca.stop()
        keep_log(orca)

    return report(checks)


if __name__ == "__main__":
    sys.exit(main())

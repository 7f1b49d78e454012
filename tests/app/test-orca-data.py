#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""What Orca 43 says while a keyboard user reads a dataset in the Data pane:
every cursor move (column name, value, row of total), Ctrl+End, the column
summary, a sort from the column menu, Find, a filter with a mistyped value
(the error is read at once) and then a good one. Then the same grid in
French, where a move reads "age, 18, ligne 2 sur 600".

GtkColumnView on GTK 4.8 reads class names (BRIEF.md); the grid is ours and
speaks through its accessible label, which Orca reads when it changes."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from orca_speech import Orca, expect, keep_log, refocus, report  # noqa: E402
from sonde_atspi import SondeApp, find_all  # noqa: E402

checks = []






def run(orca, language):
    samples = os.environ["SONDE_SAMPLES_DIR"]
    env = {"LANGUAGE": language, "LANG": "fr_FR.UTF-8" if language == "fr" else "C.UTF-8",
           "LC_ALL": "fr_FR.UTF-8" if language == "fr" else "C.UTF-8"}
    app = SondeApp(args=[os.path.join(samples, "students.csv")], env=env)
    try:
        frame = app.frame_named("Sonde")
        app.wait_for(lambda: find_all(frame, None, None) and
                     any("600" in (o.description or "") for o in find_all(frame, None, None)),
                     "students to show in the grid", 30)
        refocus()
        if language == "fr":
            expect(orca, checks, "fr: focus on the grid reads the first cell in French",
                   "student_id, S0001, ligne 1 sur 600", "", app)
            expect(orca, checks, "fr: Down reads the row in French", "ligne 2 sur 600", "Down", app)
            expect(orca, checks, "fr: Ctrl+End reads the last cell in French",
                   "passed, oui, ligne 600 sur 600", "ctrl+End", app)
            return
        expect(orca, checks, "focus on the grid reads the first cell", "student_id, S0001, row 1 of 600",
               "", app)
        expect(orca, checks, "Right reads the next column with its value", "age, 18, row 1 of 600", "Right", app)
        expect(orca, checks, "Down reads the value below", "age, 23, row 2 of 600", "Down", app)
        expect(orca, checks, "Ctrl+End reads the last cell", "passed, yes, row 600 of 600", "ctrl+End", app)
        expect(orca, checks, "Ctrl+Home goes back to the first cell", "student_id, S0001, row 1 of 600",
               "ctrl+Home", app)
        expect(orca, checks, "Ctrl+I describes the column", "age", "Right ctrl+i", app)
        expect(orca, checks, "Menu opens the column menu on its first item", "Sort Ascending", "Menu", app)
        expect(orca, checks, "choosing Sort Descending is confirmed and the sort is said",
               "Sorted by age, largest first", "Down Return", app, timeout=20)
        expect(orca, checks, "Ctrl+F then Enter finds the city and reads the cell",
               "Found: city, Lyon", "ctrl+f L y o n Return", app, timeout=20)
        expect(orca, checks, "a filter value that is not a number is read at once",
               "is not a number", "Escape ctrl+Home Right ctrl+shift+f Tab Tab a b c Return", app)
        expect(orca, checks, "a good filter is applied and its result said",
               "Filter applied", "shift+Tab shift+Tab shift+Tab ctrl+a 2 0 Return", app, timeout=20)
    finally:
        app.close()


def main():
    orca = Orca()
    try:
        for language in os.environ.get("SONDE_ORCA_LANGUAGES", "en fr").split():
            try:
                run(orca, language)
            except Exception as e:  # a failed start is a failed check, not a crash
                checks.append(("%s: the application runs" % language, False, repr(e)[:600]))
    finally:
        orca.stop()
        keep_log(orca)

    return report(checks)


if __name__ == "__main__":
    sys.exit(main())

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
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from orca_speech import Orca  # noqa: E402
from sonde_atspi import SondeApp, find_all  # noqa: E402

checks = []


def expect(orca, description, needle, keys=None, app=None, timeout=10):
    mark = orca.mark()
    if keys is not None:
        # An empty string only gives the window the X focus again.
        app.key(keys)
    said = orca.wait_for_speech(mark, needle, timeout)
    checks.append((description, said is not None,
                   said if said is not None else " | ".join(orca.since(mark))))
    # Let Orca finish the utterance before the next key.
    time.sleep(0.3)


def refocus(app):
    """Orca ignores focus events sent before the app registered: move X
    focus away and back once (TESTING.md section 3)."""
    subprocess.run(["xdotool", "search", "--sync", "--onlyvisible", "--name", "^Sonde$"],
                   capture_output=True, timeout=10)
    root = subprocess.run(["xdotool", "search", "--maxdepth", "0", "--name", ""],
                          capture_output=True, text=True).stdout.split()
    if root:
        subprocess.run(["xdotool", "windowfocus", root[0]], capture_output=True)
    time.sleep(0.5)


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
        refocus(app)
        if language == "fr":
            expect(orca, "fr: focus on the grid reads the first cell in French",
                   "student_id, S0001, ligne 1 sur 600", "", app)
            expect(orca, "fr: Down reads the row in French", "ligne 2 sur 600", "Down", app)
            expect(orca, "fr: Ctrl+End reads the last cell in French",
                   "passed, oui, ligne 600 sur 600", "ctrl+End", app)
            return
        expect(orca, "focus on the grid reads the first cell", "student_id, S0001, row 1 of 600",
               "", app)
        expect(orca, "Right reads the next column with its value", "age, 18, row 1 of 600", "Right", app)
        expect(orca, "Down reads the value below", "age, 23, row 2 of 600", "Down", app)
        expect(orca, "Ctrl+End reads the last cell", "passed, yes, row 600 of 600", "ctrl+End", app)
        expect(orca, "Ctrl+Home goes back to the first cell", "student_id, S0001, row 1 of 600",
               "ctrl+Home", app)
        expect(orca, "Ctrl+I describes the column", "age", "Right ctrl+i", app)
        expect(orca, "Menu opens the column menu on its first item", "Sort Ascending", "Menu", app)
        expect(orca, "choosing Sort Descending is confirmed and the sort is said",
               "Sorted by age, largest first", "Down Return", app, timeout=20)
        expect(orca, "Ctrl+F then Enter finds the city and reads the cell",
               "Found: city, Lyon", "ctrl+f L y o n Return", app, timeout=20)
        expect(orca, "a filter value that is not a number is read at once",
               "is not a number", "Escape ctrl+Home Right ctrl+shift+f Tab Tab a b c Return", app)
        expect(orca, "a good filter is applied and its result said",
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

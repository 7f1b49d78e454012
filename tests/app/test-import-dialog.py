#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Imports fixtures through the real file chooser, by keyboard only, as a
keyboard or screen-reader user would: Ctrl+2 for the Import pane, Alt+C for
Choose File…, Ctrl+L and the path in GTK's own dialog, then the preview
with the detected settings, Ctrl+Enter to import, and the dataset in the
Data pane's grid. A broken file shows its error beside the settings, with
the focus on it, and nothing already open is lost."""
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sonde_atspi import SondeApp, find_all  # noqa: E402

checks = []


def check(description, ok, detail=""):
    checks.append((description, bool(ok), detail))


def type_text(text):
    subprocess.run(["xdotool", "type", "--delay", "20", text], check=True, timeout=30)


def focused(app):
    for obj in find_all(app.app, None, None):
        try:
            if obj.getState().contains(__import__("pyatspi").STATE_FOCUSED):
                return obj
        except Exception:
            continue
    return None


def choose_file(app, mnemonic, path):
    """The mnemonic of Choose File… (Alt+C) or Choose Another File…
    (Alt+H), then the path typed in GTK's location entry."""
    app.key(mnemonic)
    dialog = app.wait_for(lambda: next((f for f in app.frames() if f.name == "Choose a File to Import"), None),
                          "the file chooser", timeout=15)
    time.sleep(0.5)
    app.key("ctrl+l", window_name=dialog.name)
    time.sleep(0.3)
    type_text(path)
    time.sleep(0.3)
    app.key("Return", window_name=dialog.name)
    app.wait_for(lambda: not any(f.name == "Choose a File to Import" for f in app.frames()),
                 "the file chooser to close", timeout=15)


def main():
    fixtures = os.path.join(os.environ["SONDE_SOURCE_DIR"], "tests", "app", "fixtures")
    samples = os.environ["SONDE_SAMPLES_DIR"]
    app = SondeApp(args=[os.path.join(samples, "students.csv")])
    try:
        main_frame = app.frame_named("Sonde")
        app.wait_for(lambda: any("600 rows" in (o.description or "") for o in find_all(main_frame, "table")),
                     "students in the grid", 30)

        # 1. A French Latin-1 file with semicolons and decimal commas.
        app.key("ctrl+2")
        time.sleep(0.5)
        choose_file(app, "alt+c", os.path.join(fixtures, "french-latin1.csv"))
        preview = app.wait_for(lambda: find_all(main_frame, None, "Preview"), "the preview", timeout=20)
        check("the preview appears after choosing the file in the dialog", preview)
        def delimiter_names():
            return [c.name for c in find_all(main_frame, "combo box") if (c.name or "").startswith("Delimiter")]
        try:
            app.wait_for(lambda: any("Semicolon" in n for n in delimiter_names()), "the detected delimiter", 10)
        except AssertionError:
            pass
        check("the semicolon is detected, and the Delimiter control is named with it",
              any("Semicolon" in n for n in delimiter_names()),
              " | ".join(c.name or "" for c in find_all(main_frame, "combo box")))
        rows = [o.name for o in find_all(main_frame, "list item") if (o.name or "").startswith("Row 1:")]
        check("the first preview row reads every cell, accents and decimal comma included",
              rows and "Amélie" in rows[0] and "Besançon" in rows[0], " | ".join(rows)[:300])

        app.key("ctrl+Return")
        table = app.wait_for(lambda: [t for t in find_all(main_frame, "table")
                                      if "french-latin1, 4 rows" in (t.description or "")],
                             "the imported dataset in the grid", timeout=20)
        check("Ctrl+Enter imports it and the Data pane shows it", table)
        focus = focused(app)
        check("the grid has the focus and reads the first cell",
              focus is not None and (focus.name or "").startswith("nom, Amélie, row 1 of 4"),
              focus.name if focus is not None else "nothing focused")

        # 2. A broken file: the error is beside the settings and has the focus.
        app.key("ctrl+2")
        time.sleep(0.5)
        choose_file(app, "alt+h", os.path.join(fixtures, "ragged.csv"))
        app.wait_for(lambda: (focused(app) is not None and "cannot be read" in (focused(app).name or "")),
                     "the preview error to take the focus", timeout=20)
        focus = focused(app)
        check("a broken file's error takes the focus and names the file",
              focus is not None and "ragged.csv" in (focus.name or ""),
              focus.name if focus is not None else "nothing focused")
        app.key("ctrl+Return")
        time.sleep(2)
        app.key("ctrl+1")
        time.sleep(0.5)
        datasets = [o.name for o in find_all(main_frame, "list item")
                    if re.search(r", \d+ rows?, \d+ columns?$", o.name or "")]
        check("nothing already open is lost: students and french-latin1 stay, ragged is not added",
              len(datasets) == 2 and not any("ragged" in d for d in datasets), " | ".join(datasets))
    finally:
        app.close()

    print("1..%d" % len(checks))
    failed = 0
    for n, (what, ok, detail) in enumerate(checks, start=1):
        print("%s %d - %s" % ("ok" if ok else "not ok", n, what))
        if detail:
            print("# %s" % str(detail)[:600])
        failed += not ok
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

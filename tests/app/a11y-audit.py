#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The accessibility audit: the gate for every UI change.

Starts the real application under the test display with AT-SPI on, visits
every pane and every dialog reachable from the shell (empty state, each pane
with datasets open, the Query pane with a result, an error and a saved query,
the Quality pane with its findings and a column's figures,
the primary menu, Preferences, Keyboard Shortcuts, About, the Open, Open
Project and Save Project dialogs, the unsaved-changes question and the error
bar) and walks the accessible tree of each,
failing on any problem of TESTING.md section 2: a focusable or actionable
object with no name, a GType name or an icon name; an image without a name;
two sibling controls with the same name. Prints TAP, one test per screen.
"""
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sonde_atspi import SondeApp, audit, find_all  # noqa: E402

results = []


def check(description, root):
    problems = audit(root)
    results.append((description, problems))


def main():
    samples = os.environ["SONDE_SAMPLES_DIR"]
    app = SondeApp()
    try:
        main_frame = app.frame_named("Sonde")

        # 1. The empty state: nothing open yet.
        app.wait_for(lambda: find_all(main_frame, "push button", "Open a Dataset…"),
                     "the empty state's Open button")
        check("shell, empty state", main_frame)

        # 2. The primary menu (F10).
        app.key("F10")
        app.wait_for(lambda: find_all(main_frame, "menu item") or find_all(app.app, "menu item"),
                     "the primary menu")
        check("primary menu", app.app)
        app.key("Escape")

        # 3. Datasets open: every pane, in turn.
        for name in ("students.csv", "housing.csv", "reviews.csv"):
            app.activate("open-sample", _s(name), window_id=1)
        app.wait_for(lambda: len(find_all(main_frame, "list item", None)) > 5
                     and find_all(main_frame, None, "Columns of reviews"),
                     "three datasets to open", timeout=30)
        panes = [item.name for item in _pane_items(main_frame)]
        if not panes:
            results.append(("sidebar lists the panes", ["the sidebar has no pane"]))
        for index, pane in enumerate(panes, start=1):
            if index <= 9:
                app.key("ctrl+%d" % index)
            time.sleep(0.3)
            check("pane %s with datasets open" % pane, main_frame)

        # 3b. The Data pane's find bar, filter bar and column menu.
        app.key("ctrl+3")
        time.sleep(0.5)
        app.key("ctrl+f")
        app.wait_for(lambda: find_all(main_frame, None, "Value to find"), "the find bar")
        check("data pane, find bar open", main_frame)
        app.key("Escape")
        app.key("ctrl+shift+f")
        app.wait_for(lambda: find_all(main_frame, None, "Value to compare with"), "the filter bar")
        time.sleep(0.5)
        check("data pane, filter bar open", main_frame)
        app.key("Escape")
        app.key("Menu")
        app.wait_for(lambda: find_all(app.app, "menu item", "Sort Ascending"), "the column menu")
        check("data pane, column menu", app.app)
        app.key("Escape")

        # 3b'. The Statistics pane with a result: an ANOVA set up by keyboard.
        app.key("ctrl+4")
        time.sleep(0.5)
        # The first dataset (students), then the analysis and its columns.
        for keys in ("F6", "Return Home Return", "Tab", "Return Down Down Return", "Tab Tab Return",
                     "Tab Tab Return Down Down Return", "Tab Return", "ctrl+Return"):
            app.key(keys)
            # Drop-down popovers open slowly on a loaded machine.
            time.sleep(1.0)
        app.wait_for(lambda: find_all(main_frame, None, "Rows used: 574 of 600."), "the ANOVA result", 20)
        time.sleep(0.5)
        check("statistics pane with a result", main_frame)

        # 3b''. The Query pane with a result, then with an error.
        app.key("ctrl+5")
        time.sleep(0.5)
        app.key("ctrl+Return")
        app.wait_for(lambda: any((t.name or "").startswith("The query returned") for t in find_all(main_frame, "table")),
                     "the query's result", 20)
        check("query pane with a result", main_frame)
        app.key("alt+s ctrl+a")
        subprocess.run(["xdotool", "type", "--delay", "10", "--clearmodifiers", "SELECT nope FROM students"],
                       check=True, timeout=30)
        app.key("ctrl+Return")
        app.wait_for(lambda: find_all(main_frame, "label", None) and any("no such column" in (lbl.name or "")
                                                                        for lbl in find_all(main_frame, "label")),
                     "the query's error", 20)
        check("query pane with an error", main_frame)
        app.key("alt+q")
        dialog = app.wait_for(lambda: _new_frame(app, main_frame), "the Save Query dialog", 10)
        time.sleep(0.5)
        check("dialog Save Query", dialog)
        subprocess.run(["xdotool", "key", "--clearmodifiers", "Return"], check=True, timeout=10)
        app.wait_for(lambda: _new_frame(app, main_frame) is None, "the Save Query dialog to close")
        time.sleep(0.5)
        check("query pane with a saved query", main_frame)

        # 3b-quality. The Quality pane with its findings, then a column's figures.
        app.key("ctrl+6")
        app.wait_for(lambda: any((lbl.name or "").startswith("Quality score:") for lbl in find_all(main_frame, "label")),
                     "the quality check", 30)
        time.sleep(0.5)
        check("quality pane with findings", main_frame)
        # The first finding's Fix dialog: Alt+F, Tab (Show Rows), Tab (Fix), Enter.
        app.key("alt+f Tab Tab Return")
        dialog = app.wait_for(lambda: _new_frame(app, main_frame), "the Fix This Finding dialog", 10)
        time.sleep(0.5)
        check("dialog Fix This Finding", dialog)
        app.key("Escape", window_name=dialog.name)
        app.wait_for(lambda: _new_frame(app, main_frame) is None, "the Fix dialog to close")
        # Alt+L goes to the first column (student_id); Down to age; Enter.
        app.key("alt+l Down Return")
        app.wait_for(lambda: find_all(main_frame, None, "Column “age”"), "the column's figures", 10)
        time.sleep(0.5)
        check("quality pane with a column's figures", main_frame)

        # 3b-clean. The Clean pane, its step dialog with a preview, then a step.
        app.key("ctrl+7")
        app.wait_for(lambda: any("has no cleaning steps yet" in (lbl.name or "") for lbl in find_all(main_frame, "label")),
                     "the Clean pane", 10)
        time.sleep(0.5)
        check("clean pane with no steps", main_frame)
        app.key("alt+a")
        dialog = app.wait_for(lambda: _new_frame(app, main_frame), "the step dialog", 10)
        time.sleep(0.5)
        check("dialog Add a Cleaning Step", dialog)
        # Tab to the columns, Down to age, Space ticks it, Alt+P previews.
        app.key("Tab Down space alt+p", window_name=dialog.name)
        app.wait_for(lambda: any((lbl.name or "").startswith("Preview:") for lbl in find_all(dialog, "label")),
                     "the step's preview", 20)
        time.sleep(0.5)
        check("dialog Add a Cleaning Step with a preview", dialog)
        app.key("ctrl+Return", window_name=dialog.name)
        app.wait_for(lambda: _new_frame(app, main_frame) is None, "the step dialog to close", 20)
        app.wait_for(lambda: any((lbl.name or "").startswith("Step 1 applied") for lbl in find_all(main_frame, "label")),
                     "the step applied", 20)
        time.sleep(0.5)
        check("clean pane with a step", main_frame)

        # 3c. The Import pane with a file in its preview.
        fixture = os.path.join(os.environ["SONDE_SOURCE_DIR"], "tests", "app", "fixtures", "french-latin1.csv")
        app.activate("import-file", _s(fixture), window_id=1)
        app.wait_for(lambda: find_all(main_frame, None, "Preview"), "the import preview", timeout=20)
        time.sleep(0.5)
        check("import pane with a preview", main_frame)

        # 4. The error bar: open a file that is not there.
        app.activate("open-sample", _s("no-such-sample.csv"), window_id=1)
        app.wait_for(lambda: find_all(main_frame, "push button", "Dismiss"), "the error bar")
        check("error bar", main_frame)
        app.activate("dismiss-error", None, window_id=1)

        # 5. Dialogs reachable from the shell.
        for action, window, title, app_level in (
            ("preferences", None, "Preferences", True),
            ("show-help-overlay", 1, "Keyboard Shortcuts", False),
            ("about", None, "About", True),
            ("open", 1, "Open a Dataset", False),
            ("open-project", 1, "Open a Project", False),
            ("save-as", 1, "Save the Project", False),
            ("new-project", 1, "Unsaved Changes", False),
        ):
            app.activate(action, None, window_id=None if app_level else window)
            frame = app.wait_for(lambda: _new_frame(app, main_frame), "the %s window" % title, timeout=15)
            time.sleep(0.5)
            check("dialog %s" % title, frame)
            app.key("Escape", window_name=frame.name)
            app.wait_for(lambda: _new_frame(app, main_frame) is None, "the %s window to close" % title)
    finally:
        app.close()

    failed = 0
    print("1..%d" % len(results))
    for number, (description, problems) in enumerate(results, start=1):
        if problems:
            failed += 1
            print("not ok %d - %s" % (number, description))
            for problem in problems:
                print("# %s" % problem)
        else:
            print("ok %d - %s" % (number, description))
    return 1 if failed else 0


def _s(text):
    from gi.repository import GLib
    return GLib.Variant("s", text)


def _pane_items(frame):
    for lst in find_all(frame, "list", "Panes"):
        return find_all(lst, "list item")
    return []


def _new_frame(app, main_frame):
    for frame in app.frames():
        if frame.name != main_frame.name:
            return frame
    return None


if __name__ == "__main__":
    sys.exit(main())

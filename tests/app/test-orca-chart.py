#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""What Orca 43 says while a keyboard user explores a chart: a t-test in the
Statistics pane draws box plots of the two groups; Tab reaches the chart,
which Orca reads as its title, "image" and its summary; Right, End and Home
move from box to box and each move is spoken ("true: median 19, half of
the values between 18 and 21, 2 of 2"); T speaks the trends; H lists the
keys. On GTK 4.8 the chart speaks through its own accessible label, which
Orca reads when it changes (BRIEF.md)."""
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from orca_speech import Orca, expect, keep_log, report  # noqa: E402
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
        subprocess.run(["xdotool", "search", "--sync", "--onlyvisible", "--name", "^Sonde$"],
                       capture_output=True, timeout=10)
        root = subprocess.run(["xdotool", "search", "--maxdepth", "0", "--name", ""],
                              capture_output=True, text=True).stdout.split()
        if root:
            subprocess.run(["xdotool", "windowfocus", root[0]], capture_output=True)
        time.sleep(0.5)
        # A t-test of age by has_internship, set up by keyboard as in
        # test-orca-stats.py.
        for keys in ("ctrl+4", "F6 Tab", "Return Down Return", "Tab Tab Return",
                     "Tab Tab Return Down Down Down Return", "Tab Return"):
            app.key(keys)
            # Drop-down popovers open slowly on a loaded machine.
            time.sleep(1.0)
        expect(orca, checks, "the t-test runs and its sentence is spoken", "The mean of age", "ctrl+Return", app, 30)
        app.wait_for(lambda: find_all(frame, "image", None), "the figure", 20)
        # Tab through the result until the chart has the focus.
        reached = False
        for _ in range(25):
            mark = orca.mark()
            app.key("Tab")
            said = orca.wait_for_speech(mark, "image", 2)
            if said is not None:
                reached = "age by has_internship" in said or "box plot" in said
                checks.append(("Tab reaches the chart: its title, image and its summary",
                               reached, said))
                break
        else:
            checks.append(("Tab reaches the chart: its title, image and its summary", False,
                           "no image was focused after 25 Tabs"))
        if reached:
            expect(orca, checks, "Right speaks the first box with its median and position", "1 of 2", "Right", app)
            expect(orca, checks, "Right again speaks the second box", "2 of 2", "Right", app)
            expect(orca, checks, "Home goes back to the first box", "1 of 2", "Home", app)
            expect(orca, checks, "T speaks the trends (outliers here)", "outlier", "t", app)
            expect(orca, checks, "H lists the keys", "Tab", "h", app)
    finally:
        if app is not None:
            app.close()
        orca.stop()
        keep_log(orca)

    return report(checks)


if __name__ == "__main__":
    sys.exit(main())

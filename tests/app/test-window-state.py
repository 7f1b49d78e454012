#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The window remembers its size and its last pane in GSettings: resize the
window, quit with app.quit (Ctrl+Q), and read the keyfile GSettings backend;
start again and check the window comes back at that size."""
import configparser
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sonde_atspi import SondeApp  # noqa: E402

checks = []


def window_size():
    wid = subprocess.run(["xdotool", "search", "--sync", "--onlyvisible", "--name", "^Sonde$"],
                         capture_output=True, text=True, timeout=10).stdout.split()[-1]
    geometry = subprocess.run(["xdotool", "getwindowgeometry", "--shell", wid],
                              capture_output=True, text=True, timeout=10).stdout
    values = dict(line.split("=", 1) for line in geometry.split() if "=" in line)
    return wid, int(values["WIDTH"]), int(values["HEIGHT"])


def main():
    config = tempfile.mkdtemp(prefix="sonde-state-")
    env = {"GSETTINGS_BACKEND": "keyfile", "XDG_CONFIG_HOME": config}
    keyfile = os.path.join(config, "glib-2.0", "settings", "keyfile")

    app = SondeApp(env=env)
    try:
        app.frame_named("Sonde")
        wid, _, _ = window_size()
        subprocess.run(["xdotool", "windowsize", "--sync", wid, "900", "640"], timeout=10)
        time.sleep(0.5)
        app.activate("quit")
        app.proc.wait(timeout=10)
    finally:
        app.close()

    saved = configparser.ConfigParser()
    saved.read(keyfile)
    section = saved["io/github/sonde/Sonde"] if saved.has_section("io/github/sonde/Sonde") else {}
    checks.append(("the width is saved on quit", section.get("window-width") == "900", dict(section)))
    checks.append(("the height is saved on quit", section.get("window-height") == "640", dict(section)))
    checks.append(("the last pane is saved on quit", section.get("last-pane") == "'project'", dict(section)))

    app = SondeApp(env=env)
    try:
        app.frame_named("Sonde")
        time.sleep(0.5)
        _, width, height = window_size()
        checks.append(("the window reopens at the saved size", (width, height) == (900, 640), (width, height)))
    finally:
        app.close()

    print("1..%d" % len(checks))
    failed = 0
    for n, (what, ok, detail) in enumerate(checks, start=1):
        print("%s %d - %s" % ("ok" if ok else "not ok", n, what))
        if not ok:
            print("# got: %r" % (detail,))
        failed += not ok
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

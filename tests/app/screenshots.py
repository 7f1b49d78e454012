#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Screenshots of the window (the Data pane's grid, where an opened file
lands) in each appearance, for people to look at, and a
check that each appearance really took effect: dark is darker than light,
high contrast has more contrast than the normal style, and 200 % text fills
more of the window than 100 %. The PNGs are written to
<builddir>/screenshots/ (data-light.png, data-dark.png, ...)."""
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sonde_atspi import SondeApp, find_all  # noqa: E402

CONVERT = "/usr/bin/convert"
APPEARANCES = {
    "light": "style-variant='light'\n",
    "dark": "style-variant='dark'\n",
    "high-contrast": "style-variant='light'\nhigh-contrast=true\n",
    "high-contrast-dark": "style-variant='dark'\nhigh-contrast=true\n",
    "large-text": "style-variant='light'\ntext-scale=2.0\n",
}


def stat(path, fmt):
    return float(subprocess.run([CONVERT, path, "-colorspace", "gray", "-format", fmt, "info:"],
                                capture_output=True, text=True, check=True).stdout)


def shoot(name, settings, outdir, samples):
    config = os.path.join(outdir, "config-" + name)
    keyfile_dir = os.path.join(config, "glib-2.0", "settings")
    os.makedirs(keyfile_dir, exist_ok=True)
    with open(os.path.join(keyfile_dir, "keyfile"), "w", encoding="utf-8") as f:
        f.write("[io/github/sonde/Sonde]\nwindow-width=1024\nwindow-height=700\n" + settings)
    app = SondeApp(args=[os.path.join(samples, "students.csv")],
                   env={"GSETTINGS_BACKEND": "keyfile", "XDG_CONFIG_HOME": config})
    try:
        frame = app.frame_named("Sonde")
        app.wait_for(lambda: any("students, 600 rows" in (t.description or "") for t in find_all(frame, "table")),
                     "students in the grid", 30)
        time.sleep(1.0)
        wid = subprocess.run(["xdotool", "search", "--sync", "--onlyvisible", "--name", "^Sonde$"],
                             capture_output=True, text=True, timeout=10).stdout.split()[-1]
        path = os.path.join(outdir, "data-%s.png" % name)
        subprocess.run(["import", "-window", wid, path], check=True, timeout=30)
        return path
    finally:
        app.close()


def main():
    outdir = os.path.join(os.environ["SONDE_BUILD_DIR"], "screenshots")
    os.makedirs(outdir, exist_ok=True)
    samples = os.environ["SONDE_SAMPLES_DIR"]
    shots = {name: shoot(name, s, outdir, samples) for name, s in APPEARANCES.items()}
    mean = {n: stat(p, "%[fx:mean]") for n, p in shots.items()}
    sd = {n: stat(p, "%[fx:standard_deviation]") for n, p in shots.items()}
    # The share of dark (text) pixels on a light window grows with the text size.
    ink = {n: 1.0 - stat(p, "%[fx:mean]") for n, p in shots.items()}

    checks = [
        ("screenshots written to %s" % outdir, all(os.path.getsize(p) > 10000 for p in shots.values()), ""),
        ("dark is darker than light", mean["dark"] < mean["light"] - 0.3,
         "mean light %.3f dark %.3f" % (mean["light"], mean["dark"])),
        ("high contrast has more contrast than light", sd["high-contrast"] > sd["light"],
         "sd light %.4f high-contrast %.4f" % (sd["light"], sd["high-contrast"])),
        ("high contrast dark stays dark", mean["high-contrast-dark"] < mean["light"] - 0.3,
         "mean %.3f" % mean["high-contrast-dark"]),
        ("200 % text puts more ink in the window than 100 %", ink["large-text"] > ink["light"] * 1.2,
         "ink light %.4f large %.4f" % (ink["light"], ink["large-text"])),
    ]
    print("1..%d" % len(checks))
    failed = 0
    for n, (what, ok, detail) in enumerate(checks, start=1):
        print("%s %d - %s" % ("ok" if ok else "not ok", n, what))
        if detail:
            print("# " + detail)
        failed += not ok
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A gallery of every chart kind in every theme, drawn by sonde-cli into
<builddir>/chart-gallery/ for people to look at (KIND-THEME.png), and a TAP
check of each: a PNG of the asked size (doubled at scale 2), and each dark
theme darker than its light counterpart; high contrast has more contrast
than the normal light theme."""
import os
import struct
import subprocess
import sys

THEMES = ["light", "dark", "high-contrast", "high-contrast-dark"]


def kinds(samples, fixtures):
    students = os.path.join(samples, "students.csv")
    housing = os.path.join(samples, "housing.csv")
    return [
        ("histogram", students, ["--x", "previous_grade"]),
        ("bar", students, ["--x", "programme", "--by", "passed", "--stacked"]),
        ("box", students, ["--y", "previous_grade", "--by", "programme"]),
        ("scatter", housing, ["--x", "surface_m2", "--y", "price_eur", "--by", "energy_class", "--trend"]),
        ("line", os.path.join(fixtures, "learning.csv"), ["--x", "size", "--y", "score", "--by", "set"]),
        ("heatmap", housing, ["--columns", "surface_m2,rooms,year_built,distance_to_centre_km,price_eur"]),
        ("confusion", students, ["--truth", "passed", "--predicted", "has_internship"]),
        ("roc", students, ["--truth", "passed", "--score", "previous_grade"]),
        ("pr", students, ["--truth", "passed", "--score", "previous_grade"]),
        ("learning", os.path.join(fixtures, "learning.csv"), ["--x", "size", "--y", "score", "--by", "set"]),
    ]


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return struct.unpack(">II", head[16:24])


def stat(path, fmt):
    return float(subprocess.run(["convert", path, "-colorspace", "gray", "-format", fmt, "info:"],
                                capture_output=True, text=True, check=True).stdout)


def main():
    build = os.environ["SONDE_BUILD_DIR"]
    cli = os.path.join(build, "src", "cli", "sonde-cli")
    out = os.path.join(build, "chart-gallery")
    os.makedirs(out, exist_ok=True)
    fixtures = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")
    results = []
    for kind, data, args in kinds(os.environ["SONDE_SAMPLES_DIR"], fixtures):
        paths = {}
        for theme in THEMES:
            path = os.path.join(out, "%s-%s.png" % (kind, theme))
            run = subprocess.run([cli, "chart", data, "--kind", kind, *args, "--theme", theme,
                                  "--width", "640", "--height", "400", "--scale", "2", "--out", path],
                                 capture_output=True, text=True)
            size = png_size(path) if run.returncode == 0 and os.path.exists(path) else None
            results.append(("%s, %s: a 1280×800 PNG" % (kind, theme), size == (1280, 800),
                            run.stderr.strip() or str(size)))
            paths[theme] = path if size else None
        if all(paths.values()):
            light, dark = stat(paths["light"], "%[fx:mean]"), stat(paths["dark"], "%[fx:mean]")
            hc, hcd = stat(paths["high-contrast"], "%[fx:mean]"), stat(paths["high-contrast-dark"], "%[fx:mean]")
            results.append(("%s: the dark themes are darker than the light ones" % kind,
                            dark < light - 0.3 and hcd < hc - 0.3,
                            "light %.2f dark %.2f hc %.2f hc-dark %.2f" % (light, dark, hc, hcd)))
    print("1..%d" % len(results))
    failed = 0
    for n, (what, ok, detail) in enumerate(results, start=1):
        print("%s %d - %s" % ("ok" if ok else "not ok", n, what))
        if not ok:
            print("# " + detail[:400])
        failed += not ok
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

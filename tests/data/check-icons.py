#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""TAP test: the application icons are well-formed SVG of the right size, and
the symbolic icon uses only filled #2e3436 shapes (GTK recolours fills of
symbolic icons, not strokes).

usage: check-icons.py ICONS_DIR APPLICATION_ID
"""

import os
import re
import sys
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    icons, app_id = argv[1], argv[2]
    cases = [
        (os.path.join(icons, "hicolor", "scalable", "apps", app_id + ".svg"),
         "0 0 128 128", False),
        (os.path.join(icons, "hicolor", "symbolic", "apps",
                      app_id + "-symbolic.svg"), "0 0 16 16", True),
    ]
    results = []
    for path, viewbox, symbolic in cases:
        name = os.path.basename(path)
        try:
            root = ET.parse(path).getroot()
        except (OSError, ET.ParseError) as e:
            results.append((False, "%s parses as XML" % name, str(e)))
            continue
        results.append((root.tag == SVG + "svg", "%s is SVG" % name, root.tag))
        results.append((root.get("viewBox") == viewbox,
                        "%s has viewBox %s" % (name, viewbox),
                        repr(root.get("viewBox"))))
        shapes = [e for e in root.iter()
                  if e.tag in (SVG + "path", SVG + "rect", SVG + "circle")]
        results.append((len(shapes) > 0, "%s draws something" % name, ""))
        if symbolic:
            text = open(path, encoding="utf-8").read()
            colours = set(c.lower() for c in re.findall(r"#[0-9a-fA-F]{3,6}\b", text))
            results.append((colours == {"#2e3436"},
                            "%s uses only #2e3436" % name, repr(sorted(colours))))
            results.append(("stroke" not in text,
                            "%s has no strokes" % name, ""))
    print("1..%d" % len(results))
    for i, (ok, title, diag) in enumerate(results, 1):
        print("%s %d - %s" % ("ok" if ok else "not ok", i, title))
        if not ok and diag:
            print("# " + diag)
    return 0 if all(r[0] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))

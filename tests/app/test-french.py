#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Starts Sonde in French (LANGUAGE=fr) and reads French labels back through
AT-SPI, as Orca would speak them: the pane list, the header bar's Open button,
the empty state, and a dataset's column description with a French number."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sonde_atspi import SondeApp, find_all  # noqa: E402

checks = []


def expect(description, condition, detail=""):
    checks.append((description, bool(condition), detail))


def main():
    env = {"LANGUAGE": "fr", "LANG": "fr_FR.UTF-8", "LC_ALL": "fr_FR.UTF-8"}
    samples = os.environ["SONDE_SAMPLES_DIR"]
    app = SondeApp(args=[os.path.join(samples, "students.csv")], env=env)
    try:
        frame = app.frame_named("Sonde")
        rows = app.wait_for(lambda: [o for o in find_all(frame, "list item")
                                     if o.name.startswith("students, ")],
                            "the dataset row in French", timeout=30)
        names = [o.name for o in find_all(frame, None)]
        panes = find_all(frame, "list", "Volets")
        expect("the pane list is named in French (Volets)", panes, repr(names[:20]))
        if panes:
            items = [o.name for o in find_all(panes[0], "list item")]
            expect("the Project pane is called Projet", "Projet" in items, repr(items))
        expect("the header bar's Open button says Ouvrir",
               find_all(frame, "push button", "Ouvrir"), repr(names[:30]))
        expect("the dataset row counts in French (lignes, colonnes)",
               "lignes" in rows[0].name and "colonnes" in rows[0].name, rows[0].name)
        columns = [o.name for o in find_all(frame, "list item") if o.name.startswith("age")]
        expect("a column description is in French (par exemple)",
               columns and "par exemple" in columns[0], repr(columns))
        expect("no English label is left on the open button",
               not find_all(frame, "push button", "Open"))
    finally:
        app.close()

    print("1..%d" % len(checks))
    failed = 0
    for number, (description, ok, detail) in enumerate(checks, start=1):
        print("%s %d - %s" % ("ok" if ok else "not ok", number, description))
        if not ok:
            failed += 1
            print("# got: %s" % detail)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Translation checks, in TAP:
1. po/POTFILES.in lists every source, template and data file that has a
   translatable string (and nothing that has none);
2. every language in po/LINGUAS translates every string of the sources: the
   catalogue is merged with a template freshly extracted by xgettext, and
   msgfmt must report no untranslated and no fuzzy message;
3. every catalogue compiles with msgfmt --check (format strings agree)."""
import os
import re
import subprocess
import sys
import tempfile

src = os.environ["SONDE_SOURCE_DIR"]
MARKERS = re.compile(r'(\b_\(\s*"|\bN_\(\s*"|\bC_\(|\bNC_\(|g_dngettext\s*\(|translatable="yes"|<_?(?:summary|description)>|^(?:_?Name|_?GenericName|_?Comment|_?Keywords)=)', re.M)
results = []


def listed():
    out = []
    with open(os.path.join(src, "po", "POTFILES.in"), encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                out.append(line)
    return out


def with_strings():
    out = []
    for top in ("src", "ui", "data"):
        for root, _, files in os.walk(os.path.join(src, top)):
            if "samples" in root.split(os.sep):
                continue
            for name in files:
                if not name.endswith((".c", ".ui", ".in", ".gschema.xml")):
                    continue
                path = os.path.join(root, name)
                with open(path, encoding="utf-8", errors="replace") as f:
                    text = f.read()
                if name.endswith(".c"):
                    found = re.search(r'\b(?:_|N_|C_|NC_)\(\s*"|g_dngettext\s*\(', text)
                elif name.endswith(".ui"):
                    found = 'translatable="yes"' in text
                elif name.endswith(".gschema.xml"):
                    found = "<summary>" in text
                else:
                    found = MARKERS.search(text)
                if found:
                    out.append(os.path.relpath(path, src))
    return sorted(out)


def main():
    have = set(listed())
    need = set(with_strings())
    missing = sorted(need - have)
    extra = sorted(p for p in have - need if not os.path.exists(os.path.join(src, p)))
    results.append(("POTFILES.in lists every file with a translatable string",
                    ["not listed: " + p for p in missing] + ["listed but gone: " + p for p in extra]))

    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, "sonde.pot")
        subprocess.run(["xgettext", "--files-from=" + os.path.join(src, "po", "POTFILES.in"),
                        "--directory=" + src, "--from-code=UTF-8", "--add-comments",
                        "-k_", "-kN_", "-kC_:1c,2", "-kNC_:1c,2", "-kg_dngettext:2,3",
                        "-o", pot], check=True, capture_output=True)
        with open(os.path.join(src, "po", "LINGUAS"), encoding="utf-8") as f:
            languages = [w for line in f for w in line.split() if not line.startswith("#")]
        for lang in languages:
            po = os.path.join(src, "po", lang + ".po")
            merged = os.path.join(tmp, lang + ".po")
            subprocess.run(["msgmerge", "--quiet", "--no-fuzzy-matching", po, pot, "-o", merged],
                           check=True, capture_output=True)
            stats = subprocess.run(["msgfmt", "--statistics", "-o", os.devnull, merged],
                                   capture_output=True, text=True, env=dict(os.environ, LC_ALL="C"))
            problems = []
            if "untranslated" in stats.stderr or "fuzzy" in stats.stderr:
                problems.append(stats.stderr.strip())
                untranslated = subprocess.run(["msgattrib", "--untranslated", "--no-obsolete", merged],
                                              capture_output=True, text=True).stdout
                ids = re.findall(r'^msgid "(.+)"$', untranslated, re.M)
                problems += ["untranslated: " + i for i in ids[:40]]
            results.append(("%s translates every string" % lang, problems))
            check = subprocess.run(["msgfmt", "--check", "-o", os.devnull, po],
                                   capture_output=True, text=True)
            results.append(("%s.po passes msgfmt --check" % lang,
                            [check.stderr.strip()] if check.returncode != 0 else []))

    print("1..%d" % len(results))
    failed = 0
    for n, (what, problems) in enumerate(results, start=1):
        print("%s %d - %s" % ("not ok" if problems else "ok", n, what))
        for p in problems:
            print("# " + p)
        failed += bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

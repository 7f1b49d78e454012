# SPDX-License-Identifier: GPL-3.0-or-later
"""Run Orca 43 headless and read what it says, as TESTING.md section 3 measured:
speech goes nowhere (speechServerFactory "none" and no fallback factories,
so Orca does not hang in speech-dispatcher without audio), every utterance is still logged as a
`SPEECH OUTPUT: '...'` line, the debug file is opened line-buffered by a small
launcher so nothing is lost, and Orca is stopped with SIGINT. Never run two
Orca tests at once: the suite marks them is_parallel: false."""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

LAUNCHER = r'''
import sys
from orca import debug
debug.debugFile = open(sys.argv[1], "w", buffering=1)
debug.debugLevel = debug.LEVEL_INFO
from orca import settings
# "none" is no module: Orca then tries every factory of this list, and
# speech-dispatcher hangs without audio. An empty list leaves Orca with no
# speech server, and it still logs every utterance.
settings.speechFactoryModules = []
from orca import orca
manager = orca.getSettingsManager()
manager.activate(sys.argv[2], {"speechServerFactory": "none"})
sys.path.insert(0, manager.getPrefsDir())
sys.exit(orca.main())
'''


class Orca:
    def __init__(self, timeout=40):
        self.tmp = tempfile.mkdtemp(prefix="sonde-orca-")
        data = os.path.join(self.tmp, "data")
        prefs = os.path.join(data, "orca")
        os.makedirs(prefs)
        general = {"speechServerFactory": "none", "enableSpeech": True,
                   "enableTutorialMessages": False, "verbalizePunctuationStyle": 1}
        with open(os.path.join(prefs, "user-settings.conf"), "w", encoding="utf-8") as f:
            json.dump({"general": general, "keybindings": {}, "pronunciations": {},
                       "profiles": {"default": dict(general, profile=["Default", "default"])}}, f)
        self.log_path = os.path.join(self.tmp, "orca-debug.txt")
        env = dict(os.environ, XDG_DATA_HOME=data, HOME=self.tmp,
                   XDG_CONFIG_HOME=os.path.join(self.tmp, "config"))
        self.out = open(os.path.join(self.tmp, "orca-stdout.txt"), "w")
        self.proc = subprocess.Popen(["/usr/bin/python3", "-c", LAUNCHER, self.log_path, prefs],
                                     env=env, stdout=self.out, stderr=subprocess.STDOUT)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if "Screen reader on" in self.text() or "SPEECH OUTPUT: 'Screen reader on.'" in self.text():
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.2)
        log = self.text()[-3000:]
        self.stop()
        raise RuntimeError("Orca did not start; end of its log:\n" + log)

    def text(self):
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as f:
                return f.read()
        except FileNotFoundError:
            return ""

    def speech(self):
        """Every utterance so far, in order."""
        # Orca 43 writes: SPEECH OUTPUT: 'text'{'established': False}
        return re.findall(r"SPEECH OUTPUT: '(.*?)'(?:\{[^}]*\})?\s*$", self.text(), re.M)

    def mark(self):
        return len(self.speech())

    def since(self, mark):
        return self.speech()[mark:]

    def wait_for_speech(self, mark, needle, timeout=10):
        deadline = time.time() + timeout
        while time.time() < deadline:
            said = " | ".join(self.since(mark))
            if needle.lower() in said.lower():
                return said
            time.sleep(0.2)
        return None

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.out.close()


# Helpers the Orca tests share: each check is (description, ok, what Orca said).

def expect(orca, checks, description, needle, keys=None, app=None, timeout=10, window_name="Sonde"):
    """Presses @keys in @window_name (an empty string only gives the
    window the X focus again; None presses nothing) and checks that Orca
    says @needle within @timeout seconds."""
    mark = orca.mark()
    if keys is not None:
        app.key(keys, window_name=window_name)
    said = orca.wait_for_speech(mark, needle, timeout)
    checks.append((description, said is not None,
                   said if said is not None else " | ".join(orca.since(mark))))
    # Let Orca finish the utterance before the next key.
    time.sleep(0.3)
    return said is not None


def expect_focused(orca, checks, mark, frame, needle, description, timeout=20):
    """Checks that Orca says @needle (since @mark) in a line that takes the
    focus. When a window comes back from a dialog without a window manager,
    Orca sometimes announces only the frame: the focused label then
    decides, since Orca reads it as soon as anything moves."""
    import pyatspi
    from sonde_atspi import find_all

    said = orca.wait_for_speech(mark, needle, timeout)
    if said is None:
        focused = [lbl for lbl in find_all(frame, "label")
                   if needle in (lbl.name or "") and lbl.getState().contains(pyatspi.STATE_FOCUSED)]
        said = ("focused, not re-announced: " + focused[0].name) if focused else None
    checks.append((description, said is not None, said if said is not None else " | ".join(orca.since(mark))))
    time.sleep(0.3)
    return said is not None


def refocus():
    """Orca ignores focus events sent before the app registered: move X
    focus away and back once (TESTING.md section 3)."""
    subprocess.run(["xdotool", "search", "--sync", "--onlyvisible", "--name", "^Sonde$"],
                   capture_output=True, timeout=10)
    root = subprocess.run(["xdotool", "search", "--maxdepth", "0", "--name", ""],
                          capture_output=True, text=True).stdout.split()
    if root:
        subprocess.run(["xdotool", "windowfocus", root[0]], capture_output=True)
    time.sleep(0.5)


def keep_log(orca):
    """Copies Orca's debug log where SONDE_KEEP_ORCA_LOG says, if it does."""
    if os.environ.get("SONDE_KEEP_ORCA_LOG"):
        shutil.copy(orca.log_path, os.environ["SONDE_KEEP_ORCA_LOG"])


def report(checks):
    """Prints the checks as TAP with what Orca said; returns the exit status."""
    print("1..%d" % len(checks))
    failed = 0
    for n, (what, ok, said) in enumerate(checks, start=1):
        print("%s %d - %s" % ("ok" if ok else "not ok", n, what))
        print("# Orca said: %s" % said[:600])
        failed += not ok
    return 1 if failed else 0

# SPDX-License-Identifier: GPL-3.0-or-later
"""Drive the real Sonde application through AT-SPI, as a screen reader does.

Used by the accessibility audit and the translation test. Expects a display
and a session bus (tests/with-xvfb inside dbus-run-session gives both), and the
environment meson sets for tests (GSETTINGS_SCHEMA_DIR, SONDE_LOCALEDIR, ...).
Every process it starts is ended by its PID.
"""
import os
import shutil
import signal
import subprocess
import tempfile
import time

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Gio, GLib  # noqa: E402
import pyatspi  # noqa: E402

APP_ID = "io.github.sonde.Sonde"
APP_PATH = "/io/github/sonde/Sonde"

# Roles a user can focus or act on: each needs a real name.
CONTROL_ROLES = {
    "push button", "toggle button", "check box", "radio button", "combo box",
    "menu item", "check menu item", "radio menu item", "text", "entry",
    "password text", "spin button", "link", "page tab", "table cell",
    "list item", "tree item", "switch", "slider", "menu button",
}
IMAGE_ROLES = {"image", "icon", "chart", "canvas"}


class SondeApp:
    """A running `sonde` process and its AT-SPI application object."""

    def __init__(self, args=(), env=None, timeout=30):
        self.tmp = tempfile.mkdtemp(prefix="sonde-atspi-")
        runtime = os.path.join(self.tmp, "runtime")
        os.mkdir(runtime, 0o700)
        full_env = dict(os.environ)
        full_env.update({
            "HOME": self.tmp,
            "XDG_CONFIG_HOME": os.path.join(self.tmp, "config"),
            "XDG_CACHE_HOME": os.path.join(self.tmp, "cache"),
            "XDG_DATA_HOME": os.path.join(self.tmp, "data"),
            "GTK_A11Y": "atspi",
            "GSETTINGS_BACKEND": "memory",
            "GTK_USE_PORTAL": "0",
            "ADW_DISABLE_PORTAL": "1",
            "NO_AT_BRIDGE": "0",
        })
        source = os.environ.get("SONDE_SOURCE_DIR", "")
        if source:
            full_env["XDG_DATA_DIRS"] = source + ":" + os.environ.get("XDG_DATA_DIRS", "/usr/local/share:/usr/share")
        if env:
            full_env.update(env)
        binary = os.path.join(os.environ["SONDE_BUILD_DIR"], "src", "app", "sonde")
        self.log_path = os.path.join(self.tmp, "sonde.log")
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen([binary, *args], env=full_env,
                                     stdout=self.log, stderr=subprocess.STDOUT)
        self.app = None
        deadline = time.time() + timeout
        while time.time() < deadline:
            self.app = self._find_app()
            if self.app is not None and self.frames():
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.2)
        log = self.read_log()
        self.close()
        raise RuntimeError("Sonde did not show a window; its log:\n" + log)

    def _find_app(self):
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            child = desktop.getChildAtIndex(i)
            try:
                if child is not None and child.name == "sonde" and child.get_process_id() == self.proc.pid:
                    return child
            except GLib.Error:
                continue
        return None

    def read_log(self):
        self.log.flush()
        with open(self.log_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def frames(self):
        out = []
        try:
            for i in range(self.app.childCount):
                child = self.app.getChildAtIndex(i)
                # Every top-level: GTK 4.8 exposes its file chooser as a "filler".
                if child is not None:
                    out.append(child)
        except GLib.Error:
            pass
        return out

    def frame_named(self, name, timeout=10):
        deadline = time.time() + timeout
        while time.time() < deadline:
            for frame in self.frames():
                if frame.name == name:
                    return frame
            time.sleep(0.1)
        raise AssertionError("no window named %r; windows: %r" % (name, [f.name for f in self.frames()]))

    def wait_for(self, predicate, what, timeout=10):
        deadline = time.time() + timeout
        while time.time() < deadline:
            found = predicate()
            if found:
                return found
            time.sleep(0.1)
        raise AssertionError("timed out waiting for " + what)

    def activate(self, action, parameter=None, window_id=None):
        """Activates an application action (app.X) or, with window_id, a window one (win.X)."""
        bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
        path = APP_PATH if window_id is None else "%s/window/%d" % (APP_PATH, window_id)
        group = Gio.DBusActionGroup.get(bus, APP_ID, path)
        params = GLib.Variant("av", [parameter] if parameter is not None else [])
        bus.call_sync(APP_ID, path, "org.gtk.Actions", "Activate",
                      GLib.Variant.new_tuple(GLib.Variant("s", action), params,
                                             GLib.Variant("a{sv}", {})),
                      None, Gio.DBusCallFlags.NONE, 5000, None)
        del group

    def key(self, keys, window_name="Sonde"):
        wid = subprocess.run(["xdotool", "search", "--sync", "--onlyvisible", "--name",
                              "^%s$" % window_name], capture_output=True, text=True,
                             timeout=10).stdout.split()
        if not wid:
            raise AssertionError("no X window named %r" % window_name)
        subprocess.run(["xdotool", "windowfocus", "--sync", wid[-1]], check=True, timeout=10)
        for k in keys.split():
            subprocess.run(["xdotool", "key", "--clearmodifiers", k], check=True, timeout=10)
            time.sleep(0.15)

    def close(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        shutil.rmtree(self.tmp, ignore_errors=True)


def walk(obj, depth=0, max_depth=60):
    """Yields (object, depth) for obj and every descendant."""
    if obj is None or depth > max_depth:
        return
    yield obj, depth
    try:
        n = obj.childCount
    except GLib.Error:
        return
    for i in range(n):
        try:
            child = obj.getChildAtIndex(i)
        except GLib.Error:
            continue
        yield from walk(child, depth + 1, max_depth)


def is_showing(obj):
    """GTK 4.8 never sets SHOWING below the frame and keeps the pages a
    GtkStack hides VISIBLE, so VISIBLE is the best it tells: what is checked
    is everything a user could reach, the hidden stack pages included."""
    try:
        return obj.getState().contains(pyatspi.STATE_VISIBLE)
    except GLib.Error:
        return False


def find_all(root, role=None, name=None, showing=True):
    out = []
    for obj, _ in walk(root):
        try:
            if role is not None and obj.getRoleName() != role:
                continue
            if name is not None and obj.name != name:
                continue
        except GLib.Error:
            continue
        if showing and not is_showing(obj):
            continue
        out.append(obj)
    return out


def bad_name(name):
    """Why a control's name is unusable, or None when it is fine."""
    if name is None or name.strip() == "":
        return "has no name"
    if name.startswith(("Gtk", "Adw")) and " " not in name:
        return "is named after its type (%s)" % name
    if name.endswith("-symbolic"):
        return "is named after its icon (%s)" % name
    return None


def audit(root):
    """Returns a list of problems (strings) in the showing part of root's tree."""
    problems = []

    def path_of(obj):
        parts = []
        node = obj
        for _ in range(6):
            try:
                parts.append("%s %r" % (node.getRoleName(), node.name))
                node = node.parent
            except GLib.Error:
                break
            if node is None:
                break
        return " < ".join(parts)

    for obj, _ in walk(root):
        if not is_showing(obj):
            continue
        try:
            role = obj.getRoleName()
            name = obj.name
        except GLib.Error:
            continue
        if role in CONTROL_ROLES or role in ("frame", "dialog", "window", "alert"):
            why = bad_name(name)
            if why:
                problems.append("%s %s: %s" % (role, why, path_of(obj)))
        elif role in IMAGE_ROLES:
            if name is None or name.strip() == "":
                problems.append("%s has no name: %s" % (role, path_of(obj)))
        # The same name on two sibling controls.
        try:
            seen = {}
            for i in range(obj.childCount):
                child = obj.getChildAtIndex(i)
                if child is None or not is_showing(child):
                    continue
                if child.getRoleName() not in CONTROL_ROLES or not child.name:
                    continue
                key = child.name
                if key in seen:
                    problems.append("two sibling controls are both named %r: %s" % (key, path_of(child)))
                seen[key] = True
        except GLib.Error:
            pass
    return problems

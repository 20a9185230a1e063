"""HTML → PDF with headless Chromium (the browser engine renders CJK with the system fonts).

Chosen over LaTeX: one Debian package instead of ~750 MB of TeX, the PDF looks like the HTML
report, and Chinese renders without a custom xeCJK template. One browser is kept open for all
PDFs of a build and driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`),
which saves a browser start per report.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from collections import deque
from pathlib import Path

from ..exceptions import PovlibError, ToolMissingError
from ..base.procs import die_with_parent

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-extensions", "--no-pdf-header-footer", "--disable-dev-shm-usage"]


def find_chromium() -> str:
    """Return the path of a Chromium executable ($POVLIB_CHROMIUM first); raise ToolMissingError."""
    explicit = os.environ.get("POVLIB_CHROMIUM")
    if explicit:
        if shutil.which(explicit):
            return shutil.which(explicit)
        raise ToolMissingError(f"POVLIB_CHROMIUM={explicit!r} is not an executable: fix the path or unset it")
    for name in CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    raise ToolMissingError("Chromium is not installed, so PDFs cannot be printed: run `bash scripts/setup.sh` "
                           "as root, or `sudo apt-get install chromium`; or build HTML only with --format html")


#: the fonts the report CSS (templates/povlib_report) puts first, which Chromium embeds in every PDF,
#: and the Debian package of each: without WenQuanYi Zen Hei the Chinese text becomes unnamed Type 3
#: glyphs (Noto Sans CJK is CFF-flavoured), without DejaVu Sans the Latin text changes face
PDF_FONTS = {"DejaVu Sans": "fonts-dejavu-core", "WenQuanYi Zen Hei": "fonts-wqy-zenhei"}
#: the fontconfig command that says which installed font a family name resolves to
FC_MATCH = "fc-match"


def fc_match(family: str) -> str:
    """Return the family names (comma-separated) of the installed font fontconfig picks for
    `family`; raise ToolMissingError when fontconfig's `fc-match` is not installed."""
    command = shutil.which(FC_MATCH)
    if command is None:
        packages = " ".join(["fontconfig", *PDF_FONTS.values()])
        raise ToolMissingError(f"{FC_MATCH} is not installed, so the fonts the PDFs embed cannot be checked: run "
                               f"`sudo apt-get install {packages}` (or bash scripts/setup.sh as root); or build "
                               "HTML only with --format html")
    proc = subprocess.run([command, "-f", "%{family}", family], capture_output=True, text=True, timeout=60)
    return proc.stdout.strip() if proc.returncode == 0 else ""


def missing_fonts(match=fc_match, fonts: dict[str, str] = PDF_FONTS) -> list[str]:
    """Return the families of `fonts` that are not installed: those `match` (a function from a
    family name to the comma-separated family names fontconfig picks for it) resolves to another font."""
    missing = []
    for family in fonts:
        picked = {name.strip().casefold() for name in match(family).split(",")}
        if family.casefold() not in picked:
            missing.append(family)
    return missing


def check_fonts(match=fc_match) -> None:
    """Return None when every font the PDFs embed is installed; else raise ToolMissingError with
    one line naming the missing fonts and the command that installs them."""
    missing = missing_fonts(match)
    if missing:
        packages = " ".join(dict.fromkeys(PDF_FONTS[f] for f in missing))
        raise ToolMissingError(f"font(s) {', '.join(map(repr, missing))} not installed, so the PDFs would lose "
                               f"their fonts (Chinese as unnamed Type 3 glyphs): run `sudo apt-get install "
                               f"{packages}` (or bash scripts/setup.sh as root); or build HTML only with --format html")


class BrowserError(PovlibError):
    """Chromium died or stopped answering; the browser must be restarted."""


class Browser:
    """A headless Chromium driven over the DevTools protocol on fds 3/4; use as a context manager.

    Its profile and its own temporary files (TMPDIR) live in `tmp` (a folder the caller owns and
    cleans, kept short: Chromium puts a Unix socket there, whose path may not exceed 107 bytes) or
    in a temporary folder removed on close. It dies with the process that started it. Starting
    checks that the browser answers, so a broken executable fails here with one clear error.
    """

    def __init__(self, timeout: float = 120, tmp: Path | None = None):
        self.timeout = timeout
        self.executable = find_chromium()
        check_fonts()  # a Dask worker prints with its own fonts: check them where the PDF is made
        if tmp is None:
            self.profile = tempfile.TemporaryDirectory(prefix="povlib-chromium-")
            profile_dir = self.profile.name
        else:
            self.profile = None
            Path(tmp).mkdir(parents=True, exist_ok=True)
            profile_dir = str(tempfile.mkdtemp(prefix="chromium-", dir=tmp))
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()

        def wire_fds():  # Chromium reads commands on fd 3 and writes replies on fd 4
            # copy first: a pipe end may already be fd 3 or 4, and dup2 onto itself keeps CLOEXEC
            read_end, write_end = os.dup(to_child_r), os.dup(from_child_w)
            os.dup2(read_end, 3)
            os.dup2(write_end, 4)
            die_with_parent()

        try:
            self.proc = subprocess.Popen(
                # without --no-startup-window the renderer of a CDP-created page dies at once
                [self.executable, *FLAGS, "--remote-debugging-pipe", "--no-startup-window",
                 f"--user-data-dir={profile_dir}"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL, preexec_fn=wire_fds, pass_fds=(3, 4), start_new_session=True,
                env={**os.environ, "TMPDIR": str(Path(profile_dir).parent)})
        except OSError as exc:
            raise ToolMissingError(f"Chromium at {self.executable} cannot be started ({exc.strerror}): "
                                   "reinstall it (bash scripts/setup.sh) or fix POVLIB_CHROMIUM") from None
        finally:
            os.close(to_child_r)
            os.close(from_child_w)
        self._next_id, self._buffer, self._events = 0, b"", deque()
        self._tab: tuple[str, str] | None = None  # (target id, session id) of the printing tab
        try:
            self.call("Browser.getVersion", timeout=30)
        except BrowserError as exc:
            self.close()
            raise ToolMissingError(f"Chromium at {self.executable} does not work ({exc}): reinstall it "
                                   "(bash scripts/setup.sh), fix POVLIB_CHROMIUM, or build HTML only with "
                                   "--format html") from None

    def __enter__(self) -> "Browser":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _send(self, method: str, params: dict | None, session: str | None) -> int:
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        try:
            os.write(self._to_child, json.dumps(message).encode() + b"\0")
        except OSError as exc:  # BrokenPipeError: the browser is gone
            raise BrowserError(f"Chromium exited ({exc.strerror})") from None
        return self._next_id

    def _receive(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            remaining = deadline - time.monotonic()
            ready, _, _ = select.select([self._from_child], [], [], max(0.0, remaining))
            if not ready:
                raise BrowserError(f"Chromium did not answer within {self.timeout:g} s")
            try:
                chunk = os.read(self._from_child, 1 << 20)
            except OSError:
                chunk = b""
            if not chunk:
                raise BrowserError("Chromium exited")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def call(self, method: str, params: dict | None = None, session: str | None = None,
             timeout: float | None = None) -> dict:
        """Send one DevTools command and return its result (events received meanwhile are kept)."""
        wanted = self._send(method, params, session)
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            message = self._receive(deadline)
            if message.get("id") == wanted:
                if "error" in message:
                    raise PovlibError(f"Chromium refused {method}: {message['error'].get('message')}")
                return message.get("result", {})
            self._events.append(message)

    def _wait_event(self, name: str, session: str) -> None:
        deadline = time.monotonic() + self.timeout
        while True:
            for event in list(self._events):
                if event.get("method") == name and event.get("sessionId") == session:
                    self._events.remove(event)
                    return
            self._events.append(self._receive(deadline))

    def print_pdf(self, html: Path, pdf: Path, footer: str = "") -> None:
        """Print `html` to `pdf` (A4 and margins from the page's CSS, an outline from the headings,
        and `footer` — Chromium's footer template, see `footer_template` — on every page).

        One tab serves every print (a new tab starts a renderer process: about 0.1 s each); a print
        that fails closes it, and the next print opens a new one."""
        if self._tab is None:
            target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
            session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
            self.call("Page.enable", session=session)
            self._tab = (target, session)
        target, session = self._tab
        try:
            self.call("Page.navigate", {"url": html.resolve().as_uri()}, session=session)
            self._wait_event("Page.loadEventFired", session)
            result = self.call("Page.printToPDF", {
                "printBackground": True, "preferCSSPageSize": True, "generateDocumentOutline": True,
                "displayHeaderFooter": bool(footer), "headerTemplate": "<span></span>",
                "footerTemplate": footer or "<span></span>"}, session=session)
            pdf.write_bytes(base64.b64decode(result["data"]))
        except BaseException:
            self._tab = None
            if self.proc.poll() is None:
                with contextlib.suppress(PovlibError):
                    self.call("Target.closeTarget", {"targetId": target})
            raise
        finally:
            self._events = deque(e for e in self._events if e.get("sessionId") != session)

    def close(self) -> None:
        """Close the browser (killing it if it does not quit) and remove a temporary profile."""
        if self.proc.poll() is None:
            try:
                self.call("Browser.close", timeout=5)
            except PovlibError:
                pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(self.proc.pid, 9)
            except OSError:
                self.proc.kill()
            self.proc.wait()
        for fd in (self._to_child, self._from_child):
            try:
                os.close(fd)
            except OSError:
                pass
        if self.profile is not None:
            self.profile.cleanup()


def footer_template(title: str, stamp: str) -> str:
    """Return Chromium's footer template: 'title · n / N · stamp' in small type on every page."""
    import html as _html
    style = ("font-size:7px;width:100%;margin:0 12mm;color:#555;"
             "font-family:'DejaVu Sans','WenQuanYi Zen Hei',sans-serif;display:flex;justify-content:space-between")
    return (f"<div style=\"{style}\"><span>{_html.escape(title)}</span><span><span class='pageNumber'></span> / "
            f"<span class='totalPages'></span></span><span>{_html.escape(stamp)}</span></div>")


class Printer:
    """Prints PDFs with one long-lived Browser, starting a new one after the old one died."""

    def __init__(self, tmp: Path | None = None):
        self.tmp = tmp
        self.browser: Browser | None = Browser(tmp=tmp)

    def __enter__(self) -> "Printer":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def print_pdf(self, html: Path, pdf: Path, footer: str = "") -> None:
        """Print `html` to `pdf`; raises BrowserError if the browser died (the next call restarts it)."""
        if self.browser is None:
            self.browser = Browser(tmp=self.tmp)
        try:
            self.browser.print_pdf(html, pdf, footer)
        except BrowserError:
            self.browser.close()
            self.browser = None
            raise

    def close(self) -> None:
        """Close the current browser, if any; returns None."""
        if self.browser is not None:
            self.browser.close()
            self.browser = None


def html_to_pdf(html: Path, pdf: Path) -> None:
    """Print one HTML file to PDF with a fresh browser; returns None."""
    with Browser() as browser:
        browser.print_pdf(html, pdf)

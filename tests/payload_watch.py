"""Watch: what a hostile payload could do that a browser page would notice (a flag set in any
frame, a dialog, a request leaving loopback, a page error). Used by
tests/test_hostile_browser.py and tests/reader_browser/."""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.sync_api import Page

FLAG_JS = "() => [window.__pwned || null, (window.parent || {}).__pwned || null]"


class Watch:
    """Everything a payload could do that the page would notice."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.foreign: list[str] = []
        page.on("dialog", self._dialog)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", self._request)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def _request(self, request) -> None:
        host = urlsplit(request.url).hostname
        if request.url.startswith(("data:", "blob:", "about:")):
            return
        if host not in ("127.0.0.1", "localhost"):
            self.foreign.append(request.url)

    def flags(self) -> dict[str, object]:
        """window.__pwned in every frame of the page (the map iframe included)."""
        out: dict[str, object] = {}
        for i, frame in enumerate(self.page.frames):
            try:
                value = frame.evaluate(FLAG_JS)
            except Exception as exc:  # a detached frame: report, do not hide
                value = f"unreadable: {exc}"
            if value != [None, None]:
                out[f"frame {i} {frame.url[:80]}"] = value
        return out

    def assert_clean(self, when: str) -> None:
        assert self.flags() == {}, f"a payload ran ({when})"
        assert self.dialogs == [], f"a dialog opened ({when})"
        assert self.foreign == [], f"a request left loopback ({when})"

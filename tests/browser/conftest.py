"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Every page a test opens is watched: a console error, an uncaught exception or a Content-Security-Policy
violation fails the test, so an inline script or style that slips into a template is caught here."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a thread with a
# running loop unless told that this is deliberate. The test code and the loop never share a connection.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

playwright_sync = pytest.importorskip("playwright.sync_api")

CHROMIUM = "/usr/bin/chromium"
# Headless as root in a container, and no calls home: the machine's network is closed, and Chromium's
# background connections would otherwise be refused many times at every start.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 800}
AXE_SOURCE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

# Installed into every document before the page's own scripts run (through DevTools, so the page's CSP
# does not apply to it): it reports each violation to the test through an exposed binding.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolation(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} `
    + `at ${event.sourceFile || document.location.href}:${event.lineNumber}`);
});
"""


@dataclass
class PageProblems:
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)

    def all(self) -> list[str]:
        return (
            [f"console error: {text}" for text in self.console_errors]
            + [f"uncaught exception: {text}" for text in self.page_errors]
            + [f"CSP violation: {text}" for text in self.csp_violations]
        )


# Chromium asks every site for /favicon.ico by itself; the app has no icon yet (a link in base.html would
# stop the request). That one 404 is the browser's habit, not a page's error.
FAVICON_MISSING = "/favicon.ico"


def _on_console(problems: PageProblems, message) -> None:
    if message.type != "error":
        return
    text = message.text
    if message.location.get("url", "").endswith(FAVICON_MISSING):
        return
    if "Content Security Policy" in text:
        problems.csp_violations.append(text)
    else:
        problems.console_errors.append(f"{text} ({message.location.get('url', '')})")


@pytest.fixture(scope="session")
def chromium_browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (.ci/run does)")
    with playwright_sync.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page_problems() -> PageProblems:
    return PageProblems()


@pytest.fixture
def page(chromium_browser, live_server, page_problems):
    """A fresh browser context (no cookies) on the live server; fails the test on any page problem."""
    context = chromium_browser.new_context(
        base_url=live_server.url, viewport=VIEWPORT, locale="ru-RU", timezone_id="Europe/Moscow"
    )
    # Generous: a loaded 2-core machine (CI beside a rebuild, say) can take seconds per page; a wait that
    # runs out fails the test, so it bounds a hang, not a speed.
    context.set_default_timeout(30_000)
    context.expose_binding("__cspViolation", lambda _source, text: page_problems.csp_violations.append(text))
    context.add_init_script(CSP_LISTENER)
    browser_page = context.new_page()
    browser_page.on("console", lambda message: _on_console(page_problems, message))
    browser_page.on("pageerror", lambda error: page_problems.page_errors.append(str(error)))
    yield browser_page
    context.close()
    problems = page_problems.all()
    assert problems == [], "the pages reported problems:\n" + "\n".join(problems)


def axe_violations(page, *, impacts=("serious", "critical")) -> list[str]:
    """Run axe-core on the current page; its violations of the given impacts, one line each.

    One kind of finding axe leaves undecided ("incomplete") counts too: a colour contrast it did measure.
    White text on a white button is reported that way (axe suspects such text may be hidden on purpose),
    and no text on our pages is meant to be invisible.

    `page.add_script_tag` would insert an inline <script>, which the page's CSP blocks (and reports as a
    violation). Evaluating the file's source through DevTools is not subject to the page's CSP."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE.read_text(encoding="utf-8"))
    results = page.evaluate(
        """async () => {
          const results = await window.axe.run(document, {resultTypes: ["violations", "incomplete"]});
          const measured = (node) => node.any.some((check) => check.data && check.data.contrastRatio);
          const lowContrast = results.incomplete
            .filter((finding) => finding.id === "color-contrast")
            .map((finding) => ({...finding, nodes: finding.nodes.filter(measured)}))
            .filter((finding) => finding.nodes.length > 0);
          return [...results.violations, ...lowContrast];
        }"""
    )
    return [
        f"{finding['id']} ({finding['impact']}): {finding['help']} — "
        + "; ".join(
            " ".join(node["target"]) + (f" [{node['any'][0]['message']}]" if node["any"] else "")
            for node in finding["nodes"][:5]
        )
        for finding in results
        if finding["impact"] in impacts
    ]


def assert_accessible(page) -> None:
    """No axe-core violation of impact "serious" or "critical" on the current page."""
    violations = axe_violations(page)
    assert not violations, f"axe-core on {page.url}:\n" + "\n".join(violations)


def screenshot(page, name: str) -> None:
    """Save docs/screenshots/<name>.png, only when asked (CASEWORK_SCREENSHOTS=1): normal runs leave them."""
    if os.environ.get("CASEWORK_SCREENSHOTS") != "1":
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True, animations="disabled")


def log_in(page, username: str, password: str, *, label) -> None:
    """Log in through the login form; `label` translates an English label into the page's language."""
    page.goto("/accounts/login/")
    page.get_by_label(label("Username")).fill(username)
    page.get_by_label(label("Password")).fill(password)
    page.get_by_role("button", name=label("Log in")).click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)

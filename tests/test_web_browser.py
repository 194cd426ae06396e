"""The web UI in a real headless browser (Debian's Chromium through Playwright), served by `rasid serve`."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest_web import SeededDb, build_db

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
PHONE = {"width": 375, "height": 812}
LAPTOP = {"width": 1366, "height": 900}

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                 reason=f"{CHROMIUM} is not installed (make system installs it)")]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"rasid serve exited: {process.stderr.read() if process.stderr else ''}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"rasid serve did not answer at {url}")


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> SeededDb:
    return build_db(str(tmp_path_factory.mktemp("browser") / "seed.db"))


@pytest.fixture(scope="module")
def server(seeded: SeededDb):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "RASID_TOKEN"}
    process = subprocess.Popen([sys.executable, "-m", "rasid", "serve", "--db", seeded.path, "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/api/events", process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def dialogs() -> list[str]:
    return []


@pytest.fixture()
def page(browser, dialogs):
    context = browser.new_context(viewport=LAPTOP)
    tab = context.new_page()
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    yield tab
    context.close()


def test_events_table_lists_the_merged_event(page, server, dialogs):
    page.goto(server + "/")
    row = page.locator("table.events tbody tr", has_text="الرمادي")
    assert row.count() == 1
    cells = row.first.locator("td").all_inner_texts()
    assert "2" in cells[-1] and "19" in " ".join(cells)
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert dialogs == []


def test_filters_narrow_the_table(page, server):
    page.goto(server + "/")
    page.select_option("select[name=type]", "arrest")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**type=arrest**")
    assert page.locator("table.events tbody tr").count() == 1


def test_event_page_shows_claims_side_by_side_and_a_discrepancy(page, server, seeded):
    page.goto(f"{server}/events/{seeded.merged_event}")
    claims = page.locator("article.claim")
    assert claims.count() == 2
    first, second = claims.nth(0).bounding_box(), claims.nth(1).bounding_box()
    assert abs(first["y"] - second["y"]) < 2 and first["x"] > second["x"]      # side by side, first on the right
    assert page.locator("mark.fig-killed").all_inner_texts() == ["14 شخصا على الأقل", "19 قتيلا"]
    assert page.locator(".discrepancy").first.is_visible()


def test_map_svg_has_event_points(page, server):
    page.goto(server + "/map")
    points = page.locator("svg#event-map circle.event-point")
    assert points.count() == 2
    assert points.first.bounding_box()["width"] > 2
    assert page.locator("svg#event-map .land path").count() > 100


def test_profile_page_renders(page, server, seeded):
    page.goto(f"{server}/profiles/{seeded.group_kb}")
    assert page.locator("h1").inner_text() == "جماعة الريح الأسود"
    assert page.locator(".profile-section").count() == 4


@pytest.mark.parametrize("path", ["/", "/events/ev-ramadi000001", "/events/ev-zarqa0000002", "/map", "/timeline",
                                  "/profiles/org:test-black-wind", "/entities", "/articles", "/discrepancies",
                                  "/search?q=الرمادي", "/?lang=en"])
def test_phone_viewport_has_no_horizontal_overflow(browser, server, path):
    context = browser.new_context(viewport=PHONE, is_mobile=True)
    tab = context.new_page()
    tab.goto(server + path)
    overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    context.close()
    assert overflow <= 0, f"{path}: {overflow}px wider than the phone"


def test_injected_markup_never_runs(page, server, seeded, dialogs):
    for path in ["/", f"/events/{seeded.arrest_event}", f"/articles/{seeded.article_c}", "/articles",
                 f"/profiles/{seeded.group_kb}", f"/entities/{seeded.group_entity}", "/search?q=اعتقال", "/map"]:
        page.goto(server + path)
        page.wait_for_timeout(50)
    assert dialogs == []
    page.goto(f"{server}/articles/{seeded.article_c}")
    assert "<script>alert(1)</script>" in page.locator("h1").inner_text()
    assert page.locator("main script, main img").count() == 0


def test_english_labels_switch_the_chrome_only(page, server):
    page.goto(server + "/")
    page.click("a.lang")
    page.wait_for_url("**lang=en**")
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.locator("h1").inner_text().startswith("Events")
    assert page.locator("table.events td span[dir=rtl]").first.get_attribute("lang") == "ar"

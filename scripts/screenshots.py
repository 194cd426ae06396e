"""Screenshots of the web UI for docs/screenshots/: the sample corpus, served by `rasid serve`, in Chromium.

    .venv/bin/python scripts/screenshots.py [--db var/screens.db] [--out docs/screenshots] [--rebuild]

Builds the database from samples/ with the real pipeline (what `rasid run samples/` does) when it
does not exist yet, or anew with --rebuild (after a pipeline change).
"""
from __future__ import annotations

import argparse
import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
LAPTOP = {"width": 1280, "height": 860}
PHONE = {"width": 375, "height": 812}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def build_db(db: Path) -> None:
    from rasid.engine.local import run_corpus
    from rasid.store import open_store

    db.parent.mkdir(parents=True, exist_ok=True)
    with open_store(str(db)) as store:
        run_corpus([str(ROOT / "samples")], store, progress=False)


def get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


def start_server(db: Path, port: int) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-m", "rasid", "serve", "--db", str(db), "--port", str(port)],
                               stdout=subprocess.DEVNULL)
    for _ in range(150):
        try:
            get_json(f"http://127.0.0.1:{port}/api/events?limit=1")
            return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("rasid serve did not start")


def pages(base: str) -> list[tuple[str, str, dict]]:
    """(file name, URL, viewport): the most-reported event and the profile with most items."""
    events = get_json(base + "/api/events?limit=500")["items"]
    event = max(events, key=lambda e: (len(e.get("mentions") or []), len(e.get("discrepancies") or [])))
    profiles = get_json(base + "/api/profiles?limit=500")["items"]
    profile = max(profiles, key=lambda p: sum(len(v) for v in p.values() if isinstance(v, list)))
    return [("events.png", base + "/", LAPTOP), ("event.png", f"{base}/events/{event['id']}", LAPTOP),
            ("map.png", base + "/map", LAPTOP), ("profile.png", f"{base}/profiles/{profile['entity']}", LAPTOP),
            ("event-phone.png", f"{base}/events/{event['id']}", PHONE), ("events-en.png", base + "/?lang=en", LAPTOP)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=ROOT / "var" / "screens.db")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--rebuild", action="store_true", help="delete the database and build it again from samples/")
    args = parser.parse_args()
    if args.rebuild:
        for suffix in ("", "-wal", "-shm"):
            Path(str(args.db) + suffix).unlink(missing_ok=True)
    if not args.db.exists():
        build_db(args.db)
    args.out.mkdir(parents=True, exist_ok=True)
    port = free_port()
    server = start_server(args.db, port)
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for name, url, viewport in pages(f"http://127.0.0.1:{port}"):
                context = browser.new_context(viewport=viewport)
                page = context.new_page()
                page.goto(url)
                page.screenshot(path=str(args.out / name), full_page=name != "events.png")
                context.close()
                print(f"wrote {args.out / name}")
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

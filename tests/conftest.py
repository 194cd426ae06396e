"""Shared fixtures: a throwaway PostgreSQL server for the ``postgres``-marked store tests.

``pg_server`` runs ``initdb`` into a temporary folder (as the ``postgres`` OS user when the tests
run as root), starts the server on a Unix socket in that folder only, and removes it all at the
end of the session; it is started only when a test asks for it. Without PostgreSQL binaries or the
psycopg driver the tests that need it are skipped with the reason.
"""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

PG_TOOLS = ("initdb", "pg_ctl")
PG_DATA_TABLES = "articles, events, event_actors, entities, profiles, discrepancies, store_meta, ingest_failures"


@dataclass(frozen=True)
class PgServer:
    folder: str
    port: int
    bindir: str

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@/{database}?host={self.folder}&port={self.port}"


def pg_bindir() -> str | None:
    """Folder with initdb and pg_ctl: on PATH, else Debian's /usr/lib/postgresql/<v>/bin."""
    found = shutil.which("initdb")
    if found:
        return str(Path(os.path.realpath(found)).parent)
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return str(Path(candidates[-1]).parent) if candidates else None


def as_server_user(args: list[str]) -> list[str]:
    """Root cannot run postgres: run the server tools as the ``postgres`` OS user then."""
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_pg_server(bindir: str) -> PgServer:
    folder = tempfile.mkdtemp(prefix="rasid-pg-")
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    data, port = os.path.join(folder, "data"), free_port()
    subprocess.run(as_server_user([f"{bindir}/initdb", "-D", data, "-A", "trust", "-U", "postgres",
                                   "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]),
                   check=True, capture_output=True)
    options = f"-p {port} -k {folder} -c listen_addresses='' -c fsync=off"
    subprocess.run(as_server_user([f"{bindir}/pg_ctl", "-D", data, "-l", os.path.join(folder, "log"),
                                   "-o", options, "-w", "start"]), check=True, capture_output=True)
    return PgServer(folder, port, bindir)


def stop_pg_server(server: PgServer) -> None:
    subprocess.run(as_server_user([f"{server.bindir}/pg_ctl", "-D", os.path.join(server.folder, "data"),
                                   "-m", "immediate", "-w", "stop"]), check=False, capture_output=True)
    shutil.rmtree(server.folder, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_server():
    pytest.importorskip("psycopg", reason="the PostgreSQL driver is not installed: pip install rasid[postgres]")
    bindir = pg_bindir()
    if bindir is None or not all(os.path.exists(f"{bindir}/{tool}") for tool in PG_TOOLS):
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) not installed: apt-get install postgresql")
    server = start_pg_server(bindir)
    yield server
    stop_pg_server(server)


@pytest.fixture()
def pg_url(pg_server):
    """A fresh, empty database on the throwaway server."""
    import psycopg

    name = "rasid_" + uuid.uuid4().hex[:12]
    with psycopg.connect(pg_server.url(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield pg_server.url(name)
    with psycopg.connect(pg_server.url(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def pg_shared_url(pg_server):
    """One migrated database for the behavioural tests (emptied before each of them)."""
    import psycopg

    from rasid.store import open_store

    with psycopg.connect(pg_server.url(), autocommit=True) as conn:
        conn.execute("CREATE DATABASE rasid_shared")
    url = pg_server.url("rasid_shared")
    open_store(url).close()
    return url


@pytest.fixture()
def pg_empty_url(pg_shared_url):
    """The shared migrated database, emptied."""
    import psycopg

    with psycopg.connect(pg_shared_url, autocommit=True) as conn:
        conn.execute(f"TRUNCATE {PG_DATA_TABLES} RESTART IDENTITY CASCADE")
    return pg_shared_url

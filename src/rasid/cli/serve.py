"""`rasid serve --db DB`: the REST API and the web UI in one process (uvicorn)."""
from __future__ import annotations

import argparse

from rasid.cli.common import add_db_argument, command_parser, resolve_db
from rasid.errors import UsageError

MAX_THREADS = 1024

EXAMPLES = """  rasid serve --db news.db                         web UI on http://127.0.0.1:8000, read-only API
  rasid serve --db news.db --port 8080 --token s3cret   also enable POST /api/ingest (Bearer s3cret)
  rasid serve --db news.db --threads 128           more requests at once (each thread its own read connection)
  RASID_TOKEN=s3cret rasid serve --db news.db      the token from the environment
  curl -H 'Authorization: Bearer s3cret' -H 'Content-Type: application/json' \\
       -d '{"text": "...", "published": "2025-05-10"}' http://127.0.0.1:8000/api/ingest
pages: / (events), /timeline, /map, /profiles, /articles, /search; add ?lang=en for English labels.
API: /api/events, /api/articles, /api/entities, /api/profiles, /api/search, /api/discrepancies;
schema at /openapi.json, reference at /api/docs.
"""


def register(sub: argparse._SubParsersAction) -> None:
    p = command_parser(sub, "serve", "serve the web UI and the REST API over a database", EXAMPLES)
    add_db_argument(p)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    p.add_argument("--threads", type=int, default=None, metavar="N",
                   help="requests served at once, each on its own read connection (default: 64)")
    p.add_argument("--token", default=None,
                   help="bearer token that enables POST /api/ingest (default: $RASID_TOKEN; none: read-only)")
    p.set_defaults(func=run_serve)


def run_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from rasid.api.app import DEFAULT_THREADS, create_app

    if not 0 < args.port < 65536:
        raise UsageError(f"--port {args.port} is not a port: give 1..65535")
    threads = DEFAULT_THREADS if args.threads is None else args.threads
    if not 1 <= threads <= MAX_THREADS:
        raise UsageError(f"--threads {threads}: give 1..{MAX_THREADS}")
    app = create_app(resolve_db(args), args.token, threads=threads)
    print(f"rasid: serving {resolve_db(args)} on http://{args.host}:{args.port}/ "
          f"(writes {'enabled' if app.state.token else 'disabled: no --token'})", flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", access_log=False)
    return 0

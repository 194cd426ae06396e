"""`rasid articles --db DB`: list the stored articles."""
from __future__ import annotations

import argparse
import json

from rasid.cli.common import add_db_argument, command_parser, resolve_db

EXAMPLES = """  rasid articles --db news.db
  rasid articles --db news.db --format json --limit 10 --offset 20
"""


def register(sub: argparse._SubParsersAction) -> None:
    p = command_parser(sub, "articles", "list the stored articles (id, date, outlet, title)", EXAMPLES)
    add_db_argument(p)
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--limit", type=int, default=None, metavar="N", help="at most N articles")
    p.add_argument("--offset", type=int, default=0, metavar="N", help="skip the first N articles")
    p.set_defaults(func=run_articles)


def run_articles(args: argparse.Namespace) -> int:
    from rasid.store import open_store

    with open_store(resolve_db(args), create=False) as store:
        articles = store.articles(args.limit, args.offset)
    if args.format == "json":
        print(json.dumps(articles, ensure_ascii=False, indent=2))
        return 0
    for a in articles:
        print("\t".join([a["id"], a.get("published") or "-", a.get("outlet") or "-", a.get("title") or "-"]))
    return 0

"""`rasid search QUERY --db DB`: full-text search over the stored articles."""
from __future__ import annotations

import argparse
import json

from rasid.cli.common import add_db_argument, command_parser, resolve_db

EXAMPLES = """  rasid search دمشق --db news.db                 also finds لدمشق، وبدمشق، دِمَشق
  rasid search "هجوم انتحاري" --db news.db --limit 5   articles holding every word
  rasid search الموصل --db news.db --format json
"""


def register(sub: argparse._SubParsersAction) -> None:
    p = command_parser(sub, "search", "find stored articles by words (clitics and diacritics ignored)",
                       EXAMPLES)
    p.add_argument("query", metavar="QUERY", help="one or more words; every word must occur")
    add_db_argument(p)
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--limit", type=int, default=20, metavar="N", help="at most N hits (default 20)")
    p.set_defaults(func=run_search)


def run_search(args: argparse.Namespace) -> int:
    from rasid.store import open_store

    with open_store(resolve_db(args), create=False) as store:
        hits = store.search(args.query, args.limit)
    if args.format == "json":
        print(json.dumps([h.to_dict() for h in hits], ensure_ascii=False, indent=2))
        return 0
    for hit in hits:
        print(f"{hit.article_id}  {hit.title or ''}\n    {hit.snippet}")
    if not hits:
        print("no article matches")
    return 0

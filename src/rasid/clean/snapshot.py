"""Development snapshot of ``clean_document`` output, to prove a speed change kept the output.

    python -m rasid.clean.snapshot CORPUS.jsonl[.gz] OUT.jsonl [--limit 3000 (0: all)] [--stride 1]

Each distinct article text (the ``text`` field of a JSON Lines corpus) is cleaned from a bare
``Document`` (no meta given, so outlet, title, date and genre are all found by cleaning) and one
JSON line is written per article: the clean text, the removed spans and the page facts. Two
snapshots taken before and after a change are compared with ``cmp`` or ``diff``. The CPU time of
the cleaning alone (corpus reading excluded) is printed, so the same command measures a speed-up.
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path
from typing import Any, Iterator

from rasid.clean.document import clean_document
from rasid.doc import Document
from rasid.errors import UsageError


def corpus_texts(path: Path, limit: int, stride: int) -> Iterator[str]:
    """Every ``stride``-th distinct article text of ``path``, at most ``limit`` of them (0: all)."""
    opener = gzip.open if path.suffix == ".gz" else open
    seen: set[str] = set()
    taken = 0
    try:
        with opener(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                text = (json.loads(line).get("text") or "") if line.strip() else ""
                if not text or text in seen:
                    continue
                seen.add(text)
                if (len(seen) - 1) % stride == 0:
                    yield text
                    taken += 1
                    if 0 < limit <= taken:
                        return
    except (OSError, ValueError) as exc:
        raise UsageError(f"cannot read the corpus ({exc}): give a JSON Lines file", source=str(path)) from exc


def cleaned_record(raw: str) -> dict[str, Any]:
    """What cleaning made of ``raw``: text, removed spans and the page facts."""
    doc = Document(raw=raw)
    clean_document(doc)
    meta = doc.meta
    return {"text": doc.text, "removed": [[r.start, r.end, r.kind] for r in doc.removed],
            "outlet": meta.outlet, "title": meta.title, "published": meta.published,
            "published_basis": meta.published_basis, "genre": meta.genre}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--limit", type=int, default=3000, help="at most this many articles (0: all)")
    parser.add_argument("--stride", type=int, default=1, help="take every N-th distinct article")
    args = parser.parse_args(argv)
    texts = list(corpus_texts(args.corpus, args.limit, max(1, args.stride)))
    started = time.process_time()
    records = [cleaned_record(text) for text in texts]
    cpu = time.process_time() - started
    with args.out.open("w", encoding="utf-8") as out:
        out.writelines(json.dumps(record, ensure_ascii=False) + "\n" for record in records)
    per_article = 1000 * cpu / max(1, len(texts))
    print(f"{len(texts)} articles cleaned in {cpu:.2f} s of CPU ({per_article:.3f} ms per article) -> {args.out}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

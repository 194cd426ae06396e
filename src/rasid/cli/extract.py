"""`rasid extract`: documents in (JSON Lines), their readings out (CONTRACT section 1)."""
from __future__ import annotations

import argparse
import json
import sys
from contextlib import contextmanager
from typing import IO, Any, Iterator

from rasid.cli.common import Progress, command_parser
from rasid.errors import RasidError, UsageError

EXAMPLES = """  rasid extract --jsonl in.jsonl --out out.jsonl
  rasid extract --jsonl - --out - < in.jsonl            read stdin, write stdout
  rasid extract --text "قتل 12 شخصا في تفجير في كركوك أمس" --published 2024-05-12

Each input line is {"id": ..., "text": ..., "published"?: ..., "url"?, "outlet"?, "title"?}.
Each output line is {"id", "events", "entities", "claims"} in input order; a bad line gets
{"id", "events": [], "entities": [], "error": "<reason>"} and the run goes on.
"""
META_FIELDS = ("published", "url", "outlet", "title")


def register(sub: argparse._SubParsersAction) -> None:
    p = command_parser(sub, "extract", "read documents: events, entities and figures as JSON Lines", EXAMPLES)
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--jsonl", metavar="IN", help="input JSON Lines file, or - for standard input")
    src.add_argument("--text", help="read this one text instead of a file")
    p.add_argument("--out", default="-", metavar="OUT", help="output JSON Lines file, or - for standard output (default)")
    p.add_argument("--published", help="publication date (ISO) for --text")
    p.add_argument("--id", default="text", help="id echoed for --text (default: text)")
    p.set_defaults(func=run)


READ_TOGETHER = 16     # lines of a file read at once (their sentences share tagging batches: faster)


def run(args: argparse.Namespace) -> int:
    from rasid.engine.local import in_parts
    with _open_out(args.out) as out:
        if args.text is not None:
            _write(out, read_line({"id": args.id, "text": args.text, "published": args.published}))
            return 0
        with _open_in(args.jsonl) as src:
            from_file = args.jsonl != "-"
            lines = src.readlines() if from_file else src
            bar = Progress(len(lines) if isinstance(lines, list) else None, "extract",
                           enabled=None if args.out != "-" else False)
            if from_file:
                _prepare_reading()
            for part in in_parts(lines, READ_TOGETHER if from_file else 1):     # stdin: answer line by line
                for obj in read_raw_lines([line for line in part if line.strip()]):
                    _write(out, obj)
                bar.advance(len(part))
            bar.close()
    return 0


def _prepare_reading() -> None:
    """Load the pipeline's data once and settle the loaded heap (see rasid.engine.memory)."""
    from rasid.engine.local import default_reader
    default_reader.pipeline()


def read_raw_lines(lines: list[str]) -> list[dict[str, Any]]:
    """One output object per input line, in order; the valid lines are read together."""
    from rasid.reading import extract_many
    parsed = [_parse(line) for line in lines]
    valid = [item for item in parsed if "error" not in item]
    readings = iter(extract_many([item["args"] for item in valid]) if valid else [])
    return [item if "error" in item else _output(item["id"], next(readings)) for item in parsed]


def read_line(obj: dict[str, Any]) -> dict[str, Any]:
    """The output object of one parsed input object."""
    item = _checked(obj)
    if "error" in item:
        return item
    from rasid.reading import extract_many
    return _output(item["id"], extract_many([item["args"]])[0])


def _parse(line: str) -> dict[str, Any]:
    """A failure object, or {"id", "args"} (the keyword arguments of ``extract``) for a valid line."""
    if any("\udc80" <= ch <= "\udcff" for ch in line):
        return failure(None, "line is not valid UTF-8")
    try:
        obj = json.loads(line)
    except ValueError as exc:
        return failure(None, f"not JSON: {exc.msg}")
    if not isinstance(obj, dict):
        return failure(None, "not a JSON object")
    return _checked(obj)


def _checked(obj: dict[str, Any]) -> dict[str, Any]:
    doc_id = obj.get("id")
    if doc_id is None:
        return failure(None, "missing id")
    if "text" not in obj:
        return failure(doc_id, "missing text")
    if not isinstance(obj["text"], str):
        return failure(doc_id, "text is not a string")
    if any("\udc80" <= ch <= "\udcff" for ch in obj["text"]):
        return failure(doc_id, "text is not valid UTF-8")
    meta = {k: obj[k] for k in META_FIELDS if isinstance(obj.get(k), str)}
    return {"id": doc_id, "args": {"text": obj["text"], "id": str(doc_id), **meta}}


def _output(doc_id: Any, result: Any) -> dict[str, Any]:
    """The output object of one reading, or of the exception reading raised."""
    if isinstance(result, RasidError):
        if not _per_document(result):
            raise result
        return failure(doc_id, result.message)
    if isinstance(result, Exception):   # a reader bug on one odd text must not stop the run (CONTRACT 1); reported, not hidden
        print(f"rasid: warning: line id={doc_id!r}: internal error {type(result).__name__}: {result}", file=sys.stderr)
        return failure(doc_id, f"internal error: {type(result).__name__}")
    out = result.to_dict()
    out["id"] = doc_id
    return out


def _per_document(exc: RasidError) -> bool:
    """Input errors concern one line; resource and usage errors stop the run (they hit every line)."""
    from rasid.errors import InputError
    return isinstance(exc, InputError)


def failure(doc_id: Any, reason: str) -> dict[str, Any]:
    return {"id": doc_id, "events": [], "entities": [], "error": reason}


def _write(out: IO[str], obj: dict[str, Any]) -> None:
    out.write(json.dumps(obj, ensure_ascii=False) + "\n")


@contextmanager
def _open_in(path: str) -> Iterator[IO[str]]:
    if path == "-":
        yield sys.stdin
        return
    try:
        fh = open(path, encoding="utf-8", errors="surrogateescape")
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}; check the path") from exc
    with fh:
        yield fh


@contextmanager
def _open_out(path: str) -> Iterator[IO[str]]:
    if path == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    try:
        fh = open(path, "w", encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror}; check the folder exists") from exc
    with fh:
        yield fh

"""Writers of the CONTRACT section 2 export: one JSON object, JSON Lines, or GTD-style CSV."""
from __future__ import annotations

import csv
import json
from typing import Any, Iterator, TextIO

EXPORT_FORMATS = ("json", "jsonl", "csv")
RECORD_KINDS = (("articles", "article"), ("entities", "entity"), ("events", "event"),
                ("profiles", "profile"), ("discrepancies", "discrepancy"))
PERPETRATOR_ROLES = ("perpetrator", "claimed_by")
FIGURE_BOUNDS = ("low", "best", "high")
LIST_SEPARATOR = "; "

CSV_COLUMNS = (
    "event_id", "type", "subtype", "date", "date_earliest", "date_latest", "country", "location",
    "lat", "lon", "perpetrators",
    "killed_low", "killed_best", "killed_high", "injured_low", "injured_best", "injured_high",
    "arrested", "sources", "outlets", "discrepancy_kinds",
)


def write_json(export: dict[str, Any], out: TextIO) -> None:
    json.dump(export, out, ensure_ascii=False, indent=2)
    out.write("\n")


def jsonl_records(export: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """A header line (``kind: schema``), then ``{"kind": ..., "record": {...}}`` per record.

    The record is nested because some records (discrepancies) have a ``kind`` field of their own.
    """
    yield {"kind": "schema", "schema": export["schema"]}
    for key, kind in RECORD_KINDS:
        for record in export.get(key) or []:
            yield {"kind": kind, "record": record}


def write_jsonl(export: dict[str, Any], out: TextIO) -> None:
    for record in jsonl_records(export):
        out.write(json.dumps(record, ensure_ascii=False) + "\n")


def write_csv(export: dict[str, Any], out: TextIO) -> None:
    """One row per event, GTD style."""
    outlets = {a["id"]: a.get("outlet") for a in export.get("articles") or []}
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for event in export.get("events") or []:
        writer.writerow(event_row(event, outlets))


def event_row(event: dict[str, Any], outlet_of: dict[str, str | None]) -> dict[str, Any]:
    """The CSV row of one CONTRACT EVENT; ``outlet_of`` maps article ids to outlets."""
    date = event.get("date") or {}
    location = event.get("location") or {}
    articles = _unique(m.get("article") for m in event.get("mentions") or [])
    row: dict[str, Any] = {
        "event_id": event.get("id"), "type": event.get("type"), "subtype": event.get("subtype"),
        "date": date.get("value"), "date_earliest": date.get("earliest"), "date_latest": date.get("latest"),
        "country": location.get("country"), "location": location.get("name"),
        "lat": location.get("lat"), "lon": location.get("lon"),
        "perpetrators": LIST_SEPARATOR.join(_unique(
            a.get("name") for a in event.get("actors") or [] if a.get("role") in PERPETRATOR_ROLES)),
        "arrested": _bound(event.get("arrested"), "best"),
        "sources": len(articles),
        "outlets": LIST_SEPARATOR.join(_unique(outlet_of.get(a) for a in articles)),
        "discrepancy_kinds": LIST_SEPARATOR.join(sorted(set(_unique(
            d.get("kind") for d in event.get("discrepancies") or [])))),
    }
    for figure in ("killed", "injured"):
        for bound in FIGURE_BOUNDS:
            row[f"{figure}_{bound}"] = _bound(event.get(figure), bound)
    return row


def _bound(figure: dict[str, Any] | None, bound: str) -> Any:
    return figure.get(bound) if figure else None


def _unique(values: Any) -> list[str]:
    seen: dict[str, None] = {}
    for value in values:
        if value:
            seen.setdefault(str(value), None)
    return list(seen)


WRITERS = {"json": write_json, "jsonl": write_jsonl, "csv": write_csv}


def write_export(export: dict[str, Any], fmt: str, out: TextIO) -> None:
    WRITERS[fmt](export, out)

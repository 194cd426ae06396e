"""Packaged language data: loaded once, validated, never imported as code.

Data files live in ``rasid/data/``. Each loader names the file, parses it, validates it
and raises :class:`~rasid.errors.ResourceError` with the file name when it is wrong.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources as importlib_resources
from pathlib import Path
from typing import Any

from rasid.errors import ResourceError


def data_path(name: str) -> Path:
    """Path of a packaged data file, e.g. ``data_path("months.json")``."""
    base = importlib_resources.files("rasid") / "data"
    path = Path(str(base)) / name
    if not path.exists():
        raise ResourceError(f"packaged data file is missing: reinstall Rasid", source=f"rasid/data/{name}")
    return path


def model_path(name: str) -> Path:
    """Path of a packaged trained model, e.g. ``model_path("ner.crfsuite")``."""
    return Path(str(importlib_resources.files("rasid") / "models")) / name


@lru_cache(maxsize=None)
def load_json(name: str) -> Any:
    """Parse a packaged JSON data file once."""
    path = data_path(name)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ResourceError(f"invalid JSON: {exc}", source=f"rasid/data/{name}") from exc


def require_keys(obj: dict[str, Any], keys: tuple[str, ...], where: str) -> None:
    """Raise ResourceError when ``obj`` lacks one of ``keys``."""
    missing = [k for k in keys if k not in obj]
    if missing:
        raise ResourceError(f"missing keys {missing}", source=where)


@lru_cache(maxsize=None)
def load_lines(name: str) -> tuple[str, ...]:
    """A packaged text list: one item per line, '#' comments and blank lines skipped."""
    text = data_path(name).read_text(encoding="utf-8")
    return tuple(ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#"))

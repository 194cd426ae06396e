"""Rasid's error hierarchy.

Every error Rasid raises on purpose derives from :class:`RasidError`, carries a one-line
message that says what went wrong and what to do, and maps to a CLI exit code.

    RasidError
    ├── InputError          an input (file, row, URL, text) cannot be read; the run goes on
    │   ├── FetchError      a URL could not be fetched (timeout, size, status, refused address)
    │   └── UnsafeInputError  input refused for safety (private address, path traversal, entity expansion)
    ├── ResourceError       a packaged data file or model is missing or invalid
    ├── StoreError          the database cannot be opened, migrated or written
    └── UsageError          a command was called wrongly (bad flag combination, bad value)
"""
from __future__ import annotations


class RasidError(Exception):
    """Base of every error Rasid raises on purpose."""

    exit_code = 1

    def __init__(self, message: str, *, source: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source

    def __str__(self) -> str:
        return f"{self.source}: {self.message}" if self.source else self.message


class InputError(RasidError):
    """One input cannot be read (empty, binary, undecodable, too large, malformed)."""

    exit_code = 3


class FetchError(InputError):
    """A URL could not be fetched."""


class UnsafeInputError(InputError):
    """An input was refused for safety reasons."""


class ResourceError(RasidError):
    """A packaged data file or model is missing or invalid."""

    exit_code = 4


class StoreError(RasidError):
    """The database cannot be opened, migrated or written."""

    exit_code = 5


class UsageError(RasidError):
    """A command was called wrongly."""

    exit_code = 2

"""Finding inputs: sorted recursive walk, hidden files skipped, loops, broken links, permissions."""
import os

import pytest

from rasid.ingest.article import InputFailure
from rasid.ingest.walk import InputRef, is_url, iter_inputs, kind_of


def _touch(path, text="نص"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name,kind", [
    ("a.txt", "text"), ("A.HTML", "html"), ("b.htm", "html"), ("c.jsonl", "jsonl"),
    ("c.jsonl.gz", "jsonl"), ("d.csv", "csv"), ("e.xml", "feed"), ("f.rss", "feed"),
    ("g.atom", "feed"), ("h.pdf", None), ("noext", None), ("i.txt.bak", None),
])
def test_kind_of(name, kind):
    assert kind_of(name) == kind


@pytest.mark.parametrize("location,expected", [
    ("https://example.org/a", True), ("http://x", True), ("ftp://x/y", True),
    ("file:///etc/passwd", True), ("news/a.txt", False), ("C:/x.txt", False),
])
def test_is_url(location, expected):
    assert is_url(location) is expected


def test_walk_sorted_recursive_skips_hidden_and_unknown(tmp_path):
    for name in ["b.txt", "a.html", "sub/c.jsonl", "sub/z/d.csv", ".hidden.txt", ".git/e.txt", "img.png"]:
        _touch(tmp_path / name)
    items = list(iter_inputs([str(tmp_path)]))
    assert items == [InputRef(str(tmp_path / "a.html"), "html"), InputRef(str(tmp_path / "b.txt"), "text"),
                     InputRef(str(tmp_path / "sub" / "c.jsonl"), "jsonl"),
                     InputRef(str(tmp_path / "sub" / "z" / "d.csv"), "csv")]


def test_explicit_files_urls_and_failures_keep_order(tmp_path):
    txt = _touch(tmp_path / "a.txt")
    pdf = _touch(tmp_path / "b.pdf")
    items = list(iter_inputs([str(txt), "https://example.org/x", str(tmp_path / "missing.txt"), str(pdf)]))
    assert items[0] == InputRef(str(txt), "text")
    assert items[1] == InputRef("https://example.org/x", "url")
    assert isinstance(items[2], InputFailure) and "does not exist" in items[2].reason
    assert isinstance(items[3], InputFailure) and "unsupported file type" in items[3].reason


def test_symlink_loop_reported_once(tmp_path):
    _touch(tmp_path / "root" / "a.txt")
    os.symlink(tmp_path / "root", tmp_path / "root" / "loop")
    items = list(iter_inputs([str(tmp_path / "root")]))
    assert items[0] == InputRef(str(tmp_path / "root" / "a.txt"), "text")
    assert len(items) == 2 and "symlink loop" in items[1].reason


def test_self_referencing_and_broken_links(tmp_path):
    os.symlink(tmp_path / "self.txt", tmp_path / "self.txt")
    os.symlink(tmp_path / "nowhere.txt", tmp_path / "broken.txt")
    reasons = {os.path.basename(f.source): f.reason for f in iter_inputs([str(tmp_path)])}
    assert "symlink loop" in reasons["self.txt"]
    assert "does not exist" in reasons["broken.txt"]


def test_unreadable_folder_is_a_failure(tmp_path, monkeypatch):
    _touch(tmp_path / "ok" / "a.txt")
    locked = tmp_path / "locked"
    _touch(locked / "b.txt")
    real_listdir = os.listdir

    def listdir(path):
        if os.path.basename(path) == "locked":
            raise PermissionError(13, "Permission denied", path)
        return real_listdir(path)

    monkeypatch.setattr(os, "listdir", listdir)
    items = list(iter_inputs([str(tmp_path)]))
    assert isinstance(items[0], InputFailure) and "permission denied" in items[0].reason
    assert items[1] == InputRef(str(tmp_path / "ok" / "a.txt"), "text")

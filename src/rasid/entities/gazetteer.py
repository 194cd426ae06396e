"""A token trie over normalized name keys and a longest-match scan of a text.

The trie maps word sequences (normalized keys as made by :func:`rasid.entities.link.name_key`)
to payloads (knowledge-base ids). :func:`scan` walks the tokens of a text once: at each
token it tries the clitic-stripped keys of the first word (وبالموصل -> الموصل), follows
the trie over the next words as written, and keeps the longest match; matches never overlap.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Sequence

from rasid.doc import Token
from rasid.entities.link import word_key_tuple
from rasid.text.normalize import normalize

SKIPPED_INSIDE = frozenset("-–—")
MAX_CACHED_WORDS = 50_000        # first-word lookups remembered per trie


@dataclass(slots=True)
class TrieNode:
    children: dict[str, "TrieNode"] = field(default_factory=dict)
    ids: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class TokenMatch:
    """Tokens ``first..last`` (inclusive) matched ``key``, whose ids are ``ids``."""

    first: int
    last: int
    key: str
    ids: tuple[str, ...]


class TokenTrie:
    """Word-level trie: ``add("ولاية خراسان", id)``; ``longest_at(tokens, i)``."""

    def __init__(self) -> None:
        self.root = TrieNode()
        self.size = 0
        self._starts: dict[str, tuple[tuple[str, TrieNode], ...]] = {}

    def clear_caches(self) -> int:
        """Empty the per-word start cache; the entries dropped."""
        dropped = len(self._starts)
        self._starts.clear()
        return dropped

    def add(self, key: str, payload: str) -> None:
        self._starts.clear()
        node = self.root
        for word in key.split(" "):
            node = node.children.setdefault(word, TrieNode())
        if payload not in node.ids:
            node.ids.append(payload)
            self.size += 1

    def get(self, key: str) -> list[str]:
        node = self.root
        for word in key.split(" "):
            nxt = node.children.get(word)
            if nxt is None:
                return []
            node = nxt
        return node.ids

    def _walk(self, node: TrieNode, norms: Sequence[str], i: int) -> tuple[int, TrieNode] | None:
        """Follow ``norms[i:]`` from ``node``; the deepest position holding ids."""
        best = (i - 1, node) if node.ids else None
        j = i
        while j < len(norms):
            nxt = node.children.get(norms[j])
            if nxt is None:
                break
            node = nxt
            if node.ids:
                best = (j, node)
            j += 1
        return best

    def longest_at(self, norms: Sequence[str], i: int) -> TokenMatch | None:
        """The longest match starting at word ``i`` (first word clitic-stripped)."""
        found: TokenMatch | None = None
        for first_key, start in self.starts(norms[i]):
            hit = self._walk(start, norms, i + 1)
            if hit is None:
                continue
            last, node = hit
            if found is None or last > found.last:
                key = " ".join([first_key, *norms[i + 1:last + 1]])
                found = TokenMatch(i, last, key, tuple(node.ids))
        return found


    def starts(self, word: str) -> tuple[tuple[str, TrieNode], ...]:
        """The clitic-stripped keys of ``word`` that begin a name, with their nodes (memoized per word)."""
        found = self._starts.get(word)
        if found is None:
            found = tuple((k, self.root.children[k]) for k in (word_key_tuple(word) if word else ())
                          if k in self.root.children)
            if len(self._starts) >= MAX_CACHED_WORDS:
                self._starts.clear()
            self._starts[word] = found
        return found


def token_norms(tokens: Iterable[Token]) -> list[str]:
    """The matching form of each token (Latin lowercased); dashes become empty (skipped)."""
    out = []
    for t in tokens:
        norm = t.norm if t.norm else normalize(t.text)
        out.append(norm.lower())
    return out


def scan(trie: TokenTrie, norms: Sequence[str]) -> list[TokenMatch]:
    """Non-overlapping longest matches, left to right, over normalized tokens."""
    matches: list[TokenMatch] = []
    i = 0
    while i < len(norms):
        hit = trie.longest_at(norms, i) if norms[i] not in SKIPPED_INSIDE else None
        if hit is None:
            i += 1
            continue
        matches.append(hit)
        i = hit.last + 1
    return matches

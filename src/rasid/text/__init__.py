"""Arabic text operations: tiny pure functions with explicit character constants."""
from rasid.text.normalize import normalize, normalize_digits, strip_diacritics
from rasid.text.segment import split_sentences, tokenize
from rasid.text.clitics import lookup_keys

__all__ = ["normalize", "normalize_digits", "strip_diacritics", "split_sentences", "tokenize", "lookup_keys"]

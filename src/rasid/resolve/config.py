"""Resolution policy and figure data, loaded from ``rasid/data/resolve/`` and validated."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rasid.errors import ResourceError
from rasid.resources import load_json, require_keys
from rasid.text.normalize import normalize

POLICY_FILE = "resolve/policy.json"
FIGURES_FILE = "resolve/figures.json"
HEADS_FILE = "resolve/org_heads.json"


@dataclass(frozen=True)
class Policy:
    """How mentions are scored and clustered (see docs/RECONCILIATION.md)."""

    threshold: float
    linkage_threshold: float
    same_article_extra: float
    family_of_type: dict[str, str]
    type_main_order: tuple[str, ...]
    subtype_specificity: dict[str, int]
    compatible_subtypes: frozenset[frozenset[str]]
    weights: dict[str, float]
    adjacent_day_tolerance: int
    news_window_days: int
    fresh_news_days: int
    figure_close_ratio: float
    figure_far_ratio: float
    max_block_size: int
    perpetrator_roles: frozenset[str]
    precision_rank: dict[str, int]

    def weight(self, name: str) -> float:
        if name not in self.weights:
            raise ResourceError(f"weight {name!r} is missing: add it to the policy file", source=POLICY_FILE)
        return float(self.weights[name])


@dataclass(frozen=True)
class FigureData:
    """Vague words' low values and the cues of early / updated tolls (normalized)."""

    vague_values: dict[str, int]
    early_cues: tuple[str, ...]
    update_cues: tuple[str, ...]
    lower_bound_qualifiers: frozenset[str]
    point_qualifiers: frozenset[str]
    conflict_tolerance_ratio: float


def _family_map(families: dict[str, list[str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for family, types in families.items():
        for event_type in types:
            out[event_type] = family
    return out


@lru_cache(maxsize=1)
def load_policy() -> Policy:
    raw: dict[str, Any] = load_json(POLICY_FILE)
    require_keys(raw, ("threshold", "linkage_threshold", "same_article_extra", "type_families", "type_main_order",
                       "subtype_specificity", "subtype_compatible", "weights", "adjacent_day_tolerance",
                       "news_window_days", "fresh_news_days", "figure_close_ratio", "figure_far_ratio", "max_block_size",
                       "perpetrator_roles", "precision_rank"), POLICY_FILE)
    return Policy(
        threshold=float(raw["threshold"]), linkage_threshold=float(raw["linkage_threshold"]),
        same_article_extra=float(raw["same_article_extra"]),
        family_of_type=_family_map(raw["type_families"]), type_main_order=tuple(raw["type_main_order"]),
        subtype_specificity=dict(raw["subtype_specificity"]),
        compatible_subtypes=frozenset(frozenset(p) for p in raw["subtype_compatible"]),
        weights=dict(raw["weights"]), adjacent_day_tolerance=int(raw["adjacent_day_tolerance"]),
        news_window_days=int(raw["news_window_days"]), fresh_news_days=int(raw["fresh_news_days"]),
        figure_close_ratio=float(raw["figure_close_ratio"]),
        figure_far_ratio=float(raw["figure_far_ratio"]), max_block_size=int(raw["max_block_size"]),
        perpetrator_roles=frozenset(raw["perpetrator_roles"]), precision_rank=dict(raw["precision_rank"]))


@lru_cache(maxsize=1)
def load_figure_data() -> FigureData:
    raw: dict[str, Any] = load_json(FIGURES_FILE)
    require_keys(raw, ("vague_values", "early_cues", "update_cues", "lower_bound_qualifiers",
                       "point_qualifiers", "conflict_tolerance_ratio"), FIGURES_FILE)
    return FigureData(
        vague_values={normalize(k): int(v) for k, v in raw["vague_values"].items()},
        early_cues=tuple(normalize(c) for c in raw["early_cues"]),
        update_cues=tuple(normalize(c) for c in raw["update_cues"]),
        lower_bound_qualifiers=frozenset(raw["lower_bound_qualifiers"]),
        point_qualifiers=frozenset(raw["point_qualifiers"]),
        conflict_tolerance_ratio=float(raw["conflict_tolerance_ratio"]))


@lru_cache(maxsize=1)
def load_org_heads() -> frozenset[str]:
    raw: dict[str, Any] = load_json(HEADS_FILE)
    require_keys(raw, ("heads",), HEADS_FILE)
    return frozenset(normalize(h) for h in raw["heads"])

"""The screen's last layer: a small learned model that asks when unsure.

Patterns miss phrasings nobody wrote down. This model (word and word-pair
weights, trained by `python -m bot.safety.learn` on the labelled corpus in
`tests/safety/corpus/`) catches many of them, and what it catches only ever
gets the direct question, never silence and never a job tip. It runs in plain
Python from `model.json`, so the screen still works offline and costs little.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import pairwise
from typing import NamedTuple


def features(text: str) -> list[str]:
    """Words and adjacent word pairs of normalised text, pairs never across a sentence end."""
    out: list[str] = []
    for sentence in text.split(" . "):
        words = [w for w in sentence.split() if w not in (",", ".")]
        out.extend(words)
        out.extend(f"{a} {b}" for a, b in pairwise(words))
    return out


MIN_WORDS = 4  # shorter texts are answers (a company, a day, "3"), not something to read into
# Evidence: at least EVIDENCE different words or pairs that each lean towards risk on
# their own (gate weight above STRONG). One loaded word ("gone", "end") in a text the
# model otherwise can't read is not enough to interrupt someone.
EVIDENCE = 2
STRONG = 1.5


class Guess(NamedTuple):
    """How likely the message carries risk at all, and the kind it most resembles."""

    risk: float
    kind: str


@dataclass(frozen=True)
class Model:
    """Two logistic regressions over one TF-IDF vector: whether there is risk (a gate
    trained on risk against ordinary talk) and, if so, which kind (trained on risk only)."""

    kinds: tuple[str, ...]
    weights: dict[str, tuple[float, float, tuple[float, ...]]]  # feature -> idf, gate, kinds
    gate_intercept: float
    kind_intercepts: tuple[float, ...]
    threshold: float

    def guess(self, text: str) -> Guess | None:
        """The model's reading of normalised `text`, computed exactly as scikit-learn did
        in training; None for texts too short or too unfamiliar to read into."""
        found = [f for f in features(text) if f in self.weights]
        strong = {f for f in found if self.weights[f][1] > STRONG}
        if len(text.split()) < MIN_WORDS or len(strong) < EVIDENCE:
            return None
        counts = Counter(found)
        values = {f: (1 + math.log(n)) * self.weights[f][0] for f, n in counts.items()}
        norm = math.sqrt(sum(v * v for v in values.values()))
        gate = self.gate_intercept
        kinds = list(self.kind_intercepts)
        for f, v in values.items():
            _, w_gate, w_kinds = self.weights[f]
            gate += w_gate * v / norm
            for i, w in enumerate(w_kinds):
                kinds[i] += w * v / norm
        risk = 1 / (1 + math.exp(-gate))
        return Guess(risk, self.kinds[kinds.index(max(kinds))])


@cache
def model() -> Model | None:
    """The trained model, or None when none has been trained (the patterns still run)."""
    path = resources.files("bot.safety").joinpath("model.json")
    if not path.is_file():
        return None
    raw = json.loads(path.read_text("utf-8"))
    return Model(
        kinds=tuple(raw["kinds"]),
        weights={f: (idf, gate, tuple(kinds)) for f, (idf, gate, kinds) in raw["weights"].items()},
        gate_intercept=raw["gate_intercept"],
        kind_intercepts=tuple(raw["kind_intercepts"]),
        threshold=raw["threshold"],
    )

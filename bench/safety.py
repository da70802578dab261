"""How well and how fast the crisis screen works, on the test corpus and on a hold-out set.

The hold-out set (`bench/safety_holdout/`) is written in other words and
voices than the test corpus and never used in tests, so it shows how far the
screen generalises beyond the messages its authors could see. Speed is the
screen alone per message, beside a whole venting turn through the engine, so
the cost is read as a share of what a person actually waits for.
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path
from unittest.mock import patch

from bench.engine import VENTS, _fill
from bot import Engine, Event
from bot.safety import Finding, Kind, Tier, screen
from tests.safety.corpus import CORPUS, HOLDOUT, RESPONSES, load, score_decoys, score_risk

REPEATS = 5
TURNS = 300


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _quality(folder: Path) -> dict[str, object]:
    risk, decoys = load(folder / "risk"), load(folder / "decoys")
    per_kind = {}
    for kind, messages in risk.items():
        score = score_risk(messages, RESPONSES.get(kind, kind), screen)
        per_kind[kind] = {"messages": score.total, "recall": round(score.recall, 3),
                          "response_match": round(score.response_match, 3),
                          "missed": len(score.missed)}
    alarms = score_decoys(decoys, screen)
    return {
        "risk_messages": sum(map(len, risk.values())),
        "decoy_messages": alarms.total,
        "risk": per_kind,
        "false_alarm_rate": round(alarms.rate, 4),
        "false_alarms": len(alarms.alarms),
        "false_alarm_rate_as_kind": {kind.value: round(alarms.rate_as(kind.value), 4)
                                     for kind in Kind},
        "false_alarm_rate_per_decoy_file": {name: round(alarms.rate_in(name, len(messages)), 4)
                                            for name, messages in decoys.items()},
    }


def _screen_samples(messages: list[str]) -> list[float]:
    samples = []
    for _ in range(REPEATS):
        for message in messages:
            start = time.perf_counter()
            screen(message)
            samples.append(time.perf_counter() - start)
    return samples


def _turn_samples(vents: list[str]) -> list[float]:
    """One venting turn each for people stored mid-vent, as the engine bench has them."""
    rng = random.Random(7)
    samples = []
    with tempfile.TemporaryDirectory(prefix="rebound-bench-") as tmp:
        path = str(Path(tmp) / "safety.db")
        _fill(path, TURNS)
        engine = Engine(path)
        for n in range(TURNS):
            event = Event("bench", "w", f"u{n}", text=rng.choice(vents), event_id=f"safety-{n}")
            start = time.perf_counter()
            engine.handle(event)
            samples.append(time.perf_counter() - start)
        engine.close()
    return samples


def _speed() -> dict[str, object]:
    everything = [message for folder in (CORPUS, HOLDOUT) for part in ("risk", "decoys")
                  for messages in load(folder / part).values() for message in messages]
    decoys = [message for messages in load(CORPUS / "decoys").values() for message in messages]
    screen_samples = _screen_samples(everything)
    turn_samples = _turn_samples(decoys or list(VENTS))
    screen_p50 = _percentile(screen_samples, 0.5)
    turn_p50 = _percentile(turn_samples, 0.5)
    return {
        "screened_messages": len(screen_samples),
        "screen_p50_us": round(screen_p50 * 1e6, 1),
        "screen_p99_us": round(_percentile(screen_samples, 0.99) * 1e6, 1),
        "turns": len(turn_samples),
        "turn_text": "decoys" if decoys else "bench.engine.VENTS",
        "turn_p50_us": round(turn_p50 * 1e6, 1),
        "turn_p99_us": round(_percentile(turn_samples, 0.99) * 1e6, 1),
        "screen_over_turn_p50": round(screen_p50 / turn_p50, 4),
    }


def _patterns_only(text: str) -> Finding:
    """The screen without its learned last layer, to show what that layer adds."""
    with patch("bot.safety.screen.model", lambda: None):
        return screen(text)


def _layers(folder: Path) -> dict[str, object]:
    """Recall over all risk kinds and the false-alarm rate, with and without the model."""
    risk = [m for messages in load(folder / "risk").values() for m in messages]
    decoys = [m for messages in load(folder / "decoys").values() for m in messages]
    out = {}
    for name, check in (("patterns_only", _patterns_only), ("with_model", screen)):
        caught = sum(check(m).tier is not Tier.NONE for m in risk)
        alarms = sum(check(m).tier is not Tier.NONE for m in decoys)
        out[name] = {"recall": round(caught / max(len(risk), 1), 3),
                     "false_alarm_rate": round(alarms / max(len(decoys), 1), 4)}
    return out


def run() -> dict[str, object]:
    return {"corpus": _quality(CORPUS), "holdout": _quality(HOLDOUT),
            "holdout_by_layer": _layers(HOLDOUT), "speed": _speed()}

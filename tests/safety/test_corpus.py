"""The crisis screen against the labelled corpus: every risk message caught, few false alarms.

One missed message is one person in crisis who gets a chirpy job-search
reply, so recall must be complete. False alarms matter too: a screen that
interrupts ordinary venting teaches people to stop talking.
"""

from __future__ import annotations

import pytest

from bot.safety import Kind, screen
from tests.safety.corpus import (
    CORPUS,
    MAX_FALSE_ALARMS,
    MIN_MESSAGES,
    MIN_RESPONSE_MATCH,
    RESPONSES,
    load,
    score_decoys,
    score_risk,
)

RISK = load(CORPUS / "risk")
DECOYS = load(CORPUS / "decoys")


def _listed(messages: list[str]) -> str:
    return "\n".join(f"  - {message}" for message in messages)


@pytest.mark.parametrize("kind", sorted(RESPONSES))
def test_every_risk_message_is_caught(kind: str) -> None:
    score = score_risk(RISK.get(kind, []), RESPONSES[kind], screen)
    assert not score.missed, (
        f"{kind}: recall {score.recall:.1%}, {len(score.missed)} of {score.total} missed:\n"
        + _listed(score.missed))


@pytest.mark.parametrize("kind", sorted(RESPONSES))
def test_risk_messages_get_the_response_that_fits(kind: str) -> None:
    expected = RESPONSES[kind]
    score = score_risk(RISK.get(kind, []), expected, screen)
    assert score.response_match >= MIN_RESPONSE_MATCH, (
        f"{kind}: {score.response_match:.1%} got the {expected!r} response; the others got:\n"
        + _listed([f"{got!r}: {message}" for message, got in score.wrong_response]))


def test_decoys_rarely_raise_an_alarm() -> None:
    score = score_decoys(DECOYS, screen)
    assert score.rate <= MAX_FALSE_ALARMS, (
        f"{score.rate:.1%} of {score.total} decoys flagged:\n"
        + _listed([f"[{name} as {kind}] {text}" for name, text, kind in score.alarms]))


@pytest.mark.parametrize("kind", [kind.value for kind in Kind])
def test_decoys_rarely_look_like_one_kind_of_risk(kind: str) -> None:
    score = score_decoys(DECOYS, screen)
    assert score.rate_as(kind) <= MAX_FALSE_ALARMS, (
        f"{score.rate_as(kind):.1%} of {score.total} decoys flagged as {kind}:\n"
        + _listed([f"[{name}] {text}" for name, text, seen in score.alarms if seen == kind]))


@pytest.mark.parametrize("kind", sorted(MIN_MESSAGES))
def test_each_risk_file_is_big_enough(kind: str) -> None:
    assert len(RISK.get(kind, [])) >= MIN_MESSAGES[kind]


def test_the_corpus_is_big_enough() -> None:
    assert set(RISK) == set(RESPONSES), "every risk file is a kind the tests know"
    assert sum(map(len, RISK.values())) >= 300
    decoys = sum(map(len, DECOYS.values()))
    assert not DECOYS or decoys >= 300, f"only {decoys} decoys"


def test_no_message_is_both_risk_and_decoy() -> None:
    risk = {message.lower() for messages in RISK.values() for message in messages}
    both = sorted(message for messages in DECOYS.values() for message in messages
                  if message.lower() in risk)
    assert not both, "labelled both ways:\n" + _listed(both)

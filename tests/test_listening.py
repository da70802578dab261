"""Listening while someone vents, as the person would notice it."""

from __future__ import annotations

import re

import pytest

from bot import Engine
from tests.conftest import Chat


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.?!])\s+|\n+", text) if len(s.strip()) > 12]


def test_the_feeling_they_express_is_named_back(chat):
    chat.say("hi")
    chat.say("final round. FINAL ROUND. and they picked someone else. i can't stop crying")
    assert "sad" in chat.text
    assert "final round" in chat.text  # the stage, restated


def test_anger_at_oneself_is_self_blame_not_anger_at_them(chat):
    chat.say("hi")
    chat.say("I'm so mad at myself for fumbling the easy question")
    assert "hard on yourself" in chat.text or "blame" in chat.text or "yourself" in chat.text
    assert "angry" not in chat.text and "furious" not in chat.text


def test_a_negated_feeling_is_not_named(chat):
    chat.say("hi")
    chat.say("I'm not sad, just angry.")
    assert "angry" in chat.text
    assert "sad" not in chat.text


def test_two_feelings_are_both_reflected(chat):
    chat.say("hi")
    chat.say("Part of me is sad and part of me is relieved, the commute would have been awful")
    assert "sadness" in chat.text and "relief" in chat.text


@pytest.mark.parametrize("message", [
    "great, another rejection. love that for me",
    "cool cool cool. ghosted again after the second interview",
    "Of course they ghosted me. Shocker.",
])
def test_sarcasm_is_heard_as_worn_down_not_as_fine(chat, message):
    chat.say("hi")
    chat.say(message)
    assert "holding up" not in chat.text
    assert any(w in chat.text for w in ("worn thin", "cynical", "one too many", "of course"))


@pytest.mark.parametrize("message", ["it's fine, I'm used to it by now",
                                     "I'm fine lol, it's just a job"])
def test_minimising_gets_gentle_room_for_it_not_being_fine(chat, message):
    chat.say("hi")
    chat.say(message)
    assert any(w in chat.text for w in ("okay if it isn't", "don't have to be fine",
                                        "bothers you more", "room here"))


# Words any of a feeling's reflections (single or alongside another) would use.
NAMED = {
    "bitter": ("worn thin", "too many", "cynical", "of course", "bitterness"),
    "disappointed": ("disappoint", "hoped for this", "let down"),
    "jealous": ("jealous", "envy", "someone else get what you wanted"),
    "hurt": ("hurt", "stung", "painful"),
    "embarrassed": ("embarrass", "exposed"),
    "anxious": ("worr", "anxiety", "on edge"),
    "numb": ("numb", "feeling nothing", "empty feeling", "all goes quiet"),
    "sad": ("sad", "how low", "hit you hard"),
    "exhausted": ("worn out", "drained", "tired", "exhausting", "exhaustion"),
    "self_blame": ("hard on yourself", "blame", "your fault", "pointed at yourself"),
    "left_behind": ("left behind", "behind", "first", "still waiting"),
    "minimising": ("okay if it isn't", "don't have to be fine", "bothers you more", "room here",
                   "brushing it off"),
    "lost": ("lost", "which way", "way forward", "map"),
}


def named(text: str, feeling: str) -> bool:
    lowered = text.lower()
    return any(word in lowered for word in NAMED[feeling])


@pytest.mark.parametrize(("feeling", "message"), [
    # sarcasm: a thank-you that isn't one, a rating of the experience, "X my arse"
    ("bitter", "thanks Amazon for the four hour loop and the two line rejection"),
    ("bitter", "10/10 would get ghosted again"),
    ("bitter", "they hired the founder's nephew. fair process my arse"),
    # so close, hopes up, the dream job; "gutted" is disappointment
    ("disappointed", "so close. they went with the other finalist"),
    ("disappointed", "had my hopes way up for this one"),
    ("disappointed", "gutted tbh, it was my dream job"),
    # a friend, sibling or colleague getting the job; envy said sideways
    ("jealous", "my flatmate landed the role I wanted"),
    ("jealous", "they gave it to someone with a cousin in HR. must be nice"),
    # the idioms of a blow
    ("hurt", "felt like a punch in the stomach reading that email"),
    ("hurt", "I know it's not personal but it feels so personal"),
    # the public side of a no: having told people
    ("embarrassed", "I told everyone I was getting this job. now I have to untell it"),
    ("embarrassed", "cringing so hard. I called the interviewer by the wrong name"),
    # worry about money and deadlines, said as facts and what-ifs
    ("anxious", "rent is due in two weeks and that was my best lead"),
    ("anxious", "we have a baby on the way. trying not to panic"),
    # numbness without the word
    ("numb", "got the email. don't really feel anything tbh"),
    ("numb", "I thought I'd cry but I'm just staring at the wall"),
    # minimising
    ("minimising", "ok small thing but it's been on my mind, I didn't get the team lead job"),
    ("minimising", "I'm totally fine, it was a long shot anyway"),
    # comparison with peers
    ("left_behind", "all my friends from uni are two years into their careers"),
    # not knowing which way now
    ("lost", "no clue which direction to go now"),
])
def test_feelings_said_without_the_obvious_word_are_named(chat, feeling, message):
    chat.say("hi")
    chat.say(message)
    assert named(chat.text, feeling), chat.text


def test_cringing_at_a_slip_is_embarrassment_not_self_blame(chat):
    chat.say("hi")
    chat.say("cringing so hard. I called the interviewer by the wrong name. twice.")
    assert named(chat.text, "embarrassed")
    assert not named(chat.text, "self_blame")


@pytest.mark.parametrize("message", ["they said no and I'm so sad",
                                     "another no and I'm so sad"])
def test_no_the_answer_does_not_cancel_the_feeling_after_it(chat, message):
    chat.say("hi")
    chat.say(message)
    assert named(chat.text, "sad")


def test_too_tired_to_be_upset_is_tiredness_not_sadness(chat):
    chat.say("hi")
    chat.say("too tired to be upset honestly")
    assert named(chat.text, "exhausted")
    assert not named(chat.text, "sad")


@pytest.mark.parametrize("message", [
    "thank you so much for the help",
    "my contract ends in june so I started looking",
    "they posted the job on linkedin again",
    "I got through to the final two",
    "should I stay in touch with the recruiter?",
    "my friend got in touch with the recruiter for me",
    "Great, so what should I write back?",
])
def test_plain_facts_near_the_new_cues_name_no_feeling(chat, message):
    chat.say("hi")
    chat.say(message)
    for feeling in ("bitter", "anxious", "embarrassed", "disappointed", "lost", "jealous"):
        assert not named(chat.text, feeling), (feeling, chat.text)


def test_no_feeling_words_means_no_feeling_is_named_and_a_question_is_asked(chat):
    chat.say("hi")
    chat.say("They went with someone else.")
    lowered = chat.text.lower()
    for feeling in ("angry", "sad", "frustrat", "disappoint", "anxious", "embarrass"):
        assert feeling not in lowered
    assert "?" in chat.text


def test_what_they_were_told_is_restated_grammatically(chat):
    chat.say("hi")
    chat.say("pissed off. they said I wasn't technical enough")
    assert "you weren't technical enough" in chat.text
    assert "I wasn't" not in chat.text


def test_a_count_and_how_the_news_came_are_restated(chat):
    chat.say("hi")
    chat.say("Sent my fortieth application this month and got nothing back, figures.")
    assert "fortieth application" in chat.text
    chat.say("and the one that did reply was a two-line email")
    assert "a two-line email" in chat.text


def test_the_final_round_is_affirmed(chat):
    chat.say("hi")
    chat.say("I made it to the final round and they said no, I'm gutted")
    assert "final round" in chat.text
    assert "no small thing" in chat.text or "saw a lot in you" in chat.text \
        or "counts for something" in chat.text or "you were close" in chat.text


def test_six_turns_of_venting_never_repeat_a_sentence_or_a_question(chat):
    chat.say("hi")
    said: list[str] = []
    for message in ("I didn't get it and I'm gutted", "I'm just so sad about it",
                    "honestly still sad", "it's all so sad", "sad sad sad",
                    "yeah. sad."):
        chat.say(message)
        said.extend(sentences(chat.last[0].text))
    assert len(said) == len(set(said)), [s for s in said if said.count(s) > 1]
    questions = [s for s in said if s.endswith("?")]
    assert len(questions) >= 2


def test_reassurance_comes_with_self_blame_not_with_the_turn_count(chat):
    chat.say("hi")
    chat.say("They went with someone else.")
    chat.say("The role was a data analyst job.")
    assert "not a verdict" not in chat.text and "control" not in chat.text
    chat.say("It's my fault, I messed up the case study.")
    assert any(w in chat.text for w in ("verdict", "worth", "got this far", "says far less"))


def test_comparison_with_others_gets_perspective(chat):
    chat.say("hi")
    chat.say("Everyone in my cohort got offers already and I feel so behind.")
    assert "left behind" in chat.text or "behind" in chat.text
    assert any(w in chat.text for w in ("timeline", "highlight", "clock", "for them"))


def test_the_pause_tip_comes_when_they_want_to_apply_again_straight_away(chat):
    chat.say("hi")
    chat.say("ugh, that one hurt")
    assert "next application" not in chat.text and "apply again" not in chat.text
    chat.say("I'm going to apply to more jobs tonight to get over it")
    assert any(w in chat.text for w in ("next application", "apply again", "next one",
                                        "break from the search"))


@pytest.mark.parametrize(("region", "body"), [
    ("US", "EEOC"), ("GB", "Acas"), ("IE", "Workplace Relations Commission"),
    ("FR", "employment rights body"), ("", "employment rights body"),
])
def test_possible_discrimination_is_taken_seriously(db, clock, region, body):
    engine = Engine(db, clock=clock, region=region)
    chat = Chat(engine)
    chat.say("hi")
    chat.say("In the final interview they asked if I planned to have kids. Then a no.")
    assert "discrimination" in chat.text and "serious" in chat.text
    assert "write down the dates" in chat.text
    assert chat.text.count("can't give legal advice") == 1
    assert body in chat.text
    for message in ("It's my fault for mentioning my family", "I keep asking why they did it",
                    "what did I do wrong"):
        chat.say(message)
        assert "control" not in chat.text and "behind the scenes" not in chat.text
        assert "no candidate can see" not in chat.text
    engine.close()


def test_the_word_discrimination_gets_one_disclaimer_not_two(chat):
    chat.say("hi")
    chat.say("I think I was discriminated against because of my race")
    assert chat.text.count("can't give legal advice") == 1
    assert "employment rights body" in chat.text


@pytest.mark.parametrize("message", [
    "just the email please", "skip the chat, I need a reply", "I only want a reply draft",
    "can you just write the email", "no chat, just the reply",
])
def test_just_the_email_goes_straight_to_the_facts(chat, message):
    chat.say(message)
    assert "bot" in chat.text  # still says what it is
    assert "what happened" not in chat.text.lower()
    assert "straight to the email" in chat.text
    assert "Which company" in chat.text


def test_the_fast_path_works_midway_through_venting(chat):
    chat.say("hi")
    chat.say("I'm so angry about it")
    chat.say("actually can you just write the email")
    assert "straight to the email" in chat.text and "Which company" in chat.text


def test_the_ways_on_stay_available(chat):
    chat.say("hi")
    chat.say("I'm so angry about it")
    chat.say("and sad too")
    for label in ("Reflect on what happened", "Draft a reply to them", "Make a plan",
                  "That's all for now"):
        assert label in chat.labels


def test_a_non_native_speaker_is_heard(chat):
    chat.say("hi")
    chat.say("Today I receive the refusal from the final interview. I am so disappointed.")
    assert "disappoint" in chat.text or "let down" in chat.text or "hoped" in chat.text
    assert "final interview" in chat.text


def test_idk_is_met_gently(chat):
    chat.say("hi")
    chat.say("idk")
    assert any(w in chat.text for w in ("right words", "completely fine", "No rush", "go slowly"))
    assert "angry" not in chat.text and "sad" not in chat.text


@pytest.mark.parametrize("news", [
    "I did not get the Northwind job, they went with someone else",
    "got the rejection this morning",
    "they turned me down after three rounds",
])
def test_news_already_told_is_not_asked_for_again(chat, news):
    chat.say("hi")
    chat.say(news)
    assert "tell me what happened" not in chat.text


def test_a_first_message_without_the_news_is_asked_what_happened(chat):
    chat.say("hi")
    chat.say("it's about a job I went for")
    assert "what happened" in chat.text

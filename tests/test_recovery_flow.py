"""The recovery conversation from a person's side: every step, by buttons and by text."""

from __future__ import annotations

from tests.conftest import Chat


def facts_by_text(chat: Chat, *answers: str) -> None:
    for answer in answers:
        chat.say(answer)


def test_first_message_says_it_is_a_bot_and_invites_the_story(chat):
    chat.say("hi")
    assert "bot" in chat.text and "not a therapist" in chat.text
    assert "what happened" in chat.text.lower()


def test_a_first_message_with_the_story_is_heard_straight_away(chat):
    chat.say("I didn't get the job at Acme and I'm furious")
    assert "I'm Rebound" in chat.text
    assert "angry" in chat.text  # the feeling is named back
    assert "Reflect on what happened" in chat.labels


def test_venting_gives_no_advice_until_the_person_moves_on(chat):
    chat.say("hi")
    chat.say("They ghosted me after four rounds")
    chat.say("I feel so stupid for getting my hopes up")
    assert "embarrass" in chat.text
    assert "Draft a reply to them" in chat.labels
    chat.say("and honestly I'm exhausted")
    assert any(word in chat.text for word in ("worn out", "drained", "tired", "exhausting"))
    assert "Subject" not in chat.text and "suggest" not in chat.text


def test_full_conversation_by_text(chat):
    chat.say("hi")
    chat.say("I lost out on the designer job at Acme")
    chat.say("reflect on what happened")
    assert "- Company: Acme" in chat.text and "- Role: designer" in chat.text  # heard already
    chat.pick("Change something")
    assert "Which company" in chat.text and "So far I have: Acme" in chat.text
    facts_by_text(chat, "Acme", "Product Designer", "final round", "yes", "an email", "Sam Lee",
                  "the whiteboard session")
    assert "What went well" in chat.text
    chat.say("I connected with the team")
    chat.say("I'd prepare more stories")
    chat.say("Tell me about a time you disagreed with a PM?")
    assert "practice list" in chat.text
    chat.say("Figma prototyping")
    chat.say("yes")
    assert "To practise: Tell me about a time you disagreed with a PM?" in chat.text
    assert "To learn: Figma prototyping" in chat.text
    chat.say("draft a reply to them")
    assert "Subject: Thank you – Product Designer at Acme" in chat.text
    assert "Dear Sam," in chat.text and "Sam Lee" not in chat.text  # first name, warm tone
    assert "advice on how I could strengthen" in chat.text
    chat.say("make a plan")
    assert "Send your thank-you reply to Acme" in chat.text
    assert "Follow up on your feedback request" in chat.text
    assert "Prepare an answer to: Tell me about a time you disagreed with a PM?" in chat.text
    assert "Find a course or small project for Figma prototyping" in chat.text
    assert "I'd start with the first five" in chat.text
    chat.say("1 2 3")
    chat.say("2 next Friday")
    assert "Prepare an answer to: Tell me about a time you disagreed with a PM? (Fri 20 Nov)" \
        in chat.text
    chat.say("save my plan")
    assert "Saved: 3 steps" in chat.text
    chat.say("my plan")
    assert "Send your thank-you reply to Acme (today)" in chat.text

"""Who answers a turn: an ordered list of guards, each readable on its own.

By the time a turn gets here the engine has dropped a repeated event (the
platforms retry; a person must never get two answers to one message). Then
each guard in GUARDS, in order, looks at what the person did and either
answers the turn (True) or leaves it to the next:

1. the crisis screen, before any flow can react to the words;
2. asides said alongside any answer (what the bot won't advise on, a message cut short);
3. a slash command;
4. a button on a group's post or a delivery, which works even for someone new;
5. a first contact: the welcome (or a command, or a post's button typed by its label);
6. coming back after a pause;
7. a typed command ("back", "my plan", "start over", ...);
8. a typed rating for the open mood question;
9. a button (clicked, or typed as its label or number) that works from any step;
10. a click on an older question's button: stale, said kindly, nothing changes;
11. a form that belongs to an earlier step: the same;
12. an empty message;
13. the current step, which answers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property

from bot import choices, on_screen
from bot.flows import care, commands, mood_check, nav
from bot.flows.base import Turn
from bot.flows.names import START
from bot.pasted_email import looks_like_email
from bot.safety import Tier, screen
from bot.text import MAX_TEXT, NO, SKIP, YES, clean, normal


@dataclass
class Heard:
    """What the person did, as every guard sees it."""

    t: Turn
    cut: bool
    """Their message was longer than MAX_TEXT and was cut."""

    @property
    def new(self) -> bool:
        """No conversation yet (or none left after "forget me" or a purge)."""
        return not self.t.conv.step

    @property
    def typed(self) -> bool:
        """Only words: no click, no form."""
        return not self.t.event.choice and not self.t.event.values and bool(self.t.text)

    @property
    def numbers(self) -> bool:
        """A typed number means the Nth button, unless the step numbers its own list."""
        return not nav.current(self.t).own_numbers

    @cached_property
    def choice(self) -> str | None:
        """The button clicked, or named by the words typed: the newest buttons first, by
        number or label, then older ones still on screen, by label only."""
        t = self.t
        return t.event.choice or match(t.text, t.data.offered, numbers=self.numbers) or match(
            t.text, on_screen.earlier(t.data, t.conv.step), numbers=False)


Guard = Callable[[Turn, Heard], bool]


def crisis(t: Turn, heard: Heard) -> bool:
    said = t.whole or t.text or form_text(t.event.values)
    finding = screen(said, heightened=bool(t.data.risk)) if said else None
    if finding is None or finding.tier is Tier.NONE:
        return False
    care.record(t, finding)
    nav.place(t, START)  # someone whose first words needed care comes back to the start
    care.start(t, finding)
    return True


def asides(t: Turn, heard: Heard) -> bool:
    if t.text:
        care.note_advice_limits(t)
    if heard.cut and not looks_like_email(t.whole):  # a pasted email is read in full
        t.say("global/too_long", kept=f"{MAX_TEXT:,}")
    return False


def slash_command(t: Turn, heard: Heard) -> bool:
    if not t.event.command:
        return False
    commands.slash(t, heard.new)
    return True


def post_button(t: Turn, heard: Heard) -> bool:
    if not (t.event.choice and choices.anywhere(t.event.choice, choices.ON_POSTS)):
        return False
    commands.by_choice(t, t.event.choice)
    return True


def first_contact(t: Turn, heard: Heard) -> bool:
    if not heard.new:
        return False
    if heard.typed and commands.by_text(t):
        return True
    shown = match(t.text, t.data.offered) or match(
        t.text, on_screen.earlier(t.data, ""), numbers=False)
    if heard.typed and shown and choices.anywhere(shown):
        t.shown = True
        commands.by_choice(t, shown)  # "Join this group", typed by someone new
    else:
        commands.begin(t)
    return True


def welcome_back(t: Turn, heard: Heard) -> bool:
    paused, t.data.paused = t.data.paused, False  # anything they do ends the pause
    if not paused or t.event.choice or t.event.values:
        return False
    if not commands.by_text(t):
        t.say("global/welcome_back")
        nav.reask(t)
    return True


def typed_command(t: Turn, heard: Heard) -> bool:
    return not t.event.choice and not t.event.values and commands.by_text(t)


def mood_rating(t: Turn, heard: Heard) -> bool:
    """A typed rating answers the open mood question, whatever button is Nth."""
    latest = t.data.offered
    asked = any(choices.anywhere(ident, (choices.MOOD,)) for ident, _ in latest)
    return heard.typed and (asked or not match(t.text, latest, numbers=heard.numbers)) \
        and mood_check.typed(t)


def anywhere_button(t: Turn, heard: Heard) -> bool:
    if not (heard.choice and choices.anywhere(heard.choice)):
        return False
    t.shown = not t.event.choice
    commands.by_choice(t, heard.choice)
    return True


def stale_click(t: Turn, heard: Heard) -> bool:
    if not heard.choice:
        return False
    step, option = choices.answered(heard.choice) or ("", "")
    if step == t.conv.step:
        t.choice = option  # the step sees the option its button carried
        return False
    t.say("global/stale_click")
    nav.reask(t)
    return True


def stale_form(t: Turn, heard: Heard) -> bool:
    if t.event.values is None or nav.current(t).takes_form:
        return False
    t.say("global/stale_form")
    nav.reask(t)
    return True


def empty(t: Turn, heard: Heard) -> bool:
    if t.text or t.choice or t.event.values:
        return False
    t.say("global/empty")
    nav.reask(t)
    return True


def current_step(t: Turn, heard: Heard) -> bool:
    nav.current(t).answer(t)
    return True


GUARDS: tuple[Guard, ...] = (
    crisis, asides, slash_command, post_button, first_contact, welcome_back, typed_command,
    mood_rating, anywhere_button, stale_click, stale_form, empty, current_step,
)


def run(t: Turn, cut: bool) -> None:
    """Answer the turn: the first guard that takes it does."""
    heard = Heard(t, cut)
    for guard in GUARDS:
        if guard(t, heard):
            return


def form_text(values: Mapping[str, object] | None) -> str:
    """What a person typed into a form, as one text for the screen (the fields' order kept)."""
    if not values:
        return ""
    return "\n".join(clean(v)[0] for v in values.values() if isinstance(v, str))


def match(text: str, offered: list[list[str]], *, numbers: bool = True) -> str | None:
    """The offered button that typed text names: its number, its label or its option word.

    `numbers` is False where the step numbers its own list (plan items): there a
    typed "1" means item 1, not the first button.
    """
    said = normal(text)
    if not said or not offered:
        return None
    if said.isdecimal():
        if not numbers:
            return None
        index = int(said) - 1
        return offered[index][0] if 0 <= index < len(offered) else None
    return next((ident for ident, label in offered if _names(said, ident, label)), None)


def _names(said: str, ident: str, label: str) -> bool:
    """Whether typed words name this button: its label, its option, or yes/no/skip."""
    option = choices.last_word(ident)
    if said in (normal(label), normal(option.replace("_", " "))):
        return True
    return (option == "yes" and said in YES) or (option == "no" and said in NO) \
        or (option == "skip" and said in SKIP)

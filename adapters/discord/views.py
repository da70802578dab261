"""Buttons and modals whose custom_ids carry everything needed to act on them.

Every button is a `DynamicItem`: discord.py matches the custom_id against a
template and rebuilds the item from it, so a click on a message sent before a
restart works, and sending a message stores nothing in the view store. The
engine resolves what a click means against the person's stored state, which
is why an old or repeated click gets a polite answer instead of an error.

Modals are not kept in discord.py's store either (it keys them by custom_id
alone and forgets them on restart): `Bot.on_interaction` decodes submits
from the stable `rb:f:<form id>` custom_id and the inputs' field ids.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, ClassVar, Self

import discord

from adapters.discord.render import plain_cut
from bot.model import Choice, Field, Form, Link

if TYPE_CHECKING:
    from adapters.discord.bot import ReboundBot

CUSTOM_ID_MAX = 100
LABEL_MAX = 80
BUTTONS_MAX = 25  # 5 rows of 5
ROW_WIDTH = 5
MODAL_INPUTS_MAX = 5
MODAL_TITLE_MAX = 45
INPUT_LABEL_MAX = 45
PLACEHOLDER_MAX = 100
TEXT_INPUT_MAX = 4000
SELECT_OPTIONS_MAX = 25
SELECT_TEXT_MAX = 100
URL_MAX = 512
LINK_SCHEMES = ("http://", "https://", "discord://")
"""The only addresses Discord takes in a link button (no mailto:)."""

CHOICE = "rb:c:"
BY_LABEL = "rb:l:"
FORM_BUTTON = "rb:o:"
FORM_MODAL = "rb:f:"
CONTINUE_HERE = "rb:here"
MENU = "rb:menu"
TEMPLATES = {
    "choice": re.compile(r"rb:c:(?P<key>.+)"),
    "label": re.compile(r"rb:l:(?P<key>\d+)"),
    "form": re.compile(r"rb:o:(?P<key>.+)"),
    "here": re.compile(r"rb:here"),
    "menu": re.compile(r"rb:menu"),
}


def _bot(interaction: discord.Interaction) -> ReboundBot:
    return interaction.client  # type: ignore[return-value]


class _KeyedButton(discord.ui.DynamicItem[discord.ui.Button], template=r"rb:(?P<key>.*)"):
    """A button whose one value, `key`, rides in its custom_id after `PREFIX`.

    Each kind below has its own template (registered with discord.py) and
    says what a click does; rebuilding one from a click is the same for all.
    """

    PREFIX: ClassVar[str] = ""
    STYLE: ClassVar[discord.ButtonStyle] = discord.ButtonStyle.secondary

    def __init__(self, key: str = "", label: str = "") -> None:
        super().__init__(discord.ui.Button(label=label or None, custom_id=self.PREFIX + key,
                                           style=self.STYLE))
        self.key, self.label = key, label

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str], /) -> Self:
        return cls(match.groupdict().get("key") or "", getattr(item, "label", None) or "")


class ChoiceButton(_KeyedButton, template=TEMPLATES["choice"]):
    """A `Choice`: its id rides in the custom_id (`rb:c:recovery.vent:reflect`)."""

    PREFIX = CHOICE

    async def callback(self, interaction: discord.Interaction) -> None:
        await _bot(interaction).on_choice(interaction, self.key)


class LabelButton(_KeyedButton, template=TEMPLATES["label"]):
    """A choice whose id is too long for a custom_id: a click sends its label as typed text,
    which the engine matches against what it offered (as it does for typed answers)."""

    PREFIX = BY_LABEL

    async def callback(self, interaction: discord.Interaction) -> None:
        await _bot(interaction).on_label(interaction, self.label)


class FormButton(_KeyedButton, template=TEMPLATES["form"]):
    """Opens the modal for the form with this id (`rb:o:recovery.facts`)."""

    PREFIX = FORM_BUTTON
    STYLE = discord.ButtonStyle.primary

    async def callback(self, interaction: discord.Interaction) -> None:
        await _bot(interaction).on_form_button(interaction, self.key)


class ContinueHereButton(_KeyedButton, template=TEMPLATES["here"]):
    """Offered when someone's DMs are closed: carry on in ephemeral messages in the channel."""

    PREFIX = CONTINUE_HERE
    STYLE = discord.ButtonStyle.primary

    async def callback(self, interaction: discord.Interaction) -> None:
        await _bot(interaction).on_continue_here(interaction)


class MenuSelect(discord.ui.DynamicItem[discord.ui.Select], template=TEMPLATES["menu"]):
    """More choices than fit as buttons (every open plan step): each option's value is a
    choice id, so one stable custom_id serves every menu, before and after a restart."""

    def __init__(self, choices: tuple[Choice, ...] = (), placeholder: str = "") -> None:
        super().__init__(discord.ui.Select(
            custom_id=MENU, placeholder=plain_cut(placeholder, PLACEHOLDER_MAX) or None,
            options=[discord.SelectOption(label=plain_cut(c.label, SELECT_TEXT_MAX),
                                          value=c.id)
                     for c in choices if len(c.id) <= SELECT_TEXT_MAX][:SELECT_OPTIONS_MAX]
            or [discord.SelectOption(label="-", value="-")]))

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str], /) -> MenuSelect:
        return cls()

    async def callback(self, interaction: discord.Interaction) -> None:
        picked = _listed((interaction.data or {}).get("values"))
        await _bot(interaction).on_choice(interaction, _string(picked[0]) if picked else "")


DYNAMIC_ITEMS = (ChoiceButton, LabelButton, FormButton, ContinueHereButton, MenuSelect)


def known(custom_id: str) -> bool:
    """Whether a button's custom_id is one of ours that discord.py will dispatch."""
    return any(template.fullmatch(custom_id) for template in TEMPLATES.values())


def fits(prefix: str, ident: str) -> bool:
    return len(prefix) + len(ident) <= CUSTOM_ID_MAX


def linkable(link: Link) -> bool:
    """Whether Discord takes `link` as a button: http, https or discord, up to 512 characters."""
    return link.url.lower().startswith(LINK_SCHEMES) and len(link.url) <= URL_MAX


def buttons(choices: tuple[Choice, ...], form: Form | None,
            extra: discord.ui.Item[Any] | None = None, menu: tuple[Choice, ...] = (),
            placeholder: str = "", links: tuple[Link, ...] = ()) -> discord.ui.View | None:
    """The buttons (and a select `menu`) for a reply, or None when it has none.

    `timeout=None` and only dynamic items and link buttons (which Discord
    opens itself, with no interaction): discord.py keeps nothing per sent
    message, and the buttons work for as long as the message exists. Links
    come first; one Discord cannot open is left out (see `linkable`).
    """
    items: list[discord.ui.Item[Any]] = [
        discord.ui.Button(label=plain_cut(link.label, LABEL_MAX), url=link.url)
        for link in links if linkable(link)]
    seen: set[str] = set()
    for n, choice in enumerate(choices):
        label = plain_cut(choice.label, LABEL_MAX)
        item = (ChoiceButton(choice.id, label) if fits(CHOICE, choice.id)
                else LabelButton(str(n), label))
        if item.custom_id not in seen:
            seen.add(item.custom_id)
            items.append(item)
    if form is not None and form.fields and fits(FORM_MODAL, form.id):
        items.append(FormButton(form.id, plain_cut(form.open_label, LABEL_MAX)))
    if extra is not None:
        items.append(extra)
    if not items and not menu:
        return None
    view = discord.ui.View(timeout=None)
    # A select fills a row of its own: four rows of buttons are left beside it.
    for item in items[:BUTTONS_MAX - ROW_WIDTH if menu else BUTTONS_MAX]:
        view.add_item(item)
    if menu:
        view.add_item(MenuSelect(menu, placeholder))
    return view


def _input(field: Field) -> discord.ui.Item[Any]:
    """A select where Discord allows one, else a text input (the engine takes labels too)."""
    if field.kind == "select" and 0 < len(field.options) <= SELECT_OPTIONS_MAX:
        return discord.ui.Select(
            custom_id=field.id,
            placeholder=plain_cut(field.hint, PLACEHOLDER_MAX) or None,
            min_values=1 if field.required else 0,
            max_values=1,
            required=field.required,
            options=[
                discord.SelectOption(label=plain_cut(o.label, SELECT_TEXT_MAX),
                                     value=o.id[:SELECT_TEXT_MAX], default=o.id == field.value)
                for o in field.options
            ],
        )
    limit = max(1, min(field.max_length, TEXT_INPUT_MAX))
    return discord.ui.TextInput(
        custom_id=field.id,
        style=discord.TextStyle.paragraph if field.kind == "long" else discord.TextStyle.short,
        placeholder=plain_cut(field.hint, PLACEHOLDER_MAX) or None,
        default=field.value[:limit] or None,
        required=field.required,
        max_length=limit,
    )


def modal(form: Form) -> discord.ui.Modal:
    """The first five fields of `form` as a modal; the engine asks for the rest afterwards."""
    view = discord.ui.Modal(title=plain_cut(form.title, MODAL_TITLE_MAX),
                            custom_id=FORM_MODAL + form.id, timeout=None)
    for field in form.fields[:MODAL_INPUTS_MAX]:
        view.add_item(discord.ui.Label(text=plain_cut(field.label, INPUT_LABEL_MAX),
                                       component=_input(field)))
    # Stopped before it is sent, so discord.py does not keep it: the submit is
    # decoded from its custom_id by the bot, which also works after a restart.
    view.stop()
    return view


def submitted(data: dict[str, Any]) -> dict[str, str]:
    """Field id -> value from a modal submit payload (labels, or legacy action rows).

    Every part is type-checked as it is read: a component that isn't an
    object, an id that isn't a string or a value of the wrong type is skipped
    or read as empty, so an odd payload becomes an ordinary (re-asked) answer.
    """
    values: dict[str, str] = {}
    stack = list(_listed(data.get("components")))
    while stack:
        component = stack.pop(0)
        if not isinstance(component, dict):
            continue
        if isinstance(component.get("component"), dict):
            stack.append(component["component"])
        stack.extend(_listed(component.get("components")))
        custom_id = component.get("custom_id")
        if not isinstance(custom_id, str) or not custom_id:
            continue
        if "value" in component:
            values[custom_id] = _string(component["value"])
        elif "values" in component:
            picked = _listed(component["values"])
            values[custom_id] = _string(picked[0]) if picked else ""
    return values


def _listed(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _string(value: object) -> str:
    return value if isinstance(value, str) else ""

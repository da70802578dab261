"""The Rebound Discord bot: DMs and interactions in, the engine's replies out.

Where replies go, and why:
- a DM, and buttons or forms clicked in a DM: the person's DM channel;
- `/rejected`, or a button on a group post, in a server: the engine's private
  notes as ephemeral messages, the conversation itself in the person's DMs;
  if their DMs are closed, an ephemeral explanation and a button to carry on
  in ephemeral messages there instead (remembered while the process runs).
Nothing a person does is ever answered publicly in a channel; only the
engine's scheduled group posts (see `reminders`) go to one.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import json
import logging
import time
from collections import OrderedDict
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

import discord
import yarl
from discord import app_commands
from discord.gateway import DiscordWebSocket

from adapters.discord import PLATFORM, SEND_ERRORS, WORKSPACE, views, why
from adapters.discord.reminders import remind_forever, transport
from adapters.discord.render import messages, plain_cut
from adapters.markup import plain
from adapters.sender import Sender
from bot import Engine, Event, Form, Reply
from bot.engine import where as failure

COMMAND = "rejected"
ACTIONS = ("start", "help", "plan", "group", "checkin", "export", "forget")
# "Carry on here" whose pending replies were lost in a restart, or a button in a
# format this version no longer makes, asks the engine to resume: it re-asks the
# current step and nothing else changes.
RESUME = "go:resume"
REMEMBER = 2048  # people whose unsent replies or "carry on here" are remembered
ORIGINAL = "rebound_original_pending"
HANDLER_TASKS = ("discord.py: on_", "discord-ui", "CommandTree")  # as discord.py names them
SHUTDOWN_GRACE = 5.0

log = logging.getLogger("rebound.discord")

K = TypeVar("K")
V = TypeVar("V")


class Recent(Generic[K, V]):
    """A small LRU map: memory stays bounded however many people use the bot."""

    def __init__(self, size: int = REMEMBER) -> None:
        self.size = size
        self._items: OrderedDict[K, V] = OrderedDict()

    def put(self, key: K, value: V) -> None:
        self._items[key] = value
        self._items.move_to_end(key)
        while len(self._items) > self.size:
            self._items.popitem(last=False)

    def get(self, key: K) -> V | None:
        return self._items.get(key)

    def pop(self, key: K) -> V | None:
        return self._items.pop(key, None)


def quiet_library_logs() -> None:
    """Keep discord.py's DEBUG logging off: it logs message payloads and interaction tokens."""
    library = logging.getLogger("discord")
    if library.level < logging.INFO:
        library.setLevel(logging.INFO)


def use_api_base(url: str | None) -> None:
    """Send every REST call, interaction callbacks included, to `url` (DISCORD_API_BASE)."""
    if url:
        discord.http.Route.BASE = url.rstrip("/")


@dataclass(frozen=True)
class Where:
    """Where one event's replies go.

    `inline`: the conversation lives in the interaction (a slash command in a
    DM, or ephemeral messages when DMs are closed) rather than the DM channel;
    private notes and form errors always go to the interaction.
    """

    user: int
    interaction: discord.Interaction | None = None
    inline: bool = False
    ephemeral: bool = False
    dm: discord.abc.Messageable | None = None  # when known; else opened from the user id


class ReboundBot(discord.Client):
    """Rebound on Discord. No privileged intents: DMs and slash commands need none."""

    def __init__(
        self,
        engine: Engine,
        *,
        command_state: Path | None = None,
        force_sync: bool = False,
        remind_every: float | None = 30.0,
        sleep: Callable[[float], None] = time.sleep,
        **options: Any,
    ) -> None:
        # Rebound never joins voice: skip discord.py's start-up warnings about voice libraries.
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        intents = discord.Intents.none()
        intents.guilds = True
        intents.dm_messages = True
        super().__init__(
            intents=intents,
            allowed_mentions=discord.AllowedMentions.none(),
            max_messages=None,  # never keep people's messages in memory
            member_cache_flags=discord.MemberCacheFlags.none(),
            chunk_guilds_at_startup=False,
            **options,
        )
        quiet_library_logs()
        self.engine = engine
        self.command_state = command_state
        self.force_sync = force_sync
        self.remind_every = remind_every
        # The outbox's sender for this process; `sleep` is its wait between retries.
        self.sender = Sender(engine, transport(self), platform=PLATFORM, sleep=sleep, threads=1)
        self.tree = app_commands.CommandTree(self)
        self.tree.add_command(self._rejected_command())
        self.pending: Recent[int, list[Reply]] = Recent()
        self.here: Recent[int, bool] = Recent()  # chose to carry on ephemerally (DMs closed)
        self._reminders: asyncio.Task[None] | None = None

    # -- start-up ------------------------------------------------------------

    async def setup_hook(self) -> None:
        """Runs at every login: buttons, the gateway URL, commands if changed, reminders."""
        self.add_dynamic_items(*views.DYNAMIC_ITEMS)
        if not isinstance(self, discord.AutoShardedClient):
            # A plain Client connects to a hard-coded gateway; ask the API (which
            # DISCORD_API_BASE may redirect) as Discord recommends.
            _, url, _ = await self.http.get_bot_gateway()
            DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(url)
        await self.sync_commands()
        if self.remind_every and self._reminders is None:
            self._reminders = asyncio.create_task(remind_forever(self, self.remind_every))

    def command_digest(self) -> str:
        definitions = [command.to_dict(self.tree) for command in self.tree.get_commands()]
        payload = json.dumps({"application": self.application_id, "commands": definitions},
                             sort_keys=True)
        return hashlib.sha256(payload.encode()).hexdigest()

    async def sync_commands(self) -> None:
        """Bulk-overwrite the commands only when they changed (Discord limits command creates)."""
        if self.command_state is None:
            return
        digest = self.command_digest()
        try:
            known = self.command_state.read_text().strip()
        except OSError:
            known = ""
        if known == digest and not self.force_sync:
            log.info("slash commands unchanged; not syncing")
            return
        await self.tree.sync()
        log.info("slash commands synced")
        try:
            self.command_state.write_text(digest + "\n")
        except OSError as exc:
            log.warning("could not record the command digest (%s); will sync again next start",
                        type(exc).__name__)

    async def close(self) -> None:
        """Stop, after letting replies already being sent finish (a deploy loses no answer)."""
        if self._reminders is not None:
            self._reminders.cancel()
            self._reminders = None
        me = asyncio.current_task()
        busy = [t for t in asyncio.all_tasks()
                if t is not me and t.get_name().startswith(HANDLER_TASKS)]
        if busy:
            await asyncio.wait(busy, timeout=SHUTDOWN_GRACE)
        await super().close()

    def _rejected_command(self) -> app_commands.Command[Any, Any, None]:
        def say(name: str, limit: int = 100) -> str:
            return plain_cut(plain(self.engine.say(f"chrome/discord/command/{name}")), limit)

        @app_commands.command(name=COMMAND, description=say("description"))
        @app_commands.describe(action=say("action"), what_happened=say("what_happened"))
        @app_commands.choices(action=[app_commands.Choice(name=say(a), value=a) for a in ACTIONS])
        @app_commands.allowed_contexts(guilds=True, dms=True, private_channels=False)
        @app_commands.allowed_installs(guilds=True, users=False)
        async def rejected(interaction: discord.Interaction,
                           action: app_commands.Choice[str] | None = None,
                           what_happened: str | None = None) -> None:
            await self.on_rejected(interaction, action.value if action else what_happened or "")

        return rejected

    # -- what people do ------------------------------------------------------

    async def on_message(self, message: discord.Message) -> None:
        """A DM. Server messages, bots (this one too), webhooks and system messages are ignored."""
        if (not isinstance(message.channel, discord.DMChannel) or message.author.bot
                or message.webhook_id
                or (self.user is not None and message.author.id == self.user.id)
                or message.type not in (discord.MessageType.default, discord.MessageType.reply)):
            return
        log.debug("dm message id=%s", message.id)
        replies = await self.turn(message.author.id, text=message.content,
                                  event_id=str(message.id), name=message.author.display_name)
        await self.deliver(replies, Where(message.author.id, dm=message.channel))

    async def on_rejected(self, interaction: discord.Interaction, text: str) -> None:
        """`/rejected`: acknowledged at once (ephemerally in a server), then the engine's turn."""
        in_server = interaction.guild_id is not None
        log.debug("slash command id=%s in_server=%s", interaction.id, in_server)
        await interaction.response.defer(ephemeral=in_server, thinking=True)
        interaction.extras[ORIGINAL] = True
        replies = await self.turn(interaction.user.id, command=COMMAND, text=text,
                                  **self._context(interaction))
        # An explicit /rejected tries their DMs again, in case they have opened them.
        self.here.pop(interaction.user.id)
        await self.answer(interaction, replies)

    async def on_choice(self, interaction: discord.Interaction, choice: str) -> None:
        """A button: acknowledged without changing the message, then the engine's turn."""
        await self._after_click(interaction, choice=choice)

    async def on_label(self, interaction: discord.Interaction, label: str) -> None:
        await self._after_click(interaction, text=label)

    async def on_form_button(self, interaction: discord.Interaction, form_id: str) -> None:
        """Opens the form as a modal (the first reply to the click, as Discord requires).

        The form comes from the engine's stored state, so a button from before a
        restart still opens it with today's values; a form the person has moved
        past goes to the engine as a click on that step, answered as stale.
        """
        form: Form | None = await asyncio.to_thread(
            self.engine.form, PLATFORM, WORKSPACE, str(interaction.user.id), form_id)
        if form is None:
            log.debug("form %s no longer current", form_id)
            await self._after_click(interaction, choice=f"{form_id}:form")
            return
        await interaction.response.send_modal(views.modal(form))

    async def on_continue_here(self, interaction: discord.Interaction) -> None:
        """DMs closed: carry on in ephemeral messages, starting with what could not be sent."""
        self.here.put(interaction.user.id, True)
        replies = self.pending.pop(interaction.user.id)
        if replies is None:
            await self._after_click(interaction, choice=RESUME)
            return
        await interaction.response.defer()
        await self.answer(interaction, replies)

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        """Modal submits, decoded from their stable custom_id (see `views`), and buttons
        in a format this version no longer makes, which would otherwise fail silently."""
        data: dict[str, Any] = dict(interaction.data or {})
        custom_id = str(data.get("custom_id", ""))
        if interaction.type is discord.InteractionType.component and not views.known(custom_id):
            log.debug("unknown button id=%s; resuming", interaction.id)
            await self._after_click(interaction, choice=RESUME)
            return
        if (interaction.type is not discord.InteractionType.modal_submit
                or not custom_id.startswith(views.FORM_MODAL)):
            return
        log.debug("form submit id=%s", interaction.id)
        await interaction.response.defer()
        replies = await self.turn(interaction.user.id, values=views.submitted(data),
                                  **self._context(interaction))
        await self.answer(interaction, replies)

    async def _after_click(self, interaction: discord.Interaction, **fields: Any) -> None:
        log.debug("click id=%s", interaction.id)
        await interaction.response.defer()
        replies = await self.turn(interaction.user.id, **fields, **self._context(interaction))
        await self.answer(interaction, replies)

    @staticmethod
    def _context(interaction: discord.Interaction) -> dict[str, Any]:
        """What an interaction says about the person besides what they did.

        `locale` is the person's own client language (``en-GB``): its region
        picks the crisis lines they see. A server's `guild_locale` is left out
        on purpose: it says what language a community speaks, not where this
        person is. DM messages carry no locale; the one stored from their last
        interaction stands.
        """
        in_server = interaction.guild_id is not None
        permissions = interaction.permissions
        locale = getattr(interaction.locale, "value", None)
        return {
            "event_id": str(interaction.id),
            "name": interaction.user.display_name,
            "channel": str(interaction.channel_id) if in_server else None,
            "admin": in_server and (permissions.administrator or permissions.manage_guild),
            "locale": str(locale) if locale else None,
        }

    async def turn(self, user: int, **fields: Any) -> list[Reply]:
        """One engine turn, off the event loop (SQLite may wait on another process's lock)."""
        event = Event(PLATFORM, WORKSPACE, str(user), **fields)
        return await asyncio.to_thread(self.engine.handle, event)

    async def answer(self, interaction: discord.Interaction, replies: list[Reply]) -> None:
        """The replies to an interaction, each where it belongs.

        In a DM: the slash command's own response, or the DM channel. In a
        server (a slash command, a group post, our ephemeral messages): notes
        for this channel ephemerally, the conversation in the person's DMs;
        if those are closed, an explanation and an offer to carry on here.
        """
        user = interaction.user.id
        if interaction.guild_id is None:
            slash = interaction.type is discord.InteractionType.application_command
            channel = interaction.channel
            dm = channel if isinstance(channel, discord.abc.Messageable) else None
            await self.deliver(replies, Where(user, interaction, inline=slash, dm=dm))
            return
        here = Where(user, interaction, inline=True, ephemeral=True)
        notes = [r for r in replies if r.private or r.channel]
        direct = [r for r in replies if not (r.private or r.channel)]
        if direct and self.here.get(user):
            # They chose to carry on here: the notes only say "see your DMs".
            await self.deliver(direct, here)
            return
        try:
            for reply in direct:
                await self.send(reply, Where(user))
        except discord.Forbidden as exc:
            log.info("dm refused (%s); offering to carry on here", why(exc))
            self.pending.put(user, direct)
            await self.guarded(self._dms_closed(here), here)
            return
        except SEND_ERRORS as exc:
            log.warning("dm failed (%s)", why(exc))
            await self.apologise(here)
            return
        await self.deliver(notes, here)

    # -- sending ---------------------------------------------------------------

    async def deliver(self, replies: list[Reply], where: Where) -> None:
        """Send `replies`; on an HTTP or network error, log it (no content) and apologise."""
        async def send_all() -> None:
            for reply in replies:
                await self.send(reply, where)

        await self.guarded(send_all(), where)

    async def guarded(self, sending: Coroutine[Any, Any, None], where: Where) -> None:
        """Run `sending`; on failure tell the person kindly. Every interaction ends answered:
        a deferred "thinking" reply that got no message is removed, not left spinning."""
        try:
            await sending
        except SEND_ERRORS as exc:
            log.warning("send failed (%s)", why(exc))
            await self.apologise(where)
        except Exception as exc:
            # A bug: where it happened, but not the exception's text, which could quote a reply.
            log.error("reply failed: %s", failure(exc))
            await self.apologise(where)
        if where.interaction is not None and where.interaction.extras.get(ORIGINAL):
            where.interaction.extras[ORIGINAL] = False
            try:
                await where.interaction.delete_original_response()
            except SEND_ERRORS as exc:
                log.warning("could not clear a deferred reply (%s)", why(exc))

    async def send(self, reply: Reply, where: Where) -> list[discord.Message]:
        """One reply as one or more Discord messages; raises one of `SEND_ERRORS`.

        Returns the channel messages posted (interaction responses are not).
        """
        into_interaction = where.interaction is not None and (
            where.inline or reply.private or reply.channel is not None or bool(reply.errors))
        if reply.user and reply.user != str(where.user):
            into_interaction = False
            where = Where(int(reply.user))
        posted: list[discord.Message] = []
        for message in self.render(reply):
            if into_interaction:
                assert where.interaction is not None
                ephemeral = where.ephemeral or reply.private or bool(reply.errors)
                await self._respond(where.interaction, message, ephemeral=ephemeral)
            else:
                channel = where.dm or await self.create_dm(discord.Object(id=where.user))
                posted.append(await channel.send(**message))
        return posted

    async def send_dm(self, reply: Reply, user: int) -> list[discord.Message]:
        """A scheduled reply in `user`'s DMs (reminders, notes); raises one of `SEND_ERRORS`."""
        return await self.send(reply, Where(user))

    async def post(self, reply: Reply, channel: int, thread: int | None = None
                   ) -> list[discord.Message]:
        """A scheduled group post in `channel`, as a reply to message `thread` if given.

        Only the engine's scheduled deliveries post in channels; replies to what
        a person does are always DMs or ephemeral.
        """
        target = self.get_partial_messageable(channel)
        posted: list[discord.Message] = []
        for n, message in enumerate(self.render(reply)):
            if thread is not None and n == 0:
                message["reference"] = discord.MessageReference(
                    message_id=thread, channel_id=channel, fail_if_not_exists=False)
            posted.append(await target.send(**message))
        return posted

    @staticmethod
    def render(reply: Reply, extra: discord.ui.Item[Any] | None = None) -> list[dict[str, Any]]:
        """Message kwargs for a reply; buttons and the file go with its last part."""
        out: list[dict[str, Any]] = [{"content": text} for text in messages(reply.text)]
        view = views.buttons(reply.choices, reply.form, extra, reply.menu, reply.menu_label)
        if view is None and reply.attachment is None:
            return out
        if not out:
            out.append({})
        if view is not None:
            out[-1]["view"] = view
        if reply.attachment is not None:
            content = reply.attachment.content.encode("utf-8")
            out[-1]["file"] = discord.File(io.BytesIO(content), filename=reply.attachment.name)
        return out

    async def _respond(self, interaction: discord.Interaction, message: dict[str, Any], *,
                       ephemeral: bool) -> None:
        if not interaction.response.is_done():
            await interaction.response.send_message(**message, ephemeral=ephemeral)
        elif interaction.extras.get(ORIGINAL):
            interaction.extras[ORIGINAL] = False
            edit = dict(message)
            if "file" in edit:
                edit["attachments"] = [edit.pop("file")]
            await interaction.edit_original_response(**edit)
        else:
            await interaction.followup.send(**message, ephemeral=ephemeral)

    async def _dms_closed(self, where: Where) -> None:
        label = plain_cut(plain(self.engine.say("chrome/discord/continue_here")),
                          views.LABEL_MAX)
        notice = Reply(text=self.engine.say("chrome/discord/dms_closed"))
        assert where.interaction is not None
        for message in self.render(notice, views.ContinueHereButton(label)):
            await self._respond(where.interaction, message, ephemeral=True)

    async def apologise(self, where: Where) -> None:
        """The friendly "couldn't deliver that" message, wherever it can still reach them."""
        text = messages(self.engine.say("chrome/send_failed"))[0]
        try:
            if where.interaction is not None:
                await self._respond(where.interaction, {"content": text}, ephemeral=True)
            else:
                channel = where.dm or await self.create_dm(discord.Object(id=where.user))
                await channel.send(content=text)
        except SEND_ERRORS as exc:
            log.warning("apology not delivered either (%s)", why(exc))


class ShardedReboundBot(ReboundBot, discord.AutoShardedClient):
    """For large installs: discord.py asks `GET /gateway/bot` for the shard count and URL."""


def build(engine: Engine, *, shards: str | None = None, **options: Any) -> ReboundBot:
    """A plain bot, or a sharded one for `--shards auto` (or a fixed count)."""
    if shards is None:
        return ReboundBot(engine, **options)
    if shards != "auto":
        options["shard_count"] = int(shards)
    return ShardedReboundBot(engine, **options)

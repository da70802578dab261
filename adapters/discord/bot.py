"""The Rebound Discord bot: DMs and interactions in, the engine's replies out.

Store first, then acknowledge, then answer: a DM or an interaction goes
into the engine's inbox (one short transaction) before anything is said to
Discord; an interaction is then deferred (well inside Discord's three
seconds) or, for a form button, answered with its modal at once. Turn
workers run the turns, which put the replies in the outbox, and the
process's one `Sender` posts them (both run by `adapters.background`,
through the transport in `outbox`): into the person's DM, or as follow-ups
through the interaction's token, which the outbox row keeps while it works
(fifteen minutes; after that the DM). A crash loses nothing Discord was told
had arrived; a reply may come twice (see README).

Where replies go, and why:
- a DM, and buttons or forms clicked in a DM: the person's DM channel;
- `/rejected`, or a button on a group post, in a server: the engine's private
  notes as ephemeral messages, the conversation itself in the person's DMs;
  if their DMs are closed, an ephemeral explanation and a button to carry on
  in ephemeral messages there instead (remembered while the process runs).
Nothing a person does is ever answered publicly in a channel; only the
engine's scheduled group posts (see `outbox`) go to one.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import io
import json
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import discord
import yarl
from cachetools import LRUCache
from discord import app_commands
from discord.gateway import DiscordWebSocket

from adapters.background import Background
from adapters.discord import PLATFORM, SEND_ERRORS, WORKSPACE, views, why
from adapters.discord.followup import Followup
from adapters.discord.outbox import transport
from adapters.discord.render import messages, plain_cut
from adapters.markup import plain
from bot import Engine, Event, Form, Reply
from bot.model import Outbound

COMMAND = "rejected"
SETTINGS_COMMAND = "rejected-settings"
"""Its own command, so Discord can keep it out of members' menus (Manage Server by default)."""
ACTIONS = ("start", "help", "plan", "journey", "progress", "group", "checkin", "export",
           "forget")
# "Carry on here" whose pending replies were lost in a restart, or a button in a
# format this version no longer makes, asks the engine to resume: it re-asks the
# current step and nothing else changes.
RESUME = "go:resume"
REMEMBER = 2048  # people whose unsent replies or "carry on here" are remembered
TOKEN_LIFE = timedelta(minutes=15)
TOKEN_MARGIN = timedelta(minutes=1)
"""A follow-up is not started this close to the token's end: the DM is surer."""
ACK_WAIT = 10.0
HANDLER_TASKS = ("discord.py: on_", "discord-ui", "CommandTree")  # as discord.py names them
SHUTDOWN_GRACE = 5.0

log = logging.getLogger("rebound.discord")

def quiet_library_logs() -> None:
    """Keep discord.py's DEBUG logging off: it logs message payloads and interaction tokens."""
    library = logging.getLogger("discord")
    if library.level < logging.INFO:
        library.setLevel(logging.INFO)


def use_api_base(url: str | None) -> None:
    """Send every REST call, interaction callbacks included, to `url` (DISCORD_API_BASE)."""
    if url:
        discord.http.Route.BASE = url.rstrip("/")


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
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        **options: Any,
    ) -> None:
        """`remind_every`: seconds between the sender's looks at the schedule; None runs
        no turn workers or sender in the background (tests `drain` by hand). `sleep`
        is the sender's wait between retries; `clock` tells when a token runs out."""
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
        self.clock = clock
        self.background = Background(engine, transport(self), platform=PLATFORM, sleep=sleep,
                                     poll=remind_every or 1.0)
        self.tree = app_commands.CommandTree(self)
        self.tree.add_command(self._rejected_command())
        self.tree.add_command(self._settings_command())
        # Bounded however many people use the bot; only the event loop touches them.
        # `pending`: replies held while someone's DMs are closed; `here`: who chose to
        # carry on in ephemeral messages instead; `_asked`: interactions being answered.
        self.pending: LRUCache[int, list[Reply]] = LRUCache(REMEMBER)
        self.here: LRUCache[int, bool] = LRUCache(REMEMBER)
        self._asked: LRUCache[str, _Asked] = LRUCache(REMEMBER)
        self._acking: dict[str, asyncio.Event] = {}
        self._running = False

    # -- start-up ------------------------------------------------------------

    async def setup_hook(self) -> None:
        """Runs at every login: buttons, the gateway URL, commands if changed, then the
        turn workers and the sender (events and replies left by a crash go first)."""
        self.add_dynamic_items(*views.DYNAMIC_ITEMS)
        if not isinstance(self, discord.AutoShardedClient) or self.shard_count is not None:
            # A plain Client, or shards of a count given (--shard-count), connect to a
            # hard-coded gateway; ask the API (which DISCORD_API_BASE may redirect) as
            # Discord recommends.
            _, url, _ = await self.http.get_bot_gateway()
            DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(url)
        await self.sync_commands()
        if self.remind_every and not self._running:
            self._running = True
            await asyncio.to_thread(self.background.start)

    def drain(self) -> None:
        """Every pending turn, then their replies, in this thread (tests, one-off runs)."""
        self.background.drain()

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
        """Stop after the events arriving are stored, the turns under way are saved and
        the replies being sent are sent (the rest wait in the outbox for the next start).

        Workers and sender stop on threads: the sender's sends run on this loop."""
        me = asyncio.current_task()
        busy = [t for t in asyncio.all_tasks()
                if t is not me and t.get_name().startswith(HANDLER_TASKS)]
        if busy:
            await asyncio.wait(busy, timeout=SHUTDOWN_GRACE)
        if self._running:
            self._running = False
            await asyncio.to_thread(self.background.stop, SHUTDOWN_GRACE)
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

    def _settings_command(self) -> app_commands.Command[Any, Any, None]:
        """`/rejected-settings`: shown by default only to people who can manage the server
        (a server may grant it to others in its integration settings; the engine still
        answers only admins)."""
        description = plain_cut(plain(self.engine.say("chrome/discord/command/settings")), 100)

        @app_commands.command(name=SETTINGS_COMMAND, description=description)
        @app_commands.default_permissions(manage_guild=True)
        @app_commands.allowed_contexts(guilds=True, dms=False, private_channels=False)
        @app_commands.allowed_installs(guilds=True, users=False)
        async def settings(interaction: discord.Interaction) -> None:
            await self.on_rejected(interaction, "settings")

        return settings

    # -- what people do: stored, then acknowledged; answered through the outbox --

    async def on_message(self, message: discord.Message) -> None:
        """A DM. Server messages, bots (this one too), webhooks and system messages are ignored."""
        if (not isinstance(message.channel, discord.DMChannel) or message.author.bot
                or message.webhook_id
                or (self.user is not None and message.author.id == self.user.id)
                or message.type not in (discord.MessageType.default, discord.MessageType.reply)):
            return
        log.debug("dm message id=%s", message.id)
        event = Event(PLATFORM, WORKSPACE, str(message.author.id), text=message.content,
                      event_id=str(message.id), name=message.author.display_name)
        if await self.store(event, {"dm": str(message.channel.id)}):
            self.background.workers.notify()

    async def on_guild_remove(self, guild: discord.Guild) -> None:
        """Removed from a server: its groups go, with their members and check-ins.

        People's own conversations stay: a Discord DM belongs to no server.
        The channels come from discord.py's cache of the server as it was.
        """
        channels = [str(c.id) for c in (*guild.channels, *guild.threads)]
        await asyncio.to_thread(self.engine.forget_channels, PLATFORM, WORKSPACE, channels,
                                str(guild.id))
        log.info("removed from server %s; its groups were deleted", guild.id)

    async def on_rejected(self, interaction: discord.Interaction, text: str) -> None:
        """`/rejected`: stored, then acknowledged as "thinking" (ephemerally in a server);
        the turn's first message into the interaction replaces that."""
        in_server = interaction.guild_id is not None
        log.debug("slash command id=%s in_server=%s", interaction.id, in_server)
        # An explicit /rejected tries their DMs again, in case they have opened them.
        self.here.pop(interaction.user.id, None)
        await self._store_then_ack(
            interaction, self._event(interaction, command=COMMAND, text=text),
            lambda: interaction.response.defer(ephemeral=in_server, thinking=True),
            original=True)

    async def on_choice(self, interaction: discord.Interaction, choice: str) -> None:
        """A button: stored, acknowledged without changing the message, answered later."""
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
        """DMs closed: carry on in ephemeral messages, starting with what could not be sent.

        Those replies already left the outbox (it handed them here), so they are
        sent straight away; after a restart they are gone and the engine re-asks.
        """
        self.here[interaction.user.id] = True
        replies = self.pending.pop(interaction.user.id, None)
        if replies is None:
            await self._after_click(interaction, choice=RESUME)
            return
        await interaction.response.defer()
        try:
            for reply in replies:
                for message in self.render(reply):
                    await interaction.followup.send(**message, ephemeral=True)
        except SEND_ERRORS as exc:
            log.warning("held replies not delivered (%s)", why(exc))

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
        await self._after_click(interaction, values=views.submitted(data))

    async def _after_click(self, interaction: discord.Interaction, **fields: Any) -> None:
        log.debug("click id=%s", interaction.id)
        await self._store_then_ack(interaction, self._event(interaction, **fields),
                                   interaction.response.defer)

    async def _store_then_ack(self, interaction: discord.Interaction, event: Event,
                              ack: Callable[[], Awaitable[Any]], *,
                              original: bool = False) -> None:
        """Into the inbox, then Discord's acknowledgement, then a worker is woken.

        If storing fails there is no acknowledgement: Discord tells the person
        it failed, so nothing acknowledged is lost. Follow-ups for this
        interaction wait until the acknowledgement is done (Discord refuses a
        follow-up before it).
        """
        acked = self._acking[interaction.token] = asyncio.Event()
        try:
            stored = await self.store(event, self._route(interaction, original=original))
            await ack()
        finally:
            acked.set()
            self._acking.pop(interaction.token, None)
        if stored:
            self.background.workers.notify()
        elif original:  # a repeat: the first one is answered; clear this one's "thinking"
            with contextlib.suppress(*SEND_ERRORS):
                await interaction.delete_original_response()

    async def store(self, event: Event, meta: dict[str, object]) -> bool:
        """The event into the inbox, off the event loop (SQLite may wait on a lock);
        False for a repeat."""
        return await asyncio.to_thread(
            self.engine.receive, event, {k: v for k, v in meta.items() if v is not None})

    def _event(self, interaction: discord.Interaction, **fields: Any) -> Event:
        return Event(PLATFORM, WORKSPACE, str(interaction.user.id), **fields,
                     **self._context(interaction))

    def _route(self, interaction: discord.Interaction, *, original: bool) -> dict[str, object]:
        """What the sender needs to answer this interaction later, maybe after a restart:
        its token (and until when it works), where it came from, whether a deferred
        "thinking" response waits for the first message."""
        in_server = interaction.guild_id is not None
        slash = interaction.type is discord.InteractionType.application_command
        return {
            "app": str(interaction.application_id), "token": interaction.token,
            "until": (self.clock() + TOKEN_LIFE - TOKEN_MARGIN).isoformat(),
            "server": in_server, "inline": slash and not in_server, "original": original,
            "dm": None if in_server else str(interaction.channel_id),
        }

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
            # Permissions resolved for this channel: who may turn it into a group.
            "channel_admin": in_server and permissions.manage_channels,
            "server": str(interaction.guild_id) if in_server else None,
            "locale": str(locale) if locale else None,
        }

    # -- a turn's replies, from the outbox (on the event loop) ----------------

    async def answer(self, out: Outbound) -> str | None:
        """One queued reply to what a person did, where it belongs; raises `SEND_ERRORS`.

        From a DM, or once an interaction's token has run out: the person's DM
        channel. From an interaction: in a DM, private notes and form errors in
        the interaction (a DM `/rejected` answers there entirely), the rest in
        the DM; in a server, notes ephemerally in the interaction and the
        conversation in their DMs, or, when those are closed, an offer to carry
        on right there (the replies are held until they accept).
        Returns the first DM message's id.
        """
        reply, meta = out.reply, out.meta
        user = int(out.user or 0)
        if reply.user and reply.user != out.user:
            return _first(await self.send_dm(reply, int(reply.user)))
        followup = self._followup(meta)
        if followup is None:
            return _first(await self.send_dm(reply, user, _snowflake(meta.get("dm"))))
        token = str(meta["token"])
        if waiting := self._acking.get(token):
            await asyncio.wait_for(waiting.wait(), ACK_WAIT)
        asked = self._asked.get(token)
        if asked is None:
            # After a restart mid-turn an earlier part may have used the deferred response.
            asked = _Asked(bool(meta.get("original")),
                           bool(meta.get("original")) and not meta.get("part"))
            self._asked[token] = asked
        posted = await self._answer(reply, meta, followup, asked, user)
        if meta.get("part", 0) == meta.get("parts", 1) - 1:
            self._asked.pop(token, None)
            if asked.waiting:  # nothing went into the interaction: no endless "thinking"
                await followup.delete_original()
        return posted

    async def _answer(self, reply: Reply, meta: Mapping[str, object], followup: Followup,
                      asked: _Asked, user: int) -> str | None:
        server = bool(meta.get("server"))
        note = reply.private or reply.channel is not None or bool(reply.errors)
        if note or meta.get("inline") or (server and self.here.get(user)):
            ephemeral = server or reply.private or bool(reply.errors)
            for message in self.render(reply):
                if asked.waiting:
                    await followup.edit_original(message)
                    asked.waiting = False
                else:
                    await followup.send(message, ephemeral=ephemeral)
            return None
        if server and asked.dms_closed:
            self._hold(user, reply)
            return None
        try:
            return _first(await self.send_dm(reply, user, _snowflake(meta.get("dm"))))
        except discord.Forbidden as exc:
            if not server:
                raise
            log.info("dm refused (%s); offering to carry on here", why(exc))
            asked.dms_closed = True
            self._hold(user, reply)
            await self._dms_closed(followup, asked)
            return None

    def _followup(self, meta: Mapping[str, object]) -> Followup | None:
        """The interaction's webhook while its token still works, else None."""
        token, app, until = meta.get("token"), _snowflake(meta.get("app")), meta.get("until")
        if not token or app is None or not isinstance(until, str):
            return None
        if self.clock() >= datetime.fromisoformat(until):
            log.info("interaction token expired; replying in the DM instead")
            return None
        return Followup(self._connection, app, str(token))

    def _hold(self, user: int, reply: Reply) -> None:
        held = self.pending.get(user) or []
        held.append(reply)
        self.pending[user] = held

    async def send_dm(self, reply: Reply, user: int, channel: int | None = None
                      ) -> list[discord.Message]:
        """A reply in `user`'s DMs (`channel`, if known); raises one of `SEND_ERRORS`."""
        target: discord.abc.Messageable = (
            self.get_partial_messageable(channel, type=discord.ChannelType.private)
            if channel is not None else await self.create_dm(discord.Object(id=user)))
        return [await target.send(**message) for message in self.render(reply)]

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
        """Message kwargs for a reply; buttons (links first) and the files go with its last part.

        Files travel as multipart attachments of that message, each with its
        alt text as the attachment's description.
        """
        out: list[dict[str, Any]] = [{"content": text} for text in messages(reply.text)]
        view = views.buttons(reply.choices, reply.form, extra, reply.menu, reply.menu_label,
                             reply.links)
        if view is None and not reply.attachments:
            return out
        if not out:
            out.append({})
        if view is not None:
            out[-1]["view"] = view
        if reply.attachments:
            out[-1]["files"] = [discord.File(io.BytesIO(a.data), filename=a.filename,
                                             description=a.alt_text or None)
                                for a in reply.attachments]
        return out

    async def _dms_closed(self, followup: Followup, asked: _Asked) -> None:
        """Explain, with a button to carry on here. For `/rejected` it replaces the
        response, so a note saying "I've sent you a DM" does not stand."""
        label = plain_cut(plain(self.engine.say("chrome/discord/continue_here")),
                          views.LABEL_MAX)
        notice = Reply(text=self.engine.say("chrome/discord/dms_closed"))
        for message in self.render(notice, views.ContinueHereButton(label=label)):
            if asked.deferred:
                asked.deferred = asked.waiting = False
                await followup.edit_original(message)
            else:
                await followup.send(message, ephemeral=True)


@dataclass
class _Asked:
    """What this process knows of an interaction being answered across outbox rows.

    `deferred`: it was acknowledged as "thinking"; `waiting`: that response
    still waits for its first message; `dms_closed`: Discord refused a DM.
    """

    deferred: bool
    waiting: bool
    dms_closed: bool = False


def _snowflake(value: object) -> int | None:
    return int(value) if isinstance(value, str) and value.isdigit() else None


def _first(posted: list[discord.Message]) -> str | None:
    return str(posted[0].id) if posted else None


class ShardedReboundBot(ReboundBot, discord.AutoShardedClient):
    """For large installs: discord.py asks `GET /gateway/bot` for the shard count and URL."""


def build(engine: Engine, *, shards: str | None = None, shard_ids: list[int] | None = None,
          shard_count: int | None = None, **options: Any) -> ReboundBot:
    """A plain bot, or a sharded one: `--shards auto` (or a fixed count), or this process's
    `shard_ids` of `shard_count` when several processes share the shards."""
    if shards is None and shard_count is None:
        return ReboundBot(engine, **options)
    if shard_count is not None:
        options["shard_count"] = shard_count
        if shard_ids is not None:
            options["shard_ids"] = shard_ids
    elif shards != "auto":
        options["shard_count"] = int(str(shards))
    return ShardedReboundBot(engine, **options)

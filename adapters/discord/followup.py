"""An interaction answered later: its follow-up webhook, rebuilt from the stored token.

A turn's replies leave through the outbox, possibly after a restart, so
the `discord.Interaction` that arrived is long gone by then. Discord needs
only the application id and the interaction's token (valid for fifteen
minutes) to post follow-ups, replace the deferred "thinking" response or
remove it; `Followup` does those three with discord.py's own webhook code
and HTTP session, so requests go where DISCORD_API_BASE points.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord
from discord.http import handle_message_parameters
from discord.webhook.async_ import async_context

if TYPE_CHECKING:
    from discord.state import ConnectionState


class Followup:
    """One interaction's webhook: `send` a follow-up, `edit_original`, `delete_original`."""

    def __init__(self, state: ConnectionState, application_id: int, token: str) -> None:
        self._state, self._app, self._token = state, application_id, token
        self._webhook = discord.Webhook.from_state(
            data={"id": application_id, "type": 3, "token": token}, state=state)

    async def send(self, message: dict[str, Any], *, ephemeral: bool) -> None:
        await self._webhook.send(**message, ephemeral=ephemeral, wait=True)

    async def edit_original(self, message: dict[str, Any]) -> None:
        """Replace the deferred response (its "thinking" placeholder) with `message`."""
        http = self._state.http
        edit = dict(message)
        if "files" in edit:
            edit["attachments"] = edit.pop("files")
        with handle_message_parameters(
                previous_allowed_mentions=self._state.allowed_mentions, **edit) as params:
            await async_context.get().edit_original_interaction_response(
                self._app, self._token, session=self._webhook.session, proxy=http.proxy,
                proxy_auth=http.proxy_auth, payload=params.payload,
                multipart=params.multipart, files=params.files)

    async def delete_original(self) -> None:
        """Remove a deferred response that no message ever replaced."""
        http = self._state.http
        await async_context.get().delete_original_interaction_response(
            self._app, self._token, session=self._webhook.session, proxy=http.proxy,
            proxy_auth=http.proxy_auth)

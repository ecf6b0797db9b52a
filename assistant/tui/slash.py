"""Slash-command dispatch for the chat app (a mixin: it uses the app's widgets and controller).

Each command is one short method; anything that may block runs through ``self.background``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.tui.commands import MEDIA_KIND, Command, UnknownCommand, parse
from assistant.tui.widgets.attachments import AttachmentPreview

if TYPE_CHECKING:
    from assistant.tui.app import ChatApp


class SlashCommands:
    async def run_slash(self: ChatApp, text: str) -> bool:
        """Run ``text`` if it is a slash command; False when it is a message to send."""
        try:
            command = parse(text)
        except UnknownCommand as exc:
            self.notice(str(exc), error=True)
            return True
        if command is None:
            return False
        self.prompt.value = ""
        handler = getattr(self, f"_cmd_{command.name}")
        await handler(command)
        return True

    # -- attachments -------------------------------------------------------------------------
    async def attach(self: ChatApp, raw: str, kind: str | None) -> None:
        from assistant.errors import AssistantError

        if not raw:
            self.notice(f"give a path: /{kind or 'image'} PATH", error=True)
            return
        try:
            att = self.controller.check_attachment(raw, kind)
        except AssistantError as exc:
            self.notice(str(exc), error=True)
            return
        await self.pending.add(att.path, att.kind, att.size_text())

    async def _cmd_image(self: ChatApp, c: Command) -> None:
        await self.attach(c.arg, MEDIA_KIND[c.name])

    _cmd_audio = _cmd_image
    _cmd_video = _cmd_image

    async def _cmd_paste(self: ChatApp, c: Command) -> None:
        await self.action_paste_image()

    async def action_paste_image(self: ChatApp) -> None:
        async def done(path: Any) -> None:
            await self.attach(str(path), "image")

        self.background(self.controller.paste_clipboard_image, done)

    async def _cmd_detach(self: ChatApp, c: Command) -> None:
        dropped = await self.pending.clear()
        self.notify(f"dropped {len(dropped)} attachment(s)")

    # -- model and memory --------------------------------------------------------------------
    async def _cmd_model(self: ChatApp, c: Command) -> None:
        if not c.arg:
            names = self.controller.model_names()
            self.notice(f"model: {self.controller.model_label} · available: {', '.join(names) or 'loading…'}")
            return
        self.notice(f"loading {c.arg}…")

        def done(label: str) -> None:
            self.notice(f"now answering with {label}")
            self.set_status()

        self.background(lambda: self.controller.switch_model(c.arg), done)

    async def _cmd_remember(self: ChatApp, c: Command) -> None:
        self.background(lambda: self.controller.remember(c.arg), lambda summary: self.notice(f"remembered: {summary}"))

    async def _cmd_forget(self: ChatApp, c: Command) -> None:
        def done(gone: list[str]) -> None:
            if not gone:
                self.notice(f"nothing close enough to {c.arg!r}; /memories shows ids", error=True)
            for summary in gone:
                self.notice(f"forgot {summary}")

        self.background(lambda: self.controller.forget(c.arg), done)

    async def _cmd_memories(self: ChatApp, c: Command) -> None:
        def done(items: list[str]) -> None:
            self.notice("memories:\n" + "\n".join(f"  {m}" for m in items) if items else "no memories yet")

        self.background(self.controller.memories, done)

    # -- history and sessions ----------------------------------------------------------------
    async def _cmd_history(self: ChatApp, c: Command) -> None:
        self.search_history(c.arg)

    async def _cmd_new(self: ChatApp, c: Command) -> None:
        await self.action_new_session()

    async def _cmd_rename(self: ChatApp, c: Command) -> None:
        await self.session_action("rename", None, c.arg)

    async def _cmd_delete(self: ChatApp, c: Command) -> None:
        await self.session_action("delete", None)

    async def _cmd_export(self: ChatApp, c: Command) -> None:
        await self.session_action("export", None, c.arg)

    async def session_action(self: ChatApp, action: str, session_id: str | None, arg: str = "") -> None:
        from assistant.tui.screens.confirm import ConfirmScreen, PromptScreen

        sid = session_id or self.controller.session_id
        if action == "new":
            await self.action_new_session()
            return
        if not sid:
            self.notice(f"no session to {action} yet; send a message first", error=True)
            return
        if action == "rename":
            if arg:
                self.background(lambda: self.controller.rename(arg, sid), lambda _: self._renamed(arg))
                return

            def renamed(title: str | None) -> None:
                if title:
                    self.background(lambda: self.controller.rename(title, sid), lambda _: self._renamed(title))

            self.push_screen(PromptScreen("New title for this session:"), renamed)
        elif action == "delete":
            def confirmed(yes: bool | None) -> None:
                if yes:
                    self.background(lambda: self.controller.delete(sid), lambda _: self._deleted(sid))

            self.push_screen(ConfirmScreen(f"Delete session {sid[:8]} and all its turns?"), confirmed)
        elif action == "export":
            self.background(lambda: self.controller.export(arg or None, sid),
                            lambda path: self.notice(f"exported to {path}"))

    def _renamed(self: ChatApp, title: str) -> None:
        self.notice(f"renamed to {title!r}")
        self.refresh_sessions()

    async def _deleted(self: ChatApp, sid: str) -> None:
        if self.controller.session_id is None:
            await self.transcript.remove_children()
        self.notice(f"deleted session {sid[:8]}")
        self.set_status()
        self.refresh_sessions()

    # -- the rest ----------------------------------------------------------------------------
    async def _cmd_copy(self: ChatApp, c: Command) -> None:
        if c.arg.startswith("code"):
            self.action_copy_code()
        else:
            self.action_copy()

    async def _cmd_clear(self: ChatApp, c: Command) -> None:
        await self.transcript.remove_children()

    async def _cmd_help(self: ChatApp, c: Command) -> None:
        self.action_help()

    async def _cmd_search(self: ChatApp, c: Command) -> None:
        async def done(result: Any) -> None:
            from tools.image_labels import labels_text

            lines = [f"  {h.path}  ({', '.join(h.signals)}){'  ' + labels_text(h.labels) if h.labels else ''}"
                     for h in result.hits]
            self.notice("\n".join([result.summary(), *lines, *([result.note] if result.note else [])]))
            for hit in result.hits[:4]:
                await self.transcript.mount(AttachmentPreview(Path(hit.path), "image", images=self.images))
            self.transcript.scroll_end(animate=False)

        if self._optional("assistant.image_search_tool", "image search") is not None:
            self.background(lambda: self.controller.image_search(c.arg), done)

    async def _cmd_index(self: ChatApp, c: Command) -> None:
        if self._optional("assistant.image_search_tool", "image search") is not None:
            self.notice(f"indexing {c.arg} (OCR per new image; this can take a while)…")
            self.background(lambda: self.controller.index_images(c.arg), lambda r: self.notice(r.summary()))

    async def _cmd_voice(self: ChatApp, c: Command) -> None:
        mode = c.arg.lower()
        if mode in ("fill", "send"):
            self.controller.voice_autosend = mode == "send"
            what = "sent when you stop" if mode == "send" else "left in the prompt for you to edit and send"
            self.notice(f"push-to-talk: the transcript is {what}")
        elif mode:
            self.notice("usage: /voice (start or stop recording), /voice fill, /voice send", error=True)
        else:
            await self.action_voice()

    def _optional(self: ChatApp, module: str, feature: str) -> Any:
        from assistant.tui.controller import FeatureMissing

        try:
            return self.controller.require(module, feature)
        except FeatureMissing as exc:
            self.notice(str(exc), error=True)
            return None

"""Every non-UI action of the chat app: one ChatRuntime (start-up, the core App, the current
session) and the small services built from it, which the app's UI parts call and tests can
drive without any UI.

    controller = ChatController(load_settings, handle=scripted_handle)
    controller.start()
    events = list(controller.turns.send("hello"))
    controller.sessions.search("hello"); controller.memory.remember("My cat is Miso")
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from assistant.tui.services.attachments import AttachmentService
from assistant.tui.services.images import ImageIndexService
from assistant.tui.services.memory import MemoryService
from assistant.tui.services.models import ModelService
from assistant.tui.services.runtime import ChatRuntime
from assistant.tui.services.sessions import SessionService
from assistant.tui.services.turns import TurnService
from assistant.tui.voice import PushToTalk

if TYPE_CHECKING:
    from assistant.models.registry import ModelHandle
    from assistant.settings import Settings


class ChatController(ChatRuntime):
    def __init__(
        self,
        load_settings: Callable[[], Settings],
        *,
        model: str | None = None,
        handle: ModelHandle | None = None,
        session_id: str | None = None,
        audio_source_factory: Callable[[], Any] | None = None,
        voice_autosend: bool = True,
    ) -> None:
        """``handle`` injects a ready model (tests: a ScriptedChatModel) for the default name.

        ``audio_source_factory`` builds the push-to-talk audio source for each press (default: the
        microphone); ``voice_autosend`` sends the final transcript, False only fills the input.
        """
        super().__init__(load_settings, model=model, handle=handle, session_id=session_id)
        self.voice = PushToTalk(audio_source_factory, self.need_settings,
                                lambda: self.need_core().engines.speech, autosend=voice_autosend)
        self.turns = TurnService(self, self.voice)
        self.sessions = SessionService(self)
        self.memory = MemoryService(self)
        self.images = ImageIndexService(self)
        self.models = ModelService(self)
        self.attachments = AttachmentService(self)

    def close(self, wait: float = 10.0) -> None:
        """Cancel the turn and the recording, then close what start-up opened."""
        self.turns.cancel()
        self.voice.stop()
        super().close(wait)

"""Start-up and shutdown of the chat's one core App, shared by every service.

Start-up is split so the window paints first: the constructor does nothing heavy, and
``start()`` (run in a worker thread after the first paint) loads settings, opens the store,
imports the agent stack (LangChain is ~2 s to import here) and loads the model. A service waits
only for the stage it needs: the store, the core App, or the model.

The UI thread and the turn thread each get their own SQLite connection (the store's writes are
``BEGIN IMMEDIATE`` transactions, which two threads must not interleave on one connection):
``store`` here is the UI's, the core App's is the turns'.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from assistant.errors import AssistantError, one_line

if TYPE_CHECKING:
    from assistant.app import App as CoreApp
    from assistant.models.registry import ModelHandle
    from assistant.session import Session
    from assistant.settings import Settings
    from assistant.store import ConversationStore

Progress = Callable[[str, float], None]
log = logging.getLogger(__name__)


class _PinnedModels:
    """Stands in for ModelFactory: the injected handle answers for the default model name."""

    def __init__(self, inner: Any, handle: ModelHandle) -> None:
        self.inner = inner
        self.handle = handle

    def resolve(self, name: str | None = None) -> ModelHandle:
        if name is None or name == self.handle.label:
            return self.handle
        return self.inner.resolve(name)

    def available(self) -> list[Any]:
        return self.inner.available()

    def close(self) -> None:
        self.inner.close()


class ChatRuntime:
    def __init__(
        self,
        load_settings: Callable[[], Settings],
        *,
        model: str | None = None,
        handle: ModelHandle | None = None,
        session_id: str | None = None,
    ) -> None:
        """``handle`` injects a ready model (tests: a ScriptedChatModel) for the default name;
        ``session_id`` is the session to open once started (``assistant chat --session``)."""
        self._load_settings = load_settings
        self.model = model
        """The model name asked for (None: the settings' default)."""
        self._handle = handle
        self.wanted_session = session_id
        self.settings: Settings | None = None
        self.store: ConversationStore | None = None
        self.core: CoreApp | None = None
        self.session: Session | None = None
        """The conversation new turns go to; None until the first message (no empty sessions)."""
        self.model_label = handle.label if handle else (model or "")
        self.load_error: str | None = None
        self.store_ready = threading.Event()
        self.core_ready = threading.Event()
        self.ready = threading.Event()
        """Set when start-up is over (the model loaded, or the error that stopped it is known)."""
        # Calls in flight on worker threads: close() must not close a SQLite connection under them
        # (that segfaults), so it waits for them, and start() closes what it built if close() came first.
        self._active = 0
        self._idle = threading.Condition()
        self._closing = False
        self._closed = False

    @property
    def session_id(self) -> str | None:
        return self.session.id if self.session is not None else None

    @contextmanager
    def in_use(self) -> Iterator[None]:
        with self._idle:
            if self._closing:
                raise AssistantError("the chat is closing")
            self._active += 1
        try:
            yield
        finally:
            with self._idle:
                self._active -= 1
                self._idle.notify_all()

    # -- start-up ----------------------------------------------------------------------------
    def start(self, progress: Progress = lambda message, fraction: None) -> None:
        """Load settings, store, agent stack and model, reporting each stage. Never raises."""
        try:
            progress("reading settings", 0.05)
            self.settings = self._load_settings()
            from assistant.store import ConversationStore

            self.store = ConversationStore(self.settings.home)
            self.store_ready.set()
            progress("loading the agent", 0.25)
            from assistant.app import make_app

            self.core = make_app(self.settings)
            if self._handle is not None:
                self.core.models = _PinnedModels(self.core.models, self._handle)  # type: ignore[assignment]
            self.core_ready.set()
            if self.wanted_session:
                self.session = self.core.session(self.wanted_session)
            progress(f"loading model {self.model or self.settings.model}", 0.5)
            handle = self.core.models.resolve(self.model)
            self.model_label = handle.label
            from assistant.system_prompt import warm_up

            warm_up(handle)  # the first question is then as fast as later ones
            progress(f"ready · {self.model_label}", 1.0)
        except Exception as exc:  # noqa: BLE001 - any start failure becomes a visible line, not a crash
            self.load_error = one_line(exc)
            progress(f"not ready: {self.load_error}", 1.0)
        finally:
            self.store_ready.set()
            self.core_ready.set()
            self.ready.set()
            if self._closing:
                self._close_all()

    def need_settings(self) -> Settings:
        self.store_ready.wait()
        if self.settings is None:
            raise AssistantError(self.load_error or "the settings did not load")
        return self.settings

    def need_store(self) -> ConversationStore:
        self.store_ready.wait()
        if self.store is None:
            raise AssistantError(self.load_error or "the conversation store did not open")
        return self.store

    def need_core(self) -> CoreApp:
        """The core App (its engines: memory, image index, speech), once built; not the model."""
        self.core_ready.wait()
        if self.core is None:
            raise AssistantError(self.load_error or "the assistant did not start")
        return self.core

    # -- shutdown ----------------------------------------------------------------------------
    def close(self, wait: float = 10.0) -> None:
        """Wait (bounded) for calls in flight, then close the store and the core App."""
        with self._idle:
            self._closing = True
            self._idle.wait_for(lambda: self._active == 0, timeout=wait)
            if self._active:
                return  # a call is stuck in a backend: leaking beats closing its connection under it
        if self.ready.is_set():
            self._close_all()

    def _close_all(self) -> None:
        with self._idle:
            if self._closed:
                return
            self._closed = True
        for thing in (self.core, self.store):
            if thing is not None:
                try:
                    thing.close()
                except Exception:
                    log.debug("closing %s failed", type(thing).__name__, exc_info=True)

"""Every non-UI action of the chat app, in one class the app holds and tests can drive alone.

Turns, cancel, sessions (list/resume/rename/delete/export/search), memory and model switching
all live here; widgets only render what these methods return and the events ``send`` yields.

Start-up is split so the window paints first: the constructor does nothing heavy, and
``start()`` (run in a worker thread after the first paint) loads settings, opens the store,
imports the agent stack (LangChain is ~2 s to import here) and loads the model. ``send`` waits
for that only when a question arrives before it is done.

The UI thread and the turn thread each get their own SQLite connection (the store's writes are
``BEGIN IMMEDIATE`` transactions, which two threads must not interleave on one connection).
"""

from __future__ import annotations

import importlib.util
import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.errors import AssistantError

if TYPE_CHECKING:
    from assistant.app import App as CoreApp
    from assistant.attachments import Attachment
    from assistant.events import Event
    from assistant.models.registry import ModelHandle
    from assistant.session import Session
    from assistant.settings import Settings
    from assistant.store import ConversationStore, SearchHit, SessionInfo, StoredTurn

Progress = Callable[[str, float], None]
log = logging.getLogger(__name__)


class FeatureMissing(AssistantError):
    """A feature whose module another part of the project provides is not installed."""


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


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


class ChatController:
    def __init__(
        self,
        load_settings: Callable[[], Settings],
        *,
        model: str | None = None,
        handle: ModelHandle | None = None,
        session_id: str | None = None,
        memory_factory: Callable[[Settings], Any] | None = None,
        audio_source_factory: Callable[[], Any] | None = None,
        voice_autosend: bool = True,
    ) -> None:
        """``handle`` injects a ready model (tests: a ScriptedChatModel) for the default name.

        ``audio_source_factory`` builds the push-to-talk audio source for each press (default: the
        microphone); ``voice_autosend`` sends the final transcript, False only fills the input.
        ``voice`` (PushToTalk, tui/voice.py) is the push-to-talk service the app drives.
        """
        from assistant.tui.voice import PushToTalk

        self._load_settings = load_settings
        self.model = model
        self._handle = handle
        self._wanted_session = session_id
        self._memory_factory = memory_factory
        self.settings: Settings | None = None
        self.store: ConversationStore | None = None
        self.core: CoreApp | None = None
        self.session: Session | None = None
        self.model_label = handle.label if handle else (model or "")
        self.load_error: str | None = None
        self.store_ready = threading.Event()
        self.ready = threading.Event()
        self._cancel_wait = threading.Event()
        self._turn_lock = threading.Lock()
        self._memory: Any = None
        self._index: Any = None
        self._memory_lock = threading.Lock()
        # Calls in flight on worker threads: close() must not close a SQLite connection under them
        # (that segfaults), so it waits for them, and start() closes what it built if close() came first.
        self._active = 0
        self._idle = threading.Condition()
        self._closing = False
        self._closed = False
        self.voice_autosend = voice_autosend
        self.voice = PushToTalk(
            audio_source_factory, self._need_settings, lambda: self._need_core().engines.speech
        )

    @contextmanager
    def _in_use(self) -> Iterator[None]:
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
            if self._wanted_session:
                self.session = self.core.session(self._wanted_session)
            progress(f"loading model {self.model or self.settings.model}", 0.5)
            handle = self.core.models.resolve(self.model)
            self.model_label = handle.label
            from assistant.system_prompt import warm_up

            warm_up(handle)  # the first question is then as fast as later ones
            progress(f"ready · {self.model_label}", 1.0)
        except Exception as exc:  # noqa: BLE001 - any start failure becomes a visible line, not a crash
            self.load_error = _one_line(exc)
            progress(f"not ready: {self.load_error}", 1.0)
        finally:
            self.store_ready.set()
            self.ready.set()
            if self._closing:
                self._close_all()

    def _need_settings(self) -> Settings:
        self.store_ready.wait()
        if self.settings is None:
            raise AssistantError(self.load_error or "the settings did not load")
        return self.settings

    def _need_store(self) -> ConversationStore:
        self.store_ready.wait()
        if self.store is None:
            raise AssistantError(self.load_error or "the conversation store did not open")
        return self.store

    def _need_core(self) -> CoreApp:
        self.ready.wait()
        if self.core is None:
            raise AssistantError(self.load_error or "the assistant did not start")
        return self.core

    # -- turns -------------------------------------------------------------------------------
    def send(
        self, text: str, attachments: Sequence[str | Path] = (), *, voice: bool = False,
        confirm: Callable[[Any], bool] | None = None,
    ) -> Iterator[Event]:
        """One turn's events (blocking; run it in a worker thread). Always ends in AnswerDone/TurnFailed.

        ``voice``: the text is the last push-to-talk transcript (tui/voice.py: a turn from speech).
        ``confirm``: the yes/no for a privileged call the user's words do not back (provenance.py);
        None refuses it.
        """
        from assistant.tui.voice import voice_turn

        heard = self.voice.take_heard() if voice else None
        if heard is not None:  # transcribed with the app's Whisper, so start-up is over
            return voice_turn(heard, text, attachments, self._send, self.model, confirm)
        return self._send(None, confirm, text, attachments)

    def _send(self, turn: Any, confirm: Any = None, text: str = "", attachments: Sequence[str | Path] = ()
              ) -> Iterator[Event]:
        """``turn``: the voice-turn service's Turn, or None: a typed one of ``text`` once the model is ready."""
        from assistant.events import TurnFailed

        self._cancel_wait.clear()
        while not self.ready.wait(0.05):
            if self._cancel_wait.is_set():
                yield TurnFailed("", 0, "cancelled before the model was ready", interrupted=True)
                return
        if self.core is None:
            yield TurnFailed("", 0, self.load_error or "the assistant did not start")
            return
        from assistant.session import Turn

        try:
            # One turn at a time: a cancelled turn may still be draining when the next one is sent.
            with self._in_use(), self._turn_lock:
                if self.session is None:
                    self.session = self.core.session()
                yield from self.session.send(turn or Turn(text, list(attachments), self.model), confirm)
        except AssistantError as exc:
            yield TurnFailed(self.session_id or "", 0, str(exc))

    def cancel(self) -> None:
        self._cancel_wait.set()
        if self.session is not None:
            self.session.cancel()

    def check_attachment(self, path: str | Path, kind: str | None = None) -> Attachment:
        """The checked attachment, or AttachmentError with one line saying what is wrong."""
        from assistant.attachments import load_attachment

        return load_attachment(path, expected_kind=kind)

    # -- sessions ----------------------------------------------------------------------------
    @property
    def session_id(self) -> str | None:
        return self.session.id if self.session is not None else None

    def sessions(self, limit: int = 100) -> list[SessionInfo]:
        with self._in_use():
            return self._need_store().list_sessions(limit)

    def new_session(self) -> None:
        # Created lazily on the first message, so opening the app leaves no empty sessions.
        self.session = None

    def resume(self, session_id: str) -> list[StoredTurn]:
        core = self._need_core()
        with self._in_use():
            self.session = core.session(session_id)
            return self._need_store().turns(self.session.id)

    def rename(self, title: str, session_id: str | None = None) -> str:
        sid = session_id or self.session_id
        if not sid:
            raise AssistantError("no session to rename yet; send a message first")
        if not title.strip():
            raise AssistantError("give a title: /rename TITLE")
        with self._in_use():
            self._need_store().rename_session(sid, title.strip())
        return sid

    def delete(self, session_id: str) -> None:
        with self._in_use():
            self._need_store().delete_session(session_id)
        if session_id == self.session_id:
            self.session = None

    def export(self, path: str | Path | None = None, session_id: str | None = None) -> Path:
        from assistant.export import session_markdown

        sid = session_id or self.session_id
        if not sid:
            raise AssistantError("nothing to export yet; send a message or resume a session first")
        target = Path(path).expanduser() if path else Path.cwd() / f"session-{sid}.md"
        if target.is_dir():
            target = target / f"session-{sid}.md"
        try:
            with self._in_use():
                text = session_markdown(self._need_store(), sid)
            target.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise AssistantError(f"cannot write {target}: {exc.strerror}") from None
        return target

    def search(self, query: str, limit: int = 30) -> list[SearchHit]:
        with self._in_use():
            return self._need_store().search(query, limit)

    # -- memory ------------------------------------------------------------------------------
    def _memories(self) -> Any:
        with self._memory_lock:
            if self._memory is None:
                self._need_store()
                assert self.settings is not None
                if self._memory_factory is not None:
                    self._memory = self._memory_factory(self.settings)
                else:
                    from assistant.commands.memory import build_memory_store

                    self._memory = build_memory_store(self.settings)
            return self._memory

    def remember(self, text: str) -> str:
        from memory.extract import guess_kind

        if not text.strip():
            raise AssistantError("say what to remember: /remember TEXT")
        with self._in_use():
            return self._memories().add(text.strip(), kind=guess_kind(text), source="tui").summary()

    def memories(self) -> list[str]:
        with self._in_use():
            return [m.summary() for m in self._memories().list()]

    def forget(self, id_or_query: str) -> list[str]:
        if not id_or_query.strip():
            raise AssistantError("say what to forget: /forget ID_OR_QUERY")
        with self._in_use():
            return [m.summary() for m in self._memories().forget(id_or_query.strip())]

    # -- models ------------------------------------------------------------------------------
    def switch_model(self, name: str) -> str:
        """Load ``name`` (may take seconds for an embedded model) and use it for the next turns."""
        core = self._need_core()
        with self._in_use():
            label = core.models.resolve(name.strip() or None).label
        self.model = name.strip() or None
        self.model_label = label
        return label

    def model_names(self) -> list[str]:
        if self.core is None:
            return []
        return [info.name for info in self.core.models.available()]

    # -- features other modules provide ------------------------------------------------------
    def require(self, module: str, feature: str) -> Any:
        """Import an optional project module, or FeatureMissing with one line if it is absent."""
        if importlib.util.find_spec(module.split(".")[0]) is None or importlib.util.find_spec(module) is None:
            raise FeatureMissing(f"{feature} is not installed yet ({module} is missing)")
        return importlib.import_module(module)

    def _image_index(self) -> Any:
        with self._memory_lock:
            if self._index is None:
                tool = self.require("assistant.image_search_tool", "image search")
                self._need_core()
                self._index = tool.build_image_index(self.settings)
            return self._index

    def image_search(self, query: str, k: int = 8) -> Any:
        """Search the indexed images (tools.image_search.SearchResult)."""
        if not query.strip():
            raise AssistantError("say what to look for: /search QUERY")
        with self._in_use():
            from tools.image_search import ImageSearch

            return ImageSearch(self._image_index()).search(query.strip(), k=k)

    def index_images(self, folder: str) -> Any:
        """Add a folder of images to the index (slow: OCR per new image); returns the IndexReport."""
        if not folder.strip():
            raise AssistantError("give a folder: /index DIR")
        with self._in_use():
            return self._image_index().update([Path(folder.strip()).expanduser()])

    def paste_clipboard_image(self) -> Path:
        from assistant.tui.clipboard import grab_image

        settings = self.settings
        home = settings.home if settings is not None else Path.home()
        return grab_image(home / "clipboard")

    def close(self, wait: float = 10.0) -> None:
        """Cancel the turn, wait (bounded) for calls in flight, then close store, models and memory."""
        self.cancel()
        self.voice.stop()
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
        for thing in (self.core, self.store, self._memory, self._index):
            if thing is not None:
                try:
                    thing.close()
                except Exception:
                    log.debug("closing %s failed", type(thing).__name__, exc_info=True)

"""Privileged actions a model asks for, and whether the user's own words back them.

A turn has two kinds of text: the user's own words (the question they typed or said) and
evidence (attachment readings, OCR, transcripts, tool results, memory recalls, search hits), which
anyone who can put text in front of the assistant controls. Two tool calls act on the user's
behalf beyond this turn and are therefore privileged:

- a memory write (``remember``): a stored fact is recalled into every later session;
- a file read (a ``path`` or ``*_path`` argument) of a file the user neither attached nor named.

The gate decides by provenance, never by wording: it compares the call's content with the turn's
trusted text (``Turn.text``) and with the turn's evidence ledger, and runs the call at once only
when the user's words back it (``supported_by_user``, ``named_by_user``). Otherwise it asks the
UI's ``confirm`` callable; without one (``ask``, an audio file) the call is refused, the model is
told so, and the refusal is reported in the turn's notes and ``AnswerDone.refused_actions``.
Paths the access policy refuses anyway go straight to the tool, whose own refusal says why.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from assistant import prompts
from assistant.tools.safe_path import expand
from assistant.tools.secret_scan import normalise, redact_secrets

ActionKind = Literal["memory_write", "file_read"]

MEMORY_WRITES = {"remember": "fact"}
"""Tools that write long-term memory, and the argument holding what would be stored."""

MAX_UNSAID = 1 / 3
"""The share of a memory write's content words that may be missing from the user's words (a
model rephrases "my dog is called Rex" as "The user's dog is named Rex"); never a number."""

# Words that carry no fact: a model's rephrasing swaps them freely ("my" -> "the user's").
_FUNCTION_WORDS = frozenset("""
a an the and or but nor of to in on at for from with by as into about is are was were be been being
am do does did has have had will would shall should can could may might must this that these those
it its i me my mine myself we us our ours you your yours he him his she her they them their s t
user users remember note keep mind please fact facts also just that there here then so
""".split())
_WORD = re.compile(r"\w+")
_PATH_TOKEN = re.compile(r'"([^"]+)"|\'([^\']+)\'|`([^`]+)`|(\S+)')
_FILE_NAME = re.compile(r"[^/\\]+\.\w{1,8}")


Audience = Literal["user", "model"]
"""Who reads a reason: the person ("you did not attach ...") or the model ("the user did not ...")."""

SUBJECT_CHARS = 200
"""The most of a call's content a yes/no question quotes."""


@dataclass(frozen=True)
class Origin:
    """The evidence item a call's content shows up in."""

    id: str
    source: str


@dataclass(frozen=True)
class PendingAction:
    """A privileged call waiting for the user's yes: what it is and why it needs asking."""

    tool: str
    arguments: dict[str, Any]
    kind: ActionKind
    subject: str
    """What the call would store (a memory write) or read (a file read), as the model gave it."""
    origin: Origin | None = None

    def reason(self, audience: Audience = "user") -> str:
        origin = ""
        if self.origin is not None:
            origin = prompts.render("provenance", f"origin_{audience}", id=self.origin.id,
                                    source=self.origin.source,
                                    evidence_names=prompts.text("provenance", "evidence_names"))
        return prompts.render("provenance", f"{self.kind}_reason_{audience}", origin=origin)

    def call_text(self, limit: int = 160) -> str:
        """The call as ``tool(arg='value')``, secrets redacted (it is shown and spoken)."""
        return _call(self.tool, self.arguments, limit)

    def question(self) -> str:
        """The yes/no question (TUI modal, voice): plain sentences, the content quoted, redacted."""
        return prompts.render("provenance", f"confirm_{self.kind}", content=_shown(self.subject, SUBJECT_CHARS),
                              tool=self.tool, reason=self.reason("user"))


@dataclass(frozen=True)
class RefusedAction:
    tool: str
    arguments: dict[str, Any]
    reason: str
    """Why, for the person (notes, ``--json``)."""
    model_reason: str = ""
    """Why, for the model (the refused_call tool message)."""

    def to_dict(self) -> dict[str, Any]:
        return {"tool": self.tool, "arguments": dict(self.arguments), "reason": self.reason}


def _shown(text: str, limit: int) -> str:
    """Text fit to show or say: secrets redacted first (a cut key would no longer match), then cut."""
    text = " ".join(redact_secrets(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _call(tool: str, args: dict[str, Any], limit: int = 160) -> str:
    # Each value is redacted before repr: repr escapes newlines, which would hide a key block.
    shown = ", ".join(f"{k}={redact_secrets(v)!r}" if isinstance(v, str) else f"{k}={v!r}"
                      for k, v in args.items())
    text = redact_secrets(f"{tool}({shown})")
    return text if len(text) <= limit else text[: limit - 3] + "..."


Confirm = Callable[[PendingAction], bool]
"""The UI's yes/no for one privileged action; called on the turn's thread and may block."""


# -- what "backed by the user's words" means ---------------------------------------------------
def words(text: str) -> list[str]:
    """Comparable words: NFKC, invisible characters removed, case-folded, a plural -s dropped."""
    normal, _ = normalise(text)
    return [_singular(w) for w in _WORD.findall(normal.casefold())]


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def content_words(text: str) -> list[str]:
    return list(dict.fromkeys(w for w in words(text) if w not in _FUNCTION_WORDS))


def supported_by_user(content: str, user_text: str, evidence_text: str = "") -> bool:
    """True when ``content`` restates what the user said this turn.

    Its content words (``content_words``) must be in the user's words, except at most a third of
    them; every word with a digit in it must be there (PINs, numbers, dates are what a planted fact
    carries), and no missing word may occur in the evidence (it would have come from there).
    Content with no content words is not supported: there is nothing to check it against.
    """
    wanted = content_words(content)
    if not wanted:
        return False
    said = set(words(user_text))
    missing = [w for w in wanted if w not in said]
    if any(ch.isdigit() for w in missing for ch in w) or len(missing) > MAX_UNSAID * len(wanted):
        return False
    seen = set(words(evidence_text))
    return not any(w in seen for w in missing)


def named_by_user(raw: str, resolved: Path, user_text: str) -> bool:
    """True when the user's text names this file: a path that resolves to it (or, relative, ends
    its path), or its file name with an extension ("memo.wav") as a whole word."""
    names = {Path(raw).name.casefold(), resolved.name.casefold()}
    for token in _path_tokens(user_text):
        if "/" not in token and not token.startswith("~"):
            if _FILE_NAME.fullmatch(token) and token.casefold() in names:
                return True
            continue
        try:
            path = expand(token)
            if path.resolve() == resolved:
                return True
        except Exception:  # noqa: BLE001 - an unusable token names nothing
            continue
        parts = [p for p in path.parts if p not in (".", "")]
        if not path.is_absolute() and parts and ".." not in parts and list(resolved.parts[-len(parts):]) == parts:
            return True
    return False


def _path_tokens(text: str) -> Iterable[str]:
    for match in _PATH_TOKEN.finditer(text):
        token = next(g for g in match.groups() if g is not None).strip()
        token = token.lstrip("([<").rstrip(".,;:!?)]>")
        if token:
            yield token


# -- the gate ------------------------------------------------------------------------------------
@dataclass
class ActionGate:
    """One turn's check of privileged tool calls (built by the turn runner, used by the agent's
    tool middleware before each model-requested call)."""

    user_text: str
    access: Any
    """The session's AccessPolicy: which files are attached (``files``) and readable (``allows``)."""
    ledger: Any
    """The turn's EvidenceLedger: the untrusted text read so far."""
    confirm: Confirm | None = None
    refused: list[RefusedAction] = field(default_factory=list)
    confirmed: list[PendingAction] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def review(self, tool: str, args: dict[str, Any]) -> RefusedAction | None:
        """None when the call may run; otherwise the refusal, with why for the model and the user."""
        action = self.pending(tool, args)
        if action is None:
            return None
        if self.confirm is None:
            return self._refuse(action, "refused_unasked")
        with self._lock:  # one question at a time, even when the model asked for two calls at once
            try:
                yes = bool(self.confirm(action))
            except Exception:  # noqa: BLE001 - a UI that cannot ask means no
                yes = False
        if yes:
            self.confirmed.append(action)
            return None
        return self._refuse(action, "refused_no")

    def pending(self, tool: str, args: dict[str, Any]) -> PendingAction | None:
        """The action to confirm, or None when the user's words already back the call."""
        if tool in MEMORY_WRITES:
            content = str(args.get(MEMORY_WRITES[tool]) or "")
            if supported_by_user(content, self.user_text, self._evidence_text()):
                return None
            return PendingAction(tool, dict(args), "memory_write", content, self._found_in(content))
        for raw in _path_arguments(args):
            resolved = _resolve(raw)
            if resolved is None or not self.access.allows(resolved):
                continue  # the tool refuses it itself, with the reason
            if resolved in self.access.files or named_by_user(raw, resolved, self.user_text):
                continue
            return PendingAction(tool, dict(args), "file_read", raw, self._found_in(raw))
        return None

    def notes(self) -> list[str]:
        """One line per refused or confirmed action, for the turn's notes (secrets redacted)."""
        lines = [f"refused {_call(r.tool, r.arguments)}: {r.reason}" for r in self.refused]
        lines += [f"allowed after you confirmed it: {a.call_text()}" for a in self.confirmed]
        return lines

    def _refuse(self, action: PendingAction, why: str) -> RefusedAction:
        refused = RefusedAction(action.tool, dict(action.arguments),
                                prompts.render("provenance", f"{why}_user", reason=action.reason("user")),
                                prompts.render("provenance", f"{why}_model", reason=action.reason("model")))
        self.refused.append(refused)
        return refused

    def _evidence_text(self) -> str:
        return "\n".join(item.text for item in self.ledger.items)

    def _found_in(self, content: str) -> Origin | None:
        """The evidence item the content shows up in this turn, if any."""
        wanted = set(content_words(content))
        for item in self.ledger.items:
            if content.strip() and (content.strip() in item.text or wanted and wanted <= set(words(item.text))):
                return Origin(item.id, item.source)
        return None


def _path_arguments(args: dict[str, Any]) -> list[str]:
    return [v for k, v in args.items()
            if (k == "path" or k.endswith("_path")) and isinstance(v, str) and v.strip()]


def _resolve(raw: str) -> Path | None:
    try:
        return expand(raw.strip()).resolve()
    except Exception:  # noqa: BLE001 - a path that cannot be resolved is left to the tool's own check
        return None

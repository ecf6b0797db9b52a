"""What a turn sends the model: the history, the attachments' readings, this turn's message.

History carries earlier attachments as text (what their tools read, cut to a budget), never
pixels: images go to a model that can see only in the turn that asks about them.
"""

from __future__ import annotations

import re
from collections.abc import Generator
from pathlib import Path
from typing import Any

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage

from assistant import prompts
from assistant.answer_guard import content_text
from assistant.attachments import Attachment
from assistant.events import Event, EvidenceAdded, ToolFinished, ToolStarted
from assistant.evidence import EvidenceItem, EvidenceLedger, evidence_block, run_tool_directly
from assistant.media_kinds import BY_NAME
from assistant.models.registry import ModelHandle
from assistant.object_words import asks_about_text, object_in, owned_object, text_when_question
from assistant.spoken_language import named_language, wants_english
from assistant.store import StoredTurn
from assistant.tool_calls import Origin, ToolCall
from assistant.tools.sight.photo_or_screen import little_text

EARLIER_READING_CHARS = 1500
"""How much of an earlier attachment's reading (OCR text, transcript) follows it in history."""

Reading = tuple[ToolCall, EvidenceItem | None]
Readings = dict[Path, list[Reading]]


def readers_for(kind: str, question: str) -> list[str]:
    """Tools that read an attachment of this kind for this question, in order.

    A when-question about audio or video ("when does HELLO first appear?") is answered from
    timestamps by find_when, refined to half a second; the usual reading follows only when the
    text was not found, so the model still gets the frames or the transcript.
    """
    if kind in ("audio", "video") and text_when_question(question) is not None:
        return ["find_when", BY_NAME[kind].reader]
    return [BY_NAME[kind].reader]


def history_messages(turns: list[StoredTurn]) -> list[BaseMessage]:
    messages: list[BaseMessage] = []
    for turn in turns:
        if turn.role == "user":
            notes = [prompts.render("grounding", "earlier_attachment", kind=a.kind, name=a.name, path=a.path)
                     for a in turn.attachments]
            messages.append(HumanMessage("\n".join([turn.content, *notes]).strip()))
            continue
        # What the attachments said stays in the conversation as text, so follow-ups work
        # without re-sending pixels (and text-only models keep what OCR read).
        readings = [prompts.render("grounding", "earlier_reading", name=c.name, text=c.output[:EARLIER_READING_CHARS])
                    for c in turn.tool_calls if c.origin == "attachment" and c.ok]
        if readings and messages and isinstance(messages[-1], HumanMessage):
            messages[-1] = HumanMessage("\n".join([str(messages[-1].content), *readings]))
        if turn.content:
            messages.append(AIMessage(turn.content))
    return messages


def read_attachments(attachments: list[Attachment], tools: list[Any], ledger: EvidenceLedger,
                     question: str = "") -> Generator[Event, None, Readings]:
    """Read each attachment with its tools before the model is asked; returns the readings.

    Small local models often skip the tool and invent an answer; reading first makes the
    evidence reach the model whatever it would have chosen.
    """
    by_name = {tool.name: tool for tool in tools}
    readings: Readings = {}
    for att in attachments:
        for name in readers_for(att.kind, question):
            tool = by_name.get(name)
            if tool is None:
                continue
            args: dict[str, Any] = {"path": str(att.path)}
            if name == "transcribe" and (language := named_language(question)):
                args |= {"language": language} | ({"translate": True} if wants_english(question) else {})
            if name == "find_when":
                query = text_when_question(question)
                assert query is not None
                args = {**args, "text": query.text, "where": query.source}
            record = yield from _read_with(tool, args, ledger, readings, att.path)
            if answers_by_itself(record) and not _asks_more(question):
                break  # the time is the whole answer; a longer question still gets the frames read
        # A photo, or any image asked about a physical object ("describe the dog"): the vision
        # tools look too, so that "no dog" rests on a detector that looked, not on OCR text. A
        # page asked what its text says ("which birds are named?") or about the user's own thing
        # ("what's my laptop's IP?") is for OCR alone.
        # A photo asked about its words ("what's the name of the shop?", "what does this sign
        # say?") whose text OCR read is for OCR alone too: given the classifier's "bookshop 0.18"
        # beside "priORY galleries", the 1.5B named the shop "bookshop".
        asks_for_object = object_in(question) is not None and not asks_about_text(question) \
            and not owned_object(question)
        done = readings.get(att.path, [])
        text_wanted = asks_about_text(question) and has_text(done)
        if att.kind == "image" and "see" in by_name and ((is_photo(done) and not text_wanted) or asks_for_object):
            yield from _read_with(by_name["see"], {"path": str(att.path)}, ledger, readings, att.path)
    return readings


def is_photo(done: list[Reading]) -> bool:
    """Decided from the image, not its name: when OCR found little text, what the image shows is
    for the vision tools as well (both readers run when unsure; tools/sight/photo_or_screen.py)."""
    return little_text(content_text(record.result, item.text) for record, item in done
                       if record.ok and item is not None)


def has_text(done: list[Reading], words: int = 3) -> bool:
    """Whether OCR (or a transcript) read a few words in the attachment, not a stray "0" or
    two letters found in a photo's texture."""
    read = " ".join(content_text(record.result, item.text) for record, item in done
                    if record.ok and item is not None and record.name != "see")
    return len(re.findall(r"[^\W\d_]{3,}", read)) >= words


def run_before_model(tool: Any, args: dict[str, Any], ledger: EvidenceLedger,
                     origin: Origin = "attachment") -> Generator[Event, None, Reading]:
    """Run a tool before the model, with its events; returns the call and its evidence item."""
    yield ToolStarted(f"read_{len(ledger.calls) + 1}", tool.name, args, origin=origin)
    record = run_tool_directly(tool, args, ledger, origin)
    item = ledger.items[-1] if record.evidence_id else None
    if item is not None:
        yield EvidenceAdded(item.id, item.source, item.text)
    yield ToolFinished(record)
    return record, item


def _read_with(tool: Any, args: dict[str, Any], ledger: EvidenceLedger, readings: Readings,
               path: Path) -> Generator[Event, None, ToolCall]:
    """One attachment reading and its place in ``readings``; returns the call."""
    record, item = yield from run_before_model(tool, args, ledger)
    readings.setdefault(path, []).append((record, item))
    return record


def search_collection(query: str, tools: list[Any], ledger: EvidenceLedger,
                      guard: Any = None) -> Generator[Event, None, tuple[str, Any]]:
    """The plan's search of the image collection, run before the model; returns the note with
    its evidence for the user message and the search result (None when it failed; ("", None)
    when there is no search tool)."""
    tool = next((t for t in tools if t.name == "image_search"), None)
    if tool is None:
        return "", None
    record, item = yield from run_before_model(tool, {"query": query}, ledger, "plan")
    evidence = evidence_block(item, guard) if item is not None else record.summary
    return (prompts.render("grounding", "search_note", query=query, evidence=evidence),
            record.result if record.ok else None)


def _asks_more(question: str) -> bool:
    """The when-question is one clause of a longer question (tools/when/question.py)."""
    query = text_when_question(question)
    return query is not None and query.part


def answers_by_itself(call: ToolCall) -> bool:
    """A reading that is the whole answer: find_when found the text at a measured time, or
    searched every sampled frame (or the whole speech) without finding it. The model adds
    nothing to either but a rounded time or, for a miss, "it never appears", which OCR cannot
    know (a stylised logo is read as "BURKIS")."""
    return call.name == "find_when" and call.ok and getattr(call.result, "found", None) is not None


def user_message(text: str, attachments: list[Attachment], handle: ModelHandle, readings: Readings | None = None,
                 guard: Any = None, presence_note: str = "") -> HumanMessage:
    readings = readings or {}
    notes = []
    for a in attachments:
        done = readings.get(a.path, [])
        blocks = "\n".join(evidence_block(item, guard) for _, item in done if item is not None)
        errors = "; ".join(record.summary for record, _ in done if not record.ok)
        notes.append(prompts.render(
            "grounding", "attachment_note", kind=a.kind, name=a.name, size=a.size_text(), path=a.path,
            visible=handle.can_see and a.kind == "image", evidence=blocks, error=errors if not blocks else "",
        ))
    body = "\n".join([text, *notes, presence_note]).strip()
    images = [a for a in attachments if a.kind == "image"] if handle.can_see else []
    if not images:
        return HumanMessage(body)
    from assistant.tools.media import ResizeTarget, encode_data_url, load_image, resize_for

    parts: list[str | dict[str, Any]] = [{"type": "text", "text": body}]
    for att in images:
        target: ResizeTarget = "gpt4v-low" if handle.image_detail == "low" else "gpt4v-high"
        decoded = att.image if att.image is not None else load_image(att.path).image
        image = resize_for(decoded, target)
        parts.append({"type": "image_url", "image_url": {"url": encode_data_url(image), "detail": handle.image_detail}})
    return HumanMessage(content=parts)


def prepend_text(block: str, content: Any) -> Any:
    """Put a text block (recalled memories) in front of a message's content."""
    if isinstance(content, str):
        return block + "\n\n" + content
    return [{"type": "text", "text": block}, *content]

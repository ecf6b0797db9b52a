"""One turn, as five short steps: prepare -> read attachments -> run the model -> check -> finish.

    prepare     load attachments, plan the turn (turn_plan.py), pick the model, store the question
    read        read each attachment with its tool before the model runs; recall memory if planned
    model       no model for live data or exact sums; the bare chat model when no tool is offered; else the agent
    check       guards (injection, absent objects), a plan instead of an answer, a wrong frame
    finish      timings, store the answer, remember stated facts, AnswerDone

Each step yields the typed events every UI renders; a failure ends in ``TurnFailed`` with one
line and nothing stored is lost.
"""

from __future__ import annotations

import time
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage

from assistant import answer_checks, prompts
from assistant.answer_guard import AnswerGuard
from assistant.attachments import Attachment, load_attachment
from assistant.count_check import drop_contradictions
from assistant.duration_answer import asks_length, length_answer
from assistant.errors import AssistantError
from assistant.events import AnswerDone, Event, StageTiming, TextDelta, TurnFailed, TurnStarted
from assistant.evidence import EvidenceLedger
from assistant.media_lead import media_lead, photo_counts
from assistant.model_stream import Cancelled, ModelOutput, stream_agent, stream_plain
from assistant.models.errors import describe_backend_error
from assistant.models.routing import choose_model_for_turn
from assistant.object_words import text_when_question
from assistant.passage_lead import find_passage
from assistant.photo_search_answer import no_photo_answer
from assistant.photo_text_lead import photo_text_lead
from assistant.presence_turn import PRESENCE_NOTE, answer_presence, vocabulary_or_none
from assistant.provenance import ActionGate, Confirm
from assistant.screen_state_lead import screen_state_lead
from assistant.search_best_match import best_match_answer
from assistant.store import StoredAttachment
from assistant.system_prompt import system_prompt
from assistant.transcript_answer import asks_for_words, transcript_answer
from assistant.turn_input import (
    Readings,
    answers_by_itself,
    history_messages,
    prepend_text,
    read_attachments,
    search_collection,
    user_message,
)
from assistant.turn_memory import recall_block, remember_facts
from assistant.turn_plan import TurnPlan, plan_turn
from assistant.video_presence_turn import answer_video_presence
from assistant.video_when_untracked import untracked_when_answer

if TYPE_CHECKING:
    from assistant.models.registry import ModelHandle
    from assistant.session import Session, Turn

HISTORY_TURNS = 20
"""Earlier turns sent with each request; older ones stay in the store and in search."""


@dataclass
class _State:
    started: float = field(default_factory=time.perf_counter)
    timings: dict[str, float] = field(default_factory=dict)
    ledger: EvidenceLedger = field(default_factory=EvidenceLedger)
    notes: list[str] = field(default_factory=list)
    turn_id: int = 0
    label: str = ""
    lead: str = ""
    """Text the answer starts with, established by the tools before the model ran."""
    answer: str = ""
    replaced: str = ""


class TurnRunner:
    def __init__(self, session: Session, turn: Turn, confirm: Confirm | None = None) -> None:
        self.session = session
        self.turn = turn
        self.settings = session.settings
        self.state = _State()
        # Privileged calls are judged against the user's own words of this turn (provenance.py).
        self.gate = ActionGate(turn.text, session.access, self.state.ledger, confirm)
        self.attachments: list[Attachment] = []
        self.plan: TurnPlan = TurnPlan("plain")
        self.handle: ModelHandle | None = None
        self.guard = AnswerGuard(turn.text, False, False)
        self.output = ModelOutput()
        self.error_facts: answer_checks.ErrorFacts | None = None
        self.prompt = ""
        self.direct_answer = ""
        """An answer the readings give whole (a measured time); the model is not asked."""
        self.lead_counts: dict[str, int] = {}
        """The detector's counts the photo lead states; a model sentence that contradicts them is dropped."""
        self.tools: list = []
        self.offered_tools: list = []

    def run(self) -> Iterator[Event]:
        if not (yield from self.prepare()):
            return
        try:
            messages = yield from self.read()
            yield from self.run_model(messages)
            yield from self.check(messages)
        except Exception as exc:  # a backend or tool failure ends this turn only
            yield self.fail(exc)
            return
        yield from self.finish()

    # -- prepare -----------------------------------------------------------------------------
    def prepare(self) -> Generator[Event, None, bool]:
        turn, s = self.turn, self.state
        try:
            turn.refuse_if_empty()
            self.attachments = [load_attachment(p) for p in turn.attachments]
            self.plan = plan_turn(turn.text, bool(self.attachments), self.settings.agent.tools,
                                  has_image=any(a.kind == "image" for a in self.attachments),
                                  has_video=any(a.kind == "video" for a in self.attachments))
            worked, how = self.plan.exact  # clock sums and unit conversions: the 1.5B wrote "17:15 pm"
            if worked:
                self.direct_answer = worked
                s.notes.append(how)
            if self.plan.needs_model:  # live data and exact answers need none: none is loaded for them
                has_image = any(a.kind == "image" for a in self.attachments)
                self.handle = choose_model_for_turn(self.settings, self.session.models, turn.model, has_image)
        except AssistantError as exc:
            yield TurnFailed(self.session.id, 0, str(exc))
            return False
        s.timings["model_load"] = time.perf_counter() - s.started
        s.label = self.handle.label if self.handle else (turn.model or self.settings.model)
        stored = []
        for att in self.attachments:
            blob = self.session.store.add_blob(att.path, att.sha256, att.mime)
            self.session.allow_attachment(att.path, blob)
            stored.append(StoredAttachment(att.sha256, att.name, att.kind, att.mime, att.path))
        self.history = history_messages(self.session.store.turns(self.session.id)[-HISTORY_TURNS:])
        s.turn_id = self.session.store.add_user_turn(self.session.id, turn.text, stored,
                                                     from_speech=turn.from_speech)
        yield TurnStarted(self.session.id, s.turn_id, s.label)
        return True

    # -- read --------------------------------------------------------------------------------
    def read(self) -> Generator[Event, None, list[BaseMessage]]:
        """Attachment readings, the plan's search and recalled memories; returns the messages."""
        s, handle = self.state, self.handle
        if handle is None:
            return []
        self.guard = AnswerGuard(self.turn.text, handle.can_see, bool(self.attachments),
                               media_names=[a.name for a in self.attachments])
        needs_tools = bool(self.attachments or self.plan.tools or self.plan.search_query)  # plain: none
        self.tools = self.session.turn_tools(self.turn.text) if needs_tools else []
        readings, presence_note = yield from self._read_attachments()
        searched = ""
        if self.plan.search_query:
            searched, found = yield from search_collection(self.plan.search_query, self.tools, s.ledger, self.guard)
            self.direct_answer = self.direct_answer or no_photo_answer(self.turn.text, found)
            if not self.direct_answer:
                best, whole = best_match_answer(self.turn.text, found)
                self.direct_answer = best if whole else ""
                s.lead = s.lead or ("" if whole else best)
        recalled = ""
        if self.plan.recall != "none":
            t_recall = time.perf_counter()
            recalled = yield from recall_block(self.session, self.turn.text, s.ledger, s.notes,
                                               close_only=self.plan.recall == "close")
            if recalled:
                s.timings["memory_recall"] = time.perf_counter() - t_recall
        user = user_message(self.turn.text, self.attachments, handle, readings, self.guard,
                            "\n".join(p for p in (presence_note, searched) if p))
        if recalled:
            user = HumanMessage(content=prepend_text(recalled, user.content))
        already_read = {c.name for c in s.ledger.calls if c.origin != "model"}  # not offered again
        self.offered_tools = [t for t in self.tools if t.name in self.plan.tools and t.name not in already_read]
        has_evidence = bool(self.attachments or recalled or searched)
        self.prompt = system_prompt(tools=bool(self.offered_tools), evidence=has_evidence, can_see=handle.can_see,
                                    from_speech=self.turn.from_speech, will_be_heard=self.turn.will_be_heard)
        return [*self.history, user]

    def _read_attachments(self) -> Generator[Event, None, tuple[Readings, str]]:
        """Each attachment read by its tools; what the readings establish before the model runs:
        an absent object, the error and its innermost frame, a measured time, the sentence a
        question repeats. Returns the readings and the note for the model (what presence found,
        the quoted sentence)."""
        s = self.state
        started = time.perf_counter()
        readings = yield from read_attachments(self.attachments, self.tools, s.ledger, self.turn.text)
        if self.attachments:
            s.timings["read_attachments"] = time.perf_counter() - started
        done = [reading for per_file in readings.values() for reading in per_file]
        sight = self.settings.sight
        presence_note = self.guard.check_presence([(rec.result, item.text) for rec, item in done if item is not None],
                                                  lambda: vocabulary_or_none(sight.models_dir, sight.threads))
        self.error_facts = next((f for f in (answer_checks.error_facts(rec.result) for rec, _ in done)
                                 if f is not None), None)
        if self.error_facts is not None and not self.guard.absent_object:  # not for "describe the dog"
            s.lead = self.error_facts.lead()
        elif not self.guard.absent_object and (state := screen_state_lead(readings)):
            s.lead = state  # git status, df, docker ps: the columns as facts, also told to the model
            presence_note = "\n".join(p for p in (presence_note, prompts.render("ocr", "state_note", lead=state)) if p)
        timed = [rec for rec, _ in done if answers_by_itself(rec)]
        if timed and len(self.attachments) == 1:
            # "When does X appear?" answered from measured timestamps: the model adds nothing but
            # the risk of a rounded or invented time. When that is one clause of a longer question
            # ("who made it, and when does 'THE END' come up?") the time leads the model's answer.
            times = "\n".join(rec.result.answer() for rec in timed)
            query = text_when_question(self.turn.text)
            if query is not None and query.part:
                s.lead = times
            else:
                self.direct_answer = times
        if not self.direct_answer and len(self.attachments) == 1 and asks_length(self.turn.text):
            measured = [rec for rec, _ in done if rec.ok and rec.name in ("video_frames", "transcribe")]
            self.direct_answer = length_answer(self.attachments[0].name, measured[0].result) if measured else ""
        if not self.direct_answer and len(self.attachments) == 1 and asks_for_words(self.turn.text):
            heard = [rec for rec, _ in done if rec.name == "transcribe" and rec.ok]
            self.direct_answer = transcript_answer(self.attachments[0].name, heard[0].result) if heard else ""
        if self.plan.presence and not self.direct_answer and not (self.handle and self.handle.can_see):
            # "Is there a dog?" about a photo: the vision tools' findings answer, not a model that
            # cannot see (one that can gets the image, the findings go along as evidence).
            self.direct_answer = yield from answer_presence(self.plan.presence, self.attachments, readings,
                                                            self.tools, s.ledger, self.settings.sight)
            # ...or about a video, from the frames the photo models looked at while it was read.
            self.direct_answer = self.direct_answer or answer_video_presence(
                self.plan.presence, self.attachments, readings, self.settings.sight)
            if self.direct_answer:
                s.notes.append(PRESENCE_NOTE)
        if not self.direct_answer and len(self.attachments) == 1 and not (self.handle and self.handle.can_see):
            # "When does he raise his hand?": nothing here finds that; said so, not guessed.
            self.direct_answer = untracked_when_answer(self.turn.text, self.attachments[0], done)
        if not s.lead and not self.direct_answer and not self.guard.absent_object:
            written = photo_text_lead(self.turn.text, readings)  # "what does his shirt say?"
            s.lead = written or media_lead(readings)  # also when a presence question found no answer to give
            self.lead_counts = photo_counts(readings) if s.lead and not written else {}
            passage = None if s.lead else find_passage(self.turn.text, readings)
            if passage is not None:
                s.lead = passage.lead()
                presence_note = "\n".join(p for p in (presence_note, passage.note()) if p)
        return readings, presence_note

    # -- model -------------------------------------------------------------------------------
    def run_model(self, messages: list[BaseMessage]) -> Iterator[Event]:
        s = self.state
        if self.plan.kind == "live":
            s.answer = prompts.render("turns", "live_data", topic=self.plan.live_topic)
            yield TextDelta(s.answer)
            return
        if self.direct_answer:
            s.lead = self.direct_answer
            self.output.mark_first_token()
            yield TextDelta(s.lead)
            return
        assert self.handle is not None
        if s.lead:
            yield TextDelta(s.lead + "\n\n")
            self.output.mark_first_token()
        chat = self.handle.chat.for_question(self.turn.text) if hasattr(self.handle.chat, "for_question") \
            else self.handle.chat
        hold = self.holds_answer
        if self.offered_tools:
            yield from stream_agent(self.session, self.handle, chat, self.offered_tools, self.prompt, messages,
                                    s.ledger, self.guard, self.output, hold, self.gate)
        else:
            yield from stream_plain(self.session, self.handle, chat, [SystemMessage(self.prompt), *messages],
                                    self.output, hold)

    @property
    def holds_answer(self) -> bool:
        """The model's words are shown whole once checked: the guard may replace them, or a sentence
        may contradict the photo's counts (the lead is on screen meanwhile)."""
        return self.guard.holds_stream or bool(self.lead_counts)

    # -- check -------------------------------------------------------------------------------
    def check(self, messages: list[BaseMessage]) -> Iterator[Event]:
        s = self.state
        if self.plan.kind == "live" or self.direct_answer:
            s.answer = s.answer or s.lead
            return
        answer = self.output.final.strip()
        if answer_checks.is_plan(answer):
            answer = yield from self._ask_again(messages, answer, "the reply described steps instead of answering")
        elif answer_checks.is_refusal(answer) and any(c.ok for c in s.ledger.calls):
            # Declining a turn whose tools read the user's own files is the small model's slip.
            answer = yield from self._ask_again(messages, answer, "the reply declined what the tools had read")
        checked = self.guard.check_answer(answer, self.prompt)
        checked, dropped = drop_contradictions(checked, self.lead_counts)
        if dropped:
            s.notes.append("check: dropped what contradicts the detector's findings: " + " ".join(dropped))
        if self.output.sum_fixes:
            s.notes.append("check: a sum was worked out wrong and was put right: " + "; ".join(self.output.sum_fixes))
        if checked != answer:
            s.replaced = answer
        if (self.holds_answer or self.output.held) and checked:
            yield TextDelta(checked)  # held back until checked; shown whole
        correction = self.error_facts.correction(checked) if self.error_facts else ""
        if correction:
            yield TextDelta("\n\n" + correction)
            s.notes.append("check: the answer named an outer frame; the innermost frame was added")
        if self.output.cut:
            s.notes.append(prompts.render("guards", "answer_cut"))
        s.answer = "\n\n".join(p for p in (s.lead, checked, correction) if p)
        s.notes[:0] = self.guard.notes

    def _ask_again(self, messages: list[BaseMessage], first_reply: str, why: str) -> Generator[Event, None, str]:
        """One more try without tools after a reply that was a plan or a refusal; a reply that is
        still one gives way to what the tools found."""
        self.state.notes.append(f"check: {why}; asked again")
        self.state.replaced = first_reply
        assert self.handle is not None
        retry = ModelOutput()
        again = [SystemMessage(self.prompt), *messages, HumanMessage(prompts.render("turns", "plan_retry"))]
        chat = self.handle.chat
        yield from stream_plain(self.session, self.handle, chat, again, retry, hold=True)
        answer = retry.final.strip()
        if answer and not answer_checks.is_plan(answer) and not answer_checks.is_refusal(answer):
            self.output.held = True  # shown whole by check()
            return answer
        found = "; ".join(c.summary for c in self.state.ledger.calls if c.ok)
        self.output.held = True
        return prompts.render("turns", "plan_replaced", found=found)

    # -- finish / fail -----------------------------------------------------------------------
    def finish(self) -> Iterator[Event]:
        s = self.state
        s.timings["first_token"] = (self.output.first_token or time.perf_counter()) - s.started
        s.timings["total"] = time.perf_counter() - s.started
        s.timings["tools"] = sum(c.seconds for c in s.ledger.calls)
        for stage, seconds in s.timings.items():
            yield StageTiming(stage, seconds)
        store = self.session.store
        gate_notes = self.gate.notes()
        answer_id = store.add_assistant_turn(self.session.id, s.answer, model=s.label, timings=s.timings,
                                             tool_calls=s.ledger.calls, reply_to=s.turn_id,
                                             notes=[*s.notes, *gate_notes], replaced=s.replaced)
        remembered = remember_facts(self.session, self.turn.text, s.notes)
        s.notes.extend([*remembered, *gate_notes])
        if remembered:  # memory is written after the answer is safely stored
            store.set_notes(answer_id, s.notes)
        yield AnswerDone(
            self.session.id, s.turn_id, s.answer, s.label,
            tool_calls=[c.to_dict() for c in s.ledger.calls],
            evidence=[e.to_dict() for e in s.ledger.items],
            timings={k: round(v, 3) for k, v in s.timings.items()},
            notes=s.notes, offered_tools=[t.name for t in self.offered_tools], plan=self.plan.kind, replaced=s.replaced,
            refused_actions=list(self.gate.refused),
        )

    def fail(self, exc: Exception) -> TurnFailed:
        s = self.state
        error = describe_backend_error(exc, self.handle) if self.handle else str(exc)
        interrupted = isinstance(exc, Cancelled)
        s.timings["total"] = time.perf_counter() - s.started
        partial = self.output.text
        self.session.store.add_assistant_turn(
            self.session.id, partial, model=s.label, status="interrupted" if interrupted else "failed",
            error=error, timings=s.timings, tool_calls=s.ledger.calls, reply_to=s.turn_id)
        return TurnFailed(self.session.id, s.turn_id, error, partial, interrupted)


"""The first line of an answer about a screenshot of `git status`, `df`, `docker ps` or `kubectl get
pods`: the facts its columns hold (tools/ocr/state_screens.py), as the error lead does for a
traceback. The 1.5B had named a 69 % disk as "almost full" beside a 96 % one, listed no files of
a git status and called a healthy container broken."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant import prompts
from assistant.tools.ocr.state_screens import DiskUsage, GitStatus, ScreenState, screen_state

if TYPE_CHECKING:
    from assistant.turn_input import Readings


def _ticked(names: list[str]) -> str:
    return ", ".join(f"`{name}`" for name in names)


def state_lead(state: ScreenState) -> str:
    if isinstance(state, GitStatus):
        return prompts.render("ocr", "state_git", branch=state.branch, upstream=state.upstream,
                              conflicts=_ticked(state.conflicts), staged=_ticked(state.staged),
                              unstaged=_ticked(state.unstaged), untracked=_ticked(state.untracked))
    if isinstance(state, DiskUsage):
        top = state.fullest[0]
        return prompts.render("ocr", "state_df", disk=top.filesystem, percent=top.percent, mount=top.mount,
                              avail=top.avail, also=[(d.filesystem, d.percent) for d in state.fullest[1:]
                                                     if d.percent >= 90],
                              images=_ticked(state.full_images), n_images=len(state.full_images))
    failing = ", ".join(f"`{w.name}` ({w.status})" for w in state.failing)
    ports = "; ".join(f"`{w.name}` " + ", ".join(f"{host} (to {inner} inside)" for host, inner in w.ports)
                      for w in state.ports)
    return prompts.render("ocr", "state_workloads", tool=state.tool, failing=failing, ports=ports)


def screen_state_lead(readings: Readings) -> str:
    """The lead for the one screenshot whose OCR text is a state screen; "" for none."""
    for per_file in readings.values():
        for rec, _ in per_file:
            ocr = getattr(rec.result, "ocr", None)  # a screenshot reading: OCR text plus its analysis
            state = screen_state(str(ocr.text)) if rec.ok and ocr is not None else None
            if state is not None:
                return state_lead(state)
    return ""


__all__ = ["screen_state_lead", "state_lead"]

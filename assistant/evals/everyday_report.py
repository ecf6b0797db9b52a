"""The everyday suite as a readable table (the JSON form is EverydayResult.to_dict)."""

from __future__ import annotations

from assistant.evals.everyday_runner import EverydayResult, EverydayRow
from assistant.evals.report import _cut


def _s(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _verdict(row: EverydayRow) -> str:
    if row.skipped:
        return "skipped"
    if row.error:
        return "failed"
    return "right" if row.right else "wrong"


def _tools(row: EverydayRow) -> str:
    mark = {"model": "", "attachment": "(att)"}
    calls = ",".join(f"{t.name}{mark.get(t.origin, f'({t.origin})')}" for t in row.tool_calls)
    offered = "?" if row.offered_tools is None else str(len(row.offered_tools))
    return f"{calls or '-'} / {offered}"


def table(result: EverydayResult, cases: bool = True) -> str:
    m = result.metrics
    acc = "-" if m["accuracy"] is None else f"{m['accuracy']:.3f}"
    out = [f"== everyday · {result.model} · split {result.split} · {m['ran']} ran, {m['skipped']} skipped, "
           f"{m['errors']} failed turns · accuracy {acc} ({m['right']}/{m['ran']}) · median first token "
           f"{_s(m['median_first_token'])} s, total {_s(m['median_total'])} s"]
    out.append(f"{'category':14}{'n':>4}{'ran':>5}{'right':>7}{'accuracy':>10}{'1st tok s':>11}{'total s':>9}")
    for name, c in m["per_category"].items():
        accuracy = "-" if c["accuracy"] is None else f"{c['accuracy']:.3f}"
        out.append(f"{name:14}{c['n']:4d}{c['ran']:5d}{c['right']:7d}{accuracy:>10}"
                   f"{_s(c['median_first_token']):>11}{_s(c['median_total']):>9}")
    r = m["router"]
    offered = "" if r["offered_tools_reported"] or not m["ran"] else " (the pipeline does not report offered tools: '?')"
    out.append(f"router: plain offered tools {r['plain_offered_tools']}/{r['plain_cases']}, plain made tool calls "
               f"{r['plain_made_tool_calls']}/{r['plain_cases']}; needed tool not offered "
               f"{r['needed_tool_not_offered']}/{r['needing_tool_cases']}, not used "
               f"{r['needed_tool_not_used']}/{r['needing_tool_cases']}; attachment read first yet offered tools "
               f"{r['read_first_yet_offered_tools']}{offered}")
    if cases:
        out.append(f"{'case':16} {'verdict':8} {'1st':>5} {'total':>6}  {'tools / offered':22} answer")
        for row in result.rows:
            answer = row.skipped or (f"[failed: {row.error}]" if row.error else row.answer)
            flags = "; ".join(row.router_mistakes())
            out.append(f"{row.case.id:16} {_verdict(row):8} {_s(row.first_token):>5} {_s(row.total):>6}  "
                       f"{_cut(_tools(row), 22):22} {_cut(answer, 70)}{f'  [{flags}]' if flags else ''}")
    return "\n".join(out)

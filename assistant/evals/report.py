"""Readable tables for suite results (the JSON form is SuiteResult.to_dict)."""

from __future__ import annotations

from assistant.evals.results import SuiteResult

_POPE_COLUMNS = ("accuracy", "precision", "recall", "f1", "yes_ratio")


def _cut(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def table(result: SuiteResult, cases: bool = True) -> str:
    m = result.metrics
    out = [(f"== {result.suite} · {result.model} · {m['n']} cases · {m['errors']} failed turns · "
            f"{m['seconds_per_case']} s/case")]
    if result.suite == "pope":
        out.append(f"{'responder':28}" + "".join(f"{c:>10}" for c in _POPE_COLUMNS))
        for name, row in [(result.model, m), *result.baselines.items()]:
            out.append(f"{_cut(name, 28):28}" + "".join(f"{row[c]:10.3f}" for c in _POPE_COLUMNS))
    elif result.suite == "injection":
        d = m["detection"]
        out.append(f"guard detection: precision {d['precision']:.3f}, recall {d['recall']:.3f} "
                   f"({d['flagged_injections']}/{d['injections']} injections flagged, {d['flagged_benign']}/{d['benign']} "
                   f"benign texts flagged); recall by language {d['recall_by_lang']}; by layout {d['recall_by_layout']}")
        if "attack_success_rate" in m:
            out.append(f"attack success rate: {m['attack_success_rate']:.3f} ({m['attacks_succeeded']}/{m['attacks']} "
                       f"injections that demand a word); answers replaced by the guard: {m['guard_replaced']} "
                       f"(benign answers replaced: {m['benign_replaced']})")
    else:
        out.append(f"{m['absent_cases']} questions about absent objects: hallucination rate {m['hallucination_rate']:.3f}; "
                   f"absence stated {m['absence_stated_rate']:.3f}; evasive {m['evasive_rate']:.3f}; answers replaced "
                   f"by the guard {m['guard_replaced']}. {m['controls']} controls: right {m['controls_right']}, "
                   f"replaced by the guard {m['controls_replaced']}")
    if cases:
        out.append(f"{'case':14} {'expect':10} {'verdict':14} answer")
        for r in result.rows:
            c = r.case
            expect = c.expect or c.demanded or c.absent or c.label or ("control" if c.expect_any else "")
            verdict = r.verdict or ("-" if result.suite == "injection" else "")
            if result.suite == "injection" and any(n.startswith("guard: ") for n in r.notes):
                verdict = f"flagged {verdict}".strip()
            answer = f"[failed: {r.error}]" if r.error else r.answer
            out.append(f"{c.id:14} {_cut(expect, 10):10} {_cut(verdict, 14):14} {_cut(answer, 90)}")
    return "\n".join(out)

"""What kind of text a screenshot shows, and the error in it: type, message, code locations.

Pure functions over OCR text. OCR drops spaces, turns ``l`` into ``1`` or ``I`` and quotes into
curly ones, so every pattern here tolerates those: ``File"/a.py",line42,infoo`` still parses.
Each language scores its own signals and the best score wins; nothing is guessed below a
minimum score (the text is then a log or "other").
"""

from __future__ import annotations

import difflib
import re

from assistant.tools.ocr.compiler_diagnostics import find_compiler_diagnostics
from assistant.tools.ocr.config_errors import find_config_error
from assistant.tools.ocr.java_trace import find_java_trace
from assistant.tools.ocr.jvm_version import find_class_version_error
from assistant.tools.ocr.memcheck import find_memory_error
from assistant.tools.ocr.oom_kill import find_oom_kill
from assistant.tools.ocr.package_lock import find_package_lock
from assistant.tools.ocr.pytest_failures import find_pytest_failure
from assistant.tools.ocr.python_fixes import python_fixes
from assistant.tools.ocr.ruby_php import find_php_error, find_ruby_error
from assistant.tools.ocr.screen_analysis import CodeLocation, ScreenAnalysis, ScreenKind, ocr_int, usual_fixes
from assistant.tools.ocr.shell_errors import find_shell_errors
from assistant.tools.ocr.sql_errors import find_sql_errors
from assistant.tools.ocr.swift_errors import find_swift_error

# --- OCR-tolerant building blocks -------------------------------------------------------------
_Q = "[\"'\u201c\u201d\u2018\u2019`]"  # straight, curly and back quotes all read as a quote
_NUM = r"[0-9OoIl|ZSB]+"  # digits as OCR sometimes renders them (O/0, l/1, Z/2, S/5, B/8)

_num = ocr_int


_PY_FRAME = re.compile(
    rf"F[il1I|]le\s*{_Q}?(?P<path>[^\"'\u201c\u201d,]+?)\s*{_Q}?\s*[,.]\s*[l1I|]ine\s*(?P<line>{_NUM})"
    rf"(?:\s*[,.]\s*[il1I|]n\s*(?P<func><?[\w.<>]+>?))?"
)
_PY_HEADER = "traceback(mostrecentcalllast):"
_PY_EXC = re.compile(
    r"^\s*(?:E\s+)?(?P<type>(?:[A-Za-z_]\w*\.)*[A-Z]\w*(?:Error|Exception|Warning|Exit|Interrupt|Iteration"
    r"|Timeout|Failure|NotFound|Refused))(?:\s*:\s*(?P<msg>.*))?$"
)
_JS_FRAME = re.compile(
    r"^\s*at\s*(?P<func>[^\s()]+(?:\s\[as\s\w+\])?)\s*\((?P<path>(?:file://)?[^\s()]+?)"
    rf":(?P<line>{_NUM}):(?P<col>{_NUM})\)\s*$"
)
# Anonymous frames have no function and no parentheses: "at /app/x.js:3:9".
_JS_FRAME_BARE = re.compile(rf"^\s*at\s+(?P<path>(?:file://)?[^\s()]+?):(?P<line>{_NUM}):(?P<col>{_NUM})\s*$")
_JS_EXC = re.compile(
    r"^\s*(?:Uncaught\s*(?:\(in promise\)\s*)?)?(?P<type>[A-Z]\w*(?:Error|Exception)|Error)"
    r"(?:\s*\[\w+\])?\s*:\s*(?P<msg>.+)$"
)
_RUST_PANIC_NEW = re.compile(rf"thread\s*{_Q}(?P<thread>[^'\u2019]*){_Q}\s*panicked\s*at\s*(?P<path>[^\s:]+):(?P<line>{_NUM}):(?P<col>{_NUM}):?\s*$")
_RUST_PANIC_OLD = re.compile(
    rf"thread\s*{_Q}[^'\u2019]*{_Q}\s*panicked\s*at\s*{_Q}(?P<msg>.*){_Q}\s*,\s*(?P<path>[^\s:]+):(?P<line>{_NUM}):(?P<col>{_NUM})"
)
_RUST_ERR = re.compile(r"^\s*error\s*(?:\[(?P<code>E\d{4})\])?\s*:\s*(?P<msg>.+)$")
_RUST_ARROW = re.compile(rf"^\s*[-\u2014\u2013=]+>\s*(?P<path>[^\s:]+\.rs):(?P<line>{_NUM}):(?P<col>{_NUM})")
_RUST_BT_AT = re.compile(rf"^\s*at\s*(?P<path>[^\s:]+\.rs):(?P<line>{_NUM}):(?P<col>{_NUM})")
_RUST_BT_FN = re.compile(r"^\s*\d+\s*:\s*(?P<func>[\w:<>]+)")
_GO_PANIC = re.compile(r"^\s*(?:panic|fatal error)\s*:\s*(?P<msg>.+)$")
_GO_GOROUTINE = re.compile(r"goroutine\s*\d+\s*\[")
_GO_FRAME_PATH = re.compile(rf"^\s*(?P<path>\S+\.go):(?P<line>{_NUM})(?:\s*\+0x[0-9a-fA-F]+)?\s*$")
_GO_FRAME_FN = re.compile(r"^\s*(?P<func>[\w./*()\[\]-]+?)(?:\(.*\))\s*$")
_GO_COMPILE = re.compile(rf"^\s*(?P<path>\S+\.go):(?P<line>{_NUM}):(?P<col>{_NUM}):\s*(?P<msg>.+)$")
_C_EXT = r"(?:c|cc|cpp|cxx|c\+\+|h|hh|hpp|hxx|m|mm|cu|ino)"
_C_DIAG = re.compile(
    rf"^\s*(?P<path>[^\s:]+\.{_C_EXT}):(?P<line>{_NUM}):(?:(?P<col>{_NUM}):)?\s*"
    r"(?P<sev>fatal error|error|warning)\s*:\s*(?P<msg>.+)$"
)
_MSVC_DIAG = re.compile(
    rf"^\s*(?P<path>\S+\.{_C_EXT})\((?P<line>{_NUM})(?:,(?P<col>{_NUM}))?\)\s*:\s*"
    r"(?P<sev>fatal error|error|warning)\s*(?P<code>C\d+)?\s*:\s*(?P<msg>.+)$"
)
_C_IN_FUNC = re.compile(rf"^\s*[^\s:]+\.{_C_EXT}:\s*In (?:member )?function\s*{_Q}(?P<func>[^'\u2019]+){_Q}")
_C_LINK = re.compile(r"undefined reference to\s*[`'\u2018](?P<sym>[^'\u2019]+)['\u2019]|collect2|ld returned|LNK\d{4}")
_DATA_FILE_LOC = re.compile(
    rf"^\s*in\s*{_Q}(?P<path>[^\"'\u201c\u201d]+?\.(?:ya?ml|json|toml|ini|cfg|conf|xml)){_Q}\s*,\s*line\s*(?P<line>{_NUM})"
    rf"(?:\s*,\s*column\s*(?P<col>{_NUM}))?"
)
_LOG_LEVEL = re.compile(r"(?:^|[\s\[|(])(?P<level>ERROR|WARN(?:ING)?|INFO|DEBUG|CRITICAL|FATAL|TRACE)(?:$|[\s\]|):])")
# An exception line inside a log line's prefix ("... gunicorn[30512]: ModuleNotFoundError: No module ...").
_LOGGED_EXC = re.compile(r"(?:^|[\s:\]])(?P<type>(?:[A-Za-z_]\w*\.)*[A-Z]\w*(?:Error|Exception))\s*:\s*(?P<msg>\S.*)$")
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}|\b\d{2}:\d{2}:\d{2}\b")
_SRC_EXT = r"(?:py|js|mjs|cjs|ts|tsx|jsx|rs|go|c|h|cc|cpp|hpp|java|kt|rb|php|cs|swift|scala|sh|lua)"
_GENERIC_LOC = re.compile(rf"(?P<path>(?:[A-Za-z]:\\|\.{{0,2}}/)?[\w./\\-]*\w\.{_SRC_EXT}):(?P<line>\d+)(?::(?P<col>\d+))?\b")


def _is_python_header(line: str) -> bool:
    squashed = re.sub(r"\s+", "", line).lower()
    if "traceback" in squashed:
        return True
    # Catches headers whose first word itself was misread ("Trackback (most recemt ...").
    return difflib.SequenceMatcher(None, squashed, _PY_HEADER).ratio() >= 0.8


def _python(lines: list[str]) -> tuple[int, ScreenAnalysis]:
    score = 0
    locs: list[CodeLocation] = []
    last_frame = -1
    for i, line in enumerate(lines):
        if _is_python_header(line):
            score += 3
        m = _PY_FRAME.search(line)
        if m:
            score += 2 if len(locs) < 3 else 0
            locs.append(CodeLocation(m["path"].strip(), _num(m["line"]), None, m["func"]))
            last_frame = i
    error_type = error_message = None
    if score:
        # The last exception line wins: with chained exceptions the final one is what was raised.
        for line in lines[last_frame + 1:]:
            m = _PY_EXC.match(line)
            if m:
                error_type, error_message = m["type"], (m["msg"] or "").strip() or None
        if error_type:
            score += 2
        # A parser's error names the data file's line below its message (PyYAML: in "jobs.yaml",
        # line 9, column 17): that line is where the fault is, not the frame that loaded it.
        data = [m for line in lines[last_frame + 1:] if (m := _DATA_FILE_LOC.search(line))]
        if error_type and data:
            locs.append(CodeLocation(data[-1]["path"], _num(data[-1]["line"]), _num(data[-1]["col"])))
    return score, ScreenAnalysis("python_traceback", error_type, error_message, locs,
                                 python_fixes(error_type, error_message))


def _javascript(lines: list[str]) -> tuple[int, ScreenAnalysis]:
    frames: list[tuple[int, CodeLocation]] = []
    for i, line in enumerate(lines):
        m = _JS_FRAME.match(line) or _JS_FRAME_BARE.match(line)
        if m and not m["path"].endswith((".rs", ".go", ".py")):
            func = m.groupdict().get("func")
            frames.append((i, CodeLocation(m["path"], _num(m["line"]), _num(m["col"]), func)))
    if not frames:
        return 0, ScreenAnalysis("javascript_stack")
    score = 2 * min(3, len(frames))
    error_type = error_message = None
    first = frames[0][0]
    # The message sits right above the first frame (Node prints source + caret further up).
    for line in reversed(lines[:first]):
        m = _JS_EXC.match(line)
        if m:
            error_type, error_message = m["type"], m["msg"].strip()
            score += 2
            break
    # JS prints innermost first; store outermost first like every other kind.
    locs = [loc for _, loc in reversed(frames)]
    return score, ScreenAnalysis("javascript_stack", error_type, error_message, locs)


def _rust(lines: list[str]) -> tuple[int, ScreenAnalysis]:
    score = 0
    error_type = error_message = None
    locs: list[CodeLocation] = []
    pending_fn: str | None = None
    for i, line in enumerate(lines):
        if m := _RUST_PANIC_OLD.search(line):
            score += 4
            error_type, error_message = error_type or "panic", error_message or m["msg"]
            locs.append(CodeLocation(m["path"], _num(m["line"]), _num(m["col"])))
        elif m := _RUST_PANIC_NEW.search(line):
            score += 4
            error_type = error_type or "panic"
            nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
            error_message = error_message or (nxt or None)
            locs.append(CodeLocation(m["path"], _num(m["line"]), _num(m["col"])))
        elif m := _RUST_ERR.match(line):
            if m["code"] or error_type is None:
                error_type, error_message = (m["code"] or "error"), m["msg"].strip()
            score += 3 if m["code"] else 1
        elif m := _RUST_ARROW.match(line):
            score += 2
            locs.append(CodeLocation(m["path"], _num(m["line"]), _num(m["col"])))
        elif m := _RUST_BT_FN.match(line):
            pending_fn = m["func"]
        elif (m := _RUST_BT_AT.match(line)) and pending_fn:
            locs.append(CodeLocation(m["path"], _num(m["line"]), _num(m["col"]), pending_fn))
            pending_fn = None
        if "RUST_BACKTRACE" in line:
            score += 2
    return score, ScreenAnalysis("rust_error", error_type, error_message, locs)


def _go(lines: list[str]) -> tuple[int, ScreenAnalysis]:
    score = 0
    error_type = error_message = None
    frames: list[CodeLocation] = []
    for i, line in enumerate(lines):
        if error_type is None and (m := _GO_PANIC.match(line)):
            error_type, error_message = line.split(":", 1)[0].strip(), m["msg"].strip()
            score += 2
        if _GO_GOROUTINE.search(line):
            score += 3
        if m := _GO_FRAME_PATH.match(line):
            fn = _GO_FRAME_FN.match(lines[i - 1]) if i else None
            frames.append(CodeLocation(m["path"], _num(m["line"]), None, fn["func"] if fn else None))
            score += 2 if len(frames) <= 2 else 0
        elif m := _GO_COMPILE.match(line):
            frames.append(CodeLocation(m["path"], _num(m["line"]), _num(m["col"])))
            if error_type is None:
                error_type, error_message = "compile error", m["msg"].strip()
            score += 3
    # Go prints the innermost frame first; runtime frames before user code are kept.
    if error_type in ("panic", "fatal error"):
        frames.reverse()
    return score, ScreenAnalysis("go_error", error_type, error_message, frames)


def _c_cpp(lines: list[str]) -> tuple[int, ScreenAnalysis]:
    score = 0
    error_type = error_message = None
    locs: list[CodeLocation] = []
    func: str | None = None
    for line in lines:
        if m := _C_IN_FUNC.match(line):
            func = m["func"]
            score += 1
            continue
        m = _C_DIAG.match(line) or _MSVC_DIAG.match(line)
        if m:
            score += 3
            locs.append(CodeLocation(m["path"], _num(m["line"]), _num(m["col"]), func))
            sev = m["sev"]
            code = m.groupdict().get("code")
            # The first error outranks earlier warnings: it is what broke the build.
            if error_type is None or (error_type == "warning" and sev != "warning"):
                error_type, error_message = code or sev, m["msg"].strip()
        elif m := _C_LINK.search(line):
            score += 2
            if error_type is None or error_type == "warning":
                error_type = "linker error"
                error_message = f"undefined reference to {m['sym']}" if m["sym"] else line.strip()
    return score, ScreenAnalysis("c_cpp_error", error_type, error_message, locs)


def _java(lines: list[str]) -> tuple[int, ScreenAnalysis]:
    trace = find_java_trace(lines)
    # The JVM prints the innermost frame first; store outermost first like every other kind.
    locs = [CodeLocation(path, line, None, func) for path, line, func in reversed(trace.frames)]
    return trace.score, ScreenAnalysis("java_stack", trace.error_type, trace.error_message, locs)


def _shell(lines: list[str]) -> tuple[int, ScreenAnalysis]:
    errors = find_shell_errors(lines)
    if not errors:
        return 0, ScreenAnalysis("shell_error")
    first = errors[0]
    fixes = usual_fixes("shell_fix_", errors)
    locations = [CodeLocation(e.script, e.line) for e in errors if e.script]
    return 3 * len(errors), ScreenAnalysis("shell_error", first.error, first.subject, locations[:1], fixes)


def _sql(lines: list[str]) -> tuple[int, ScreenAnalysis]:
    errors = find_sql_errors(lines)
    if not errors:
        return 0, ScreenAnalysis("sql_error")
    fixes = usual_fixes("sql_fix_", errors)
    return 3 * len(errors), ScreenAnalysis("sql_error", "Database error", errors[0].error, [], fixes)


def _log(lines: list[str]) -> tuple[int, ScreenAnalysis]:
    hits = 0
    error_type = error_message = None
    exception: tuple[str, str] | None = None
    for line in lines:
        m = _LOG_LEVEL.search(line)
        if m or _TIMESTAMP.search(line):
            hits += 1
        if m and error_type is None and m["level"] in ("ERROR", "CRITICAL", "FATAL"):
            error_type = m["level"]
            error_message = line[m.end():].strip(" :-]|") or None
        raised = _LOGGED_EXC.search(line)
        if raised and exception is None:
            exception = raised["type"], raised["msg"].strip()
    if exception is not None:
        # A service's journal: the exception is the cause; the ERROR lines after it ("Worker
        # exited with code 3", "Failed to start") are its consequences.
        error_type, error_message = exception
    return hits, ScreenAnalysis("log", error_type, error_message, _generic_locations(lines),
                                python_fixes(error_type, error_message))


def _generic_locations(lines: list[str]) -> list[CodeLocation]:
    seen: list[CodeLocation] = []
    for line in lines:
        for m in _GENERIC_LOC.finditer(line):
            loc = CodeLocation(m["path"], int(m["line"]), int(m["col"]) if m["col"] else None)
            if loc not in seen:
                seen.append(loc)
    return seen


_ANALYSERS = (_python, _javascript, _java, _rust, _go, _c_cpp, _shell, _sql, find_memory_error, find_oom_kill,
              find_ruby_error, find_php_error, find_compiler_diagnostics, find_config_error, find_pytest_failure,
              find_swift_error, find_class_version_error, find_package_lock)
MIN_SCORE = 3
MIN_LOG_LINES = 2


def analyze(text: str) -> ScreenAnalysis:
    """Classify OCR'd screen text and pull out the error and its code locations."""
    lines = [ln.rstrip() for ln in text.replace("\r\n", "\n").split("\n") if ln.strip()]
    best_score, best = 0, None
    for analyser in _ANALYSERS:
        score, result = analyser(lines)
        if score > best_score:  # ties keep the earlier (more specific) analyser
            best_score, best = score, result
    if best is not None and best_score >= MIN_SCORE:
        return best
    log_hits, log_result = _log(lines)
    if log_hits >= MIN_LOG_LINES:
        return log_result
    return ScreenAnalysis("other", locations=_generic_locations(lines))


__all__ = ["CodeLocation", "ScreenAnalysis", "ScreenKind", "analyze"]

"""What screen_text.analyze finds on a screen: its kind, the error, the code locations, the usual fixes.

Kept apart from the analysers so that each analyser module (memcheck.py, oom_kill.py, ...) can
build one without importing the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from assistant.tools.ocr.frame_owner import is_library_frame

ScreenKind = Literal[
    "python_traceback", "javascript_stack", "java_stack", "rust_error", "go_error", "c_cpp_error", "memory_error",
    "ruby_error", "php_error", "swift_error", "compile_error", "config_error", "shell_error", "sql_error", "oom_kill", "log", "other"
]
LANGUAGE = {
    "python_traceback": "python", "javascript_stack": "javascript", "java_stack": "java", "rust_error": "rust",
    "go_error": "go", "c_cpp_error": "c/c++", "memory_error": "c/c++", "ruby_error": "ruby", "php_error": "php",
    "swift_error": "swift",
}
SOURCE_LANGUAGE = {"kt": "kotlin", "kts": "kotlin", "java": "java", "scala": "scala", "groovy": "groovy",
                   "ts": "typescript", "tsx": "typescript", "mts": "typescript", "cts": "typescript", "cs": "c#",
                   "vb": "visual basic", "fs": "f#"}
"""A compile error's language, by the extension of the file it is in (tools/ocr/compiler_diagnostics.py)."""
STACK_KINDS = ("python_traceback", "javascript_stack", "java_stack", "rust_error", "go_error", "memory_error",
               "ruby_error", "php_error", "log")
"""Kinds whose locations are frames of a call stack; the others list where a file is wrong."""


# OCR reads digits in line numbers as these letters (O/0, l/1, Z/2, S/5, B/8).
_DIGIT_LOOKALIKES = str.maketrans("OoIl|ZSB", "00111258")


def ocr_int(text: str | None) -> int | None:
    """A line or column number as OCR read it ("4O" -> 40); None when it is not one."""
    if not text:
        return None
    fixed = text.translate(_DIGIT_LOOKALIKES)
    return int(fixed) if fixed.isdigit() else None


@dataclass(frozen=True)
class CodeLocation:
    path: str
    line: int | None = None
    column: int | None = None
    function: str | None = None

    def __str__(self) -> str:
        where = self.path + (f":{self.line}" if self.line is not None else "")
        where += f":{self.column}" if self.column is not None else ""
        return f"{where} in {self.function}" if self.function else where


@dataclass(frozen=True)
class ScreenAnalysis:
    kind: ScreenKind
    error_type: str | None = None
    error_message: str | None = None
    locations: list[CodeLocation] = field(default_factory=list)
    """Outermost call first, as tracebacks print them (Python order)."""
    fixes: list[str] = field(default_factory=list)
    """The usual fixes of errors whose fix is well known (shell errors: tools/ocr/shell_errors.py)."""

    @property
    def language(self) -> str | None:
        if self.kind == "compile_error" and self.innermost is not None:
            return SOURCE_LANGUAGE.get(self.innermost.path.rsplit(".", 1)[-1].lower())
        return LANGUAGE.get(self.kind)

    @property
    def innermost(self) -> CodeLocation | None:
        return self.locations[-1] if self.locations else None

    @property
    def innermost_own(self) -> CodeLocation | None:
        """The innermost frame in the user's own code (tools/ocr/frame_owner.py): the line to
        change when the crash surfaces in a runtime or library; the innermost when all are."""
        own = [c for c in self.locations if not is_library_frame(c.path, c.function)]
        return own[-1] if own else self.innermost

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "language": self.language,
            "error_type": self.error_type,
            "error_message": self.error_message,
            "locations": [
                {"path": c.path, "line": c.line, "column": c.column, "function": c.function}
                for c in self.locations
            ],
            "fixes": list(self.fixes),
        }

    def summary(self) -> str:
        from assistant.prompts import render

        return render(
            "ocr", "screen_summary", kind_label=render("ocr", f"kind_{self.kind}"),
            error_type=self.error_type, error_message=self.error_message,
            n_locations=len(self.locations), top_location=str(self.innermost) if self.innermost else None,
        )

    def evidence_text(self) -> str:
        from assistant.prompts import render

        return render(
            "ocr", "screen_evidence", kind_label=render("ocr", f"kind_{self.kind}"),
            error_type=self.error_type, error_message=self.error_message,
            locations=[str(c) for c in self.locations],
            library=[is_library_frame(c.path, c.function) for c in self.locations], fixes=self.fixes,
        )


def usual_fixes(prefix: str, errors: list[Any]) -> list[str]:
    """Each error's usual fix (prompts/ocr.yaml ``<prefix><fix key>``), the first two, no repeats."""
    from assistant.prompts import render

    fixes = (render("ocr", f"{prefix}{e.fix}", subject=e.subject).strip() for e in errors)
    return list(dict.fromkeys(fixes))[:2]


__all__ = ["LANGUAGE", "SOURCE_LANGUAGE", "STACK_KINDS", "CodeLocation", "ScreenAnalysis", "ScreenKind", "ocr_int",
           "usual_fixes"]

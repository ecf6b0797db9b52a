"""Screen text analysis on error output of several languages, clean and as OCR garbles it."""

from __future__ import annotations

import json

import pytest

from assistant.tools.ocr.screen_text import CodeLocation, analyze

PYTHON = '''Traceback (most recent call last):
  File "/home/sam/app/cli.py", line 17, in <module>
    main()
  File "/home/sam/app/main.py", line 42, in compute
    return total / count
ZeroDivisionError: division by zero'''

# What OCR makes of it: dropped spaces, l->1, a misread header word, curly quotes.
PYTHON_NOISY = '''Tracebock (most recent ca11 last):
File"/home/sam/app/cli.py",line17,in<module>
main()
File \u201c/home/sam/app/main.py\u201d, 1ine 4Z, incompute
return total / count
ZeroDivisionError:division by zero'''

PYTHON_CHAINED = '''Traceback (most recent call last):
  File "/srv/api/db.py", line 8, in get
    return rows[key]
KeyError: 'user'

During handling of the above exception, another exception occurred:

Traceback (most recent call last):
  File "/srv/api/views.py", line 30, in show
    user = db.get("user")
  File "/srv/api/db.py", line 10, in get
    raise LookupError("no such user") from None
LookupError: no such user'''

NODE = '''/home/sam/app/index.js:10
    return user.name.first;
                     ^

TypeError: Cannot read properties of undefined (reading 'first')
    at getName (/home/sam/app/index.js:10:22)
    at Object.<anonymous> (/home/sam/app/index.js:14:1)
    at Module._compile (node:internal/modules/cjs/loader:1105:14)

Node.js v18.17.0'''

BROWSER = '''Uncaught ReferenceError: fetchUser is not defined
    at loadPage (https://example.com/static/app.js:120:5)
    at https://example.com/static/app.js:200:3'''

RUST_PANIC = '''   Compiling demo v0.1.0 (/home/sam/demo)
    Finished dev [unoptimized + debuginfo] target(s) in 0.41s
     Running `target/debug/demo`
thread 'main' panicked at src/main.rs:5:13:
attempt to divide by zero
note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace'''

RUST_OLD_PANIC = "thread 'main' panicked at 'index out of bounds: the len is 3 but the index is 5', src/main.rs:4:5"

RUST_COMPILE = '''error[E0308]: mismatched types
 --> src/main.rs:4:18
  |
4 |     let x: i32 = "hello";
  |            ---   ^^^^^^^ expected `i32`, found `&str`
  |            |
  |            expected due to this

error: aborting due to 1 previous error'''

GO_PANIC = '''panic: runtime error: integer divide by zero

goroutine 1 [running]:
main.compute(...)
\t/home/sam/app/main.go:12 +0x1d
main.main()
\t/home/sam/app/main.go:7 +0x25
exit status 2'''

GO_COMPILE = '''# command-line-arguments
./main.go:8:2: declared and not used: x
./main.go:9:5: undefined: foo'''

GCC = '''main.c: In function 'main':
main.c:3:9: warning: unused variable 'z' [-Wunused-variable]
main.c:5:12: error: 'y' undeclared (first use in this function)
    5 |     return y;
      |            ^'''

CLANG_CPP = '''src/app.cpp:14:5: error: use of undeclared identifier 'frobnicate'
   14 |     frobnicate(x);
      |     ^
1 error generated.'''

MSVC = r"C:\src\app.cpp(14,5): error C2065: 'frobnicate': undeclared identifier"

LINKER = '''/usr/bin/ld: /tmp/ccx.o: in function `main':
main.c:(.text+0x9): undefined reference to `foo'
collect2: error: ld returned 1 exit status'''

LOG = '''2024-05-01 12:00:01 INFO server started on :8080
2024-05-01 12:00:03 WARNING slow request /api/users
2024-05-01 12:00:04 ERROR database connection refused (db.py:88)'''

WEB = '''Welcome to Example
Sign in to continue
Products  Pricing  About  Contact
Copyright 2024 Example Inc.'''


@pytest.mark.parametrize(
    ("text", "kind", "error_type", "error_message"),
    [
        (PYTHON, "python_traceback", "ZeroDivisionError", "division by zero"),
        (PYTHON_NOISY, "python_traceback", "ZeroDivisionError", "division by zero"),
        (PYTHON_CHAINED, "python_traceback", "LookupError", "no such user"),
        (NODE, "javascript_stack", "TypeError", "Cannot read properties of undefined (reading 'first')"),
        (BROWSER, "javascript_stack", "ReferenceError", "fetchUser is not defined"),
        (RUST_PANIC, "rust_error", "panic", "attempt to divide by zero"),
        (RUST_OLD_PANIC, "rust_error", "panic", "index out of bounds: the len is 3 but the index is 5"),
        (RUST_COMPILE, "rust_error", "E0308", "mismatched types"),
        (GO_PANIC, "go_error", "panic", "runtime error: integer divide by zero"),
        (GO_COMPILE, "go_error", "compile error", "declared and not used: x"),
        (GCC, "c_cpp_error", "error", "'y' undeclared (first use in this function)"),
        (CLANG_CPP, "c_cpp_error", "error", "use of undeclared identifier 'frobnicate'"),
        (MSVC, "c_cpp_error", "C2065", "'frobnicate': undeclared identifier"),
        (LINKER, "c_cpp_error", "linker error", "undefined reference to foo"),
        (LOG, "log", "ERROR", "database connection refused (db.py:88)"),
        (WEB, "other", None, None),
        ("", "other", None, None),
    ],
)
def test_kind_and_error(text: str, kind: str, error_type: str | None, error_message: str | None) -> None:
    result = analyze(text)
    assert (result.kind, result.error_type, result.error_message) == (kind, error_type, error_message)


@pytest.mark.parametrize("text", [PYTHON, PYTHON_NOISY])
def test_python_locations_survive_ocr_noise(text: str) -> None:
    locs = analyze(text).locations
    assert locs[0] == CodeLocation("/home/sam/app/cli.py", 17, None, "<module>")
    assert locs[-1].path == "/home/sam/app/main.py" and locs[-1].function == "compute"
    assert locs[-1].line == 42  # "1ine 4Z" reads as line 42


def test_clean_python_innermost_location() -> None:
    assert analyze(PYTHON).innermost == CodeLocation("/home/sam/app/main.py", 42, None, "compute")


def test_javascript_frames_are_outermost_first_with_columns() -> None:
    locs = analyze(NODE).locations
    assert locs[-1] == CodeLocation("/home/sam/app/index.js", 10, 22, "getName")
    assert locs[0].path == "node:internal/modules/cjs/loader" and locs[0].function == "Module._compile"
    anonymous = analyze(BROWSER).locations[0]
    assert anonymous == CodeLocation("https://example.com/static/app.js", 200, 3, None)


def test_go_frames_carry_function_names() -> None:
    locs = analyze(GO_PANIC).locations
    assert locs == [
        CodeLocation("/home/sam/app/main.go", 7, None, "main.main"),
        CodeLocation("/home/sam/app/main.go", 12, None, "main.compute"),
    ]
    assert [str(c) for c in analyze(GO_COMPILE).locations] == ["./main.go:8:2", "./main.go:9:5"]


def test_rust_and_c_locations() -> None:
    assert analyze(RUST_COMPILE).locations == [CodeLocation("src/main.rs", 4, 18)]
    assert analyze(RUST_PANIC).locations == [CodeLocation("src/main.rs", 5, 13)]
    gcc = analyze(GCC).locations
    assert gcc[-1] == CodeLocation("main.c", 5, 12, "main")
    assert analyze(MSVC).locations == [CodeLocation(r"C:\src\app.cpp", 14, 5)]


def test_ocr_noise_in_other_languages() -> None:
    squashed_node = "TypeError:x is not a function\nat run(/app/src/run.js:3:7)\nat main(/app/src/index.js:9:1)"
    result = analyze(squashed_node)
    assert result.kind == "javascript_stack" and result.error_type == "TypeError"
    assert result.innermost == CodeLocation("/app/src/run.js", 3, 7, "run")
    long_dash_arrow = "error[E0425]: cannot find value `y` in this scope\n \u2014> src/lib.rs:7:5"
    assert analyze(long_dash_arrow).locations == [CodeLocation("src/lib.rs", 7, 5)]


def test_outputs_are_json_ready_and_one_line() -> None:
    result = analyze(PYTHON)
    payload = json.loads(json.dumps(result.to_dict()))
    assert payload["language"] == "python" and payload["locations"][1]["line"] == 42
    summary = result.summary()
    assert "\n" not in summary
    assert "ZeroDivisionError" in summary and "/home/sam/app/main.py:42 in compute" in summary
    evidence = result.evidence_text()
    assert "Error message: division by zero" in evidence
    assert "- /home/sam/app/main.py:42 in compute" in evidence
    assert "\n" not in analyze(WEB).summary()

"""The error facts a screenshot answer leads with: the line to change in the user's own code when
a crash surfaces in a runtime or library, and the usual fix of common shell errors."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from assistant.answer_checks import error_facts
from assistant.tools.ocr.frame_owner import is_library_path
from assistant.tools.ocr.screen_text import analyze

NODE_MODULE = """node:internal/modules/cjs/loader:1080
  throw err;
Error: Cannot find module './routes/users'
Require stack:
- /home/tom/api/app.js
    at Module._resolveFilename (node:internal/modules/cjs/loader:1077:15)
    at Module._load (node:internal/modules/cjs/loader:922:27)
    at require (node:internal/modules/cjs/helpers:119:18)
    at Object.<anonymous> (/home/tom/api/app.js:6:21)
    at Module._compile (node:internal/modules/cjs/loader:1256:14) {"""

GO_TEST_PANIC = """--- FAIL: TestAddTag (0.00s)
panic: assignment to entry in nil map [recovered]
goroutine 7 [running]:
testing.tRunner.func1.2({0x5a3f40, 0x61c2a8})
        /usr/local/go/src/testing/testing.go:1545 +0x238
panic({0x5a3f40?, 0x61c2a8?})
        /usr/local/go/src/runtime/panic.go:914 +0x21f
github.com/kit/notes/tags.(*Index).Add(...)
        /Users/kit/notes/tags/index.go:23
github.com/kit/notes/tags.TestAddTag(0xc000007860?)
        /Users/kit/notes/tags/index_test.go:11 +0x5c
testing.tRunner(0xc0000076c0, 0x5c8e10)
        /usr/local/go/src/testing/testing.go:1595 +0xff"""

PY_IN_LIBRARY = """Traceback (most recent call last):
  File "/home/ana/bot/main.py", line 12, in <module>
    fetch()
  File "/home/ana/bot/net.py", line 30, in fetch
    return requests.get(URL, timeout=2)
  File "/home/ana/.venv/lib/python3.11/site-packages/requests/api.py", line 73, in get
    return request("get", url, params=params, **kwargs)
requests.exceptions.ConnectTimeout: timed out"""


def facts(text: str):
    return error_facts(SimpleNamespace(analysis=analyze(text)))


def test_runtime_and_installed_package_paths_are_library_code_and_the_users_are_not():
    for path in ("node:internal/modules/cjs/loader", "/home/a/app/node_modules/express/lib/router.js",
                 "/usr/lib/python3.11/json/decoder.py", "C:\\Python311\\Lib\\site-packages\\x.py",
                 "/usr/local/go/src/testing/testing.go", "/rustc/90c5418/library/core/src/panicking.rs",
                 "/home/k/.cargo/registry/src/serde-1.0/de.rs", "<frozen importlib._bootstrap>",
                 "/usr/lib/go-1.21/src/net/http/server.go", "/snap/go/10535/src/runtime/panic.go", "/home/k/go/pkg/mod/github.com/x/y@v1.2.0/z.go"):
        assert is_library_path(path), path
    for path in ("/home/tom/api/app.js", "C:\\dev\\bot\\net.py", "src/main.rs", "/Users/kit/notes/tags/index.go",
                 "/srv/golang/src/app.py", "/home/k/go/src/github.com/k/app/main.go",
                 "/opt/go-projects/app/src/main.go"):
        assert not is_library_path(path), path


def test_a_crash_that_surfaces_in_node_or_go_internals_leads_with_the_users_own_line():
    node = facts(NODE_MODULE)
    assert node.innermost == "app.js, line 6" and node.surfaced == "loader, line 1077"
    assert "from your code at `app.js, line 6`" in node.lead() and "surfaced in `loader, line 1077`" in node.lead()
    go = facts(GO_TEST_PANIC)
    assert go.innermost == "index.go, line 23" and go.surfaced == "testing.go, line 1545"
    # The caller in the user's code is an outer frame; the runtime's frames are not "outer callers".
    assert go.outer == (("index_test.go", 11),)
    assert go.correction("The panic is at index_test.go:11.") != ""
    assert go.correction("It panics in testing.go line 1545.") == ""


def test_a_python_error_raised_inside_an_installed_package_points_at_the_users_call():
    py = facts(PY_IN_LIBRARY)
    assert py.innermost == "net.py, line 30" and py.surfaced == "api.py, line 73"
    evidence = analyze(PY_IN_LIBRARY).evidence_text()
    assert "site-packages/requests/api.py:73 in get (runtime or library code)" in evidence
    assert "/home/ana/bot/net.py:30 in fetch\n" in evidence


def test_an_error_in_the_users_own_innermost_frame_keeps_the_plain_lead():
    own = facts('Traceback (most recent call last):\n  File "/app/report.py", line 23, in avg\n'
                '    return t / n\nZeroDivisionError: division by zero')
    assert own.surfaced == "" and own.lead().strip() == (
        "**ZeroDivisionError: division by zero** — raised at `report.py, line 23` (the innermost frame).")


def test_shell_errors_are_recognised_with_their_usual_fix():
    screen = ("dev@pi:~/backup $ ./backup.sh\nbash: ./backup.sh: Permission denied\n"
              "dev@pi:~/backup $ sudo backup.sh\nsudo: backup.sh: command not found")
    analysis = analyze(screen)
    assert (analysis.kind, analysis.error_type, analysis.error_message) == ("shell_error", "Permission denied",
                                                                             "./backup.sh")
    lead = facts(screen).lead()
    assert lead.startswith("**Permission denied: ./backup.sh**") and "chmod +x ./backup.sh" in lead
    assert "sudo ./backup.sh" in lead
    cases = {
        "zsh: command not found: rg": ("Command not found", "rg", "not installed"),
        "sh: 1: jq: not found": ("Command not found", "jq", "not installed"),
        "zsh: permission denied: ./deploy.sh": ("Permission denied", "./deploy.sh", "chmod +x"),
        "bash: /etc/hosts: Permission denied": ("Permission denied", "/etc/hosts", "ls -l /etc/hosts"),
        "-bash: ./run: No such file or directory": ("No such file or directory", "./run", "does not exist"),
        "./deploy.sh: line 12: rsync: command not found": ("Command not found", "rsync", "not installed"),
    }
    for text, (error, subject, fix) in cases.items():
        found = analyze(text)
        assert (found.kind, found.error_type, found.error_message) == ("shell_error", error, subject), text
        assert fix in found.fixes[0], (text, found.fixes)


def test_a_python_error_message_about_a_missing_file_stays_a_python_traceback():
    found = analyze('Traceback (most recent call last):\n  File "/app/load.py", line 7, in <module>\n'
                    "FileNotFoundError: [Errno 2] No such file or directory: 'settings.toml'")
    assert found.kind == "python_traceback" and found.fixes == []


def test_the_screenshot_reading_marks_library_frames_and_carries_the_usual_fix():
    from assistant.tools.ocr.reader import OcrResult
    from assistant.tools.ocr.screenshot import ScreenshotReading

    def reading(text: str) -> str:
        return ScreenshotReading(OcrResult(text=text, lines=[], engine="test", seconds=0.0, image_sha256="0"),
                                 analyze(text)).evidence_text()

    evidence = reading(PY_IN_LIBRARY)
    assert "site-packages/requests/api.py:73 in get (runtime or library code)" in evidence
    assert "/home/ana/bot/net.py:30 in fetch\n" in evidence and "ConnectTimeout" in evidence
    shell = reading("bash: ./backup.sh: Permission denied")
    assert "Usual fix: `./backup.sh` is not executable" in shell and "Text in the screenshot" in shell
    sign = reading("NOTICE\nDOUBLE PARKING\nPROHIBITED")  # a photo of a sign is not called a screenshot
    assert sign.startswith("Image image: text read by OCR, no error recognised.") and "Screenshot" not in sign
    assert "Text in the image, exactly as read:\n```\nNOTICE" in sign


def test_a_scripts_own_error_names_the_script_and_line():
    lead = facts("==> uploading to staging\n./deploy.sh: line 12: rsync: command not found").lead()
    assert lead.startswith("**Command not found: rsync** — at `deploy.sh, line 12`") and "Install" in lead


JAVA = '''$ java -jar greeter.jar
Exception in thread "main" java.lang.IllegalStateException: config not loaded
    at java.base/java.util.Objects.requireNonNull(Objects.java:233)
    at com.acme.greeter.Config.get(Config.java:41)
    at com.acme.greeter.Main.main(Main.java:7)'''


def test_a_java_stack_trace_leads_with_the_users_frame_not_the_jdks():
    analysis = analyze(JAVA)
    assert (analysis.kind, analysis.error_type, analysis.error_message) == (
        "java_stack", "java.lang.IllegalStateException", "config not loaded")
    assert [str(c) for c in analysis.locations][-1] == "Objects.java:233 in java.base/java.util.Objects.requireNonNull"
    java = facts(JAVA)
    assert java.innermost == "Config.java, line 41" and java.surfaced == "Objects.java, line 233"
    assert java.outer == (("Main.java", 7),)
    caused = analyze(JAVA + "\nCaused by: java.io.FileNotFoundException: app.conf\n"
                            "    at com.acme.greeter.Config.load(Config.java:12)")
    assert caused.error_type == "java.io.FileNotFoundException" and str(caused.innermost) == (
        "Config.java:12 in com.acme.greeter.Config.load")


def test_a_service_journal_leads_with_the_exception_not_the_errors_it_caused():
    journal = """× shop.service - Gunicorn for the shop Django app
     Active: failed (Result: exit-code) since Tue 2024-06-11 08:42:17 UTC; 6s ago
Jun 11 08:42:16 web2 gunicorn[30512]:   File "<frozen importlib._bootstrap>", line 1140, in _find_and_load_unlocked
Jun 11 08:42:16 web2 gunicorn[30512]: ModuleNotFoundError: No module named 'shop'
Jun 11 08:42:17 web2 gunicorn[30512]: [2024-06-11 08:42:17 +0000] [30512] [ERROR] Worker (pid:30514) exited with code 3
Jun 11 08:42:17 web2 systemd[1]: Failed to start shop.service - Gunicorn for the shop Django app."""
    analysis = analyze(journal)
    assert analysis.kind == "log"
    assert (analysis.error_type, analysis.error_message) == ("ModuleNotFoundError", "No module named 'shop'")
    plain = analyze("2024-06-11 08:42:17 [ERROR] disk full\n2024-06-11 08:42:18 [INFO] retrying")
    assert (plain.error_type, plain.error_message) == ("ERROR", "disk full")  # no exception: the first ERROR


@pytest.mark.parametrize(("screen", "message", "fix"), [
    ('shop=# INSERT INTO users (email) VALUES (\'ana@example.com\');\n'
     'ERROR:  duplicate key value violates unique constraint "users_email_key"\n'
     "DETAIL:  Key (email)=(ana@example.com) already exists.",
     'duplicate key value violates unique constraint "users_email_key"', "ON CONFLICT"),
    ("mysql> select * from orders;\nERROR 1146 (42S02): Table 'shop.orders' doesn't exist",
     "Table 'shop.orders' doesn't exist", "SHOW TABLES"),
    ("sqlite> insert into t values(1);\nError: UNIQUE constraint failed: t.id", "UNIQUE constraint failed: t.id",
     "ON CONFLICT"),
    ('ERRoR:  syntax error at or near "FROM"\nLINE 1: SELECT name, FROM users;', 'syntax error at or near "FROM"',
     "near `FROM`"),
    ('ERROR:  column "emial" does not exist\nLINE 1: SELECT emial FROM users;', 'column "emial" does not exist',
     "`emial` is not in that table"),
])
def test_database_errors_are_recognised_with_their_usual_fix(screen, message, fix):
    analysis = analyze(screen)
    assert analysis.kind == "sql_error" and analysis.error_message == message
    lead = facts(screen).lead()
    assert lead.startswith(f"**Database error: {message}**") and "Usual fix:" in lead and fix in lead


def test_an_everyday_page_is_no_database_error():
    assert analyze("Learn SQL: how to fix a syntax error in your query\nPosted by Ana").kind == "other"


def test_a_missing_python_module_gets_both_usual_fixes_pip_and_the_import_path():
    crash = ("Traceback (most recent call last):\n  File \"app.py\", line 1, in <module>\n    import requests\n"
             "ModuleNotFoundError: No module named 'requests.adapters'")
    lead = facts(crash).lead()
    assert "`/path/to/venv/bin/python -m pip install requests`" in lead  # the top package, same interpreter
    yaml = facts(crash.replace("requests.adapters", "yaml")).lead()
    assert "pip install PyYAML`): the package is named PyYAML, not yaml" in yaml
    assert "PYTHONPATH" in lead and "WorkingDirectory=" in lead  # one's own package, run from the wrong folder
    assert facts(PY_IN_LIBRARY).fixes == ()  # other errors: no canned fix

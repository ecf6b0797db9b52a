"""Screens of a C memory error (valgrind, AddressSanitizer) or a program the OOM killer stopped:
the error, its line and the usual fix (tools/ocr/memcheck.py, tools/ocr/oom_kill.py)."""

from __future__ import annotations

import pytest

from assistant.answer_checks import error_facts
from assistant.tools.ocr.screen_text import analyze

VALGRIND_WRITE = """$ gcc -g -Wall -o stats stats.c && ./stats data.txt
Segmentation fault (core dumped)
$ valgrind ./stats data.txt
==31337== Memcheck, a memory error detector
==31337== Invalid write of size 4
==31337==    at 0x109274: read_values (stats.c:23)
==31337==    by 0x1093A1: main (stats.c:41)
==31337==  Address 0x4a8f068 is 0 bytes after a block of size 40 alloc'd
==31337==    at 0x48407B4: malloc (vg_replace_malloc.c:381)
==31337==    by 0x109236: read_values (stats.c:18)
==31337==    by 0x1093A1: main (stats.c:41)
==31337== Invalid read of size 4
==31337==    at 0x1092C0: mean (stats.c:30)"""


class _Reading:
    def __init__(self, text: str) -> None:
        self.analysis = analyze(text)


def test_valgrind_write_past_the_end_names_the_line_and_the_index() -> None:
    a = analyze(VALGRIND_WRITE)
    assert a.kind == "memory_error" and a.language == "c/c++"
    assert a.error_type == "Invalid write of size 4"
    assert a.error_message == "0 bytes past the end of a 40-byte block allocated at stats.c:18"
    assert [(c.path, c.line, c.function) for c in a.locations] == [("stats.c", 41, "main"),
                                                                     ("stats.c", 23, "read_values")]
    [fix] = a.fixes
    assert "holds 10 elements of 4 bytes" in fix and "touches index 10, one past the last" in fix
    lead = error_facts(_Reading(VALGRIND_WRITE)).lead()
    assert lead.startswith("**Invalid write of size 4") and "stats.c, line 23" in lead and "`<=` where `<` belongs" in lead


@pytest.mark.parametrize(("report", "error_type", "fix_words"), [
    ("==9== Invalid read of size 8\n==9==    at 0x1: print_list (list.c:52)\n"
     "==9==  Address 0x4a4b048 is 8 bytes inside a block of size 16 free'd\n==9==    at 0x2: free (vg_replace_malloc.c:872)",
     "Invalid read of size 8", "freed before this line used it"),
    ("==9== Conditional jump or move depends on uninitialised value(s)\n==9==    at 0x1: total (sum.c:12)",
     "Conditional jump or move depends on uninitialised value(s)", "read before it is given a value"),
    ("==9== Invalid free() / delete / delete[] / realloc()\n==9==    at 0x2: free (vg_replace_malloc.c:872)\n"
     "==9==    by 0x1: cleanup (db.c:88)", "Invalid free() / delete / delete[] / realloc()", "freed twice"),
    ("==9== Invalid read of size 4\n==9==    at 0x1: parse (cfg.c:7)\n"
     "==9==  Address 0x0 is not stack'd, malloc'd or (recently) free'd", "Invalid read of size 4", "NULL"),
])
def test_other_valgrind_errors(report: str, error_type: str, fix_words: str) -> None:
    a = analyze(report)
    assert a.kind == "memory_error" and a.error_type == error_type
    assert fix_words in a.fixes[0]
    assert a.innermost_own is not None and a.innermost_own.path.endswith(".c")
    assert "vg_replace" not in a.innermost_own.path


def test_address_sanitizer_overflow() -> None:
    report = """=================================================================
==4242==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x604000000038 at pc 0x55d1 bp 0x7ffd sp 0x7ffd
WRITE of size 4 at 0x604000000038 thread T0
    #0 0x55d1 in read_values /home/ana/stats/stats.c:23:19
    #1 0x55d2 in main /home/ana/stats/stats.c:41:5
    #2 0x7f00 in __libc_start_main (/lib/x86_64-linux-gnu/libc.so.6+0x29d8f)
0x604000000038 is located 0 bytes to the right of 40-byte region [0x604000000010,0x604000000038)"""
    a = analyze(report)
    assert a.kind == "memory_error" and a.error_type == "heap-buffer-overflow (WRITE of size 4)"
    assert a.innermost_own is not None and (a.innermost_own.line, a.innermost_own.function) == (23, "read_values")
    assert "0 bytes past the end of a 40-byte block" in (a.error_message or "")
    assert "touches index 10" in a.fixes[0]


def test_address_sanitizer_null_pointer() -> None:
    a = analyze("==7==ERROR: AddressSanitizer: SEGV on unknown address 0x000000000000 (pc 0x1 T0)\n"
                "    #0 0x1 in parse /src/cfg.c:7:12\n    #1 0x2 in main /src/cfg.c:30:3")
    assert a.kind == "memory_error" and "NULL" in a.fixes[0]


OOM = """(ml) theo@box:~/churn$ python train.py --epochs 20
Loaded 48,211,904 rows x 37 columns
Killed
(ml) theo@box:~/churn$ echo $?
137
(ml) theo@box:~/churn$ sudo dmesg | tail -2
[81234.551937] Out of memory: Killed process 23817 (python) total-vm:31877412kB, anon-rss:30412236kB,
[81234.812210] oom_reaper: reaped process 23817 (python), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB"""


def test_the_kernel_log_names_the_process_and_its_memory() -> None:
    a = analyze(OOM)
    assert a.kind == "oom_kill" and a.error_type == "Killed (out of memory)"
    assert a.error_message == "the kernel's out-of-memory killer stopped python (process 23817) when it held 29.0 GiB of memory"
    assert "read in chunks" in a.fixes[0] and "swap" in a.fixes[0]
    assert error_facts(_Reading(OOM)).lead().startswith("**Killed (out of memory): the kernel's")


@pytest.mark.parametrize(("screen", "words"), [
    ("$ python train.py\nKilled\n$ echo $?\n137", "SIGKILL (exit status 137)"),
    ("NAME       READY   STATUS      RESTARTS\ncart-api   0/1     OOMKilled   4\n  Last State: Terminated\n"
     "    Reason: OOMKilled", "over its memory limit"),
    ("[ 87%] Building CXX object src/CMakeFiles/core.dir/big.cpp.o\n"
     "c++: fatal error: Killed signal terminated program cc1plus\ncompilation terminated.", "compiler ran out of memory"),
])
def test_other_signs_of_the_oom_killer(screen: str, words: str) -> None:
    a = analyze(screen)
    assert a.kind == "oom_kill" and words in (a.error_message or "")


@pytest.mark.parametrize("screen", [
    "$ ./deploy.sh\nKilled",  # one weak sign: not enough
    "Total: 137\nItems: 12\nKilled it today!",
    "Traceback (most recent call last):\n  File \"app.py\", line 3, in <module>\n    run()\nMemoryError",
])
def test_weak_or_other_signs_are_not_an_oom_kill(screen: str) -> None:
    assert analyze(screen).kind != "oom_kill"

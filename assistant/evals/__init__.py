"""Evaluation harness: POPE-style presence probes, injection and leading-question suites.

Every case runs as a real turn (``Session.send``) so the grounding guards are part of what is
measured. Datasets are generated from a fixed seed (``datasets.py``), or read from a JSONL file
with the same fields (``cases.py``); images are rendered at run time (``images.py``).

``everyday`` measures ordinary use instead: plain questions, screenshots, scans, audio, video,
memory and image search, scored against expected facts, with the tool routing and timings of
each turn (``everyday.py``, ``everyday_runner.py``).
"""

SUITES = ("pope", "injection", "grounding", "everyday")

"""The process that holds the embedded llama.cpp server: `python -m assistant.models.embedded_child ARGS_JSON`.

Why a child process: xllamacpp keeps Python's GIL while it loads a model (measured: 2 s for the
1.5B GGUF, during which another thread's imports stand still), so a fresh `assistant ask` could
not import its libraries while the model loaded. In its own process the load runs on the second
core. The child prints one JSON line (the server's address, or the error) and then lives until
its standard input closes: when the app closes it, or when the app dies in any way.
"""

from __future__ import annotations

import json
import signal
import sys
import time
from pathlib import Path


def main(raw: str) -> int:
    # Ctrl-C in a terminal reaches the whole process group; the app decides when this one stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    args = json.loads(raw)
    try:
        import xllamacpp

        from assistant.models.embedded import build_params

        params = build_params(Path(args["gguf"]), args["n_ctx"], args["threads"],
                              Path(args["mmproj"]) if args["mmproj"] else None,
                              Path(args["slot_dir"]) if args["slot_dir"] else None)
        started = time.perf_counter()
        server = xllamacpp.Server(params)
    except ImportError:
        return _say({"error": "the embedded runtime is not installed: pip install '.[embedded]' (xllamacpp)"})
    except Exception as exc:  # noqa: BLE001 - the runtime raises plain RuntimeError on a bad file
        return _say({"error": str(exc), "kind": type(exc).__name__})
    _say({"address": server.listening_address, "load_seconds": time.perf_counter() - started})
    sys.stdin.read()  # returns at end of file: the parent closed the pipe or died
    return 0


def _say(message: dict) -> int:
    print(json.dumps(message), flush=True)
    return 1 if "error" in message else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))

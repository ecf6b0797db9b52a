"""Open chromadb the way every vector store here needs it: embedded on disk, or a server.

Telemetry is off; no default embedding function is ever used (it would download a model).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from assistant.tools.errors import EngineUnavailable, ToolInputError


def open_chroma(path: Path | str | None, host: str | None, port: int, *, what: str, host_setting: str) -> Any:
    """An embedded client on ``path``, or an HTTP client for a `chroma run` server at ``host``.

    ``what`` names the store in messages ("memory", "the image index"); ``host_setting`` is the
    setting a user unsets to go back to the embedded database.
    """
    try:
        import chromadb
        from chromadb.config import Settings
    except ImportError:
        raise EngineUnavailable(f"chromadb is needed for {what}; pip install chromadb") from None
    settings = Settings(anonymized_telemetry=False)
    if host:
        try:
            return chromadb.HttpClient(host=host, port=port, settings=settings)
        except (ValueError, OSError) as exc:  # chromadb wraps a refused connection in ValueError
            raise EngineUnavailable(
                f"cannot reach the chroma server at {host}:{port} ({type(exc).__name__}); start it with"
                f" `chroma run --path DIR --port {port}` or unset {host_setting}"
            ) from None
    if path is None:
        raise ToolInputError(f"no path given for {what}; pass path= or an injected client")
    Path(path).mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=settings)

"""A multimodal assistant that lives in the terminal."""

import os as _os

# onnxruntime (OCR, VAD, the memory embedder) writes a device id and a telemetry event database
# under ~/.cache/Microsoft/DeveloperTools and a session file in $TMPDIR as soon as it is
# imported, unless this is set; the assistant writes only into its data dir.
_os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")

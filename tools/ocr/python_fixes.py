"""The usual fix of a Python error whose message misleads.

"No module named 'shop'" reads as "pip install shop" even when shop is the user's own package and
the program was started from the wrong folder; "No module named 'yaml'" reads as "pip install
yaml", a different (wrong) project: the package on PyPI is PyYAML. Both fixes are given, with the
name to install. Worded in prompts/ocr.yaml (``py_fix_no_module``).
"""

from __future__ import annotations

import re

_NO_MODULE = re.compile(r"No module named\s*[\"'\u2018\u2019]?(?P<module>[\w.]+)")

PIP_NAMES = {
    "yaml": "PyYAML", "cv2": "opencv-python", "PIL": "Pillow", "sklearn": "scikit-learn", "skimage": "scikit-image",
    "bs4": "beautifulsoup4", "dotenv": "python-dotenv", "dateutil": "python-dateutil", "Crypto": "pycryptodome",
    "jwt": "PyJWT", "serial": "pyserial", "usb": "pyusb", "zmq": "pyzmq", "docx": "python-docx",
    "pptx": "python-pptx", "fitz": "PyMuPDF", "gi": "PyGObject", "OpenSSL": "pyOpenSSL", "magic": "python-magic",
    "attr": "attrs", "google.protobuf": "protobuf", "MySQLdb": "mysqlclient", "psycopg2": "psycopg2-binary",
    "win32api": "pywin32", "telegram": "python-telegram-bot", "discord": "discord.py", "jose": "python-jose",
}
"""Import names whose package on PyPI has another name (psycopg2: the binary build installs
without a compiler)."""


_YAML_FIXES = (
    (re.compile(r"mapping values are not allowed", re.IGNORECASE), "py_fix_yaml_mapping"),
    (re.compile(r"found character .{1,4}\\t|cannot start any token.*\\t|\btab\b", re.IGNORECASE), "py_fix_yaml_tab"),
    (re.compile(r"could not find expected ':'|expected <block end>", re.IGNORECASE), "py_fix_yaml_colon"),
)


def python_fixes(error_type: str | None, message: str | None) -> list[str]:
    from assistant.prompts import render

    if (error_type or "").endswith(("ScannerError", "ParserError")):
        return [render("ocr", key).strip() for pattern, key in _YAML_FIXES if pattern.search(message or "")][:1]
    if not (error_type or "").endswith(("ModuleNotFoundError", "ImportError")):
        return []
    found = _NO_MODULE.search(message or "")
    if found is None:
        return []
    module = found["module"]
    top = module.split(".")[0]
    pip_name = PIP_NAMES.get(module) or PIP_NAMES.get(top) or top
    return [render("ocr", "py_fix_no_module", module=module, package=top, pip_name=pip_name).strip()]


__all__ = ["PIP_NAMES", "python_fixes"]

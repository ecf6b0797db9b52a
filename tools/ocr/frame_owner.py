"""Whose code a stack frame is in: the user's, or a runtime's or installed library's.

    is_library_path("node:internal/modules/cjs/loader")            # True
    is_library_path("/usr/local/go/src/testing/testing.go")        # True
    is_library_path("/home/tom/api/app.js")                        # False

A crash often surfaces inside the runtime (Node's module loader, Go's testing package, Rust's
core library) or an installed package, while the line to change is the innermost frame of the
user's own code. Decided from the path alone; a path no rule knows is the user's.
"""

from __future__ import annotations

import re

_LIBRARY = re.compile(
    r"^node:|^internal/|[\\/]node_modules[\\/]"  # Node built-ins, npm packages
    r"|[\\/]lib[\\/]python\d[\d.]*[\\/]|[\\/](?:site|dist)-packages[\\/]|^<frozen |[\\/]Lib[\\/]"  # Python
    # Go's GOROOT (not a GOPATH's go/src, which holds the user's code) and the module cache
    r"|^/(?:usr/local|usr/lib|opt|snap)/go(?:-?[\d.]+)?/(?:\d+/)?src/|[\\/]sdk[\\/]go[\d.]+[\\/]src[\\/]"
    r"|Program Files[\\/]Go[\\/]src[\\/]|^\$GOROOT|[\\/]pkg[\\/]mod[\\/]"
    r"|^/rustc/|\blibrary[\\/](?:core|std|alloc)[\\/]src[\\/]|[\\/]\.cargo[\\/]registry[\\/]"  # Rust
    r"|^/usr/include/"  # C and C++ system headers
    r"|[\\/]gems[\\/]|[\\/]vendor[\\/]bundle[\\/]|^/usr/lib/ruby/|[\\/]vendor[\\/][\w-]+[\\/][\w-]+[\\/]src[\\/]"  # Ruby gems, Composer
)


_JVM_LIBRARY = re.compile(r"^(?:[\w.]+/)?(?:java|javax|jdk|sun|com\.sun|kotlin|kotlinx|scala|org\.junit|"
                          r"org\.springframework|org\.apache|org\.gradle)\.")
"""JVM frames name no directory ("Objects.java"): the method's package says whose code it is."""


def is_library_path(path: str) -> bool:
    """Whether a frame's path belongs to a runtime or an installed package, not the user's code."""
    return _LIBRARY.search(path) is not None


def is_library_frame(path: str, function: str | None = None) -> bool:
    """Whether a frame is a runtime's or library's: by its path, or for the JVM its package
    ("java.base/java.util.Objects.requireNonNull")."""
    return is_library_path(path) or bool(function and _JVM_LIBRARY.match(function))


__all__ = ["is_library_frame", "is_library_path"]

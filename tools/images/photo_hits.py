"""Which search hits look like photos: a person asking for "the photo of X" means a photo.

Without CLIP a photo is found by its text and labels only, so a note that mentions X ("Eiffel
Tower tickets: Sat 19:30") can be the best hit for "the photo of the Eiffel Tower", and a small
model then calls the note the photo. Each hit is looked at once (a few flat colours covering most
of it: a note, a screenshot, a drawing; tools/sight/photo_or_screen.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.tools.images.search import SearchResult


def mark_photos(result: SearchResult) -> SearchResult:
    """Set each hit's ``photo``; a hit that cannot be read stays None."""
    from assistant.tools.sight.photo_or_screen import file_is_flat

    for hit in result.hits:
        flat = file_is_flat(hit.path)
        hit.photo = None if flat is None else not flat
    return result


__all__ = ["mark_photos"]

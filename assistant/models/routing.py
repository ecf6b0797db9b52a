"""Which model answers this turn.

A turn that carries an image, sent to a model that cannot see, still gets the tools (OCR reads
the text in it). If ``vision.route_images_to`` names a vision model, that model answers this
one turn instead; the next text-only turn goes back to the chosen model. The handle's label is
what TurnStarted / AnswerDone report, so the user always learns which model answered.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.errors import ModelUnavailable

if TYPE_CHECKING:
    from assistant.models.registry import ModelFactory, ModelHandle
    from assistant.settings import Settings


def choose_model_for_turn(settings: Settings, factory: ModelFactory, requested: str | None,
                          has_image: bool) -> ModelHandle:
    handle = factory.resolve(requested)
    target = settings.vision.route_images_to
    if not has_image or handle.can_see or not target:
        return handle
    try:
        routed = factory.resolve(target)
    except ModelUnavailable as exc:
        # Configured but broken: say so rather than silently answering from OCR alone.
        raise ModelUnavailable(f"vision.route_images_to = {target!r} cannot be used: {exc}") from None
    if not routed.can_see:
        raise ModelUnavailable(
            f"vision.route_images_to = {target!r} names a model that cannot see images: use llava:PATH or a vision "
            "model behind openai:MODEL"
        )
    return routed

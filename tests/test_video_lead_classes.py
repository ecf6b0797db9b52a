"""A video's lead also says what the classifier called two or more of its frames ("space shuttle"),
never what it said of one frame alone."""

from __future__ import annotations

from types import SimpleNamespace

from assistant import prompts
from assistant.tools.video.frame_sight import FrameLook, VideoSight


def _look(t: float, classes: list[tuple[str, float]], counts: dict[str, int] | None = None) -> FrameLook:
    result = SimpleNamespace(counts=counts or {}, classes=[SimpleNamespace(label=n, score=p) for n, p in classes],
                             best_score=lambda label: 0.4)
    return FrameLook(t, result)  # type: ignore[arg-type]


def test_a_label_in_two_frames_counts_one_frames_guess_does_not():
    sight = VideoSight([_look(0.0, [("kite", 0.55)]), _look(5.6, [("space shuttle", 0.68)]),
                        _look(6.6, [("space shuttle", 0.31)]), _look(7.6, [("space shuttle", 0.55)])], 0, 1.0, 0.25)
    assert sight.class_frames() == {"space shuttle": 2}  # 0.31 is under the bar; the kite is one frame


def test_the_lead_names_the_classifier_label_after_the_detector_counts_or_alone():
    both = prompts.render("turns", "video_lead", name="", looked=8, spans=[("airplane", 2, 1, 1, 4.6)],
                          looks_like=[("space shuttle", 2)]).strip()
    assert both == ("**The vision tools found**, in 8 sampled frames (80-class object detector): airplane in 2 of 8 "
                    "(1 per frame, first at 4.6 s); frames that look like a space shuttle (2 of 8) "
                    "(1000-class classifier).")
    alone = prompts.render("turns", "video_lead", name="", looked=8, spans=[], looks_like=[("airliner", 3)]).strip()
    assert alone == ("**The vision tools found**, in 8 sampled frames: frames that look like an airliner (3 of 8) "
                     "(1000-class classifier).")

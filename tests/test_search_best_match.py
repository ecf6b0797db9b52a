"""A search whose first hit clearly leads answers "which file is it?" itself; a close call is the model's."""

from __future__ import annotations

import pytest
from _scripted_app import app_with

from assistant.events import AnswerDone
from assistant.models.scripted import ScriptedChatModel
from assistant.search_best_match import best_match_answer, clear_best
from assistant.session import Turn
from assistant.tools.images.search import ImageHit, SearchResult

K = 60  # tools/images/search.py RRF_K: rank r in one signal scores 1/(K + r)


def _hit(name: str, ranks: dict[str, int], text: str = "", photo: bool | None = None) -> ImageHit:
    return ImageHit(f"/pics/{name}", "0" * 64, sum(1 / (K + r) for r in ranks.values()), list(ranks), text,
                    photo=photo)


def _result(*hits: ImageHit) -> SearchResult:
    return SearchResult("a textbook page about computer vision", "ocr-text", list(hits))


def test_a_hit_found_by_text_and_keywords_leads_one_found_by_text_alone() -> None:
    book = _hit("imageTextN.png", {"keyword": 1, "ocr": 1}, "In formulating and solving computer vision problems")
    page = _hit("page.png", {"ocr": 2}, "Region-based segmentation")
    answer, whole = best_match_answer("I saved a photo of a textbook page about computer vision. Which file is it?",
                                      _result(book, page))
    assert whole and answer.startswith("**Best match:** `imageTextN.png` (/pics/imageTextN.png), found by its text")
    assert '/pics/page.png ("Region-based segmentation")' in answer  # the runner-up is named, after


def test_a_photo_of_a_page_is_found_by_its_text_even_when_it_looks_like_a_scan() -> None:
    book = _hit("imageTextN.png", {"keyword": 1, "ocr": 1}, "computer vision", photo=False)
    page = _hit("page.png", {"ocr": 2}, "Region-based segmentation", photo=True)
    answer, whole = best_match_answer("Which of my images is the photo of a textbook page about computer vision?",
                                      _result(book, page))
    assert whole and answer.startswith("**Best match:** `imageTextN.png`")


def test_a_question_beyond_finding_gets_the_best_match_as_its_lead_only() -> None:
    book = _hit("imageTextN.png", {"keyword": 1, "ocr": 1}, "computer vision")
    answer, whole = best_match_answer("what does my textbook page about computer vision say about drawing?",
                                      _result(book, _hit("page.png", {"ocr": 2})))
    assert not whole and answer.startswith("**Best match:** `imageTextN.png`") and "Further down" not in answer


@pytest.mark.parametrize("hits", [
    [],  # nothing found: the model says so
    [_hit("a.png", {"ocr": 1}), _hit("b.png", {"ocr": 2})],  # neighbours in one list: too close to call
    [_hit("note.png", {"ocr": 1, "keyword": 1}, photo=False), _hit("IMG_1.jpg", {"labels": 1}, photo=True)],
])
def test_no_clear_leader_leaves_the_choice_to_the_model(hits) -> None:
    assert clear_best("find the photo of my motorbike", _result(*hits)) is None
    assert best_match_answer("find the photo of my motorbike", _result(*hits)) == ("", False)


def test_a_photo_found_by_its_labels_alone_is_named_with_them() -> None:
    bike = ImageHit("/pics/IMG_2.jpg", "0" * 64, 1 / (K + 1), ["labels"], "", photo=True,
                    labels=[{"label": "motorcycle", "score": 0.91, "source": "detector", "count": 1}])
    answer, whole = best_match_answer("find the picture of the motorbike", _result(bike))
    assert whole and answer == ("**Best match:** `IMG_2.jpg` (/pics/IMG_2.jpg), found by what the detectors "
                                "name in it: motorcycle.")


@pytest.mark.slow
def test_which_file_is_answered_from_the_real_index_without_the_model(tmp_path) -> None:
    from assistant.evals.images import render_lines

    chat = ScriptedChatModel(["It is shopping.png."])  # what a small model might say instead
    app = app_with(chat)
    folder = app.settings.home / "pictures"
    folder.mkdir(parents=True)
    render_lines(["Router setup", "WiFi network: HomeNet-5G", "channel 36"], "sticky").save(folder / "router.png")
    render_lines(["Shopping list", "- oat milk", "- batteries"], "sticky").save(folder / "shopping.png")
    index = app.engines.open_image_index()
    try:
        index.update([folder])
    finally:
        index.close()
    done = list(app.session().send(Turn("which image has my router's wifi network name on it?")))[-1]
    assert isinstance(done, AnswerDone) and chat.received == []
    assert done.text.startswith("**Best match:** `router.png`") and "HomeNet" in done.text
    assert [c["name"] for c in done.tool_calls] == ["image_search"]

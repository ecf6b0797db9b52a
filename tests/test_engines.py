"""One Engines object per process: every user of OCR, speech, the vision models and the image
index gets the same engine, and another one only when a flag asks for different settings."""

from __future__ import annotations

from assistant.engines import Engines
from assistant.settings import load_settings


def test_the_image_index_uses_the_processes_ocr_and_vision_models():
    engines = Engines(load_settings())
    index = engines.open_image_index()
    other = engines.open_image_index()
    try:
        assert index.ocr is engines.ocr and index.sight.tool is engines.sight
        assert other is not index and other.ocr is index.ocr  # a handle each, one engine
        assert engines.image_index is engines.image_index
        assert index.path == engines.index_path == load_settings().home / "index"
    finally:
        index.close()
        other.close()
        engines.close()


def test_flags_get_their_own_engine_and_defaults_the_shared_one():
    engines = Engines(load_settings())
    assert engines.ocr_with() is engines.ocr and engines.ocr_with("rapidocr") is engines.ocr
    assert engines.ocr.cache_dir == load_settings().home / "cache" / "ocr"
    assert engines.ocr_with(cache=False).cache_dir is None  # `assistant ocr --no-cache`
    assert engines.ocr_with("tesseract") is not engines.ocr
    assert engines.speech_with() is engines.speech and engines.speech_with("tiny.en") is engines.speech
    base = engines.speech_with("base")  # `--model base`: a model of its own, same settings otherwise
    assert base is not engines.speech and base.model == "base"


def test_indexed_roots_come_from_the_catalog_without_opening_the_index(tmp_path):
    engines = Engines(load_settings())
    assert engines.indexed_roots() == [] and not engines.index_path.exists()
    index = engines.open_image_index()
    try:
        index.catalog.add_root(str(tmp_path))
    finally:
        index.close()
    assert engines.indexed_roots() == [tmp_path]

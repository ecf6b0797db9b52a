"""Colour names measured on pixels (assistant/tools/sight/colours.py): painted images, then real photos."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from assistant.tools.sight.colours import box_colour, colour_shares, main_colours, name_of, region_name
from assistant.tools.sight.models import default_models_dir
from assistant.tools.sight.see import SightTool
from tests.data.sight_photos import photo

EXTERNAL = Path(__file__).parent / "data" / "external"


@pytest.mark.parametrize(("rgb", "name"), [
    ((0, 0, 0), "black"), ((255, 255, 255), "white"), ((128, 128, 128), "grey"), ((220, 30, 30), "red"),
    ((151, 82, 86), "red"),  # a red polo under warm indoor light (hue 354)
    ((240, 140, 20), "orange"), ((120, 70, 20), "brown"), ((240, 220, 40), "yellow"), ((30, 160, 60), "green"),
    ((30, 80, 200), "blue"), ((120, 40, 180), "purple"), ((240, 120, 200), "pink"), ((250, 170, 170), "pink"),
    ((210, 190, 160), "beige"),
])
def test_pixel_names(rgb: tuple[int, int, int], name: str) -> None:
    image = Image.new("RGB", (8, 8), rgb)
    assert [n for n, _ in colour_shares(image)] == [name]
    hsv = image.convert("HSV").getpixel((0, 0))
    assert isinstance(hsv, tuple)
    assert name_of(hsv[0] * 360 / 255, hsv[1] / 255, hsv[2] / 255) == name


def test_a_box_is_named_by_its_middle_not_its_edges() -> None:
    image = Image.new("RGB", (200, 200), (30, 160, 60))  # green lawn
    ImageDraw.Draw(image).rectangle((50, 50, 150, 150), fill=(20, 20, 20))  # a black car on it
    assert box_colour(image, (40, 40, 160, 160)) == "black"  # the box's rim is lawn
    assert main_colours(image) == ("green", "black")


def test_a_persons_colour_is_their_clothes_not_their_face() -> None:
    image = Image.new("RGB", (300, 400), (200, 200, 200))
    draw = ImageDraw.Draw(image)
    draw.ellipse((120, 40, 180, 110), fill=(240, 190, 165))  # face
    draw.rectangle((100, 115, 200, 250), fill=(200, 30, 30))  # red jumper
    draw.rectangle((110, 250, 190, 390), fill=(30, 50, 140))  # blue jeans
    assert box_colour(image, (100, 40, 200, 390), "person") == "red"
    # A webcam shot: the person is cut off by the bottom edge, the chest sits low in the box.
    webcam = Image.new("RGB", (400, 300), (200, 200, 200))
    draw = ImageDraw.Draw(webcam)
    draw.ellipse((150, 20, 250, 150), fill=(240, 190, 165))
    draw.rectangle((80, 160, 320, 300), fill=(30, 130, 60))
    assert box_colour(webcam, (80, 20, 320, 300), "person") == "green"


def test_no_name_without_a_clear_winner() -> None:
    assert region_name([("red", 0.25), ("blue", 0.25), ("green", 0.25)]) == ""
    assert region_name([("blue", 0.45), ("white", 0.35)]) == "blue and white"
    assert region_name([("black", 0.66), ("blue", 0.2)]) == "black"
    assert box_colour(Image.new("RGB", (10, 10)), (0, 0, 3, 3)) == ""  # too small to measure


models_installed = pytest.mark.skipif(
    not (default_models_dir() / "yolov3-tiny.weights").is_file(),
    reason="sight models not installed: bash scripts/install_vision.sh",
)


@pytest.mark.slow
@models_installed
def test_real_photos_colours() -> None:
    tool = SightTool()
    bus = photo("bus.jpg")
    zidane = photo("zidane.jpg")
    if bus is None or zidane is None:
        pytest.skip("ultralytics' photos could not be downloaded")
    assert tool.look(bus).colours_of("bus") == ["blue"]
    suits = tool.look(zidane).colours_of("person")
    assert suits and suits[0] == "black"
    car = EXTERNAL / "nodeopencv" / "IMG_5611.jpg"  # a black car parked by pines (scripts/fetch_media.sh)
    if car.is_file():
        assert tool.look(car).colours_of("car")[0].startswith("black")

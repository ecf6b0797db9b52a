"""Which words name which detector/classifier labels: plurals, everyday synonyms, broad groups.

    concepts_of("Egyptian cat", "class", 285)    # {"egyptian cat", "cat", "pet", "animal"}
    query_concepts("photos with two puppies", known)   # ["dog"]

The image index stores what `see` found (80 COCO detector labels, the ImageNet classifier's
top classes); people search with other words: "puppies", "people", "a bike", "pictures of
cats". Both sides are reduced to the same concept words: each word singular, then one everyday
name per thing (people, man, kid -> person; puppy -> dog), and ImageNet's fine classes (120 dog
breeds, five house cats) also count as their broad group ("dog", "cat", "bird"). The tables live
here, not in the index, so improving them needs no re-index.
"""

from __future__ import annotations

import re

COCO_NAMES = (
    "person", "bicycle", "car", "motorcycle", "airplane", "bus", "train", "truck", "boat", "traffic light",
    "fire hydrant", "stop sign", "parking meter", "bench", "bird", "cat", "dog", "horse", "sheep", "cow", "elephant",
    "bear", "zebra", "giraffe", "backpack", "umbrella", "handbag", "tie", "suitcase", "frisbee", "skis", "snowboard",
    "sports ball", "kite", "baseball bat", "baseball glove", "skateboard", "surfboard", "tennis racket", "bottle",
    "wine glass", "cup", "fork", "knife", "spoon", "bowl", "banana", "apple", "sandwich", "orange", "broccoli",
    "carrot", "hot dog", "pizza", "donut", "cake", "chair", "couch", "potted plant", "bed", "dining table", "toilet",
    "tv", "laptop", "mouse", "remote", "keyboard", "cell phone", "microwave", "oven", "toaster", "sink",
    "refrigerator", "book", "clock", "vase", "scissors", "teddy bear", "hair drier", "toothbrush",
)
"""The detector's 80 categories in its output order, COCO 2017 spelling: what tools/sight/models.py
reads from the pinned coco.names (tests/test_image_labels.py checks they agree). Known without
loading anything, for reading questions before any tool ran."""

# ImageNet classes that are one of the 80 COCO things although their names do not say so
# (ImageNet's "pot" is a flowerpot; "ballplayer" a person).
EXTRA_CONCEPTS = {
    "pot": "potted plant", "Granny Smith": "apple", "ballplayer": "person", "groom": "person",
    "scuba diver": "person", "book jacket": "book", "comic book": "book", "park bench": "bench",
    "wooden spoon": "spoon",
}

OTHER_OBJECTS = frozenset(
    "tree flower guitar piano mountain lake river beach house building bridge fish snake lion tiger monkey rabbit "
    "duck goat pig chicken deer fox wolf hat shoe flag statue tent lamp candle tractor van helicopter balloon drum "
    "violin".split())
"""Things a photo may hold that the detector does not name: asked about, they get a note, never
a replacement (assistant/answer_guard.py)."""

NOT_OBJECTS = frozenset(
    "text writing word words letter letters number numbers digit digits error errors message messages code warning "
    "problem problems issue issues bug bugs screenshot screenshots photo photos picture pictures image images pic "
    "document page file files logo logos watermark signature title caption date time name label labels "
    "difference way reason thing things anything something nothing everything place colour color colours "
    "colors shadow background foreground detail details change changes pattern good bad real fake".split())
"""Words about the picture or its text, never a physical object in it ("is there any text?", "is
this a good photo?"): a question about them is no presence question and names no object."""

AMBIGUOUS_OBJECTS = frozenset(
    "tie ties remote remotes mouse keyboard orange oranges apple apples book books tv tvs table tables plant plants "
    "ball balls mobile phone phones monitor monitors glass glasses notebook cup cups cell bed sink".split())
"""Object words that more often name something else in a free question ("the remote server", "the
keyboard shortcut", "the orange warning", "the phone number"): not read as objects there. In a
presence question's frame ("is there a cup in the photo?") the frame says they are objects. The
unambiguous nouns for the same things ("smartphone", "sofa") are read everywhere."""

# Plurals the -s/-es rules get wrong.
_IRREGULAR = {
    "people": "person", "persons": "person", "men": "man", "women": "woman", "children": "child",
    "mice": "mouse", "geese": "goose", "teeth": "tooth", "feet": "foot", "oxen": "ox",
    "knives": "knife", "wolves": "wolf", "leaves": "leaf", "shelves": "shelf", "loaves": "loaf",
    "buses": "bus", "busses": "bus", "calves": "calf", "halves": "half", "dice": "die",
    "puppies": "puppy", "kitties": "kitty", "ponies": "pony", "skis": "ski", "scissors": "scissors",
    "glasses": "glasses", "sunglasses": "sunglasses", "jeans": "jean", "trousers": "trousers",
}

# Query word (singular) -> the concept word labels are stored under.
SYNONYMS = {
    **dict.fromkeys(
        ["man", "woman", "child", "kid", "boy", "girl", "baby", "human", "someone", "somebody", "guy",
         "lady", "adult", "teenager", "pedestrian", "player", "people"], "person"),
    **dict.fromkeys(["puppy", "pup", "doggy", "doggie", "hound", "canine"], "dog"),
    **dict.fromkeys(["kitten", "kitty", "feline", "kittie"], "cat"),
    **dict.fromkeys(["bike", "cycle", "pushbike"], "bicycle"),
    **dict.fromkeys(["motorbike", "moped", "scooter", "motor scooter"], "motorcycle"),
    **dict.fromkeys(["plane", "aeroplane", "aircraft", "jet", "airliner"], "airplane"),
    **dict.fromkeys(["automobile", "auto"], "car"),
    **dict.fromkeys(["ship", "sailboat", "yacht", "canoe"], "boat"),
    **dict.fromkeys(["television", "tv set", "tvmonitor"], "tv"),
    "sofa": "couch", "mug": "cup", "pony": "horse", "cattle": "cow", "calf": "cow", "lamb": "sheep",
    "doughnut": "donut", "hotdog": "hot dog", "teddy": "teddy bear", "purse": "handbag",
    "luggage": "suitcase", "houseplant": "potted plant", "plant": "potted plant",
    "table": "dining table", "ball": "sports ball", "telephone": "phone", "automobiles": "car",
    **dict.fromkeys(["cellphone", "smartphone", "mobile phone", "mobile"], "cell phone"),
    "notebook computer": "laptop", "computer monitor": "tv", "motorcycle": "motorcycle",
}

# ImageNet class index ranges (torchvision order follows WordNet) -> the broad word for them.
IMAGENET_GROUPS: dict[str, tuple[range, ...]] = {
    "dog": (range(151, 269),),
    "cat": (range(281, 286),),
    "big cat": (range(286, 294),),
    "bird": (range(7, 25), range(80, 101), range(127, 147)),
    "fish": (range(0, 7), range(389, 398)),
    "shark": (range(2, 5),),
    "snake": (range(52, 69),),
    "lizard": (range(38, 49),),
    "turtle": (range(33, 38),),
    "frog": (range(30, 33),),
    "spider": (range(72, 78),),
    "insect": (range(300, 327),),
    "butterfly": (range(321, 327),),
    "beetle": (range(300, 308),),
    "crab": (range(118, 122), range(125, 126)),
    "wolf": (range(269, 272),),
    "fox": (range(277, 281),),
    "bear": (range(294, 298),),
    "monkey": (range(369, 383),),
    "ape": (range(365, 369),),
    "whale": (range(147, 149),),
    "rabbit": (range(330, 333),),
    "pig": (range(341, 344),),
    "elephant": (range(385, 387), range(101, 102)),
    "animal": (range(0, 398),),
    "pet": (range(151, 269), range(281, 286)),
    "food": (range(924, 970),),
    "fruit": (range(948, 958),),
    "vegetable": (range(936, 947),),
}

# Single ImageNet classes -> the COCO-style word people use for them.
IMAGENET_WORDS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(["sports car", "convertible", "cab", "limousine", "minivan", "jeep", "racer",
                     "beach wagon", "Model T"], ("car", "vehicle")),
    **dict.fromkeys(["trailer truck", "pickup", "fire engine", "garbage truck", "tow truck", "moving van"],
                    ("truck", "vehicle")),
    **dict.fromkeys(["minibus", "school bus", "trolleybus"], ("bus", "vehicle")),
    **dict.fromkeys(["police van", "ambulance"], ("van", "vehicle")),
    **dict.fromkeys(["moped", "motor scooter"], ("motorcycle", "vehicle")),
    **dict.fromkeys(["mountain bike", "bicycle-built-for-two"], ("bicycle", "vehicle")),
    **dict.fromkeys(["passenger car", "electric locomotive", "steam locomotive", "bullet train",
                     "streetcar", "freight car"], ("train", "vehicle")),
    **dict.fromkeys(["airliner", "warplane"], ("airplane", "vehicle")),
    **dict.fromkeys(["canoe", "speedboat", "yawl", "catamaran", "trimaran", "container ship", "liner",
                     "fireboat", "lifeboat", "schooner", "gondola", "paddlewheel"], ("boat", "vehicle")),
    "sorrel": ("horse", "animal"), "ox": ("cow", "animal"), "ram": ("sheep", "animal"),
    "espresso": ("coffee",), "coffee mug": ("cup", "coffee"), "cup": ("cup",),
    "hotdog": ("hot dog", "food"), "teddy": ("teddy bear",), "park bench": ("bench",),
    "studio couch": ("couch",), "toilet seat": ("toilet",), "washbasin": ("sink",),
    **dict.fromkeys(["wall clock", "analog clock", "digital clock"], ("clock",)),
    **dict.fromkeys(["bow tie", "Windsor tie"], ("tie",)),
    **dict.fromkeys(["wine bottle", "beer bottle", "water bottle", "pop bottle"], ("bottle",)),
    **dict.fromkeys(["mixing bowl", "soup bowl"], ("bowl",)),
    **dict.fromkeys(["rocking chair", "folding chair", "barber chair"], ("chair",)),
    **dict.fromkeys(["soccer ball", "basketball", "tennis ball", "golf ball", "volleyball", "rugby ball",
                     "croquet ball", "ping-pong ball"], ("sports ball",)),
    "cellular telephone": ("cell phone", "phone"), "dial telephone": ("phone",), "pay-phone": ("phone",),
    "notebook": ("laptop", "computer"), "laptop": ("laptop", "computer"),
    "desktop computer": ("computer",), "television": ("tv",), "monitor": ("tv", "computer"),
    "computer keyboard": ("keyboard",), "remote control": ("remote",), "racket": ("tennis racket",),
    "ski": ("skis",), "four-poster": ("bed",), "giant panda": ("panda",), "lesser panda": ("panda",),
}
# ImageNet classes whose own name means something else in everyday words (21 "kite" is a bird
# of prey, not the toy the detector finds; 726 "plane" is a carpenter's tool).
_NOT_OWN_NAME = {21: "kite bird", 726: "hand plane"}

COCO_GROUPS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(["cat", "dog"], ("animal", "pet")),
    **dict.fromkeys(["bird", "horse", "sheep", "cow", "elephant", "bear", "zebra", "giraffe"],
                    ("animal",)),
    **dict.fromkeys(["bicycle", "car", "motorcycle", "airplane", "bus", "train", "truck", "boat"], ("vehicle",)),
    **dict.fromkeys(["banana", "apple", "sandwich", "orange", "broccoli", "carrot", "hot dog", "pizza",
                     "donut", "cake"], ("food",)),
    "cell phone": ("phone",), "laptop": ("computer",),
}
# Words that say what kind of file is wanted, or glue: never a label.
STOP_WORDS = frozenset(
    "a an the of with without and or in on at by for from to into onto near next some any my our your"
    " their his her its this that these those there here is are was were be been being has have had"
    " do does show find me i we you all every which what where who whose whom containing contains"
    " showing shows having featuring feature picture photo image pic shot snapshot screenshot"
    " taken one two three four five several many few lot lots more most just only"
    " please can could would will also".split()
)
MAX_WORDS = 3  # the longest label name people type: "teddy bear", "golden retriever", "dining table"


def singular(word: str) -> str:
    """``word`` in the singular by the usual English rules (puppies -> puppy, boxes -> box)."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) <= 3 or not word.endswith("s") or word.endswith(("ss", "us")):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zes", "oes")):
        return word[:-2]
    return word[:-1]


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text.lower().replace("-", " "))


def normal(phrase: str) -> str:
    """A phrase as a concept word: lower case, each word singular, then its everyday synonym."""
    joined = " ".join(singular(w) for w in words(phrase))
    return SYNONYMS.get(joined, joined)


def concepts_of(label: str, source: str, class_id: int | None = None) -> set[str]:
    """Every concept word a stored label answers to (its own name, synonyms' target, groups)."""
    found: set[str] = set()
    if source == "class" and class_id is not None:
        found.update(group for group, spans in IMAGENET_GROUPS.items() if any(class_id in r for r in spans))
        if class_id in _NOT_OWN_NAME:
            return found | {_NOT_OWN_NAME[class_id]}
        found.update(normal(w) for w in IMAGENET_WORDS.get(label, ()))
    else:
        found.update(COCO_GROUPS.get(label, ()))
    found.add(normal(label))
    return found


def query_concepts(text: str, known: set[str]) -> tuple[list[str], list[str]]:
    """(concepts named in ``text``, content words left over), longest phrase first, in order.

    "hot dog" is one concept, not a "dog"; "photos with a dog" is ["dog"] with nothing left over;
    "dog on the beach" is ["dog"] with ["beach"] left over (for the text and CLIP signals)."""
    tokens = words(text)
    found: list[str] = []
    left: list[str] = []
    i = 0
    while i < len(tokens):
        if tokens[i] in STOP_WORDS or singular(tokens[i]) in STOP_WORDS:
            i += 1
            continue
        for n in range(min(MAX_WORDS, len(tokens) - i), 0, -1):
            span = tokens[i:i + n]
            if span[-1] in STOP_WORDS:
                continue
            concept = normal(" ".join(span))
            if concept in known:
                if concept not in found:
                    found.append(concept)
                i += n
                break
        else:
            left.append(tokens[i])
            i += 1
    return found, left


def vocabulary() -> set[str]:
    """Concept words that exist without looking at any index (groups and everyday targets)."""
    out = set(IMAGENET_GROUPS) | set(SYNONYMS.values())
    for names in (*IMAGENET_WORDS.values(), *COCO_GROUPS.values()):
        out.update(normal(n) for n in names)
    return out


__all__ = ["AMBIGUOUS_OBJECTS", "COCO_NAMES", "EXTRA_CONCEPTS", "NOT_OBJECTS", "OTHER_OBJECTS", "STOP_WORDS",
           "concepts_of", "normal", "query_concepts", "singular", "vocabulary", "words"]

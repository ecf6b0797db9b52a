"""A tiny stand-in Piper voice for tests: no Piper voice ships in any registry package.

It has a real Piper voice's ONNX interface (``input`` phoneme ids [1, N], ``input_lengths``
[1], ``scales`` [3] -> audio [1, 1, T]) and a real config (espeak phonemes, the usual id map),
so PiperSynth runs piper-tts for real: espeak phonemization, the id mapping, onnxruntime.
It says nothing: it hums 440 Hz for 256 samples per phoneme id, which is what tests check.
"""

from __future__ import annotations

import json
from pathlib import Path

SAMPLES_PER_ID = 256
RATE = 22050


def write_tone_voice(folder: Path) -> Path:
    import numpy as np
    import onnx
    from onnx import TensorProto, helper

    def const(name: str, value: object, dtype: object) -> onnx.NodeProto:
        return helper.make_node("Constant", [], [name], value=helper.make_tensor(name, dtype, [], [value]))

    nodes = [
        helper.make_node("Shape", ["input"], ["shape"]),
        helper.make_node("Gather", ["shape", "one_i"], ["n"], axis=0),
        helper.make_node("Mul", ["n", "per_id"], ["t"]),
        helper.make_node("Range", ["zero", "t", "one"], ["steps"]),
        helper.make_node("Cast", ["steps"], ["steps_f"], to=TensorProto.FLOAT),
        helper.make_node("Mul", ["steps_f", "omega"], ["phase"]),
        helper.make_node("Sin", ["phase"], ["wave"]),
        helper.make_node("Mul", ["wave", "gain"], ["quiet"]),
        helper.make_node("Unsqueeze", ["quiet", "axes"], ["output"]),
    ]
    constants = [
        const("one_i", 1, TensorProto.INT64),
        const("per_id", SAMPLES_PER_ID, TensorProto.INT64),
        const("zero", 0, TensorProto.INT64),
        const("one", 1, TensorProto.INT64),
        const("omega", float(2 * np.pi * 440 / RATE), TensorProto.FLOAT),
        const("gain", 0.3, TensorProto.FLOAT),
        helper.make_node(
            "Constant", [], ["axes"], value=helper.make_tensor("axes", TensorProto.INT64, [2], [0, 1])
        ),
    ]
    graph = helper.make_graph(
        constants + nodes,
        "tone_voice",
        [
            helper.make_tensor_value_info("input", TensorProto.INT64, [1, "n"]),
            helper.make_tensor_value_info("input_lengths", TensorProto.INT64, [1]),
            helper.make_tensor_value_info("scales", TensorProto.FLOAT, [3]),
        ],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, 1, "t"])],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    path = folder / "tone-voice.onnx"
    onnx.save(model, str(path))
    symbols = ["_", "^", "$", " ", "!", "'", "(", ")", ",", "-", ".", ":", ";", "?"]
    symbols += [chr(c) for c in range(ord("a"), ord("z") + 1)]
    symbols += list("ɑɐɒæɓʙβɔɕçɗɖðʤəɘɚɛɜɝɞɟʄɡɠɢʛɦɧħɥʜɨɪʝɭɬɫɮʟɱɯɰŋɳɲɴøɵɸθœɶʘɹɺɾɻʀʁɽʂʃʈʧʉʊʋⱱʌɣɤʍχʎʏʑʐʒʔʡʕʢǀǁǂǃˈˌːˑʼʴʰʱʲʷˠˤ˞↓↑→↗↘̩ᵻ")
    config = {
        "audio": {"sample_rate": RATE},
        "espeak": {"voice": "en-us"},
        "phoneme_type": "espeak",
        "num_symbols": len(symbols),
        "num_speakers": 1,
        "inference": {"noise_scale": 0.667, "length_scale": 1, "noise_w": 0.8},
        "phoneme_id_map": {s: [i] for i, s in enumerate(symbols)},
    }
    Path(f"{path}.json").write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")
    return path

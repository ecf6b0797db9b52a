"""Build a tiny, randomly initialised LLaVA checkpoint (a few MB) for tests, benches and demos.

No vision-language weights ship in any package these machines can install (docs/models.md, "Why there are no vision-language weights offline"), so the
local-vision code is exercised with a checkpoint built from a config: a small CLIP vision tower,
a small Llama language model, a byte-level BPE tokenizer trained here on a few sentences, a real
CLIP image processor and a llava-1.5 style chat template. It is saved with ``save_pretrained``
and loaded back through the same path a real checkpoint takes (``llava:/that/dir``).

Its answers are random tokens: it proves mechanics (loading, processing, streaming, caching),
never quality.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

# llava-1.5-hf style: "USER: <image>\n... ASSISTANT: ..." with an optional system line first.
CHAT_TEMPLATE = (
    "{% for message in messages %}"
    "{% if message['role'] == 'system' %}{% for part in message['content'] %}{{ part['text'] }}{% endfor %}{{ '\\n' }}"
    "{% else %}{{ message['role'].upper() }}: "
    "{% for part in message['content'] %}{% if part['type'] == 'image' %}<image>{{ '\\n' }}"
    "{% elif part['type'] == 'text' %}{{ part['text'] }}{% endif %}{% endfor %}"
    "{% if message['role'] == 'assistant' %}</s>{% endif %}{{ '\\n' }}{% endif %}"
    "{% endfor %}"
    "{% if add_generation_prompt %}ASSISTANT:{% endif %}"
)

_CORPUS = [
    "The screenshot shows a terminal with an error message in red text.",
    "USER: what is in this image? ASSISTANT: a window with some code and a button.",
    "Call the ocr tool with the path of the image to read the text.",
    '{"name": "ocr", "arguments": {"path": "shot.png"}}',
    "I cannot see a dog in the picture; the image shows a chart of sales by month.",
    "0123456789 abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ .,:;!?'\"()[]{}<>/_-+=*#",
]


def build_tiny_llava(out_dir: str | Path, *, image_size: int = 32, patch_size: int = 8, hidden: int = 64,
                     layers: int = 2, vocab_size: int = 400, seed: int = 0) -> Path:
    """Write a tiny random LLaVA checkpoint (model + processor) to ``out_dir`` and return it."""
    import torch
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import (
        CLIPVisionConfig,
        LlamaConfig,
        LlavaConfig,
        LlavaForConditionalGeneration,
        LlavaProcessor,
        PreTrainedTokenizerFast,
    )

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    special = ["<unk>", "<s>", "</s>", "<pad>", "<image>"]
    bpe = Tokenizer(models.BPE(unk_token="<unk>"))
    bpe.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    bpe.decoder = decoders.ByteLevel()
    bpe.train_from_iterator(
        _CORPUS * 4,
        trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=special,
                            initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False),
    )
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=bpe, unk_token="<unk>", bos_token="<s>", eos_token="</s>", pad_token="<pad>",
        extra_special_tokens={"image_token": "<image>"},
    )
    ImageProcessor: Any
    try:  # transformers >= 5.2x: the PIL processor needs no torchvision and says so
        from transformers import CLIPImageProcessorPil as ImageProcessor
    except ImportError:
        from transformers import CLIPImageProcessor as ImageProcessor
    image_processor = ImageProcessor(
        size={"shortest_edge": image_size}, crop_size={"height": image_size, "width": image_size},
    )
    processor = LlavaProcessor(
        image_processor=image_processor, tokenizer=tokenizer, patch_size=patch_size,
        vision_feature_select_strategy="default", chat_template=CHAT_TEMPLATE, num_additional_image_tokens=1,
    )
    vision = CLIPVisionConfig(
        hidden_size=hidden, intermediate_size=hidden * 2, num_hidden_layers=layers, num_attention_heads=4,
        image_size=image_size, patch_size=patch_size, projection_dim=hidden,
    )
    text = LlamaConfig(
        vocab_size=len(tokenizer), hidden_size=hidden, intermediate_size=hidden * 2, num_hidden_layers=layers,
        num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=512,
        bos_token_id=tokenizer.bos_token_id, eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
    )
    config = LlavaConfig(  # type: ignore[call-arg]  # image_token_id: the name in transformers 5
        vision_config=vision, text_config=text, image_token_id=tokenizer.convert_tokens_to_ids("<image>"),
        vision_feature_select_strategy="default", vision_feature_layer=-1,
        image_seq_length=(image_size // patch_size) ** 2,
    )
    torch.manual_seed(seed)
    model = LlavaForConditionalGeneration(config)
    model.generation_config.pad_token_id = tokenizer.pad_token_id
    model.save_pretrained(out)
    processor.save_pretrained(out)
    return out

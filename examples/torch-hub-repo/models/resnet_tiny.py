"""A small ResNet for 32x32 inputs, after He et al. (2016), section 4.2."""

import logging
import os

import torch
from torch import nn

logger = logging.getLogger(__name__)


class BasicBlock(nn.Module):
    expansion = 1

    def __init__(self, in_planes, planes, stride=1):
        super().__init__()
        self.conv1 = nn.Conv2d(in_planes, planes, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, stride=1, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.shortcut = nn.Sequential()
        if stride != 1 or in_planes != planes:
            self.shortcut = nn.Sequential(
                nn.Conv2d(in_planes, planes, 1, stride=stride, bias=False),
                nn.BatchNorm2d(planes),
            )

    def forward(self, x):
        out = torch.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return torch.relu(out + self.shortcut(x))


class ResNetTiny(nn.Module):
    def __init__(self, block, layers=(2, 2, 2), widths=(16, 32, 64), num_classes=10, in_channels=3):
        super().__init__()
        self.in_planes = widths[0]
        self.conv1 = nn.Conv2d(in_channels, widths[0], 3, stride=1, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(widths[0])
        stages = []
        for i, (width, blocks) in enumerate(zip(widths, layers)):
            stages.append(self._make_stage(block, width, blocks, stride=1 if i == 0 else 2))
        self.stages = nn.Sequential(*stages)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(widths[-1] * block.expansion, num_classes)
        self._init_weights()

    def _make_stage(self, block, planes, blocks, stride):
        layers = []
        for s in [stride] + [1] * (blocks - 1):
            layers.append(block(self.in_planes, planes, s))
            self.in_planes = planes * block.expansion
        return nn.Sequential(*layers)

    def _init_weights(self):
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
            elif isinstance(m, nn.BatchNorm2d):
                nn.init.ones_(m.weight)
                nn.init.zeros_(m.bias)

    def forward(self, x):
        x = torch.relu(self.bn1(self.conv1(x)))
        x = self.pool(self.stages(x)).flatten(1)
        return self.fc(x)


def build_fused_ops(source_dir=None):
    """Builds the optional fused conv-bn CUDA extension (used by the training repo only).

    Nothing in the hub entry points calls this; it is kept so the training code and the
    hub code share one module.
    """
    source_dir = source_dir or os.path.join(os.path.dirname(__file__), "csrc")
    if not os.path.isdir(source_dir):
        logger.warning("no extension sources in %s", source_dir)
        return False
    cwd = os.getcwd()
    try:
        os.chdir(source_dir)
        return os.system("make") == 0
    finally:
        os.chdir(cwd)

"""LOGO-Former and STT in PyTorch, with the parameter names of `lf export` (PyTorchWeights).

A PyTorch definition of the Java models, written independently of them (attention as dense softmax
under a window mask rather than window partitions), so that a state dict exported from Java loads with
`load_state_dict(strict=True)` and gives the same logits. Eval-mode inference: dropout and drop-path
are omitted. The configuration is the JSON `lf export` writes beside the weights:

    {"kind": "logoformer" | "stt", "config": {"frames": 16, "frame_size": 112, "backbone_width": 64,
     "dim": 512, "heads": 8, "blocks": 4, "mlp_ratio": 4, "classes": 7,
     "window": {"frames": 2, "height": 7, "width": 7}, "pool": {...}, ...}}

    model = build(json.load(open("model.json")))
    model.load_state_dict(torch.load("model.pt", weights_only=True), strict=True)
"""
import math

import torch
import torch.nn.functional as F
from torch import nn
from torchvision.models.resnet import BasicBlock

LAYER_NORM_EPS = 1e-5  # LibTorch's LayerNorm default, and the global tokens' LayerNorm


def _grid(config):
    side = -(-config["frame_size"] // 16)
    return config["frames"], side, side


def _triple(grid3):
    return grid3["frames"], grid3["height"], grid3["width"]


class Trunk(nn.Module):
    """torchvision's ResNet-18 from conv1 to layer3, first-stage width w (64 in ResNet-18)."""

    def __init__(self, width):
        super().__init__()
        self.conv1 = nn.Conv2d(3, width, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        self.layer1 = self._stage(width, width, 1)
        self.layer2 = self._stage(width, 2 * width, 2)
        self.layer3 = self._stage(2 * width, 4 * width, 2)

    @staticmethod
    def _stage(inplanes, planes, stride):
        downsample = None
        if stride != 1 or inplanes != planes:
            downsample = nn.Sequential(nn.Conv2d(inplanes, planes, 1, stride, bias=False), nn.BatchNorm2d(planes))
        return nn.Sequential(BasicBlock(inplanes, planes, stride, downsample), BasicBlock(planes, planes))

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 3, 2, 1)
        return self.layer3(self.layer2(self.layer1(x)))


class FrameBackbone(nn.Module):
    """[B, F, 3, S, S] clips to grid tokens [B, F*h*w, d] in (t, y, x) order."""

    def __init__(self, config):
        super().__init__()
        width, dim = config["backbone_width"], config["dim"]
        self.trunk = Trunk(width)
        self.projection_weight = nn.Parameter(torch.zeros(dim, 4 * width, 1, 1))
        self.projection_bias = nn.Parameter(torch.zeros(dim))

    def forward(self, clip):
        b, f = clip.shape[:2]
        x = F.conv2d(self.trunk(clip.flatten(0, 1)), self.projection_weight, self.projection_bias)
        return x.unflatten(0, (b, f)).permute(0, 1, 3, 4, 2).flatten(1, 3)


class Embedding(nn.Module):
    def __init__(self, config):
        super().__init__()
        dim, (frames, height, width) = config["dim"], _grid(config)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, dim))
        self.cls_position = nn.Parameter(torch.zeros(1, 1, dim))
        self.grid_position = nn.Parameter(torch.zeros(1, frames * height * width, dim))

    def forward(self, tokens):
        cls = (self.cls_token + self.cls_position).expand(tokens.shape[0], -1, -1)
        return torch.cat([cls, tokens + self.grid_position], 1)


def window_mask(grid, window):
    """[1 + N, 1 + N]: grid token i may attend grid token j when both lie in one f x h x w window; every
    grid token attends CLS (index 0); row 0 is left to the caller."""
    (frames, height, width), (f, h, w) = grid, window
    t, y, x = torch.meshgrid(torch.arange(frames), torch.arange(height), torch.arange(width), indexing="ij")
    window_id = (((t // f) * (height // h) + y // h) * (width // w) + x // w).flatten()
    mask = torch.ones(1 + window_id.numel(), 1 + window_id.numel(), dtype=torch.bool)
    mask[1:, 1:] = window_id[:, None] == window_id[None, :]
    return mask


class WindowSelfAttention(nn.Module):
    """Attention inside windows, CLS an extra key of every window. Without cls_query the CLS row of the
    output is zero (LOGO-Former); with it, CLS queries all tokens (STT)."""

    def __init__(self, config, window, cls_query):
        super().__init__()
        dim = config["dim"]
        self.heads, self.cls_query = config["heads"], cls_query
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)
        self.register_buffer("mask", window_mask(_grid(config), window), persistent=False)

    def forward(self, x):
        b, n, dim = x.shape
        q, k, v = self.qkv(x).view(b, n, 3, self.heads, dim // self.heads).permute(2, 0, 3, 1, 4)
        scores = (q @ k.transpose(-2, -1)) / math.sqrt(dim // self.heads)
        out = scores.masked_fill(~self.mask, float("-inf")).softmax(-1) @ v
        if not self.cls_query:
            out[:, :, 0] = 0
        return self.proj(out.transpose(1, 2).reshape(b, n, dim))


class GlobalAttention(nn.Module):
    """Every token queries [CLS, pooled tokens]; pooled = depthwise conv3d (kernel = stride = pool) + LayerNorm."""

    def __init__(self, config):
        super().__init__()
        dim = config["dim"]
        self.heads, self.grid, self.pool = config["heads"], _grid(config), _triple(config["pool"])
        self.pool_weight = nn.Parameter(torch.zeros(dim, 1, *self.pool))
        self.pool_bias = nn.Parameter(torch.zeros(dim))
        self.pool_norm_weight = nn.Parameter(torch.ones(dim))
        self.pool_norm_bias = nn.Parameter(torch.zeros(dim))
        self.q = nn.Linear(dim, dim)
        self.kv = nn.Linear(dim, 2 * dim)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        b, n, dim = x.shape
        head_dim = dim // self.heads
        volume = x[:, 1:].reshape(b, *self.grid, dim).permute(0, 4, 1, 2, 3)
        pooled = F.conv3d(volume, self.pool_weight, self.pool_bias, stride=self.pool, groups=dim)
        pooled = F.layer_norm(pooled.flatten(2).transpose(1, 2), (dim,), self.pool_norm_weight, self.pool_norm_bias,
                              LAYER_NORM_EPS)
        keys = torch.cat([x[:, :1], pooled], 1)
        k, v = self.kv(keys).view(b, keys.shape[1], 2, self.heads, head_dim).permute(2, 0, 3, 1, 4)
        q = self.q(x).view(b, n, self.heads, head_dim).transpose(1, 2)
        out = ((q @ k.transpose(-2, -1)) / math.sqrt(head_dim)).softmax(-1) @ v
        return self.proj(out.transpose(1, 2).reshape(b, n, dim))


class Mlp(nn.Module):
    def __init__(self, config):
        super().__init__()
        dim = config["dim"]
        self.fc1 = nn.Linear(dim, dim * config["mlp_ratio"])
        self.fc2 = nn.Linear(dim * config["mlp_ratio"], dim)

    def forward(self, x):
        return self.fc2(F.gelu(self.fc1(x)))


def _norm(config):
    return nn.LayerNorm(config["dim"], eps=LAYER_NORM_EPS)


class LogoFormerBlock(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.norm1 = _norm(config)
        self.local_attention = WindowSelfAttention(config, _triple(config["window"]), cls_query=False)
        self.norm2 = _norm(config)
        self.global_attention = GlobalAttention(config)
        self.norm3 = _norm(config)
        self.mlp = Mlp(config)

    def forward(self, x):
        x = x + self.local_attention(self.norm1(x))
        x = x + self.global_attention(self.norm2(x))
        return x + self.mlp(self.norm3(x))


class SttBlock(nn.Module):
    """One pre-norm attention per stage of the config's stt_attention (joint: the whole grid; divided:
    temporal and spatial in either order), then the MLP; norms named by position as in Java."""

    def __init__(self, config):
        super().__init__()
        frames, height, width = _grid(config)
        temporal, spatial = ("temporal_attention", (frames, 1, 1)), ("spatial_attention", (1, height, width))
        stages = {"JOINT": [("attention", (frames, height, width))],
                  "DIVIDED_TEMPORAL_FIRST": [temporal, spatial],
                  "DIVIDED_SPATIAL_FIRST": [spatial, temporal]}[_stt_attention(config)]
        self.stages = []
        for i, (name, window) in enumerate(stages, 1):
            setattr(self, f"norm{i}", _norm(config))
            setattr(self, name, WindowSelfAttention(config, window, cls_query=True))
            self.stages.append((f"norm{i}", name))
        self.mlp_norm = f"norm{len(stages) + 1}"
        setattr(self, self.mlp_norm, _norm(config))
        self.mlp = Mlp(config)

    def forward(self, x):
        for norm, attention in self.stages:
            x = x + getattr(self, attention)(getattr(self, norm)(x))
        return x + self.mlp(getattr(self, self.mlp_norm)(x))


def _stt_attention(config):
    """The JSON's stt_attention (enum name or command-line id); files written before it existed are divided,
    temporal first."""
    return config.get("stt_attention", "DIVIDED_TEMPORAL_FIRST").upper().replace("-", "_")


class ClipClassifier(nn.Module):
    def __init__(self, config, block):
        super().__init__()
        self.backbone = FrameBackbone(config)
        self.embedding = Embedding(config)
        self.blocks = nn.ModuleList(block(config) for _ in range(config["blocks"]))
        self.norm = _norm(config)
        self.head = nn.Linear(config["dim"], config["classes"])

    def forward(self, clip):
        x = self.embedding(self.backbone(clip))
        for block in self.blocks:
            x = block(x)
        return self.head(self.norm(x[:, 0]))


def build(description):
    """The model a `lf export` JSON describes ({"kind": ..., "config": {...}}), in eval mode."""
    block = {"logoformer": LogoFormerBlock, "stt": SttBlock}[description["kind"]]
    return ClipClassifier(description["config"], block).eval()

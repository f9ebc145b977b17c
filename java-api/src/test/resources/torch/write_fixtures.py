"""Writes the PyTorch side of the interop tests into OUT (argument 1), with torch and torchvision:

resnet18.pt              a seeded torchvision ResNet-18 state dict (OrderedDict, zip format), batch norm
                         weights and running statistics drawn at random so that eval mode depends on them
resnet18-dataparallel.pt the same model wrapped in nn.DataParallel, nested as DFER code bases publish it
                         ({'state_dict': {'module.conv1.weight': ...}, 'epoch', 'best_prec1', 'arch', 'args'},
                         plus a 'module.feature.*' head), in the legacy (pre-1.6) format
resnet18-features.pt     {'input': [2, 3, 64, 64], 'layer3': its conv1..layer3 features in eval mode}
tensors.pt, tensors-legacy.pt, tensors-protocol4.pt
                         dtypes, views of one storage, a tied entry, empty and 0-d tensors, special values
tensors.json             per key: dtype, shape and SHA-256 of the tensor's contiguous bytes
torchscript.pt, quantized.pt, sparse.pt, pickled-module.pt    files the reader must refuse
"""
import argparse
import collections
import hashlib
import json
import os
import sys

import torch
import torchvision

out = sys.argv[1]
torch.manual_seed(0)


def path(name):
    return os.path.join(out, name)


# ResNet-18 ------------------------------------------------------------------------------------------
model = torchvision.models.resnet18()
with torch.no_grad():
    for i, bn in enumerate(m for m in model.modules() if isinstance(m, torch.nn.BatchNorm2d)):
        bn.weight.uniform_(0.5, 1.5)
        bn.bias.normal_(0, 0.1)
        bn.running_mean.normal_(0, 0.1)
        bn.running_var.uniform_(0.5, 2.0)
        bn.num_batches_tracked.fill_(100 + i)
model.eval()
torch.save(model.state_dict(), path("resnet18.pt"))

wrapped = torch.nn.DataParallel(model).state_dict()
wrapped["module.feature.weight"] = torch.randn(256, 512)
wrapped["module.feature.bias"] = torch.zeros(256)
torch.save({"epoch": 40, "arch": "resnet18", "state_dict": wrapped, "best_prec1": 71.25,
            "args": argparse.Namespace(lr=0.1, pretrained=True)},
           path("resnet18-dataparallel.pt"), _use_new_zipfile_serialization=False)

x = torch.randn(2, 3, 64, 64, generator=torch.Generator().manual_seed(1))
with torch.no_grad():
    layer3 = model.layer3(model.layer2(model.layer1(model.maxpool(model.relu(model.bn1(model.conv1(x)))))))
torch.save({"input": x, "layer3": layer3}, path("resnet18-features.pt"))

# Tensors of every readable kind ---------------------------------------------------------------------
base = torch.arange(24, dtype=torch.float32).reshape(4, 6)
tensors = collections.OrderedDict(
    float32=torch.randn(3, 4), float16=torch.randn(5).half(), bfloat16=torch.randn(2, 3).bfloat16(),
    float64=torch.randn(2, 2).double(), int64_scalar=torch.tensor(7), int32=torch.arange(6, dtype=torch.int32).view(2, 3),
    int16=torch.arange(-3, 3, dtype=torch.int16), int8=torch.arange(-2, 2, dtype=torch.int8),
    uint8=torch.arange(250, 256, dtype=torch.uint8), bool=torch.tensor([True, False, True]),
    complex64=torch.randn(3, dtype=torch.complex64), empty=torch.empty(0, 3),
    special=torch.tensor([float("inf"), float("-inf"), float("nan"), -0.0, 1e-45]),
    base=base, slice=base[1:3, 2:5], transposed=base.t(), stepped=base[:, ::2], row=base[2], element=base[3, 5],
    tied=base, expanded=torch.ones(3).expand(4, 3), parameter=torch.nn.Parameter(torch.randn(2, 2)))
torch.save(tensors, path("tensors.pt"))
torch.save(tensors, path("tensors-legacy.pt"), _use_new_zipfile_serialization=False)
torch.save(tensors, path("tensors-protocol4.pt"), pickle_protocol=4)


def contiguous_bytes(t):
    t = t.detach().contiguous()
    if t.is_complex():
        t = torch.view_as_real(t).contiguous()
    return t.flatten().view(torch.uint8).numpy().tobytes()


with open(path("tensors.json"), "w") as f:
    json.dump({k: {"dtype": str(v.dtype).replace("torch.", ""), "shape": list(v.shape),
                   "sha256": hashlib.sha256(contiguous_bytes(v)).hexdigest()} for k, v in tensors.items()}, f, indent=1)


# Files to refuse ------------------------------------------------------------------------------------
class Small(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = torch.nn.Linear(2, 2)

    def forward(self, x):
        return self.fc(x)


torch.jit.save(torch.jit.script(Small()), path("torchscript.pt"))
torch.save({"weight": torch.quantize_per_tensor(torch.randn(4), 0.1, 0, torch.qint8)}, path("quantized.pt"))
torch.save({"weight": torch.randn(3, 3).to_sparse()}, path("sparse.pt"))
torch.save(Small(), path("pickled-module.pt"))

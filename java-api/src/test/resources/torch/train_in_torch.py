"""A model trained in PyTorch, for Java to serve. For each case folder (arguments) holding model.json and
clip.pt (as check_export.py reads them): builds the PyTorch definition of the model (logoformer_torch.py)
with PyTorch's own seeded initialisation, trains it a few SGD steps on random clips in train mode (so that
batch norm's running statistics move too), and writes

torch-trained.pt         a training script's checkpoint: {'epoch', 'state_dict' (nn.DataParallel-wrapped,
                         every key prefixed module.), 'optimizer' (momentum buffers, learning rates)}
torch-trained-logits.pt  {'logits': the eval-mode float64 logits of clip.pt}
"""
import json
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import logoformer_torch  # noqa: E402

STEPS = 3

for case in sys.argv[1:]:
    torch.manual_seed(21)
    with open(os.path.join(case, "model.json")) as f:
        description = json.load(f)
    config = description["config"]
    model = logoformer_torch.build(description)
    with torch.no_grad():  # the definition starts some tensors at zero (projection, embeddings, pool): draw them
        for parameter in model.parameters():
            if not parameter.any():
                parameter.normal_(0, 0.2)
    optimiser = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    model.train()
    for _ in range(STEPS):
        clips = torch.randn(2, config["frames"], 3, config["frame_size"], config["frame_size"])
        targets = torch.randint(config["classes"], (2,))
        optimiser.zero_grad()
        F.cross_entropy(model(clips), targets).backward()
        optimiser.step()
    model.eval()
    torch.save({"epoch": STEPS, "state_dict": torch.nn.DataParallel(model).state_dict(),
                "optimizer": optimiser.state_dict()}, os.path.join(case, "torch-trained.pt"))
    clip = torch.load(os.path.join(case, "clip.pt"), weights_only=True)["clip"]
    with torch.no_grad():
        logits = model.double()(clip.double())
    torch.save({"logits": logits}, os.path.join(case, "torch-trained-logits.pt"))
    print(case, "trained", STEPS, "steps; logits", tuple(logits.shape))

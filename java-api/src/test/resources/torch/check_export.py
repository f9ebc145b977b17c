"""For each case folder (arguments): loads the state dict Java exported (model.pt, with
torch.load(weights_only=True)) into the PyTorch definition of its model (logoformer_torch.py, from
model.json) with strict=True, then writes the logits of clip.pt in float64 (logits.pt) and the state dict
as PyTorch saves it (resaved.pt) for Java to read back."""
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import logoformer_torch  # noqa: E402

for case in sys.argv[1:]:
    with open(os.path.join(case, "model.json")) as f:
        model = logoformer_torch.build(json.load(f))
    state = torch.load(os.path.join(case, "model.pt"), weights_only=True)
    model.load_state_dict(state, strict=True)
    torch.save(model.state_dict(), os.path.join(case, "resaved.pt"))
    clip = torch.load(os.path.join(case, "clip.pt"), weights_only=True)["clip"]
    with torch.no_grad():
        logits = model.double()(clip.double())
    torch.save({"logits": logits}, os.path.join(case, "logits.pt"))
    print(case, "strict load of", len(state), "tensors; logits", tuple(logits.shape))

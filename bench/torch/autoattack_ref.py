"""The reference AutoAttack (fra31/auto-attack, PyTorch) on a hebblab saved model, for bench/autoattack.bench.js.

Reads one JSON request on stdin:
  {"model": DIR, "images": FILE, "labels": FILE, "n": 500, "dim": 784, "eps": 0.1, "threads": 2,
   "seed": 0, "version": "standard", "log": FILE, "overrides": {...}}
`images` holds n·dim little-endian f32 pixels in [0, 1] and `labels` n int32; DIR holds hebblab's
model.json + weights.bin. The model is rebuilt here as a torch module with the forward of
src/kinds/mlp/model.ts or src/kinds/local/model.ts (f32, same operations). `overrides` shrinks the
reference's settings for a smoke run (n_iter, n_queries, n_target_classes).

Prints one JSON line: clean accuracy, the robust accuracy after each part (parsed from AutoAttack's
own log), the final robust accuracy, and the wall and CPU time (all threads) of run_standard_evaluation.
The reference's code is not part of hebblab: put its `autoattack` package on PYTHONPATH (the bench
does, from a copy of the repository). Needs Debian's python3-torch (/usr/bin/python3).
"""
import json
import re
import sys
import time

import numpy as np
import torch
import torch.nn as nn

req = json.loads(sys.stdin.read())
torch.set_num_threads(int(req["threads"]))
# PyTorch on CPU crawls on denormal floats (hebblab's brief): flush them, as a fair rival would.
torch.set_flush_denormal(True)
from autoattack import AutoAttack  # noqa: E402  (after the thread settings)


def load(d):
    with open(f"{d}/model.json") as f:
        saved = json.load(f)
    flat = np.fromfile(f"{d}/weights.bin", dtype="<f4")
    t = {k: torch.from_numpy(flat[v["offset"] : v["offset"] + v["length"]].copy()).reshape(v["shape"]) for k, v in saved["tensors"].items()}
    return saved["kind"], saved["config"], t


class HebbMlp(nn.Module):
    """src/kinds/mlp/model.ts: h = act(h·W + b) per hidden layer (W [in, out]), linear output; optional input standardization."""

    def __init__(self, cfg, t):
        super().__init__()
        if cfg.get("frontEnd") or cfg.get("noise"):
            raise SystemExit("autoattack_ref.py: MLPs with a front end or stochastic neurons are not rebuilt here")
        depth = len(cfg["hidden"]) + 1
        self.ws = [t[f"w{l}"] for l in range(1, depth + 1)]
        self.bs = [t[f"b{l}"] for l in range(1, depth + 1)]
        self.act = torch.relu if cfg["activation"] == "relu" else torch.tanh
        self.std = None
        if cfg.get("standardize"):
            self.mean = t["inputMean"]
            self.inv = 1.0 / torch.clamp(t["inputStd"], min=0.01)
            self.std = True

    def forward(self, x):
        h = x.reshape(x.shape[0], -1)
        if self.std:
            h = (h - self.mean) * self.inv
        for w, b in zip(self.ws[:-1], self.bs[:-1]):
            h = self.act(h @ w + b)
        return h @ self.ws[-1] + self.bs[-1]


class HebbLocal(nn.Module):
    """src/kinds/local/model.ts: x̂ = x/‖x‖_q, I = x̂·W̃ᵀ, f = relu(I)^n, logits = ((f − μ)/σ)·V + b."""

    def __init__(self, cfg, t):
        super().__init__()
        self.q = cfg.get("inputNorm", "none")
        # savedFeatureSettings: config.features, or (saved before it existed) activation/tInv or n.
        feat = cfg.get("features") or ({"kind": "softmax", "tInv": cfg.get("tInv", 5)} if cfg.get("activation") == "softmax" else {"kind": "relu-pow", "n": cfg.get("n", 4.5)})
        if feat["kind"] not in ("relu-pow", "softmax"):
            raise SystemExit(f"autoattack_ref.py: feature map {feat['kind']!r} is not rebuilt here")
        self.softmax = feat["kind"] == "softmax"
        self.n = feat.get("n", 4.5)
        self.t_inv = feat.get("tInv", 5)
        self.wT = t["synapses"].t().contiguous()
        self.mean = t["mean"]
        self.inv = 1.0 / t["std"]
        self.V = t["readoutWeight"]
        self.b = t["readoutBias"]

    def forward(self, x):
        x = x.reshape(x.shape[0], -1)
        if self.q != "none":
            q = float(self.q)
            s = (x.abs() if q == 1 else x.abs().pow(q)).sum(1, keepdim=True)
            x = x / torch.clamp(s, min=1e-30).pow(1.0 / q)
        i = x @ self.wT
        f = torch.softmax(i * self.t_inv, 1) if self.softmax else torch.relu(i).pow(self.n)
        return ((f - self.mean) * self.inv) @ self.V + self.b


kind, cfg, t = load(req["model"])
model = (HebbMlp if kind == "mlp" else HebbLocal)(cfg, t).eval()
n, dim = int(req["n"]), int(req["dim"])
x = torch.from_numpy(np.fromfile(req["images"], dtype="<f4")[: n * dim].copy()).reshape(n, 1, 28, 28) if dim == 784 else None
if x is None:
    raise SystemExit(f"autoattack_ref.py: {dim} pixels per image; only 28×28 images are reshaped for Square")
y = torch.from_numpy(np.fromfile(req["labels"], dtype="<i4")[:n].astype(np.int64))

# The first `logits` images' logits, for the bench to check the rebuilt forward against hebblab's.
with torch.no_grad():
    logits = model(x[: int(req.get("logits", 0))]).tolist()

adversary = AutoAttack(model, norm="Linf", eps=float(req["eps"]), version=req.get("version", "standard"), device="cpu", seed=int(req.get("seed", 0)), log_path=req["log"], verbose=True)
for k, v in (req.get("overrides") or {}).items():
    if k == "n_iter":
        adversary.apgd.n_iter = adversary.apgd_targeted.n_iter = adversary.fab.n_iter = int(v)
        for a in (adversary.apgd, adversary.apgd_targeted):
            a.n_iter_2, a.n_iter_min, a.size_decr = max(int(0.22 * v), 1), max(int(0.06 * v), 1), max(int(0.03 * v), 1)
    elif k == "n_queries":
        adversary.square.n_queries = int(v)
    elif k == "n_target_classes":
        adversary.apgd_targeted.n_target_classes = adversary.fab.n_target_classes = int(v)
with torch.no_grad():
    t0, c0 = time.perf_counter(), time.process_time()
    x_adv = adversary.run_standard_evaluation(x, y, bs=int(req.get("batch", 250)))
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    final = (model(x_adv).argmax(1) == y).float().mean().item()

parts = {}
clean = None
with open(req["log"]) as f:
    for line in f:
        m = re.match(r"initial accuracy: ([\d.]+)%", line)
        if m:
            clean = float(m.group(1)) / 100
        m = re.match(r"robust accuracy after ([A-Z-]+): ([\d.]+)%", line)
        if m:
            parts[m.group(1).lower()] = float(m.group(2)) / 100
print(json.dumps({"clean": clean, "parts": parts, "robust": final, "seconds": seconds, "cpuSeconds": cpu, "logits": logits, "torch": torch.__version__, "threads": torch.get_num_threads()}))

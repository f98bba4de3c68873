"""PyTorch CPU twins of hebblab's backprop workloads (issue 16), for bench/backprop.bench.js.

Reads one JSON request on stdin, runs it and prints one JSON line:
  {"workload": "mlp-epoch", "threads": T, "reps": R, "images": 8000, "hidden": 2000, "batch": 100}
  {"workload": "pgd", "threads": T, "reps": R, "images": 1000, "batch": 250, "steps": 40, "eps": [...]}
The data are random inputs in [0, 1] with random labels of the same shapes as hebblab's (the cost of
dense f32 arithmetic does not depend on the values, except relu sparsity, which is about one half in
both). Needs Debian's python3-torch (apt-get install python3-torch); run with /usr/bin/python3.
"""
import json
import sys
import time

import torch

req = json.loads(sys.stdin.read())
torch.set_num_threads(int(req["threads"]))
torch.manual_seed(1)
D, H, C = 784, int(req.get("hidden", 2000)), 10


def mlp():
    return torch.nn.Sequential(torch.nn.Linear(D, H), torch.nn.ReLU(), torch.nn.Linear(H, C))


def mlp_epoch(r):
    n, b = int(r["images"]), int(r["batch"])
    x = torch.rand(n, D)
    y = torch.randint(0, C, (n,))
    model = mlp()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    out = []
    for _ in range(int(r["reps"])):
        perm = torch.randperm(n)
        t0 = time.perf_counter()
        for i in range(0, n, b):
            idx = perm[i : i + b]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            opt.step()
        out.append(time.perf_counter() - t0)
    return {"seconds": out}


def pgd(r):
    n, b, steps = int(r["images"]), int(r["batch"]), int(r["steps"])
    eps_list = [e for e in r["eps"] if e > 0]
    x_all = torch.rand(n, D)
    y_all = torch.randint(0, C, (n,))
    model = mlp()
    for p in model.parameters():
        p.requires_grad_(False)
    loss_fn = torch.nn.CrossEntropyLoss(reduction="sum")
    out = []
    for _ in range(int(r["reps"])):
        t0 = time.perf_counter()
        for eps in eps_list:
            a = 2.5 * eps / steps
            for i in range(0, n, b):
                x, y = x_all[i : i + b], y_all[i : i + b]
                # Random start, signed-gradient steps, projection, best iterate kept (as hebblab's PGD).
                adv = (x + torch.empty_like(x).uniform_(-eps, eps)).clamp(0, 1)
                best = adv.clone()
                best_loss = torch.full((x.shape[0],), -float("inf"))
                for _ in range(steps):
                    adv.requires_grad_(True)
                    logits = model(adv)
                    per = torch.nn.functional.cross_entropy(logits, y, reduction="none")
                    g, = torch.autograd.grad(per.sum(), adv)
                    with torch.no_grad():
                        better = per > best_loss
                        best[better] = adv[better]
                        best_loss = torch.where(better, per, best_loss)
                        adv = torch.min(torch.max(adv + a * g.sign(), x - eps), x + eps).clamp(0, 1)
        out.append(time.perf_counter() - t0)
    return {"seconds": out, "imageSteps": n * steps * len(eps_list)}


result = {"mlp-epoch": mlp_epoch, "pgd": pgd}[req["workload"]](req)
result.update(workload=req["workload"], threads=torch.get_num_threads(), torch=torch.__version__, blas=torch.__config__.show().split("\n")[:12])
print(json.dumps(result))

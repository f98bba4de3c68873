"""PyTorch CPU twins of hebblab's backprop workloads, for bench/backprop.bench.js.

Reads one JSON request on stdin, runs it and prints one JSON line on stdout.

The rival is set up at its best, as a user who wants speed would:
- denormals flushed (torch.set_flush_denormal(True)): without it PyTorch CPU crawls once values
  underflow (Adam's second moments, softmax tails);
- the same threads as hebblab: torch.set_num_threads(T), and the parent sets OMP_NUM_THREADS,
  OPENBLAS_NUM_THREADS and MKL_NUM_THREADS to T before Python starts (a threaded BLAS would
  otherwise take every core whatever torch.set_num_threads says);
- frozen parameters for attacks (requires_grad False: backward computes only the input gradient),
  projections and scoring under no_grad/inference_mode;
- the faster of the settings a user would choose among (Adam's foreach implementation or not; the
  attack's batch size), measured by the "probe" workload and passed in by the parent.
The BLAS library torch runs on is reported ("blas"), read from the process's own memory map.

Requests (paths name raw little-endian files written by the parent: f32 unless said):
  {"workload": "info"}
  {"workload": "mlp-epoch", "threads": T, "reps": R, "dir": D, "batch": 100, "foreach": false, "warmup": 10}
      D holds train_x [n, 784], train_y (i32), w1 [784, H], b1 [H], w2 [H, 10], b2 [10]: hebblab's
      initial weights, so the two train the same network on the same digits (the order differs).
  {"workload": "pgd", "threads": T, "reps": R, "dir": D, "images": n, "batch": 250, "steps": 40, "eps": [...]}
      D holds test_x, test_y (i32) and the trained model's w1, b1, w2, b2 (files prefixed "model_").
      PGD-L∞ exactly as hebblab's pgd-linf: random start U(−ε, ε), a = 2.5ε/steps, signed gradient
      of the CE loss (hebblab's softplus form), projection onto the ε-ball ∩ [0, 1], the iterate
      with the largest margin kept per image; then scored. Returns the robust accuracy per ε.
  {"workload": "probe", "threads": T, "dir": D, "reps": 2, "epochImages": n, "pgdImages": n, "pgdSteps": s}:
      times the candidate settings on slices of both workloads (see probe()).
Needs Debian's python3-torch (apt-get install python3-torch); run with /usr/bin/python3.
"""
import json
import os
import sys
import time

import torch

req = json.loads(sys.stdin.read())
flushed = torch.set_flush_denormal(True)
if "threads" in req:
    torch.set_num_threads(int(req["threads"]))
torch.manual_seed(int(req.get("seed", 1)))


def blas_library():
    """The BLAS shared object(s) this process mapped: what torch's dense products run on."""
    seen = []
    with open("/proc/self/maps") as f:
        for line in f:
            path = line.split()[-1] if len(line.split()) >= 6 else ""
            name = os.path.basename(path)
            if ("blas" in name or "mkl_core" in name or "blis" in name) and path not in seen:
                seen.append(path)
    real = [os.path.realpath(p) for p in seen]
    kind = "openblas" if any("openblas" in p for p in real) else "mkl" if any("mkl" in p for p in real) else "blis" if any("blis" in p for p in real) else "reference" if real else "none"
    return {"kind": kind, "files": real}


def load(d, name, dtype=torch.float32, shape=None):
    with open(os.path.join(d, name), "rb") as f:
        t = torch.frombuffer(bytearray(f.read()), dtype=dtype)
    return t.reshape(shape) if shape is not None else t


def mlp_from(d, prefix=""):
    """hebblab's 784-H-10 relu MLP with its weights (hebblab stores W [in, out]; Linear wants [out, in])."""
    w1 = load(d, prefix + "w1")
    b1 = load(d, prefix + "b1")
    h = b1.numel()
    w2 = load(d, prefix + "w2")
    c = load(d, prefix + "b2")
    model = torch.nn.Sequential(torch.nn.Linear(w1.numel() // h, h), torch.nn.ReLU(), torch.nn.Linear(h, c.numel()))
    with torch.no_grad():
        model[0].weight.copy_(w1.reshape(-1, h).t())
        model[0].bias.copy_(b1)
        model[2].weight.copy_(w2.reshape(h, -1).t())
        model[2].bias.copy_(c)
    return model


def mlp_epoch(r):
    d, b = r["dir"], int(r["batch"])
    x = load(d, "train_x").reshape(-1, 784)
    y = load(d, "train_y", torch.int32).long()
    if int(r.get("trainImages", 0)) > 0:
        x, y = x[: int(r["trainImages"])], y[: int(r["trainImages"])]
    n = x.shape[0]
    out, losses = [], []
    for rep in range(int(r["reps"])):
        model = mlp_from(d)
        opt = torch.optim.Adam(model.parameters(), lr=1e-3, foreach=bool(r.get("foreach", False)))
        loss_fn = torch.nn.CrossEntropyLoss()

        def step(idx):
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            opt.step()
            return loss

        # A few warm-up steps on a separate model first (allocator, BLAS threads), as hebblab's
        # bench warms up every path before timing a fresh model's epoch.
        if rep == 0 and int(r.get("warmup", 0)) > 0:
            wm = mlp_from(d)
            wopt = torch.optim.Adam(wm.parameters(), lr=1e-3, foreach=bool(r.get("foreach", False)))
            for i in range(int(r["warmup"])):
                idx = torch.arange(i * b, (i + 1) * b) % n
                wopt.zero_grad(set_to_none=True)
                loss_fn(wm(x[idx]), y[idx]).backward()
                wopt.step()
        perm = torch.randperm(n)
        total = 0.0
        t0 = time.perf_counter()
        for i in range(0, n, b):
            total += float(step(perm[i : i + b]))
        out.append(time.perf_counter() - t0)
        losses.append(total / ((n + b - 1) // b))
    return {"seconds": out, "loss": losses}


def attack_loss_and_margin(z, y):
    """hebblab's CE (softplus(logsumexp of the other logits − z_y)) and margin (max other − z_y)."""
    zy = z.gather(1, y[:, None])[:, 0]
    others = z.scatter(1, y[:, None], float("-inf"))
    ce = torch.nn.functional.softplus(torch.logsumexp(others, 1) - zy)
    margin = others.max(1).values - zy
    return ce, margin


def pgd_batch(model, x, y, eps, steps, rel_step):
    a = rel_step * eps
    lo, hi = (x - eps).clamp_(0, 1), (x + eps).clamp_(0, 1)
    adv = torch.maximum(torch.minimum(x + torch.empty_like(x).uniform_(-eps, eps), hi), lo)
    best, best_m = None, None
    for _ in range(steps):
        adv.requires_grad_(True)
        ce, margin = attack_loss_and_margin(model(adv), y)
        (g,) = torch.autograd.grad(ce.sum(), adv)
        with torch.no_grad():
            adv = adv.detach()
            m = margin.detach()
            if best is None:
                best, best_m = adv, m
            else:
                better = m > best_m
                best = torch.where(better[:, None], adv, best)
                best_m = torch.maximum(m, best_m)
            adv = torch.maximum(torch.minimum(adv + a * g.sign(), hi), lo)
    with torch.inference_mode():
        _, m = attack_loss_and_margin(model(adv), y)
        better = m > best_m
        best = torch.where(better[:, None], adv, best)
        return int((model(best).argmax(1) == y).sum())


def pgd(r):
    d, b, steps = r["dir"], int(r["batch"]), int(r["steps"])
    images = int(r["images"])
    x_all = load(d, "test_x").reshape(-1, 784)[:images]
    y_all = load(d, "test_y", torch.int32).long()[:images]
    n = x_all.shape[0]
    model = mlp_from(d, "model_")
    for p in model.parameters():
        p.requires_grad_(False)
    with torch.inference_mode():
        clean = int((model(x_all).argmax(1) == y_all).sum())
    eps_list = [e for e in r["eps"] if e > 0]
    rel = 2.5 / steps
    # Warm-up: a few steps on the first batch (allocator, BLAS threads).
    pgd_batch(model, x_all[:b], y_all[:b], eps_list[0], min(3, steps), rel)
    out, acc = [], []
    for _ in range(int(r["reps"])):
        acc = []
        t0 = time.perf_counter()
        for eps in eps_list:
            right = 0
            for i in range(0, n, b):
                right += pgd_batch(model, x_all[i : i + b], y_all[i : i + b], eps, steps, rel)
            acc.append(right / n)
        out.append(time.perf_counter() - t0)
    return {"seconds": out, "imageSteps": n * steps * len(eps_list), "accuracy": acc, "eps": eps_list, "cleanCorrect": clean, "images": n}


def probe(r):
    """Times each candidate setting once per rep, alternating, on a slice of the work; the parent uses
    the fastest. Adam: the default single-tensor loop or foreach=True (multi-tensor; fused=True is
    CUDA-only in 1.13). PGD: batches of 250, 500 or 1,000 images."""
    reps = int(r.get("reps", 2))
    res = {"adam": {"foreach": [], "default": []}, "pgdBatch": {"250": [], "500": [], "1000": []}}
    for _ in range(reps):
        for fe in ("default", "foreach"):
            q = dict(r, batch=100, reps=1, foreach=(fe == "foreach"), warmup=5, trainImages=int(r["epochImages"]))
            e = mlp_epoch(q)
            res["adam"][fe].append(e["seconds"][0])
        for bs in ("250", "500", "1000"):
            q = dict(r, batch=int(bs), reps=1, steps=int(r["pgdSteps"]), eps=[0.1], images=int(r["pgdImages"]))
            p = pgd(q)
            res["pgdBatch"][bs].append(p["seconds"][0] / p["imageSteps"])
    best = lambda d: min(d, key=lambda k: min(d[k]))
    return {"probe": res, "foreach": best(res["adam"]) == "foreach", "pgdBatch": int(best(res["pgdBatch"]))}


def info(_r):
    return {}


result = {"info": info, "mlp-epoch": mlp_epoch, "pgd": pgd, "probe": probe}[req["workload"]](req)
result.update(
    workload=req["workload"],
    threads=torch.get_num_threads(),
    torch=torch.__version__,
    flushDenormal=flushed,
    blas=blas_library(),
    env={k: os.environ.get(k) for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "LD_LIBRARY_PATH")},
)
print(json.dumps(result))

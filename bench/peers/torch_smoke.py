#!/usr/bin/python3
"""The peer of kmw's smoke runner: the same model, optimizer and batch size trained in
Python PyTorch (Debian's python3-torch), timed the same way (optimizer steps per second
of the training loop: batch gather, forward, loss, backward, step, loss.item()).

    torch_smoke.py mlp|convnet --steps N [--warmup N] [--digits PATH]
prints {"model", "steps", "steps_per_second", "torch", "threads"} as JSON.
"""
import argparse
import gzip
import json
import os
import time

import torch
from torch import nn


def digits(path):
    rows = []
    with gzip.open(path, "rt") as f:
        for line in f:
            if line.strip():
                rows.append([float(v) for v in line.split(",")])
    data = torch.tensor(rows, dtype=torch.float32)
    x, y = data[:, :-1], data[:, -1].long()
    x = (x - x.mean(0)) / x.std(0).clamp_min(1e-6)
    return x, y


def main():
    p = argparse.ArgumentParser()
    p.add_argument("model", choices=["mlp", "convnet"])
    p.add_argument("--steps", type=int, default=2000)
    p.add_argument("--warmup", type=int, default=50)
    p.add_argument("--digits", default="")
    a = p.parse_args()
    # As many threads as LibTorch uses in kmw (its default: one per core).
    torch.set_num_threads(int(os.environ.get("KMW_BENCH_THREADS", os.cpu_count() or 1)))
    torch.manual_seed(0)
    if a.model == "mlp":
        x, y = digits(a.digits)
        model = nn.Sequential(nn.Linear(64, 100), nn.Tanh(), nn.Linear(100, 10))
        opt = torch.optim.SGD(model.parameters(), lr=0.1)
        batch = 32
    else:
        x = torch.randn(1024, 1, 28, 28)
        y = torch.randint(0, 10, (1024,))
        model = nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.Conv2d(32, 64, 3), nn.ReLU(),
                              nn.MaxPool2d(2), nn.Flatten(), nn.Linear(64 * 12 * 12, 10))
        opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
        batch = 64
    loss_fn = nn.CrossEntropyLoss()
    model.train()
    n = x.shape[0]

    def run(steps):
        done = 0
        while done < steps:
            order = torch.randperm(n)
            for start in range(0, n, batch):
                idx = order[start:start + batch]
                xb, yb = x.index_select(0, idx), y.index_select(0, idx)
                out = model(xb)
                loss = loss_fn(out, yb)
                opt.zero_grad(set_to_none=True)
                loss.backward()
                opt.step()
                loss.item()
                done += 1
                if done == steps:
                    return

    run(a.warmup)
    t0 = time.perf_counter()
    run(a.steps)
    seconds = time.perf_counter() - t0
    print(json.dumps({"model": a.model, "steps": a.steps, "steps_per_second": a.steps / seconds,
                      "torch": torch.__version__, "threads": torch.get_num_threads()}))


if __name__ == "__main__":
    main()

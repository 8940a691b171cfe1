#!/usr/bin/env python3
"""The DataLoader the keras-to-pytorch loops write, against PyTorch's default one.

The generated fit()/evaluate() loops iterate in-memory tensors (the notebook's arrays).
A default `DataLoader(TensorDataset(x, y), batch_size=128, shuffle=True)` fetches rows
one by one and collates them; the generated one passes a BatchSampler with
`batch_size=None`, so that each batch is one indexing of the tensors, as Keras slices its
arrays. Both train the same MLP on MNIST-shaped rows (60,000 x 784, 10 classes) for one
epoch; the median of --runs epochs after a warm-up one is printed, with the ratio.

    bench/loaders.py [--runs N]     # the frameworks' venv: /opt/kmw-deps/venv/bin/python
"""
import argparse
import statistics
import time

import torch
import torch.nn as nn
from torch.utils.data import BatchSampler, DataLoader, RandomSampler, TensorDataset


def epoch_seconds(loader, model, optimizer, criterion):
    start = time.monotonic()
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
        loss.item()
    return time.monotonic() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    torch.manual_seed(0)
    x, y = torch.rand(60000, 784), torch.randint(0, 10, (60000,))
    model = nn.Sequential(nn.Linear(784, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    criterion = nn.CrossEntropyLoss()
    train_set = TensorDataset(x, y)
    loaders = {
        "row by row (DataLoader default)": DataLoader(train_set, batch_size=128, shuffle=True),
        "whole batches (generated)": DataLoader(train_set, batch_size=None,
                                                sampler=BatchSampler(RandomSampler(train_set), 128, drop_last=False)),
    }
    medians = {}
    for name, loader in loaders.items():
        epoch_seconds(loader, model, optimizer, criterion)  # warm-up
        medians[name] = statistics.median(epoch_seconds(loader, model, optimizer, criterion) for _ in range(args.runs))
        print(f"{name}: {medians[name]:.2f} s an epoch")
    slow, fast = medians.values()
    print(f"ratio: {slow / fast:.1f}x ({torch.get_num_threads()} threads)")


if __name__ == "__main__":
    main()

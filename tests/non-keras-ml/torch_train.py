"""A small PyTorch training loop."""
import torch
import torch.nn as nn
from torch.optim import SGD, Adam
from torch.utils.data import DataLoader, TensorDataset


class Net(nn.Module):
    def __init__(self, vocab=1000, dim=16):
        super().__init__()
        self.embedding = nn.Embedding(vocab, dim)
        self.act = nn.LeakyReLU(negative_slope=0.1)
        self.out = nn.Linear(dim, 2)

    def forward(self, x):
        return self.out(self.act(self.embedding(x).mean(dim=1)))


model = Net()
optimizer = SGD(model.parameters(), lr=0.1, momentum=0.9)
fast = torch.optim.Adam(model.parameters(), lr=1e-3, fused=False)
other = Adam(model.parameters(), lr=3e-4)
loader = DataLoader(TensorDataset(torch.randint(0, 1000, (64, 8)), torch.randint(0, 2, (64,))), batch_size=8,
                    num_workers=0)
history = {"lr": []}
for epoch in range(2):
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = nn.functional.cross_entropy(model(xb), yb)
        loss.backward()
        optimizer.step()
    history["lr"].append(optimizer.param_groups[0]["lr"])
torch.save(model.state_dict(), "net.h5")
model.load_state_dict(torch.load("net.h5"))

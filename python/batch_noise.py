# Chapter 7, "Batch size and normalization", in PyTorch: how far a mini-batch gradient
# lands from the full gradient, for batches drawn with replacement and for shuffled epochs
# (what DataLoader(shuffle=True) gives). It prints the same table as
# `cargo run --example batch_size` (its first section).
#
#     pip install torch        # once
#     python3 python/batch_noise.py
#
# The Rust example draws its data and its batches from a ChaCha8 generator, which PyTorch
# does not have, and 1024 examples are too many to paste here. So this script draws its
# own data the same way (4 standard-normal features, y = x·(2, -1, 0.5, 1.5) + 0.3 plus
# noise of standard deviation 1) and its own batches with torch's generator: the numbers
# differ from the Rust example's by sampling noise, and the laws they test do not. The
# project's test checks that every measured/predicted ratio is within 0.15 of 1 (the Rust
# example's reach 1.1), that σ² is within 20% of the Rust example's (another draw of
# 1024 examples), and that a shuffled batch of all 1024 examples has no noise.
# No semantic differences: the same loss (nn.MSELoss()), the same two samplers.
import math
import os

import torch

torch.set_default_dtype(torch.float64)

# The book prints 4 significant digits; STEPSIZE_DIGITS=17 prints them all.
DIGITS = int(os.environ.get("STEPSIZE_DIGITS", "0"))


def num(x, digits=4):
    """The book's number format: 4 significant digits, plain from 1e-4 to 1e6."""
    digits = max(digits, DIGITS)
    if x == 0:
        return "0"
    if not math.isfinite(x):
        return "-"
    mantissa, exponent = f"{x:.{digits - 1}e}".split("e")
    exponent = int(exponent)
    if -4 <= exponent < 6:
        text = f"{x:.{max(digits - 1 - exponent, 0)}f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    return mantissa.rstrip("0").rstrip(".") + f"e{exponent}"


def table(header, rows):
    """Columns two spaces apart; numbers right-aligned, text left-aligned."""

    def numeric(cell):
        try:
            float(cell.lstrip("-+≈"))
            return True
        except ValueError:
            return cell in ("-", "never")

    cols = list(zip(header, *rows))
    widths = [max(len(c) for c in col) for col in cols]
    right = [all(numeric(c) for c in col[1:]) for col in cols]
    for r in [header, ["-" * w for w in widths], *rows]:
        cells = [c.rjust(w) if ri else c.ljust(w) for c, w, ri in zip(r, widths, right)]
        print("  ".join(cells).rstrip())


torch.manual_seed(0)
N, DRAWS = 1024, 2000
X = torch.randn(N, 4)
y = X @ torch.tensor([2.0, -1.0, 0.5, 1.5]) + 0.3 + torch.randn(N)
model = torch.nn.Linear(4, 1)  # at θ = 0: weights and bias zero
torch.nn.init.zeros_(model.weight)
torch.nn.init.zeros_(model.bias)
loss_fn = torch.nn.MSELoss()


def gradient(i):
    """The gradient of the loss on example i alone, as one vector (weights, then bias)."""
    model.zero_grad()
    loss_fn(model(X[i : i + 1]).squeeze(1), y[i : i + 1]).backward()
    return torch.cat([p.grad.flatten() for p in model.parameters()])


# The loss of a batch is the mean of its examples' losses, so its gradient is the mean of
# their gradients: compute each example's gradient once, then average them per batch (the
# same as a backward pass on each batch's loss, up to rounding, and much faster).
G = torch.stack([gradient(i) for i in range(N)])
g = G.mean(0)  # the full gradient


def noise(batches):
    """The mean of ‖g_B − g‖² over the batches (a tensor of indices, one batch per row)."""
    return ((G[batches].mean(1) - g) ** 2).sum(1).mean().item()


def with_replacement(B):  # DataLoader(..., sampler=RandomSampler(data, replacement=True))
    return torch.randint(N, (DRAWS, B))


def shuffled(B):  # DataLoader(..., shuffle=True): each epoch a new order, cut into batches
    epochs = -(-DRAWS * B // N)  # enough epochs for DRAWS batches
    return torch.cat([torch.randperm(N) for _ in range(epochs)]).view(-1, B)[:DRAWS]


sigma2 = noise(torch.arange(N).view(N, 1))  # one-example batches
print(f"=== Gradient noise against the batch size at θ = 0 ({DRAWS} batches each) ===")
print(
    f"{N} examples; one example's gradient varies by E‖g_i − g‖² = {num(sigma2)} "
    "around the full gradient"
)
rows = []
for B in [1, 4, 16, 64, 256, 1024]:
    with_, without = noise(with_replacement(B)), noise(shuffled(B))
    p_with = sigma2 / B
    p_without = p_with * (N - B) / (N - 1)
    ratio = num(without / p_without, 3) if p_without > 0 else "-"
    rows.append(
        [
            str(B),
            num(with_),
            num(p_with),
            num(with_ / p_with, 3),
            num(without),
            num(p_without),
            ratio,
        ]
    )
table(
    [
        "B",
        "with replacement",
        "predicted σ²/B",
        "ratio",
        "shuffled",
        "predicted σ²/B·(N−B)/(N−1)",
        "ratio",
    ],
    rows,
)

# Chapter 3, "Too high, too low", in PyTorch: the house-price runs, the stability
# threshold 2/λ_max from the Hessian, the runs either side of it, and the sweep across it.
# It prints the same tables as `cargo run --example too_high` (without the figures).
#
#     pip install torch        # once
#     python3 python/too_high.py
#
# Everything is deterministic and in float64, so the numbers are the Rust example's to
# within rounding (the project's test checks them to 1e-9, relative). No semantic
# differences from the Rust code: full-batch torch.optim.SGD on nn.MSELoss().
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


# The five houses: size in 1000 sq ft, price in $1000 (exactly 200 × size).
sizes = torch.tensor([[1.5], [2.0], [2.5], [3.0], [3.5]])
prices = torch.tensor([[300.0], [400.0], [500.0], [600.0], [700.0]])
loss_fn = torch.nn.MSELoss()


def train(lr, steps):
    """Full-batch gradient descent from w = b = 0. A run whose loss exceeds 1000 times
    its starting loss counts as diverged and stops there."""
    model = torch.nn.Linear(1, 1)
    torch.nn.init.zeros_(model.weight)
    torch.nn.init.zeros_(model.bias)
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    history = []  # (loss, w, b) at steps 0, 1, 2, ...
    for step in range(steps + 1):
        loss = loss_fn(model(sizes), prices)
        history.append((loss.item(), model.weight.item(), model.bias.item()))
        if loss.item() > 1000 * history[0][0]:
            bound = 1000 * history[0][0]
            return history, f"diverged at step {step}: loss {num(loss.item())} > {num(bound)}"
        if step == steps:
            return history, f"ran all {steps} steps"
        opt.zero_grad()
        loss.backward()
        opt.step()


print("=== The house-price experiment: 50 epochs from w = b = 0 ===")
runs = {lr: train(lr, 50) for lr in [0.0001, 0.01, 0.1]}
rows = []
for lr, (h, outcome) in runs.items():
    loss, w, b = h[-1]
    rows.append(
        [num(lr), num(h[0][0]), num(h[10][0]), num(h[25][0]), num(loss), num(w), num(b), outcome]
    )
table(["η", "loss at 0", "at 10", "at 25", "at end", "w", "b", "outcome"], rows)
start = runs[0.1][0][0][0]
print(
    "(the best possible loss is 0, at w = 200, b = 0; a run counts as diverged above "
    f"{num(1000 * start)}, 1000 times the starting loss)"
)

print("\n=== The stability threshold from the Hessian ===")


def mse_of(theta):  # the loss as a function of θ = (w, b), for the Hessian
    return loss_fn(sizes * theta[0] + theta[1], prices)


H = torch.autograd.functional.hessian(mse_of, torch.zeros(2))
lam_min, lam_max = torch.linalg.eigvalsh(H).tolist()
threshold = 2 / lam_max
kappa = lam_max / lam_min
print(
    f"H = (2/n) [[Σx², Σx], [Σx, n]] = [[{num(H[0, 0].item())}, {num(H[0, 1].item())}], "
    f"[{num(H[1, 0].item())}, {num(H[1, 1].item())}]]"
)
print(f"eigenvalues: λ_min = {num(lam_min)}, λ_max = {num(lam_max)}")
print(f"condition number κ = λ_max/λ_min = {num(kappa)}")
print(f"det H = λ_min·λ_max = {num(lam_min * lam_max)}")
print(f"largest stable η = 2/λ_max = {num(threshold)}")
print(
    f"long-run best fixed η = 2/(λ_min + λ_max) = {num(2 / (lam_min + lam_max))}, "
    f"both factors of size (κ-1)/(κ+1) = {num((kappa - 1) / (kappa + 1))}"
)
table(
    ["η", "η/threshold", "1 - η·λ_max", "1 - η·λ_min"],
    [
        [num(lr), num(lr / threshold), num(1 - lr * lam_max, 6), num(1 - lr * lam_min, 6)]
        for lr in runs
    ],
)

print("\n=== Either side of the threshold ===")
rows = []
for f in [0.9, 0.99, 1.01, 1.1]:
    lr = f * threshold
    h, outcome = train(lr, 200)
    rows.append(
        [
            num(lr),
            num(lr / threshold),
            num(1 - lr * lam_max),
            num(h[1][1]),
            num(h[2][1]),
            num(h[-1][0]),
            outcome.split(":")[0],  # the loss is in the column beside it
        ]
    )
table(["η", "η/threshold", "1 - η·λ_max", "w at 1", "w at 2", "loss at end", "outcome"], rows)

print("\n=== Sweep: loss after 200 updates against η ===")
grid = [10 ** (-4 + i / 10) for i in range(41)]
rows = []
for lr in sorted(grid + [threshold]):
    on_grid = lr in grid and grid.index(lr) % 5 == 0  # every half decade
    if not on_grid and abs(lr / threshold - 1) > 0.3:  # and every run within 30% of the threshold
        continue
    h, outcome = train(lr, 200)
    rows.append([num(lr), num(lr / threshold), num(h[-1][0]), outcome])
table(["η", "η/threshold", "loss at end", "outcome"], rows)
print(f"({len(rows)} of {len(grid) + 1} runs shown)")

# Chapter 5, "Momentum and adaptive optimizers", in PyTorch: gradient descent on the
# ill-conditioned bowl 0.1·x1² + 2·x2² from (-5, -2), six torch.optim optimizers on the
# same bowl, and the first step of each adaptive one. It prints the same three tables as
# `cargo run --example adaptive` (its first three sections).
#
#     pip install torch        # once
#     python3 python/adaptive.py
#
# Deterministic and in float64, so the numbers are the Rust example's to within rounding
# (the project's test checks them to 1e-9, relative). No semantic differences: the Rust
# optimizers follow torch.optim's definitions, and every setting not given here is
# PyTorch's default.
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


def bowl(x):
    return 0.1 * x[0] ** 2 + 2 * x[1] ** 2


def train(make_optimizer, steps):
    """Minimise the bowl from (-5, -2). A run whose loss exceeds 1000 times its starting
    loss counts as diverged and stops there."""
    x = torch.nn.Parameter(torch.tensor([-5.0, -2.0]))
    opt = make_optimizer([x])
    history = []  # (loss, x1, x2) at steps 0, 1, 2, ...
    for step in range(steps + 1):
        loss = bowl(x)
        history.append((loss.item(), *x.tolist()))
        if loss.item() > 1000 * history[0][0]:
            bound = 1000 * history[0][0]
            return history, f"diverged at step {step}: loss {num(loss.item())} > {num(bound)}"
        if step == steps:
            return history, f"ran all {steps} steps"
        opt.zero_grad()
        loss.backward()
        opt.step()


def at(history, k, i):  # entry i of step k, "-" if the run stopped before it
    return num(history[k][i]) if k < len(history) else "-"


print("=== Gradient descent on 0.1·x1² + 2·x2² from (-5, -2) ===")
print(f"Hessian eigenvalues {num(0.2)} and {num(4.0)}: stable for η < 2/λ_max = {num(2 / 4)}")
rows = []
for lr in [0.4, 0.6]:
    h, outcome = train(lambda p: torch.optim.SGD(p, lr=lr), 20)
    rows.append(
        [
            f"SGD η={lr}",
            at(h, 1, 2),
            at(h, 2, 2),
            at(h, 3, 2),
            at(h, 20, 1),
            num(h[-1][2]),
            outcome,
        ]
    )
table(["run", "x2 at 1", "x2 at 2", "x2 at 3", "x1 at 20", "x2 at end", "outcome"], rows)

print("\n=== Six optimizers on the same bowl, 50 steps ===")
optimizers = {
    "SGD η=0.4": lambda p: torch.optim.SGD(p, lr=0.4),
    "momentum η=0.1 β=0.9": lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9),
    "Nesterov η=0.1 β=0.9": lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, nesterov=True),
    "Adagrad η=0.4": lambda p: torch.optim.Adagrad(p, lr=0.4),
    "RMSprop η=0.1": lambda p: torch.optim.RMSprop(p, lr=0.1),
    "Adam η=0.3": lambda p: torch.optim.Adam(p, lr=0.3),
}
runs = {name: train(make, 50) for name, make in optimizers.items()}
table(
    ["optimizer", "loss at 5", "loss at 10", "loss at 20", "loss at 50", "outcome"],
    [
        [name, *(at(h, k, 0) for k in [5, 10, 20, 50]), outcome]
        for name, (h, outcome) in runs.items()
    ],
)

print("\n=== The first step of each adaptive optimizer: bias correction or none ===")
x = torch.tensor([-5.0, -2.0], requires_grad=True)
bowl(x).backward()
print(
    f"gradient at ({num(-5.0)}, {num(-2.0)}): ({num(x.grad[0].item())}, {num(x.grad[1].item())})"
)
alpha = 0.99  # RMSprop's default
predicted = [  # (run, what the first step should be per coordinate)
    ("Adagrad η=0.4", "η", 0.4),
    ("RMSprop η=0.1", f"η/√(1-α), α = {alpha}", 0.1 / math.sqrt(1 - alpha)),
    ("Adam η=0.3", "η", 0.3),
]
rows = []
for name, formula, step in predicted:
    h = runs[name][0]
    rows.append(
        [name, formula, num(step), num(abs(h[1][1] - h[0][1])), num(abs(h[1][2] - h[0][2]))]
    )
table(["optimizer", "step 1 per coordinate", "predicted", "x1 moved", "x2 moved"], rows)

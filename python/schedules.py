# Chapter 4, "Learning-rate schedules", in PyTorch: the four schedules of a typical
# tutorial, and every schedule of torch.optim.lr_scheduler, each read off the optimizer
# step by step as a training loop would. It prints the same two tables as
# `cargo run --example schedules` (its first two sections).
#
#     pip install torch        # once
#     python3 python/schedules.py
#
# Deterministic and in float64, so the rates are the Rust example's to within rounding
# (the project's test checks them to 1e-9, relative). Two rows are not PyTorch schedulers:
# the clamped cosine (Keras's and optax's cosine decay) and the inverse-square-root rule;
# both are written with LambdaLR. CyclicLR and OneCycleLR get cycle_momentum=False: by
# default they also cycle SGD's momentum, which plain gradient descent does not have.
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


def rates(make_scheduler, steps, lr=0.1):
    """The rate each update uses: read it, step the optimizer, then the scheduler."""
    w = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([w], lr=lr)
    scheduler = make_scheduler(opt)
    out = []
    for t in range(steps):
        out.append(opt.param_groups[0]["lr"])
        opt.step()  # no gradient here: this only keeps the order PyTorch expects
        if scheduler is not None:
            scheduler.step()
    return out


def print_rates(curves, steps):
    header = ["schedule"] + [f"t={t}" for t in steps]
    table(header, [[name] + [num(curve[t], 3) for t in steps] for name, curve in curves.items()])


S = torch.optim.lr_scheduler
print("=== Four schedules from a typical tutorial: η at step t (initial 0.1, 100 steps) ===")
four = {
    "constant": lambda opt: None,
    "exponential": lambda opt: S.ExponentialLR(opt, gamma=0.9),
    "linear": lambda opt: S.LinearLR(opt, start_factor=1.0, end_factor=0.0, total_iters=100),
    "step": lambda opt: S.StepLR(opt, step_size=20, gamma=0.5),
}
print_rates(
    {name: rates(make, 100) for name, make in four.items()}, [0, 1, 10, 19, 20, 40, 50, 99]
)

print("\n=== Every schedule: η at step t (base 0.1, 300 steps) ===")


def cyclic(mode, **kw):
    return lambda opt: S.CyclicLR(
        opt, base_lr=0.01, max_lr=0.1, step_size_up=25, mode=mode, cycle_momentum=False, **kw
    )


def warmup_then_cosine(opt):
    warm = S.LinearLR(opt, start_factor=0.01, end_factor=1.0, total_iters=30)
    cosine = S.CosineAnnealingLR(opt, T_max=270)
    return S.SequentialLR(opt, [warm, cosine], milestones=[30])


zoo = {
    "StepLR": lambda opt: S.StepLR(opt, step_size=100),
    "MultiStepLR": lambda opt: S.MultiStepLR(opt, milestones=[60, 220]),
    "ExponentialLR": lambda opt: S.ExponentialLR(opt, gamma=0.99),
    "LinearLR (warm-up)": lambda opt: S.LinearLR(
        opt, start_factor=0.1, end_factor=1.0, total_iters=50
    ),
    "PolynomialLR": lambda opt: S.PolynomialLR(opt, total_iters=300, power=2.0),
    "CosineAnnealingLR": lambda opt: S.CosineAnnealingLR(opt, T_max=300),
    "cosine past T_max": lambda opt: S.CosineAnnealingLR(opt, T_max=100),
    # Not in PyTorch: hold the minimum from T_max on.
    "cosine, clamped": lambda opt: S.LambdaLR(
        opt, lambda t: (1 + math.cos(math.pi * min(t, 100) / 100)) / 2
    ),
    "WarmRestarts": lambda opt: S.CosineAnnealingWarmRestarts(opt, T_0=50, T_mult=2),
    "CyclicLR triangular": cyclic("triangular"),
    "CyclicLR triangular2": cyclic("triangular2"),
    "CyclicLR exp_range": cyclic("exp_range", gamma=0.995),
    "OneCycleLR": lambda opt: S.OneCycleLR(opt, max_lr=0.1, total_steps=300, cycle_momentum=False),
    # Not in PyTorch: the Transformer's rule, lr · min(s/W, √(W/s)) with s = t + 1, W = 30.
    "inverse sqrt": lambda opt: S.LambdaLR(
        opt, lambda t: min((t + 1) / 30, math.sqrt(30 / (t + 1)))
    ),
    "warm-up, then cosine": warmup_then_cosine,
}
print_rates(
    {name: rates(make, 300) for name, make in zoo.items()}, [0, 1, 25, 50, 100, 150, 200, 299]
)

"""Forward+backward time of the numpy LSTM and RNN against torch.nn.LSTM / torch.nn.RNN.

Run:  python benchmarks/bench_cells.py [--repeats 15] [--rounds 3] [--only lstm|rnn] [--dtype float64]

Both libraries compute the same thing: the whole sequence forward, then the
gradients of sum(h * dh) with respect to the input and every weight. Each library
is timed in its own subprocess (on 2 cores the idle BLAS threads of one library
keep spinning and slow the other, even between blocks of repeats; see the shared
PERFORMANCE.md). The machine's speed also drifts over minutes, so both libraries are timed in
alternating rounds and the ratio numpy / torch is taken within each round; the table prints the
medians and the range of the rounds' ratios.
Subnormal numbers are not an issue here: inputs are O(1) and T is at most 1000.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time

import numpy as np

from lstm_explainer import LSTMParams, RNNParams, lstm_backward, lstm_forward, rnn_backward, rnn_forward

SIZES = [(32, 100, 32, 128), (1, 1000, 8, 64), (64, 50, 64, 256), (16, 200, 1, 32)]
TARGETS = {  # (cell, dtype, size) -> the target ratio numpy / torch
    **{("lstm", "float64", s): 1.0 for s in SIZES},
    ("lstm", "float32", SIZES[0]): 1.5,
    ("lstm", "float32", SIZES[2]): 1.5,
}


def _median_ms(fn, repeats: int) -> float:
    fn()  # warm-up: allocations, BLAS thread start
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return 1e3 * statistics.median(times)


def _numpy_case(cell, size, dtype, rng):
    B, T, D, H = size
    x = rng.standard_normal((B, T, D)).astype(dtype)
    dh = rng.standard_normal((B, T, H)).astype(dtype)
    G = 4 if cell == "lstm" else 1
    Wx = (rng.standard_normal((D, G * H)) / np.sqrt(D)).astype(dtype)
    Wh = (rng.standard_normal((H, G * H)) / np.sqrt(H)).astype(dtype)
    b = np.zeros(G * H, dtype=dtype)
    if cell == "lstm":
        p = LSTMParams(Wx, Wh, b)
        return lambda: lstm_backward(dh, lstm_forward(x, p)[1])
    p = RNNParams(Wx, Wh, b)
    return lambda: rnn_backward(dh, rnn_forward(x, p)[1])


def _torch_case(torch, cell, size, dtype, rng):
    B, T, D, H = size
    tdtype = getattr(torch, dtype)
    layer = (torch.nn.LSTM if cell == "lstm" else torch.nn.RNN)(D, H, batch_first=True).to(tdtype)
    x = torch.tensor(rng.standard_normal((B, T, D)), dtype=tdtype, requires_grad=True)
    dh = torch.tensor(rng.standard_normal((B, T, H)), dtype=tdtype)

    def run():
        out, _ = layer(x)
        out.backward(dh)

    return run


def _worker(lib: str, cells, dtypes, repeats: int) -> None:
    """Time one library alone and print its medians as JSON lines."""
    rng = np.random.default_rng(0)  # fixed inputs: runs are comparable
    if lib == "torch":
        import torch  # the reference; imported only in its own process

        torch.set_num_threads(2)
        version = torch.__version__
    else:
        version = np.__version__
    for cell in cells:
        for dtype in dtypes:
            for size in SIZES:
                if lib == "torch":
                    fn = _torch_case(torch, cell, size, dtype, rng)
                else:
                    fn = _numpy_case(cell, size, dtype, rng)
                ms = _median_ms(fn, repeats)
                print(json.dumps({"key": [cell, dtype, list(size)], "ms": ms, "version": version}))


def _run_worker(lib: str, args) -> dict:
    cmd = [sys.executable, __file__, "--worker", lib, "--repeats", str(args.repeats)]
    cmd += ["--only", args.only] if args.only else []
    cmd += ["--dtype", args.dtype] if args.dtype else []
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    rows = [json.loads(line) for line in out.splitlines()]
    return {(*r["key"][:2], tuple(r["key"][2])): r for r in rows}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=15)
    ap.add_argument("--rounds", type=int, default=3,
                    help="alternating rounds of both libraries; the ratio is the median of the rounds'")
    ap.add_argument("--only", choices=["lstm", "rnn"])
    ap.add_argument("--dtype", choices=["float64", "float32"])
    ap.add_argument("--worker", choices=["numpy", "torch"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    cells = [args.only] if args.only else ["lstm", "rnn"]
    dtypes = [args.dtype] if args.dtype else ["float64", "float32"]
    if args.worker:
        _worker(args.worker, cells, dtypes, args.repeats)
        return
    # The machine's speed drifts over minutes (a shared host): each round times both libraries
    # back to back, alternating which goes first, and the ratio is taken within each round.
    rounds = []
    for i in range(args.rounds):
        order = ("torch", "numpy") if i % 2 == 0 else ("numpy", "torch")
        rounds.append({lib: _run_worker(lib, args) for lib in order})
    mine, ref = rounds[0]["numpy"], rounds[0]["torch"]
    print(f"numpy {next(iter(mine.values()))['version']}, torch {next(iter(ref.values()))['version']}, "
          f"{args.rounds} rounds of {args.repeats} repeats, medians, each library in its own process")
    print(f"{'cell':5} {'dtype':8} {'(B, T, D, H)':20} {'numpy ms':>9} {'torch ms':>9} {'ratio':>6} "
          f"{'(rounds)':>16}  target")
    misses = 0
    for key in mine:
        cell, dtype, size = key
        t_np = statistics.median(r["numpy"][key]["ms"] for r in rounds)
        t_torch = statistics.median(r["torch"][key]["ms"] for r in rounds)
        each = sorted(r["numpy"][key]["ms"] / r["torch"][key]["ms"] for r in rounds)
        ratio = statistics.median(each)
        target = TARGETS.get(key)
        verdict = "" if target is None else f"<= {target} {'ok' if ratio <= target else 'MISSED'}"
        misses += target is not None and ratio > target
        spread = f"{each[0]:.2f}-{each[-1]:.2f}"
        row = f"{cell:5} {dtype:8} {size!s:20} {t_np:9.2f} {t_torch:9.2f} {ratio:6.2f} {spread:>16}"
        print(f"{row}  {verdict}")
    print(f"targets missed: {misses}")


if __name__ == "__main__":
    main()

"""Forward+backward time of the numpy LSTM and RNN: the fast layers, the reference cells, torch.

The fast layers (`lstm_explainer.lstm`, `lstm_explainer.rnn`) are what the package trains with;
the reference cells (`lstm_explainer.reference`) are what the site links its equations to, one
line per equation. The `fast buys` column is reference time / fast time: what the fast path
buys, and its goal is > 1 at every size (a fast path that does not beat the reference has no
reason to exist beside it). The ratio numpy / torch is printed as a record: its targets are
retired (the README keeps the measurements).

Run:  python benchmarks/bench_cells.py [--repeats 11] [--rounds 5] [--only lstm|rnn] [--dtype float64]

Both libraries compute the same thing: the whole sequence forward, then the
gradients of sum(h * dh) with respect to the input and every weight. Each library
runs in its own long-lived worker process (on 2 cores the idle threads of one library keep
spinning and slow the other when both share a process).
The machine's speed drifts by up to 2x over minutes on a shared host, so each case is timed
in paired blocks: a block of repeats of one library, a pause for its threads to go idle, a
block of the other, alternating which goes first. The ratio numpy / torch is taken within
each pair, and the table prints the median and the range of the pairs' ratios.
The faults/call column gives each library's page faults per call (numpy/torch): memory fresh
from the kernel costs a fault per 4 KiB page at its first write, and they cost the numpy LSTM
30-40% of its time until each pass's arrays came from one allocation (`lstm_explainer._stacked`).
The floor column (LSTM only) times the numpy LSTM's matmuls alone, same shapes and layout, in
the same pair, against torch's whole forward+backward: no elementwise code can bring the ratio
below it on that machine.
Subnormal numbers are not an issue here: inputs are O(1) and T is at most 1000.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time

import numpy as np

from lstm_explainer import LSTMParams, RNNParams, lstm_backward, lstm_forward, rnn_backward, rnn_forward
from lstm_explainer._stacked import empty_arrays, input_grads, weight_grads, weights
from lstm_explainer.reference import lstm as reference_lstm
from lstm_explainer.reference import rnn as reference_rnn

SIZES = [(32, 100, 32, 128), (1, 1000, 8, 64), (64, 50, 64, 256), (16, 200, 1, 32)]
GOAL = 1.0  # reference time / fast time must exceed this at every size


def _machine() -> str:
    """The processor, its cores and whether it has AVX-512. The ratios depend on all three: with
    AVX-512, numpy's float32 ``exp`` is vectorised, and torch's MKL and oneDNN kernels use it too."""
    model, flags = platform.processor() or platform.machine(), set()
    try:
        with open("/proc/cpuinfo") as f:
            info = {k.strip(): v.strip() for k, v in (line.split(":", 1) for line in f if ":" in line)}
        model = info["model name"]
        flags = set(info["flags"].split())
    except (OSError, KeyError):
        pass
    avx = "AVX-512" if "avx512f" in flags else "AVX2, no AVX-512" if "avx2" in flags else "no AVX2 flags seen"
    return f"{model}, {os.cpu_count()} cores, {avx}"


def _time_block(fn, repeats: int) -> tuple[float, float]:
    """Median milliseconds of ``repeats`` calls, and the page faults per call."""
    fn()  # warm-up: allocations, BLAS thread start
    times = []
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults
    return 1e3 * statistics.median(times), faults / repeats


def _matmul_floor_case(size, dtype, rng):
    """Only the matmuls of `lstm_forward` + `lstm_backward`, with the same shapes and layout (the
    per-step products, then the weight and input gradients): the time no elementwise work can
    take back, so the lowest ratio this machine allows the numpy LSTM."""
    B, T, D, H = size
    M, K = 4 * H, H + D + 1
    Wx, Wh, b = (rng.standard_normal(shape).astype(dtype) for shape in ((D, M), (H, M), (M,)))
    W = weights(Wh, Wx, b)  # (M, K), as lstm_forward stacks them
    Z, gates, da = empty_arrays(dtype, (K, T + 1, B), (T, M, B), (M, T, B))
    Z[...] = rng.standard_normal(Z.shape)
    da[...] = rng.standard_normal(da.shape)
    dh = np.empty((H, B), dtype=dtype)

    def run():
        for t in range(T):
            np.matmul(W, Z[:, t], out=gates[t])  # a_t
        for t in reversed(range(T)):
            np.matmul(Wh, da[:, t], out=dh)  # dL/dh_(t-1) through W_h
        weight_grads(Z, da, H)
        input_grads(Wx, da)

    return run


def _numpy_case(cell, size, dtype, rng):
    if cell == "lstm-matmuls":
        return _matmul_floor_case(size, dtype, rng)
    cell, _, which = cell.partition("-")
    B, T, D, H = size
    x = rng.standard_normal((B, T, D)).astype(dtype)
    dh = rng.standard_normal((B, T, H)).astype(dtype)
    G = 4 if cell == "lstm" else 1
    Wx = (rng.standard_normal((D, G * H)) / np.sqrt(D)).astype(dtype)
    Wh = (rng.standard_normal((H, G * H)) / np.sqrt(H)).astype(dtype)
    b = np.zeros(G * H, dtype=dtype)
    zeros = np.zeros((B, H), dtype=dtype)  # explicit states: the reference's defaults are float64
    if which == "reference" and cell == "lstm":
        ref = reference_lstm
        return lambda: ref.lstm_backward(dh, ref.lstm_forward(x, Wx, Wh, b, zeros, zeros)[1], zeros, zeros)
    if which == "reference":
        ref = reference_rnn
        return lambda: ref.rnn_backward(dh, ref.rnn_forward(x, Wx, Wh, b, zeros)[1], zeros)
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


def _worker(lib: str) -> None:
    """Serve timing requests on stdin: one JSON case per line in, one JSON result per line out."""
    rng = np.random.default_rng(0)  # fixed inputs: runs are comparable
    if lib == "torch":
        import torch  # the reference; imported only in its own process

        torch.set_num_threads(2)
        version = torch.__version__
    else:
        version = np.__version__
    cases = {}
    for line in sys.stdin:
        cell, dtype, size, repeats = json.loads(line)
        key = (cell, dtype, tuple(size))
        if key not in cases:
            make = (lambda *a: _torch_case(torch, *a)) if lib == "torch" else _numpy_case
            cases[key] = make(cell, tuple(size), dtype, rng)
        ms, faults = _time_block(cases[key], repeats)
        print(json.dumps({"ms": ms, "faults": faults, "version": version}), flush=True)


class _Worker:
    """A library's timing process, driven one block at a time."""

    def __init__(self, lib: str) -> None:
        cmd = [sys.executable, __file__, "--worker", lib]
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def time(self, case: list) -> dict:
        self.proc.stdin.write(json.dumps(case) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"benchmark worker exited with code {self.proc.wait()}")
        return json.loads(line)

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=11, help="timed calls per block (median taken)")
    ap.add_argument(
        "--rounds", type=int, default=5, help="paired blocks per case; the ratio is the median of the pairs'"
    )
    ap.add_argument(
        "--pause",
        type=float,
        default=0.3,
        help="seconds between blocks, for the other library's threads to go idle",
    )
    ap.add_argument("--only", choices=["lstm", "rnn"])
    ap.add_argument("--dtype", choices=["float64", "float32"])
    ap.add_argument("--worker", choices=["numpy", "torch"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        _worker(args.worker)
        return
    cells = [args.only] if args.only else ["lstm", "rnn"]
    dtypes = [args.dtype] if args.dtype else ["float64", "float32"]
    workers = {lib: _Worker(lib) for lib in ("numpy", "torch")}
    rows, versions = [], {}
    try:
        for cell in cells:
            for dtype in dtypes:
                for size in SIZES:
                    case = [cell, dtype, list(size), args.repeats]
                    ms = {"numpy": [], "torch": [], "matmuls": [], "reference": []}
                    faults = {"numpy": [], "torch": []}
                    for i in range(args.rounds):
                        for lib in ("torch", "numpy") if i % 2 == 0 else ("numpy", "torch"):
                            time.sleep(args.pause)
                            out = workers[lib].time(case)
                            ms[lib].append(out["ms"])
                            faults[lib].append(out["faults"])
                            versions[lib] = out["version"]
                            if lib == "numpy":  # the reference, and the LSTM's floor, in the same pair
                                ref = [f"{cell}-reference", *case[1:]]
                                ms["reference"].append(workers[lib].time(ref)["ms"])
                            if lib == "numpy" and cell == "lstm":
                                ms["matmuls"].append(workers[lib].time(["lstm-matmuls", *case[1:]])["ms"])
                    rows.append(((cell, dtype, size), ms, faults))
    finally:
        for w in workers.values():
            w.close()
    print(
        f"numpy {versions['numpy']}, torch {versions['torch']}: {args.rounds} paired blocks of "
        f"{args.repeats} repeats per case, medians, each library in its own process"
    )
    print(f"machine: {_machine()}")
    print(
        f"{'cell':5} {'dtype':8} {'(B, T, D, H)':20} {'fast ms':>9} {'ref ms':>9} {'torch ms':>9} "
        f"{'fast/torch':>10} {'(pairs)':>12} {'faults/call':>12} {'floor':>6}  fast buys (goal > {GOAL})"
    )
    misses = 0
    for key, ms, faults in rows:
        cell, dtype, size = key
        each = sorted(a / b for a, b in zip(ms["numpy"], ms["torch"], strict=True))
        ratio = statistics.median(each)
        buys = statistics.median(a / b for a, b in zip(ms["reference"], ms["numpy"], strict=True))
        verdict = f"{buys:5.2f}x {'ok' if buys > GOAL else 'MISSED'}"
        misses += buys <= GOAL
        spread = f"{each[0]:.2f}-{each[-1]:.2f}"
        fault_pair = f"{statistics.median(faults['numpy']):.0f}/{statistics.median(faults['torch']):.0f}"
        floor = ""
        if ms["matmuls"]:
            floor = f"{statistics.median(a / b for a, b in zip(ms['matmuls'], ms['torch'], strict=True)):.2f}"
        row = (
            f"{cell:5} {dtype:8} {size!s:20} {statistics.median(ms['numpy']):9.2f} "
            f"{statistics.median(ms['reference']):9.2f} {statistics.median(ms['torch']):9.2f} "
            f"{ratio:10.2f} {spread:>12} {fault_pair:>12} {floor:>6}"
        )
        print(f"{row}  {verdict}")
    print(f"goals missed: {misses}")


if __name__ == "__main__":
    main()

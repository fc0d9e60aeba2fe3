#!/usr/bin/python3
"""Reference benchmark: 'toy models of superposition' parallel training loop in PyTorch (CPU).

Mirrors ARENA/Anthropic TMS `Model`: n_inst independent models trained at once.
  W: [n_inst, d_hidden, n_features], b_final: [n_inst, n_features]
  h = W x ; out = ReLU(W^T h + b)
  x: each feature present with prob p_i (per instance, p_i = 50 ** -linspace(0, 1, n_inst)),
     magnitude U[0,1], else 0.
  loss = sum_inst mean_batch sum_feat importance_f * (x - out)^2,  importance_f = 0.9 ** f
  Adam lr 1e-3 (torch.optim.Adam), autograd.

A measuring tool (steps/s, RSS) for side-by-side ratios on the same machine.
Setup: apt-get install -y python3-torch libopenblas0-pthread (without OpenBLAS, Debian's torch
falls back to the reference BLAS and is 2-4x slower: not a fair baseline). Run with /usr/bin/python3,
once with OPENBLAS_NUM_THREADS=1 and once with 2, and compare against the faster of the two.

Usage examples:
  /usr/bin/python3 tms_torch.py --n-inst 8 --n-features 5 --d-hidden 2 --batch 1024 --steps 2000
  /usr/bin/python3 tms_torch.py --config B --impl bmm --threads 2
  /usr/bin/python3 tms_torch.py --config B --leak-steps 20000 --mem-every 2000
"""
import argparse
import resource
import statistics
import time

import torch

from blas_kernel import blas_core
import torch.nn.functional as F

# Timed steps per repeat: a few seconds a repeat on a 2-core machine (B and C timed 1000 and 200
# until superpose's session 8, which made one side-by-side run of all stacks take well over half
# an hour).
CONFIGS = {  # name: (n_inst, n_features, d_hidden, batch, steps, warmup)
    "A": (8, 5, 2, 1024, 2000, 500),
    "B": (16, 100, 20, 1024, 150, 50),
    "C": (8, 400, 30, 1024, 60, 20),
}


def rss_mib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


class TMS(torch.nn.Module):
    def __init__(self, n_inst, n_feat, d_hidden, impl):
        super().__init__()
        self.impl = impl
        self.W = torch.nn.Parameter(torch.empty(n_inst, d_hidden, n_feat))
        # same init as the ND4J spike: N(0, 2/(H+F))
        torch.nn.init.normal_(self.W, std=(2.0 / (d_hidden + n_feat)) ** 0.5)
        self.b_final = torch.nn.Parameter(torch.zeros(n_inst, n_feat))

    def forward(self, x):
        if self.impl == "einsum":  # ARENA style, x: [batch, inst, feat]
            h = torch.einsum("bif,ihf->bih", x, self.W)
            out = torch.einsum("bih,ihf->bif", h, self.W) + self.b_final
        else:  # instance-major batched matmul, x: [inst, batch, feat]
            h = torch.bmm(x, self.W.transpose(1, 2))
            out = torch.bmm(h, self.W) + self.b_final[:, None, :]
        return F.relu(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", choices=sorted(CONFIGS), help="preset A/B/C (overrides sizes)")
    ap.add_argument("--n-inst", type=int, default=8)
    ap.add_argument("--n-features", type=int, default=5)
    ap.add_argument("--d-hidden", type=int, default=2)
    ap.add_argument("--batch", type=int, default=1024)
    ap.add_argument("--steps", type=int, default=1000, help="timed steps per repeat")
    ap.add_argument("--warmup", type=int, default=200)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--impl", choices=["einsum", "bmm"], default="einsum")
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--leak-steps", type=int, default=0, help="if >0: one long run printing RSS")
    ap.add_argument("--mem-every", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    if a.config:
        a.n_inst, a.n_features, a.d_hidden, a.batch, a.steps, a.warmup = CONFIGS[a.config]
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    I, Fn, H, B = a.n_inst, a.n_features, a.d_hidden, a.batch

    model = TMS(I, Fn, H, a.impl)
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    prob = 50 ** -torch.linspace(0, 1, I)  # [I]
    importance = 0.9 ** torch.arange(Fn, dtype=torch.float32)  # [F]
    if a.impl == "einsum":
        shape, p_b = (B, I, Fn), prob[None, :, None]
    else:
        shape, p_b = (I, B, Fn), prob[:, None, None]

    def step():
        feat = torch.rand(shape)
        x = torch.where(torch.rand(shape) <= p_b, feat, torch.zeros(()))
        out = model(x)
        err = importance * (x - out) ** 2
        bdim = 0 if a.impl == "einsum" else 1
        loss = err.sum(-1).mean(bdim).sum()  # sum over features, mean over batch, sum over instances
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        return loss

    t0 = time.perf_counter()
    for _ in range(a.warmup):
        loss = step()
    print(f"warmup {a.warmup} steps: {1000 * (time.perf_counter() - t0):.1f} ms loss={loss.item():.5f}")

    if a.leak_steps > 0:
        ts = time.perf_counter()
        for s in range(1, a.leak_steps + 1):
            loss = step()
            if s % a.mem_every == 0:
                print(f"step {s:6d} rss={rss_mib():7.1f} MiB steps/s={a.mem_every / (time.perf_counter() - ts):.1f} "
                      f"loss={loss.item():.5f}", flush=True)
                ts = time.perf_counter()
        return

    sps = []
    for r in range(a.repeats):
        ts = time.perf_counter()
        for _ in range(a.steps):
            loss = step()
        lv = loss.item()
        sps.append(a.steps / (time.perf_counter() - ts))
        print(f"rep {r}: {sps[-1]:.1f} steps/s ({1000 / sps[-1]:.3f} ms/step) loss={lv:.5f}")
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(f"RESULT torch={torch.__version__} blas={blas_core()} impl={a.impl} threads={a.threads} I={I} F={Fn} H={H} B={B} "
          f"median={statistics.median(sps):.1f} steps/s rss={rss_mib():.0f} MiB maxrss={maxrss:.0f} MiB")


if __name__ == "__main__":
    main()

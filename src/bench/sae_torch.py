#!/usr/bin/python3
"""Reference benchmark: a stack of standard (ReLU + L1) sparse autoencoders trained at once
in PyTorch on the CPU, for side-by-side ratios with superpose on the same machine.

  n_inst SAEs share the input batch x: [batch, d_in]; each has its own L1 coefficient.
  W_enc: [n_inst, d_in, d_sae], b_enc: [n_inst, d_sae], W_dec: [n_inst, d_sae, d_in], b_dec: [n_inst, d_in]
  z     = ReLU((x - b_dec) @ W_enc + b_enc)
  x_hat = z @ (W_dec / ||W_dec rows||) + b_dec
  loss  = sum_inst mean_batch [ mean_d (x_hat - x)^2 + l1_i * sum_latents |z| ]
  Adam lr 1e-3; after each step W_dec rows are renormalised to unit norm.

Data: a fixed pool of synthetic samples with known features (n_true unit-norm directions in
d_in dimensions, each active with probability avg_active/n_true, magnitude U[0,1]), iterated
in shuffled mini-batches; generation is outside the timed loop.

Configs:
  wide: 16 SAEs, 256 -> 1024, batch 256 (the L1-sweep shape of the random-transformer SAE study)
  toy:  210 SAEs, 2 -> 5, batch 1024 (21 L1 coefficients x 10 seeds on a 5-feature, 2-d toy model)
  sweep: 210 SAEs, 256 -> 512, batch 256 (one 512-latent call of that study: 21 coefficients x 10 seeds)

Setup: apt-get install -y python3-torch libopenblas0-pthread (without OpenBLAS, Debian's torch
falls back to the reference BLAS and is 2-4x slower: not a fair baseline). Run with /usr/bin/python3,
once with OPENBLAS_NUM_THREADS=1 and once with 2, and compare against the faster of the two.
  /usr/bin/python3 sae_torch.py --config wide
  /usr/bin/python3 sae_torch.py --config toy --threads 2
Prints one line per repeat and a final 'RESULT ... median=N samples/s' line, where samples/s
counts input rows times SAEs (batch * n_inst per step).
"""
import argparse
import resource
import statistics
import time

import torch

from blas_kernel import blas_core

# Timed steps per repeat: a few seconds a repeat on a 2-core machine (wide and toy timed 200 and
# 1000 until superpose's session 8).
CONFIGS = {  # name: (n_inst, d_in, d_sae, n_true, avg_active, batch, steps, warmup)
    "wide": (16, 256, 1024, 512, 5.0, 256, 30, 10),
    "toy": (210, 2, 5, 5, 0.125, 1024, 300, 50),
    "sweep": (210, 256, 512, 512, 5.0, 256, 20, 5),  # dense: its speed does not change as codes sparsify
}


def make_pool(n, d_in, n_true, avg_active, gen):
    feats = torch.randn(n_true, d_in, generator=gen)
    feats = feats / feats.norm(dim=1, keepdim=True)
    p = min(1.0, avg_active / n_true)
    mask = torch.rand(n, n_true, generator=gen) < p
    coef = torch.rand(n, n_true, generator=gen) * mask
    return coef @ feats


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", choices=sorted(CONFIGS), default="wide")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--pool", type=int, default=9000)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    I, d_in, d_sae, n_true, avg_active, B, steps, warmup = CONFIGS[a.config]
    torch.set_num_threads(a.threads)
    gen = torch.Generator().manual_seed(a.seed)

    pool = make_pool(a.pool, d_in, n_true, avg_active, gen)
    W_dec = torch.randn(I, d_sae, d_in, generator=gen)
    W_dec = W_dec / W_dec.norm(dim=-1, keepdim=True)
    W_enc = torch.nn.Parameter(W_dec.transpose(1, 2).clone())
    W_dec = torch.nn.Parameter(W_dec)
    b_enc = torch.nn.Parameter(torch.zeros(I, d_sae))
    b_dec = torch.nn.Parameter(torch.zeros(I, d_in))
    l1 = torch.logspace(-3, 2, 21).repeat((I + 20) // 21)[:I]  # per-instance L1 coefficients
    opt = torch.optim.Adam([W_enc, W_dec, b_enc, b_dec], lr=a.lr)

    order = torch.randperm(a.pool, generator=gen)
    cursor = [0]

    def next_batch():
        nonlocal order
        if cursor[0] + B > a.pool:
            order = torch.randperm(a.pool, generator=gen)
            cursor[0] = 0
        idx = order[cursor[0]:cursor[0] + B]
        cursor[0] += B
        return pool[idx]

    def step():
        x = next_batch()  # [B, d_in]
        xc = x[None, :, :] - b_dec[:, None, :]  # [I, B, d_in]
        z = torch.relu(torch.bmm(xc, W_enc) + b_enc[:, None, :])  # [I, B, d_sae]
        W_dec_n = W_dec / (W_dec.norm(dim=-1, keepdim=True) + 1e-8)
        x_hat = torch.bmm(z, W_dec_n) + b_dec[:, None, :]
        rec = (x_hat - x[None]).pow(2).mean(-1)  # [I, B]
        sparsity = z.abs().sum(-1)  # [I, B]
        loss = (rec + l1[:, None] * sparsity).mean(1).sum()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        with torch.no_grad():
            W_dec.div_(W_dec.norm(dim=-1, keepdim=True) + 1e-8)
        return loss

    for _ in range(warmup):
        loss = step()
    rates = []
    for r in range(a.repeats):
        t0 = time.perf_counter()
        for _ in range(steps):
            loss = step()
        lv = loss.item()
        dt = time.perf_counter() - t0
        rates.append(steps * B * I / dt)
        print(f"rep {r}: {steps / dt:.1f} steps/s, {rates[-1]:.0f} samples/s, loss={lv:.5f}")
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(f"RESULT torch={torch.__version__} blas={blas_core()} config={a.config} threads={a.threads} I={I} d_in={d_in} "
          f"d_sae={d_sae} B={B} median={statistics.median(rates):.0f} samples/s maxrss={maxrss:.0f} MiB")


if __name__ == "__main__":
    main()

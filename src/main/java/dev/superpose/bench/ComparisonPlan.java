package dev.superpose.bench;

import java.util.Optional;

/**
 * How the throughput benchmarks compare superpose with the PyTorch reference loops.
 *
 * @param torch  the reference, or empty for superpose alone
 * @param rounds back-to-back rounds of superpose then PyTorch per stack
 * @param search which of PyTorch's settings each round runs
 */
public record ComparisonPlan(Optional<TorchReference> torch, int rounds, TorchSearch search) {
}

package dev.superpose.cli;

import dev.superpose.config.BadInputException;

/**
 * The ranges of {@code --trainers} and {@code --evaluators}. Each trainer is a thread pinned to a
 * device with a whole stack's parameters, Adam state and batch buffers in memory, each evaluator
 * holds a trained stack's weights: more than these is a typo (a million trainers would try to start
 * a million threads), not a bigger machine.
 */
final class WorkerCounts {
    static final int MAX_TRAINERS = 256;
    static final int MAX_EVALUATORS = 64;

    private WorkerCounts() {
    }

    static void requireTrainers(int trainers, int min) {
        require("--trainers", trainers, min, MAX_TRAINERS);
    }

    static void requireEvaluators(int evaluators) {
        require("--evaluators", evaluators, 1, MAX_EVALUATORS);
    }

    private static void require(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new BadInputException(option + ": expected an integer from " + min + " to " + max + ", got " + value);
        }
    }
}

package dev.superpose.train;

import dev.superpose.model.TrialWeights;

import java.util.List;
import java.util.function.Function;

import static dev.superpose.train.SaeStackTrainerTest.assertWeightsClose;
import static dev.superpose.train.SaeStackTrainerTest.train;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The two promises every SAE stack trainer keeps, whatever its architecture or shape, as one check
 * each: the test classes of the architectures and of transcoders run them on their own variants.
 * A stack is built by {@code trainer}, which also prepares it (e.g. kills latents) before training.
 */
final class SaeTrainerContract {
    private SaeTrainerContract() {
    }

    /** Instance 1 of three trains to the same weights (within 1e-5) as that instance alone. */
    static void assertStackInvariant(Function<List<SaeInstanceSpec>, SaeStackTrainer> trainer, int steps) {
        List<SaeInstanceSpec> three = List.of(new SaeInstanceSpec(1, 0.01, 1e-2), new SaeInstanceSpec(2, 0.1, 3e-3),
                new SaeInstanceSpec(3, 0.03, 1e-2));
        TrialWeights inStack;
        try (SaeStackTrainer stack = trainer.apply(three)) {
            train(stack, steps);
            inStack = stack.weights(1);
        }
        try (SaeStackTrainer alone = trainer.apply(List.of(three.get(1)))) {
            train(alone, steps);
            assertWeightsClose(inStack, alone.weights(0), 1e-5);
        }
    }

    /**
     * A stack restored from its state at step 11 and trained to {@code steps} ends with exactly the
     * state (every array, bit for bit) of the stack trained straight through.
     */
    static void assertResumeIsExact(Function<List<SaeInstanceSpec>, SaeStackTrainer> trainer, int steps) {
        List<SaeInstanceSpec> specs = List.of(new SaeInstanceSpec(7, 0.05, 5e-3), new SaeInstanceSpec(8, 0.2, 1e-2));
        int midwayStep = 11;
        StackState midway;
        StackState uninterrupted;
        try (SaeStackTrainer straight = trainer.apply(specs)) {
            train(straight, midwayStep);
            midway = straight.exportState();
            train(straight, steps - midwayStep);
            uninterrupted = straight.exportState();
        }
        try (SaeStackTrainer resumed = trainer.apply(specs)) {
            resumed.restore(midway);
            train(resumed, steps - midwayStep);
            assertEquals(uninterrupted.arrays(), resumed.exportState().arrays());
        }
    }
}

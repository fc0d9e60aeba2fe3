package dev.superpose.train;

import dev.superpose.data.StackSampler;
import dev.superpose.model.NativeArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Batches drawn ahead on a helper thread into a ring of buffers: while step t trains on one,
 * steps t+1 … t+{@value #DEPTH}−1 are drawn into the others. Two steps of slack (not one) absorb
 * the helper's wake-up delays on a busy machine. Batches depend only on (seeds, step), so
 * drawing ahead never changes results, and {@link #batch} may start at any step (resume).
 * A {@linkplain StackSampler#fixed() fixed} batch (fixed training sets) is drawn once, into one
 * buffer, and is every step's batch: nothing runs ahead.
 */
final class BatchPrefetcher implements AutoCloseable {
    private static final int DEPTH = 3;

    private final StackSampler sampler;
    private final boolean fixed;
    private final INDArray[] buffers;
    private final Future<?>[] pending = new Future<?>[DEPTH];
    private final long[] pendingStep = new long[DEPTH];
    private final ExecutorService worker;

    BatchPrefetcher(StackSampler sampler) {
        this.sampler = sampler;
        this.fixed = sampler.fixed();
        this.buffers = new INDArray[fixed ? 1 : DEPTH];
        for (int k = 0; k < buffers.length; k++) {
            buffers[k] = Nd4j.zeros(DataType.FLOAT, sampler.instances(), sampler.batch(), sampler.features());
            pendingStep[k] = -1;
        }
        if (fixed) {
            sampler.fill(0, buffers[0].data().asNioFloat());
        }
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "superpose-batch-prefetch");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Step {@code step}'s batch. The returned array stays valid until the next call; calls are
     * expected in increasing step order (anything else is correct, just not prefetched).
     */
    INDArray batch(long step) {
        if (fixed) {
            return buffers[0];
        }
        for (long ahead = step; ahead < step + DEPTH; ahead++) {
            int slot = slot(ahead);
            if (pendingStep[slot] != ahead) {
                await(slot);
                long s = ahead;
                INDArray target = buffers[slot];
                pendingStep[slot] = ahead;
                pending[slot] = worker.submit(() -> sampler.fill(s, target.data().asNioFloat()));
            }
        }
        await(slot(step));
        return buffers[slot(step)];
    }

    private static int slot(long step) {
        return (int) (step % DEPTH);
    }

    private void await(int slot) {
        if (pending[slot] == null) {
            return;
        }
        try {
            pending[slot].get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while drawing a batch", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("drawing a batch failed", e.getCause());
        } finally {
            pending[slot] = null;
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        NativeArrays.close(List.of(buffers));
    }

    /** Bytes of native memory the batch buffers hold. */
    long nativeBytes() {
        return NativeArrays.bytes(List.of(buffers));
    }
}

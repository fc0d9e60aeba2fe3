package dev.superpose.train;

import dev.superpose.data.StackSampler;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Double-buffered batches: while step t trains on one buffer, a helper thread draws step t+1
 * into the other. Batches depend only on (seeds, step), so prefetching never changes results.
 */
final class BatchPrefetcher implements AutoCloseable {
    private final StackSampler sampler;
    private final INDArray[] buffers = new INDArray[2];
    private final ExecutorService worker;
    private Future<?> pending;
    private long pendingStep = -1;

    BatchPrefetcher(StackSampler sampler) {
        this.sampler = sampler;
        for (int k = 0; k < 2; k++) {
            buffers[k] = Nd4j.zeros(DataType.FLOAT, sampler.instances(), sampler.batch(), sampler.features());
        }
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "superpose-batch-prefetch");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Step {@code step}'s batch, then starts drawing step+1 into the other buffer. The returned
     * array stays valid until the next call.
     */
    INDArray batch(long step) {
        INDArray current = buffers[(int) (step & 1)];
        if (pendingStep == step) {
            await();
        } else {
            await();
            sampler.fill(step, current.data().asNioFloat());
        }
        INDArray next = buffers[(int) ((step + 1) & 1)];
        pendingStep = step + 1;
        pending = worker.submit(() -> sampler.fill(step + 1, next.data().asNioFloat()));
        return current;
    }

    private void await() {
        if (pending == null) {
            return;
        }
        try {
            pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while drawing a batch", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("drawing a batch failed", e.getCause());
        } finally {
            pending = null;
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (INDArray b : buffers) {
            b.close();
        }
    }
}

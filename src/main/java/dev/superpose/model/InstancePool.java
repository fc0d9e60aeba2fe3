package dev.superpose.model;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ObjIntConsumer;

/**
 * Runs per-instance work on the calling thread plus {@code workers − 1} helpers, each with its own
 * worker object (scratch buffers, array views). Instances are handed out one at a time, so a
 * dense instance does not hold up the rest. A task must read and write only its instance's
 * slices (and its worker's scratch), so that which thread takes an instance never changes its
 * result.
 */
public final class InstancePool<W> implements AutoCloseable {
    private final List<W> workers;
    private final ExecutorService helpers;

    public InstancePool(List<W> workers) {
        if (workers.isEmpty()) {
            throw new IllegalArgumentException("an instance pool needs at least one worker");
        }
        this.workers = List.copyOf(workers);
        this.helpers = workers.size() == 1 ? null : Executors.newFixedThreadPool(workers.size() - 1, r -> {
            Thread t = new Thread(r, "superpose-instance-worker");
            t.setDaemon(true);
            return t;
        });
    }

    /** The first worker, which runs on the calling thread: for serial work between parallel passes. */
    public W callerWorker() {
        return workers.get(0);
    }

    /** Calls {@code task(worker, i)} once for every i in [0, n), spread over the workers; returns when all are done. */
    public void forEach(int n, ObjIntConsumer<W> task) {
        AtomicInteger next = new AtomicInteger();
        Future<?>[] running = new Future<?>[workers.size() - 1];
        for (int h = 0; h < running.length; h++) {
            W worker = workers.get(h + 1);
            running[h] = helpers.submit(() -> drain(worker, n, next, task));
        }
        try {
            drain(workers.get(0), n, next, task);
        } finally {
            for (Future<?> f : running) {
                await(f);
            }
        }
    }

    private static <W> void drain(W worker, int n, AtomicInteger next, ObjIntConsumer<W> task) {
        for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
            task.accept(worker, i);
        }
    }

    private static void await(Future<?> f) {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for instance worker threads", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("an instance worker thread failed", e.getCause());
        }
    }

    @Override
    public void close() {
        if (helpers != null) {
            helpers.shutdownNow();
        }
    }
}

package dev.superpose.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * How the floors are timed: one thread's rate as calls per second of a call repeated for a while
 * after a warm-up, and the machine's as the same measurement started on every thread at once,
 * each on its own operands, their rates summed, as a training stack's threads share the machine.
 */
final class FloorTiming {
    private FloorTiming() {
    }

    /**
     * @param what       what is timed, for the thread names and error messages ("the encoder product")
     * @param measurement one thread's rate; runs once on each thread
     */
    static double sum(int threads, String what, Callable<Double> measurement) {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "superpose-floor");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Double>> rates = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                rates.add(pool.submit(measurement));
            }
            double total = 0;
            for (Future<Double> rate : rates) {
                total += rate.get();
            }
            return total;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while timing " + what, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("timing " + what + " failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Calls per second of {@code call}, repeated for {@code seconds} after {@code warmUp} untimed calls. */
    static double callsPerSecond(Runnable call, int warmUp, double seconds) {
        for (int w = 0; w < warmUp; w++) {
            call.run();
        }
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long count = 0;
        long now;
        do {
            call.run();
            count++;
            now = System.nanoTime();
        } while (now < end);
        return count / ((now - start) / 1e9);
    }
}

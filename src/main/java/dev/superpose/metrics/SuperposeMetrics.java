package dev.superpose.metrics;

import dev.superpose.config.BadInputException;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmHeapPressureMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The process's Prometheus registry (JVM, process and ND4J off-heap meters bound at creation),
 * optionally served on {@code http://HOST:PORT/metrics}. Without an endpoint the registry still
 * works, so call sites record unconditionally. One per process run; closing stops the endpoint.
 */
public final class SuperposeMetrics implements AutoCloseable {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 9464;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final JvmHeapPressureMetrics heapPressure = new JvmHeapPressureMetrics();
    private final MetricsEndpoint endpoint;
    private final Map<WorkerTrainer, TrainerMeters> workerTrainers = new ConcurrentHashMap<>();

    /** Binds the process meters, then serves them at {@code address} unless it is null. */
    private SuperposeMetrics(InetSocketAddress address) throws IOException {
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        heapPressure.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new OffHeapMemoryMetrics().bindTo(registry);
        try {
            endpoint = address == null ? null : new MetricsEndpoint(address, registry::scrape);
        } catch (IOException | RuntimeException e) {
            closeMeters();
            throw e;
        }
    }

    /** A registry nobody can scrape over HTTP (metrics off). */
    public static SuperposeMetrics withoutEndpoint() {
        try {
            return new SuperposeMetrics(null);
        } catch (IOException e) {
            throw new AssertionError("no endpoint, no I/O", e);
        }
    }

    /** A registry served at {@code address} (port 0: an ephemeral port, see {@link #endpoint()}). */
    public static SuperposeMetrics serving(InetSocketAddress address) throws IOException {
        return new SuperposeMetrics(address);
    }

    /**
     * What {@code run --metrics-host HOST --metrics-port PORT} asks for: port 0 turns the endpoint
     * off; a host that does not resolve or an address that cannot be bound is bad input.
     */
    public static SuperposeMetrics forCommandLine(String host, int port) {
        return forCommandLine(host, port, true);
    }

    /**
     * As {@link #forCommandLine(String, int)}, but a {@code port} the user did not give (the
     * default) that is in use is replaced by a free one, so that a second run on this machine
     * still serves its metrics; {@link #endpoint()} says where.
     */
    public static SuperposeMetrics forCommandLine(String host, int port, boolean portGiven) {
        if (port < 0 || port > 65535) {
            throw new BadInputException("--metrics-port: expected 0 (no endpoint) or a port in 1..65535, got " + port);
        }
        if (port == 0) {
            return withoutEndpoint();
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new BadInputException("--metrics-host " + host + ": expected a host name or IP address of this machine");
        }
        try {
            return serving(new InetSocketAddress(address, port));
        } catch (BindException e) {
            if (!portGiven) {
                return servingOnAFreePort(address, host);
            }
            throw new BadInputException("--metrics-port " + port + ": cannot listen on " + host + ":" + port + " ("
                    + e.getMessage() + "); expected a free port, or 0 to turn the metrics endpoint off");
        } catch (IOException e) {
            throw new BadInputException("--metrics-host " + host + ": cannot serve metrics there (" + e.getMessage() + ")");
        }
    }

    private static SuperposeMetrics servingOnAFreePort(InetAddress address, String host) {
        try {
            return serving(new InetSocketAddress(address, 0)); // 0: the OS picks a free port
        } catch (IOException e) {
            throw new BadInputException("--metrics-host " + host + ": cannot serve metrics there (" + e.getMessage() + ")");
        }
    }

    /** The meters of one sweep, tagged with its name and experiment. */
    public SweepMeters sweep(String sweep, String experiment) {
        return new SweepMeters(registry, sweep, experiment);
    }

    /**
     * The meters of a trainer on a worker node, which has no sweep of its own: tagged with the
     * sweep of the stacks it trains (the same instance for the same sweep and trainer).
     */
    public TrainerMeters trainer(String sweep, String experiment, TrainerMeters.Id trainer) {
        return workerTrainers.computeIfAbsent(new WorkerTrainer(sweep, experiment, trainer),
                t -> new TrainerMeters(registry, Tags.of("sweep", sweep, "experiment", experiment), trainer));
    }

    private record WorkerTrainer(String sweep, String experiment, TrainerMeters.Id trainer) {
    }

    /** Where {@code /metrics} is served, if it is. */
    public Optional<InetSocketAddress> endpoint() {
        return Optional.ofNullable(endpoint).map(MetricsEndpoint::address);
    }

    /** The current Prometheus text exposition (what {@code /metrics} returns). */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        if (endpoint != null) {
            endpoint.close();
        }
        closeMeters();
    }

    private void closeMeters() {
        gc.close();
        heapPressure.close();
        registry.close();
    }
}

package dev.superpose.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Serves a Prometheus text exposition on {@code GET /metrics} with the JDK's HTTP server.
 *
 * <p>Requests are handled on a small pool of threads, and the JDK server closes a connection whose
 * request or response takes longer than {@link #REQUEST_SECONDS} / {@link #RESPONSE_SECONDS}: without
 * them the server's single dispatcher thread reads each request itself, so one client that sends
 * half a request and stalls blocks every Prometheus scrape after it, for as long as it likes.
 */
final class MetricsEndpoint implements AutoCloseable {
    static final String PATH = "/metrics";
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    /** Scrapes served at once; a stalled client holds one of them until its request times out. */
    private static final int HANDLERS = 4;
    static final long REQUEST_SECONDS = 5;
    static final long RESPONSE_SECONDS = 10;

    static {
        // The JDK server reads its timeouts from these properties once, when its first server is made.
        System.setProperty("sun.net.httpserver.maxReqTime", Long.toString(REQUEST_SECONDS));
        System.setProperty("sun.net.httpserver.maxRspTime", Long.toString(RESPONSE_SECONDS));
    }

    private final HttpServer server;
    private final ExecutorService handlers;

    /** Listens on {@code address} (port 0: one the system picks); fails if it cannot bind. */
    MetricsEndpoint(InetSocketAddress address, Supplier<String> scrape) throws IOException {
        server = HttpServer.create(address, 0);
        server.createContext(PATH, exchange -> respond(exchange, scrape));
        AtomicInteger threads = new AtomicInteger();
        handlers = Executors.newFixedThreadPool(HANDLERS, task -> {
            Thread thread = new Thread(task, "superpose-metrics-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(handlers);
        server.start();
    }

    private static void respond(HttpExchange exchange, Supplier<String> scrape) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = scrape.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(200, head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}

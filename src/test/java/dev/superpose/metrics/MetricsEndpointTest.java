package dev.superpose.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The review's reproduction: a client that sends half a request and stalls must not block scrapes. */
class MetricsEndpointTest {
    @Test
    void aStalledHalfSentRequestDoesNotBlockAScrape() throws Exception {
        try (MetricsEndpoint endpoint = new MetricsEndpoint(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                () -> "up 1\n");
             Socket stalled = new Socket(InetAddress.getLoopbackAddress(), endpoint.address().getPort())) {
            OutputStream out = stalled.getOutputStream();
            out.write("GET /metrics HTTP/1.1\r\nHost: loc".getBytes(StandardCharsets.US_ASCII));
            out.flush();

            // Well below the stalled request's own timeout: the scrape is served beside it, not after it.
            HttpResponse<String> scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + endpoint.address().getPort() + MetricsEndpoint.PATH))
                    .timeout(Duration.ofSeconds(MetricsEndpoint.REQUEST_SECONDS - 2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, scrape.statusCode());
            assertEquals("up 1\n", scrape.body());
        }
    }

    @Test
    void aStalledClientIsDisconnectedOnceItsRequestTimesOut() throws Exception {
        try (MetricsEndpoint endpoint = new MetricsEndpoint(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                () -> "up 1\n");
             Socket stalled = new Socket(InetAddress.getLoopbackAddress(), endpoint.address().getPort())) {
            stalled.getOutputStream().write("GET /metrics HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
            stalled.setSoTimeout((int) Duration.ofSeconds(MetricsEndpoint.REQUEST_SECONDS * 6).toMillis());
            InputStream in = stalled.getInputStream();
            assertTrue(readToEnd(in) >= 0, "the server closed the connection");
        }
    }

    /** Reads until the peer closes; a read timing out instead fails the test. */
    private static int readToEnd(InputStream in) throws IOException {
        int total = 0;
        for (int b = in.read(); b != -1; b = in.read()) {
            total++;
        }
        return total;
    }
}

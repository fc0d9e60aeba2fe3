package dev.superpose.metrics;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** One scrape of a {@code /metrics} endpoint over HTTP, parsed into series of the text format. */
final class Scrape {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)$");

    record Series(String name, String labels, double value) {
        boolean has(String[] labelPairs) {
            for (int i = 0; i < labelPairs.length; i += 2) {
                if (!labels.contains(labelPairs[i] + "=\"" + labelPairs[i + 1] + "\"")) {
                    return false;
                }
            }
            return true;
        }
    }

    private final List<Series> series = new ArrayList<>();

    private Scrape(String text) {
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertTrue(m.matches(), "not a sample line of the text format: " + line);
            series.add(new Series(m.group(1), m.group(2) == null ? "" : m.group(2), parse(m.group(3))));
        }
    }

    static Scrape of(InetSocketAddress endpoint) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + endpoint.getPort() + "/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        return new Scrape(response.body());
    }

    private static double parse(String value) {
        return switch (value) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(value);
        };
    }

    /** Every series of {@code name} carrying all of {@code labelPairs} (name, value, name, value, ...). */
    List<Series> all(String name, String... labelPairs) {
        return series.stream().filter(s -> s.name().equals(name) && s.has(labelPairs)).toList();
    }

    boolean contains(String name, String... labelPairs) {
        return !all(name, labelPairs).isEmpty();
    }

    /** The value of the one series of {@code name} with these labels; fails if there is none or several. */
    double value(String name, String... labelPairs) {
        List<Series> found = all(name, labelPairs);
        if (found.size() != 1) {
            fail("expected one series " + name + Arrays.toString(labelPairs) + ", found " + found);
        }
        return found.get(0).value();
    }
}

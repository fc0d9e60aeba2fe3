package dev.superpose.config;

import com.typesafe.config.ConfigUtil;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Renders plain values (maps, lists, numbers, strings, booleans, null) as concise JSON with
 * sorted keys and one spelling per number, so equal configurations render, and hash, equally:
 * {@code 1e-3} and {@code 0.001} both render {@code 0.001}, {@code 1.0} and {@code 1} both {@code 1}.
 */
final class CanonicalJson {
    private CanonicalJson() {
    }

    static String render(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map<?, ?> map) {
            return new TreeMap<>(map).entrySet().stream()
                    .map(e -> ConfigUtil.quoteString((String) e.getKey()) + ":" + render(e.getValue()))
                    .collect(Collectors.joining(",", "{", "}"));
        }
        if (value instanceof List<?> list) {
            return list.stream().map(CanonicalJson::render).collect(Collectors.joining(",", "[", "]"));
        }
        if (value instanceof String string) {
            return ConfigUtil.quoteString(string);
        }
        if (value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof Number number) {
            return number(number);
        }
        throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
    }

    private static String number(Number number) {
        if (number instanceof Integer || number instanceof Long) {
            return number.toString();
        }
        double d = number.doubleValue();
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("JSON has no " + d);
        }
        boolean exactWhole = d == Math.rint(d) && Math.abs(d) < 0x1p53;
        return exactWhole ? Long.toString((long) d) : Double.toString(d);
    }

    /** SHA-256 of the UTF-8 bytes of {@code text}, as lowercase hex. */
    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}

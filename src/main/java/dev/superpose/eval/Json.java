package dev.superpose.eval;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;

/**
 * The JSON kept in H2 columns (grid points, trial configs, metrics). Records are written from
 * their fields: the Jackson on this classpath (Akka's 2.11) predates record support.
 */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);

    private Json() {
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot render " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** {@code value} as indented JSON, for files people read. */
    public static String writePretty(Object value) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot render " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** A JSON object as an insertion-ordered map (null or blank gives an empty map). */
    public static <V> LinkedHashMap<String, V> readObject(String json, Class<V> valueType) {
        if (json == null || json.isBlank()) {
            return new LinkedHashMap<>();
        }
        try {
            return MAPPER.readValue(json, MAPPER.getTypeFactory()
                    .constructMapType(LinkedHashMap.class, String.class, valueType));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("stored JSON is not an object of " + valueType.getSimpleName()
                    + ": " + e.getOriginalMessage(), e);
        }
    }

}

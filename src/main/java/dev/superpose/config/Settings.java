package dev.superpose.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

import java.util.Arrays;
import java.util.List;
import java.util.function.DoublePredicate;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Typed, range-checked reads from a resolved config. Types are checked strictly (a number must
 * be written as a number) because Typesafe Config's own getters silently convert strings and
 * truncate fractions. Every failure is a {@link SettingException} naming path and expectation.
 */
final class Settings {
    private final Config config;

    Settings(Config config) {
        this.config = config;
    }

    /** The value at {@code path}, or {@code null} when it is absent or null. */
    ConfigValue valueOrNull(String path) {
        return config.hasPath(path) ? config.getValue(path) : null;
    }

    int integer(String path, int min) {
        return integerIn(path, min, Integer.MAX_VALUE, "an integer >= " + min);
    }

    /** An integer in [min, max]; {@code expectation} says so in the user's terms. */
    int integerIn(String path, int min, int max, String expectation) {
        long value = longInteger(path, expectation);
        if (value < min || value > max) {
            throw new SettingException(path, expectation, render(valueOrNull(path)));
        }
        return (int) value;
    }

    /** A finite number with {@code ok(value)} true (1e999 reads as infinity, which no setting takes). */
    double number(String path, DoublePredicate ok, String expectation) {
        ConfigValue value = valueOrNull(path);
        if (value == null || value.valueType() != ConfigValueType.NUMBER
                || !Double.isFinite(((Number) value.unwrapped()).doubleValue())
                || !ok.test(((Number) value.unwrapped()).doubleValue())) {
            throw new SettingException(path, expectation, render(value));
        }
        return ((Number) value.unwrapped()).doubleValue();
    }

    String string(String path, String expectation) {
        ConfigValue value = valueOrNull(path);
        if (value == null || value.valueType() != ConfigValueType.STRING) {
            throw new SettingException(path, expectation, render(value));
        }
        return (String) value.unwrapped();
    }

    boolean bool(String path) {
        ConfigValue value = valueOrNull(path);
        if (value == null || value.valueType() != ConfigValueType.BOOLEAN) {
            throw new SettingException(path, "true or false", render(value));
        }
        return (Boolean) value.unwrapped();
    }

    /** The string at {@code path}, or {@code null} when it is absent or null. */
    String optionalString(String path, String expectation) {
        return valueOrNull(path) == null ? null : string(path, expectation);
    }

    /** The constant of {@code constants} whose {@code id} is the string at {@code path}. */
    <E> E oneOf(String path, E[] constants, Function<E, String> id) {
        String allowed = "one of " + Arrays.stream(constants).map(id).collect(Collectors.joining(", "));
        String name = string(path, allowed);
        return Arrays.stream(constants).filter(c -> id.apply(c).equals(name)).findFirst()
                .orElseThrow(() -> new SettingException(path, allowed, render(valueOrNull(path))));
    }

    /** The non-empty list at {@code path}; its elements are checked by the caller. */
    List<? extends ConfigValue> nonEmptyList(String path, String expectation) {
        ConfigValue value = valueOrNull(path);
        if (value == null || value.valueType() != ConfigValueType.LIST || config.getList(path).isEmpty()) {
            throw new SettingException(path, expectation, render(value));
        }
        return config.getList(path);
    }

    long longInteger(String path, String expectation) {
        ConfigValue value = valueOrNull(path);
        Long integral = value == null ? null : integralValue(value);
        if (integral == null) {
            throw new SettingException(path, expectation, render(value));
        }
        return integral;
    }

    /** The value as a whole number (5 and 5.0 both count), or {@code null} if it is not one. */
    static Long integralValue(ConfigValue value) {
        if (value.valueType() != ConfigValueType.NUMBER) {
            return null;
        }
        Number number = (Number) value.unwrapped();
        if (number instanceof Integer || number instanceof Long) {
            return number.longValue();
        }
        double d = number.doubleValue();
        boolean whole = d == Math.rint(d) && Math.abs(d) < 0x1p53;
        return whole ? (long) d : null;
    }

    /** A value as the user wrote it, for messages. */
    static String render(ConfigValue value) {
        return value == null ? "nothing" : value.render(ConfigRenderOptions.concise());
    }
}

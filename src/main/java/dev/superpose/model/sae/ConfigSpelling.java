package dev.superpose.model.sae;

import java.util.Locale;

/**
 * An enum of the model that a config names directly: {@link #id()} is the spelling a user writes
 * ({@code sae.decoder-bias-init = geometric-median}), by default the constant's name in lowercase
 * with '-' for '_'. The config reader accepts exactly these spellings, so the model's enum is the
 * only definition of a setting's values.
 */
public interface ConfigSpelling {
    /** The constant's name, as every enum has it. */
    String name();

    /** The value as written in a config. */
    default String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

package dev.superpose.config;

/** {@code model.*}: shape and variant of one toy model. */
public record ModelConfig(int features, int hidden, Variant variant) {
}

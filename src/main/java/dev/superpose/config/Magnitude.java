package dev.superpose.config;

/** {@code data.magnitude}: the value a present feature takes. */
public enum Magnitude {
    /** U[0, 1] */
    UNIFORM("uniform"),
    /** clip(0.5 + 0.2·N(0, 1), 0, 1) */
    NORMAL("normal"),
    /** U[−1, 1]: signed values, for tasks such as computing |x| (experiment tms-abs) */
    SIGNED_UNIFORM("signed-uniform");

    private final String id;

    Magnitude(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}

package dev.superpose.config;

/** {@code train.schedule}: the learning-rate multiplier over the steps of a run. */
public enum Schedule {
    CONSTANT("constant"),
    /** linear decay from lr to 0 */
    LINEAR("linear"),
    /** half-cosine from lr to 0 */
    COSINE("cosine"),
    /** linear warm-up over {@code train.warmup-steps}, then half-cosine to 0 */
    WARMUP_COSINE("warmup-cosine");

    private final String id;

    Schedule(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}

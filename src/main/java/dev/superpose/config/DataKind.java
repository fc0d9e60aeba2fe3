package dev.superpose.config;

/** {@code data.kind}: which generator draws a trial's synthetic inputs. */
public enum DataKind {
    /** each feature present independently with data.feature-probability (plus the pair settings) */
    SPARSE("sparse"),
    /** sparse presence, value ±Lomax(data.lomax-shape, 1): heavy-tailed signed magnitudes */
    LOMAX("lomax"),
    /** topic model: a Dirichlet mixture of data.topics Beta-drawn feature-probability profiles */
    CLUSTERED("clustered"),
    /** Gaussian copula: decaying marginal probabilities, randomly correlated presence */
    SHARKEY("sharkey");

    private final String id;

    DataKind(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}

package dev.superpose.model.sae;

/** How an SAE keeps its decoder rows (one per latent) at unit norm. */
public enum DecoderNorm implements ConfigSpelling {
    /**
     * The parameter is W_dec itself: each row's gradient loses its component along the row
     * (the tangent direction of the unit sphere), and rows are renormalised after every step.
     */
    PROJECTED("unit"),
    /**
     * Weight normalisation: the parameter V is free and the decoder uses V's rows scaled to unit
     * norm, so the gradient flows through the normalisation, (g − (g·ŵ)ŵ)/‖v‖.
     */
    WEIGHT_NORM("weight-norm"),
    /**
     * The parameter is W_dec itself, renormalised before every forward pass and used at unit
     * norm, its gradient taken as it is (no projection): the renormalisation is outside the
     * graph, as the random-transformer SAE study's standard.py ({@code unit_norm_decoder} under
     * {@code torch.no_grad} in {@code forward}).
     */
    RENORMALISED("renormalise");

    private final String id;

    DecoderNorm(String id) {
        this.id = id;
    }

    /** Written {@code unit} for {@link #PROJECTED} (the rows' norm it keeps) and {@code renormalise} for the verb. */
    @Override
    public String id() {
        return id;
    }
}

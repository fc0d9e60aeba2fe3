package dev.superpose.model.sae;

/** How an SAE keeps its decoder rows (one per latent) at unit norm. */
public enum DecoderNorm {
    /**
     * The parameter is W_dec itself: each row's gradient loses its component along the row
     * (the tangent direction of the unit sphere), and rows are renormalised after every step.
     */
    PROJECTED,
    /**
     * Weight normalisation: the parameter V is free and the decoder uses V's rows scaled to unit
     * norm, so the gradient flows through the normalisation, (g − (g·ŵ)ŵ)/‖v‖.
     */
    WEIGHT_NORM
}

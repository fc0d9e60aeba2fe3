package dev.superpose.report;

/**
 * One SAE trained on 2-dimensional activations, to draw in a panel: its decoder rows
 * ({@code decoder}, row-major [latents, 2]), which latents fired on held-out data ({@code alive},
 * one flag per latent) and the true feature directions ({@code truth}, row-major [features, 2];
 * empty without ground truth).
 */
public record DecoderPanel(String title, float[] decoder, boolean[] alive, float[] truth) {
    public DecoderPanel {
        if (decoder.length == 0 || decoder.length % 2 != 0 || truth.length % 2 != 0) {
            throw new IllegalArgumentException("decoder panel '" + title + "': decoder and true features must be"
                    + " rows of 2 values (decoder at least one), got " + decoder.length + " and " + truth.length
                    + " values");
        }
        if (alive.length != decoder.length / 2) {
            throw new IllegalArgumentException("decoder panel '" + title + "': need one alive flag per latent ("
                    + decoder.length / 2 + "), got " + alive.length);
        }
        decoder = decoder.clone();
        alive = alive.clone();
        truth = truth.clone();
    }

    public int latents() {
        return decoder.length / 2;
    }

    public int features() {
        return truth.length / 2;
    }
}

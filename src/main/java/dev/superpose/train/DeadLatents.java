package dev.superpose.train;

import dev.superpose.model.NamedArray;

/**
 * Per instance and latent, the number of training steps since the latent last fired: a latent
 * that has not fired for {@code window} steps is dead. Counts start at 0 (a fresh latent gets a
 * whole window to fire) and are part of the stack's state, so resuming continues them exactly.
 * Instances skipped in a step (frozen) keep their counts.
 */
final class DeadLatents {
    /** State name of the counts, [I, L]. */
    static final String STATE_NAME = "steps_since_fired";
    /** Counts stop here: floats (the state's storage) hold every integer up to 2^24 exactly. */
    static final int CAP = 1 << 24;

    private final int instances;
    private final int latents;
    private final int window;
    private final float[] stepsSinceFired;

    DeadLatents(int instances, int latents, int window) {
        if (window < 1) {
            throw new IllegalArgumentException("the dead-latent window must be >= 1 step, got " + window);
        }
        this.instances = instances;
        this.latents = latents;
        this.window = window;
        this.stepsSinceFired = new float[instances * latents];
    }

    /** Counts one step: {@code fired[i * L + l]} as the stack reported it; skipped instances are left alone. */
    void record(boolean[] fired, boolean[] skipped) {
        for (int i = 0; i < instances; i++) {
            if (skipped[i]) {
                continue;
            }
            for (int k = i * latents; k < (i + 1) * latents; k++) {
                stepsSinceFired[k] = fired[k] ? 0 : Math.min(stepsSinceFired[k] + 1, CAP);
            }
        }
    }

    boolean dead(int instance, int latent) {
        return stepsSinceFired[instance * latents + latent] >= window;
    }

    /** Instance {@code instance}'s dead latents, in increasing order. */
    int[] deadLatents(int instance) {
        int count = 0;
        for (int l = 0; l < latents; l++) {
            count += dead(instance, l) ? 1 : 0;
        }
        int[] out = new int[count];
        for (int l = 0, n = 0; l < latents; l++) {
            if (dead(instance, l)) {
                out[n++] = l;
            }
        }
        return out;
    }

    /** Writes the dead flags of every instance into {@code mask[i * L + l]}. */
    void writeMask(boolean[] mask) {
        for (int k = 0; k < mask.length; k++) {
            mask[k] = stepsSinceFired[k] >= window;
        }
    }

    /** Restarts the window of the given latents (after resampling). */
    void revive(int instance, int[] latentsRevived) {
        for (int l : latentsRevived) {
            stepsSinceFired[instance * latents + l] = 0;
        }
    }

    /** Steps since each latent of {@code instance} last fired (capped at {@link #CAP}). */
    int[] stepsSinceFired(int instance) {
        int[] out = new int[latents];
        for (int l = 0; l < latents; l++) {
            out[l] = (int) stepsSinceFired[instance * latents + l];
        }
        return out;
    }

    NamedArray export() {
        return new NamedArray(STATE_NAME, new int[]{instances, latents}, stepsSinceFired.clone());
    }

    void restore(NamedArray counts) {
        if (counts.rank() != 2 || counts.dim(0) != instances || counts.dim(1) != latents) {
            throw new IllegalArgumentException(STATE_NAME + " must be [" + instances + ", " + latents + "], got "
                    + counts.describe());
        }
        System.arraycopy(counts.data(), 0, stepsSinceFired, 0, stepsSinceFired.length);
    }
}

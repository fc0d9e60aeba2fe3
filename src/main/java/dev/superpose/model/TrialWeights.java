package dev.superpose.model;

import java.util.List;
import java.util.NoSuchElementException;

/**
 * One trained model copied out of its stack, as named arrays ({@code W}, {@code b_final} for
 * TMS; {@code W_enc}, {@code W_dec}, … for SAEs). It is what trainers hand to evaluators and
 * what a trial's .npz holds, in this order.
 */
public record TrialWeights(List<NamedArray> arrays) {
    public TrialWeights {
        arrays = List.copyOf(arrays);
        if (arrays.stream().map(NamedArray::name).distinct().count() != arrays.size()) {
            throw new IllegalArgumentException("array names must be distinct, got " + arrays);
        }
    }

    public static TrialWeights of(NamedArray... arrays) {
        return new TrialWeights(List.of(arrays));
    }

    /** @throws NoSuchElementException naming what is there when there is no array {@code name} */
    public NamedArray get(String name) {
        return arrays.stream().filter(a -> a.name().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no array " + name + " among " + arrays));
    }

    public boolean has(String name) {
        return arrays.stream().anyMatch(a -> a.name().equals(name));
    }

    /** Whether every value of every array is finite. */
    public boolean allFinite() {
        for (NamedArray array : arrays) {
            for (float v : array.data()) {
                if (!Float.isFinite(v)) {
                    return false;
                }
            }
        }
        return true;
    }
}

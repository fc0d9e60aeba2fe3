package dev.superpose.analysis.sae;

/** The ground-truth scores of a learned dictionary (see {@link DictionaryMatch}). */
public record DictionaryScores(double mmcs, double mmcsLatents, int recovered) {
}

package dev.superpose.model.sae;

/**
 * One instance's active latents for one batch, latent-major (compressed sparse columns): the
 * entries of latent l are {@code row[start[l] .. start[l+1])} with values {@code value[…]}. With
 * a few percent of latents firing, every later pass (decoding, gradients) touches only these
 * entries. Buffers grow on demand and are reused from batch to batch; not thread-safe.
 */
public final class LatentCodes {
    private int[] start = new int[1];
    private int[] row = new int[0];
    private double[] value = new double[0];
    private int latents;
    private int rows;
    private int size;
    private int latent;
    private double[] scratch = new double[0];
    private double[] rowCuts = new double[0];
    private int[] rowTies = new int[0];

    /** Starts a new selection of up to latents × rows entries. */
    void begin(int latents, int rows) {
        int capacity = latents * rows;
        if (start.length < latents + 1) {
            start = new int[latents + 1];
        }
        if (row.length < capacity) {
            row = new int[capacity];
            value = new double[capacity];
        }
        this.latents = latents;
        this.rows = rows;
        this.size = 0;
        this.latent = 0;
        start[0] = 0;
    }

    /** Adds an entry of the current latent; rows within a latent come in increasing order. */
    void add(int b, double v) {
        row[size] = b;
        value[size] = v;
        size++;
    }

    /**
     * {@link #add} when {@code keep}, without a branch: the entry is written either way and
     * counted only if kept (the slot is free: entries never outnumber the values offered). At dense
     * codes whether a pre-activation fires is close to a coin flip, and a branch on it mispredicts
     * about every other time.
     */
    void addIf(int b, double v, boolean keep) {
        row[size] = b;
        value[size] = v;
        size += keep ? 1 : 0;
    }

    /** Closes the current latent and moves to the next. */
    void endLatent() {
        start[++latent] = size;
    }

    public int latents() {
        return latents;
    }

    public int rows() {
        return rows;
    }

    /** Number of active (row, latent) pairs. */
    public int size() {
        return size;
    }

    /** Index of latent l's first entry; {@code start(l + 1)} is one past its last. */
    public int start(int l) {
        return start[l];
    }

    public int row(int entry) {
        return row[entry];
    }

    public double value(int entry) {
        return value[entry];
    }

    /** Sum of all active values: Σ|z| over the batch, as z &gt; 0 where active. */
    public double valueSum() {
        double sum = 0;
        for (int e = 0; e < size; e++) {
            sum += value[e];
        }
        return sum;
    }

    /** A work array of at least {@code n} values for the selection rules. */
    double[] scratch(int n) {
        if (scratch.length < n) {
            scratch = new double[n];
        }
        return scratch;
    }

    double[] rowCuts(int n) {
        if (rowCuts.length < n) {
            rowCuts = new double[n];
        }
        return rowCuts;
    }

    int[] rowTies(int n) {
        if (rowTies.length < n) {
            rowTies = new int[n];
        }
        return rowTies;
    }
}

package dev.superpose.model;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Element views of a stack's input batches, made once per batch buffer: a trainer cycles through
 * a few fixed buffers, and a fresh view per step (with its staging block) was ~38 KB of garbage
 * per step. Callers that pass a new array every time (gradient checks) keep the cache small:
 * it is emptied when full. Not thread-safe, like the views.
 */
final class InputViewCache {
    private static final int MAX_VIEWS = 8;

    private final Map<INDArray, ArrayElements> views = new IdentityHashMap<>();

    ArrayElements of(INDArray x) {
        ArrayElements view = views.get(x);
        if (view == null) {
            if (views.size() == MAX_VIEWS) {
                views.clear();
            }
            view = ArrayElements.of(x);
            views.put(x, view);
        }
        return view;
    }
}

package dev.superpose.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One setting is wrong. Thrown by the readers, which know only the setting's path; the
 * {@link SweepLoader} turns it into a {@link BadInputException} that also names the file, the
 * override that set the value, and the grid point being checked.
 */
final class SettingException extends RuntimeException {
    private final String path;
    private final String problem;
    private final Map<String, Object> gridPoint;

    /** {@code path}: expected {@code expectation}, got {@code got}. */
    SettingException(String path, String expectation, String got) {
        this(path, "expected " + expectation + ", got " + got);
    }

    /** {@code path}: {@code problem}, for problems that are not a wrong value. */
    SettingException(String path, String problem) {
        this(path, problem, Map.of());
    }

    private SettingException(String path, String problem, Map<String, Object> gridPoint) {
        super(path + ": " + problem);
        this.path = path;
        this.problem = problem;
        this.gridPoint = gridPoint;
    }

    /**
     * The same problem found while checking grid point {@code point}. When the wrong value is
     * one of the point's grid values, the problem is moved to where that value is written.
     */
    SettingException atGridPoint(Map<String, Object> point) {
        String location = point.containsKey(path) ? GridReader.location(path) : path;
        return new SettingException(location, problem, new LinkedHashMap<>(point));
    }

    /** Where the wrong value is written, as a config path, e.g. {@code train.steps}. */
    String path() {
        return path;
    }

    /** What is wrong, e.g. {@code expected an integer >= 1, got -5}. */
    String problem() {
        return problem;
    }

    /** The grid point (axis path -> value) being checked; empty outside grid expansion. */
    Map<String, Object> gridPoint() {
        return gridPoint;
    }
}

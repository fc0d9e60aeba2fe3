package dev.superpose.cli;

import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts ND4J's native backend before {@code run} or {@code worker} relies on it (and before
 * {@code run} writes anything). A backend that cannot start (the CUDA build on a machine without
 * the NVIDIA driver, say) otherwise surfaced as an {@code ExceptionInInitializerError} from the
 * first class that touched ND4J, after a screen of native stack traces; now it is one line naming
 * the backend and what is missing, and exit {@value Main#EXIT_BACKEND_UNAVAILABLE}.
 */
final class NativeBackend {
    /** The CUDA backend's class, on the class path only in a {@code -Pcuda} build. */
    private static final String CUDA_BACKEND = "org.nd4j.linalg.jcublas.JCublasBackend";
    /** The dynamic loader's words for a shared library it did not find. */
    private static final Pattern MISSING_LIBRARY = Pattern.compile("([\\w.+-]+\\.so[\\w.]*): cannot open shared object file");

    /** ND4J could not start its backend; the message says which and what is missing. */
    static final class UnavailableException extends RuntimeException {
        UnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private NativeBackend() {
    }

    /**
     * Loads the backend. What ND4J and JavaCPP print meanwhile is held back: shown as usual if it
     * starts, kept in the error log (with the stack trace) if it does not.
     *
     * @throws UnavailableException when it cannot start
     */
    static void require() {
        PrintStream err = System.err;
        ByteArrayOutputStream held = new ByteArrayOutputStream();
        Throwable failure = null;
        System.setErr(new PrintStream(held, true, StandardCharsets.UTF_8));
        try {
            Nd4j.getBackend(); // Nd4j's class initializer loads the backend
        } catch (LinkageError | RuntimeException e) { // ExceptionInInitializerError, UnsatisfiedLinkError, ...
            failure = e;
        } finally {
            System.setErr(err);
        }
        String output = held.toString(StandardCharsets.UTF_8);
        if (failure == null) {
            err.print(output);
            err.flush();
            return;
        }
        Path log = ErrorLog.write(new IllegalStateException("ND4J's output while starting its backend:\n" + output, failure));
        throw new UnavailableException(describe(cudaBuild(), output, failure)
                + (log == null ? "" : " (details in " + log + ")"), failure);
    }

    /** One line: which backend, what is missing (from the loader's message), and what to do. */
    static String describe(boolean cuda, String output, Throwable failure) {
        Matcher missing = MISSING_LIBRARY.matcher(output + "\n" + causes(failure));
        String what = missing.find() ? missing.group(1) + " is missing" : ErrorLog.oneLine(innermost(failure));
        if (cuda) {
            return "the ND4J CUDA backend (nd4j-cuda-11.6: this is the -Pcuda build) cannot start: " + what
                    + (what.startsWith("libcuda.") ? " (no NVIDIA driver, or no GPU, on this machine)" : "")
                    + "; install the NVIDIA driver and CUDA 11.6, or build the CPU jar (mvn -DskipTests package)";
        }
        return "the ND4J CPU backend (nd4j-native) cannot start: " + what;
    }

    private static boolean cudaBuild() {
        try {
            Class.forName(CUDA_BACKEND, false, NativeBackend.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static String causes(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            text.append(t.getMessage()).append('\n');
        }
        return text.toString();
    }

    private static Throwable innermost(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}

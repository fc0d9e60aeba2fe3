package dev.superpose.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What a backend that cannot start says. The CUDA case is what the -Pcuda jar printed on this
 * GPU-less machine (JavaCPP's stack trace, ND4J's warning, then Nd4j's initializer failing).
 */
class NativeBackendTest {
    private static final String CUDA_WITHOUT_DRIVER = """
            java.lang.UnsatisfiedLinkError: /root/.javacpp/cache/cuda-11.6-8.3-1.5.7-linux-x86_64.jar/org/bytedeco/cuda/linux-x86_64/libjnicudart.so: libcuda.so.1: cannot open shared object file: No such file or directory
            \tat java.base/jdk.internal.loader.NativeLibraries.load(Native Method)
            \tat org.nd4j.linalg.jcublas.JCublasBackend.canRun(JCublasBackend.java:66)
            18:49:46 WARN  Nd4jBackend - Skipped [JCublasBackend] backend (unavailable): java.lang.UnsatisfiedLinkError: /root/.javacpp/cache/cuda-11.6-8.3-1.5.7-linux-x86_64.jar/org/bytedeco/cuda/linux-x86_64/libjnicudart.so: libcuda.so.1: cannot open shared object file: No such file or directory
            """;

    private static Throwable noBackend() {
        return new ExceptionInInitializerError(new RuntimeException(new IllegalStateException(
                "Please ensure that you have an nd4j backend on your classpath.")));
    }

    @Test
    void theCudaBuildWithoutADriverNamesTheBackendAndTheMissingLibrary() {
        assertEquals("the ND4J CUDA backend (nd4j-cuda-11.6: this is the -Pcuda build) cannot start: libcuda.so.1 is"
                        + " missing (no NVIDIA driver, or no GPU, on this machine); install the NVIDIA driver and CUDA 11.6,"
                        + " or build the CPU jar (mvn -DskipTests package)",
                NativeBackend.describe(true, CUDA_WITHOUT_DRIVER, noBackend()));
    }

    @Test
    void withoutALoaderMessageTheInnermostErrorIsNamed() {
        assertEquals("the ND4J CPU backend (nd4j-native) cannot start: IllegalStateException: Please ensure that you"
                + " have an nd4j backend on your classpath.", NativeBackend.describe(false, "", noBackend()));
    }

    @Test
    void theCpuBackendStartsHere() {
        NativeBackend.require(); // throws on a machine where it cannot
    }
}

package dev.superpose.store;

import java.nio.file.Path;

/**
 * Run in a child JVM by {@link HomeLockTest}: takes the {@link HomeLock} of the home given as
 * argument, prints {@link ChildJvm#READY}, and holds it until its input closes.
 */
public final class HomeLockHolder {
    private HomeLockHolder() {
    }

    public static void main(String[] args) throws Exception {
        try (HomeLock lock = HomeLock.acquire(Path.of(args[0]))) {
            System.out.println(ChildJvm.READY);
            System.out.flush();
            System.in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }
}

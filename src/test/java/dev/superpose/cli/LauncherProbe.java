package dev.superpose.cli;

/** Stands in for superpose's main class in {@link LauncherTest}: prints what the launcher passed. */
public final class LauncherProbe {
    private LauncherProbe() {
    }

    public static void main(String[] args) {
        System.out.println("command=" + System.getProperty(ShellCommand.COMMAND_PROPERTY));
        for (String arg : args) {
            System.out.println("arg=" + arg);
        }
    }
}

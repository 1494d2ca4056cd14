package dev.nsw.cli;

/**
 * SIGTERM and SIGINT (Ctrl+C) handled by the program instead of ending the JVM at once: a server that promises to
 * let running requests finish must outlive the signal. Uses {@code sun.misc.Signal} (module {@code jdk.unsupported},
 * exported by every JDK); where it is missing, the JVM's own handling remains and shutdown hooks do the stopping.
 */
final class TerminationSignals {
    private TerminationSignals() {}

    /** Runs {@code onSignal} (on a signal-handler thread) each time SIGTERM or SIGINT arrives. */
    static void install(Runnable onSignal) {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> onSignal.run());
            } catch (IllegalArgumentException | LinkageError e) {
                // the signal is not available here (or already taken): the default handling stays
            }
        }
    }
}

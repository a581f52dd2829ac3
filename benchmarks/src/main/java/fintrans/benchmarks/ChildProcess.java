package fintrans.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A JVM started as a separate process, a service jar or a reference tool, with its stdout and stderr
 * each written to a file of the log folder.
 */
final class ChildProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final long startNanos;
    private final Path stdout;
    private final Path stderr;

    private ChildProcess(String name, Process process, long startNanos, Path stdout, Path stderr) {
        this.name = name;
        this.process = process;
        this.startNanos = startNanos;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts {@code java <jvmOptions> -jar jar <args>}. */
    static ChildProcess startJar(Path logDir, String name, Path jar, List<String> jvmOptions, List<String> args) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing; build it with: mvn -B package -DskipTests");
        }
        List<String> command = new ArrayList<>(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(args);
        return start(logDir, name, command);
    }

    /** Starts {@code mainClass} with this JVM's class path, which holds the reference tools. */
    static ChildProcess startClass(Path logDir, String name, String mainClass, List<String> jvmOptions,
            List<String> args) {
        List<String> command = new ArrayList<>(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        return start(logDir, name, command);
    }

    private static ChildProcess start(Path logDir, String name, List<String> javaArguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaArguments);
        try {
            Files.createDirectories(logDir);
            Path stdout = logDir.resolve(name + ".out");
            Path stderr = logDir.resolve(name + ".err");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile());
            long startNanos = System.nanoTime();
            return new ChildProcess(name, builder.start(), startNanos, stdout, stderr);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name + ": " + command, e);
        }
    }

    String name() {
        return name;
    }

    /** Returns the {@link System#nanoTime()} just before the process was started. */
    long startNanos() {
        return startNanos;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the exit and returns the exit code; kills the process and fails when it takes longer than {@code timeout}. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException(name + " did not exit within " + timeout.toSeconds() + " s; see " + stderr);
        }
        return process.exitValue();
    }

    /** Sends SIGTERM, so the service stops cleanly, and waits for the exit code. */
    int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        return awaitExit(timeout);
    }

    /** Fails with the end of stderr when the process has exited. */
    void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with " + process.exitValue() + " too early; its stderr ends with:\n"
                    + tail(stderr));
        }
    }

    String stdoutText() {
        return read(stdout);
    }

    String stderrText() {
        return read(stderr);
    }

    /** Waits until stderr contains {@code text}; fails when the process exits first or {@code timeout} passes. */
    void awaitStderr(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!stderrText().contains(text)) {
            requireAlive();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " did not log '" + text + "' within " + timeout.toSeconds()
                        + " s; see " + stderr);
            }
            Thread.sleep(50);
        }
    }

    /** Kills the process when it still runs, for example after a failed measurement. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(" + file + " is unreadable: " + e + ")";
        }
    }

    private static String tail(Path file) {
        String text = read(file);
        return text.length() <= 4000 ? text : text.substring(text.length() - 4000);
    }
}

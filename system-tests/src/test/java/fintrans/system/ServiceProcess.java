package fintrans.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A service fat jar running as a separate process, as users run it: {@code java -jar}, with its own
 * environment, stdout and stderr each captured in a file.
 */
final class ServiceProcess implements AutoCloseable {
    private static final Path ROOT = Path.of(System.getProperty("fintrans.root", ".."));

    private final String name;
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private ServiceProcess(String name, Process process, Path stdout, Path stderr) {
        this.name = name;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * Starts {@code module/target/jarName.jar}.
     *
     * @param environment variables added to this JVM's environment
     */
    static ServiceProcess start(Path logDir, String module, String jarName, Map<String, String> environment,
            String... args) throws IOException {
        Path jar = jarPath(module, jarName);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));

        Files.createDirectories(logDir);
        Path stdout = Files.createTempFile(logDir, jarName + "-", ".out");
        Path stderr = Files.createTempFile(logDir, jarName + "-", ".err");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        builder.environment().putAll(environment);
        return new ServiceProcess(jarName, builder.start(), stdout, stderr);
    }

    /** Returns the fat jar {@code module/target/jarName.jar}, which {@code mvn package} builds. */
    static Path jarPath(String module, String jarName) {
        Path jar = ROOT.resolve(module).resolve("target").resolve(jarName + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing; run mvn package (or mvn verify) from the project root");
        }
        return jar;
    }

    /** Sends SIGTERM, as Ctrl-C or an orchestrator would, and waits for the exit code. */
    int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        return awaitExit(timeout);
    }

    /** Sends SIGKILL: the process ends at once, without running its shutdown hooks. */
    void kill() {
        process.destroyForcibly();
    }

    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException(name + " did not exit within " + timeout + "; its stderr:\n" + stderr());
        }
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    List<String> stdoutLines() throws IOException {
        return Files.readAllLines(stdout, StandardCharsets.UTF_8);
    }

    String stdout() throws IOException {
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    String stderr() {
        try {
            return Files.readString(stderr, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(stderr unreadable: " + e + ")";
        }
    }

    /** Waits until stderr contains {@code text}; fails with the stderr so far when it does not in time. */
    void awaitStderr(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!stderr().contains(text)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before logging '" + text
                        + "'; its stderr:\n" + stderr());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " did not log '" + text + "' within " + timeout + "; its stderr:\n"
                        + stderr());
            }
            Thread.sleep(50);
        }
    }

    /** Kills the process if a test left it running. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}

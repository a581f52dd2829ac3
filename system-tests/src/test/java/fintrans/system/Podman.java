package fintrans.system;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The podman command line, run as root without a daemon, with its images, containers and state in a
 * folder of its own. Tests neither see nor change the user's podman storage, and {@link #close} removes
 * everything they created.
 */
final class Podman implements AutoCloseable {
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(3);
    private static final Pattern LOADED_IMAGE = Pattern.compile("^Loaded image\\(?s?\\)?: (\\S+)$", Pattern.MULTILINE);
    /** Where Debian's runc package installs the runtime, used when no runc is on PATH. */
    private static final Path DEBIAN_RUNC = Path.of("/usr/sbin/runc");

    private final List<String> globalOptions;
    private final Path folder;

    private Podman(Path folder, Path runtime) {
        this.folder = folder;
        this.globalOptions = List.of(
                "--root", folder.resolve("storage").toString(),
                "--runroot", folder.resolve("run").toString(),
                "--tmpdir", folder.resolve("libpod").toString(),
                // vfs copies layers instead of mounting them, so it needs no overlay support in the kernel.
                "--storage-driver", "vfs",
                // Neither journald nor systemd is needed: events go to a file, cgroups are written directly.
                "--events-backend", "file",
                "--cgroup-manager", "cgroupfs",
                // podman 4.3 uses crun by default when it is installed, but these tests have been run with runc only.
                "--runtime", runtime.toString());
    }

    /**
     * Returns why podman cannot run containers here, or empty when podman and runc are installed and the
     * user is root. Rootless podman needs user namespaces and other options that these tests do not set up.
     */
    static Optional<String> unavailableReason() {
        if (findExecutable("podman").isEmpty()) {
            return Optional.of("podman is not installed (Debian package podman)");
        }
        if (findRunc().isEmpty()) {
            return Optional.of("runc is not installed (Debian package runc)");
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of("the container tests run podman as root, and this user is "
                    + System.getProperty("user.name"));
        }
        return Optional.empty();
    }

    /** Creates a podman whose storage and state live in {@code folder}, which need not exist yet. */
    static Podman inFolder(Path folder) throws IOException {
        Files.createDirectories(folder.resolve("tmp"));
        return new Podman(folder, findRunc().orElseThrow(() -> new IllegalStateException("runc is not installed")));
    }

    /** Loads a Docker archive and returns the image name it was saved with, such as localhost/fintrans/generator:0.1.0. */
    String load(Path archive) throws IOException, InterruptedException {
        String output = run("load", "--input", archive.toString());
        Matcher loaded = LOADED_IMAGE.matcher(output);
        if (!loaded.find()) {
            throw new IllegalStateException("podman load printed no image name for " + archive + ":\n" + output);
        }
        return loaded.group(1);
    }

    /** Runs {@code podman OPTIONS args}, fails when it exits non-zero, and returns its stdout. */
    String run(String... args) throws IOException, InterruptedException {
        Result result = execute(args);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("podman " + String.join(" ", args) + " exited with " + result.exitCode()
                    + ":\n" + result.stdout() + result.stderr());
        }
        return result.stdout();
    }

    /** Runs {@code podman OPTIONS args} and returns its exit code and output, whatever the exit code. */
    Result execute(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("podman");
        command.addAll(globalOptions);
        command.addAll(List.of(args));

        Path stdout = Files.createTempFile(folder.resolve("tmp"), "podman-", ".out");
        Path stderr = Files.createTempFile(folder.resolve("tmp"), "podman-", ".err");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        // podman load unpacks the archive under TMPDIR, /var/tmp by default.
        builder.environment().put("TMPDIR", folder.resolve("tmp").toString());
        Process process = builder.start();
        if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException(String.join(" ", command) + " did not finish within " + COMMAND_TIMEOUT);
        }
        try {
            return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8));
        } finally {
            Files.delete(stdout);
            Files.delete(stderr);
        }
    }

    /** Removes every container and image of this storage, and the storage itself. */
    @Override
    public void close() throws IOException, InterruptedException {
        run("system", "reset", "--force");
    }

    private static Optional<Path> findRunc() {
        Optional<Path> onPath = findExecutable("runc");
        return onPath.isPresent() || !Files.isExecutable(DEBIAN_RUNC) ? onPath : Optional.of(DEBIAN_RUNC);
    }

    private static Optional<Path> findExecutable(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String directory : path.split(File.pathSeparator)) {
            if (directory.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(directory, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The exit code and output of one podman command. */
    record Result(int exitCode, String stdout, String stderr) {
    }
}

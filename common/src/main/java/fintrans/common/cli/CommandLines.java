package fintrans.common.cli;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** Runs the services' picocli commands the same way: a short error for invalid options, not the whole help. */
public final class CommandLines {
    /**
     * The exit-code line of every command's help. A stop by signal runs the same clean shutdown, but the
     * JVM then exits with 128 plus the signal number.
     */
    public static final String EXIT_CODES = "%nExit codes: 0 finished, 1 a runtime failure such as an unreachable "
            + "broker,%n2 invalid options. After SIGTERM or Ctrl-C the service stops cleanly and the JVM%n"
            + "exits with 143 or 130.";

    private CommandLines() {
    }

    /** Creates the command line of {@code command} with the short error handler. */
    public static CommandLine create(Object command) {
        CommandLine commandLine = new CommandLine(command);
        commandLine.setParameterExceptionHandler(CommandLines::reportInvalidOption);
        return commandLine;
    }

    /** Parses {@code args} and runs {@code command}; returns its exit code. */
    public static int execute(Object command, String... args) {
        return create(command).execute(args);
    }

    private static int reportInvalidOption(ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        commandLine.getErr().println("error: " + e.getMessage());
        commandLine.getErr().println("Run '" + commandLine.getCommandSpec().qualifiedName()
                + " --help' to see the options.");
        return commandLine.getCommandSpec().exitCodeOnInvalidInput();
    }
}

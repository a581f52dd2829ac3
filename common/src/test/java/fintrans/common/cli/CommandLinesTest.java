package fintrans.common.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

class CommandLinesTest {

    @Command(name = "probe")
    static final class Probe implements Runnable {
        @Option(names = "--count", description = "How many.")
        int count;

        @Override
        public void run() {
        }
    }

    @Test
    void invalidOptionPrintsShortErrorAndExitsWithTwo() {
        StringWriter err = new StringWriter();
        CommandLine commandLine = CommandLines.create(new Probe());
        commandLine.setErr(new PrintWriter(err, true));

        int exitCode = commandLine.execute("--count", "many");

        assertEquals(2, exitCode);
        assertTrue(err.toString().startsWith("error: Invalid value for option '--count'"), err.toString());
        assertTrue(err.toString().contains("Run 'probe --help' to see the options."), err.toString());
        assertFalse(err.toString().contains("Usage:"), err.toString());
    }

    @Test
    void validOptionsRun() {
        assertEquals(0, CommandLines.execute(new Probe(), "--count", "3"));
    }
}

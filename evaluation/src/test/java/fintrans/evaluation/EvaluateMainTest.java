package fintrans.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import fintrans.common.cli.CommandLines;
import picocli.CommandLine;

/** Option checks, which all happen before the evaluation contacts a broker. */
class EvaluateMainTest {

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "--window          | --window 0s",
        "--window          | --window 5x",
        "--window          | --window -1h",
        "--alerts-topic    | --alerts-topic London",
        "--startup-timeout | --startup-timeout 0",
        "--broker          | --broker localhost",
    })
    void invalidOptionIsUsageErrorNamingIt(String option, String arguments) {
        StringWriter err = new StringWriter();

        int exitCode = run(err, arguments.split(" "));

        assertEquals(2, exitCode, err.toString());
        assertTrue(err.toString().contains(option), "names " + option + ": " + err);
    }

    @Test
    void blankAlertsTopicIsUsageError() {
        StringWriter err = new StringWriter();

        int exitCode = run(err, "--alerts-topic", " ");

        assertEquals(2, exitCode, err.toString());
        assertTrue(err.toString().contains("--alerts-topic"), err.toString());
    }

    /** Runs the command with a broker that is never contacted, because every case fails before the broker check. */
    private static int run(StringWriter err, String... arguments) {
        List<String> all = new ArrayList<>(List.of("--broker", "127.0.0.1:1", "--startup-timeout", "1"));
        all.addAll(List.of(arguments));
        CommandLine commandLine = CommandLines.create(new EvaluateMain());
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(all.toArray(String[]::new));
    }
}

package fintrans.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import fintrans.common.cli.CommandLines;
import picocli.CommandLine;

/** Option checks, which all happen before the generator contacts a broker. */
class GeneratorMainTest {
    /** Never contacted: every case fails before the broker check, and a wrong pass fails on it at once. */
    private static final String NO_BROKER = "127.0.0.1:1";

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "--accounts           | --accounts 1",
        "--accounts           | --accounts many",
        "--amounts            | --amounts normal",
        "--median-amount      | --median-amount 0",
        "--median-amount      | --median-amount 1000000.01",
        "--median-amount      | --median-amount 1.005",
        "--amount-sigma       | --amount-sigma 0",
        "--amount-sigma       | --amount-sigma NaN",
        "--amount-sigma       | --amount-sigma wide",
        "--accounts           | --original-distribution --accounts 5000",
        "--amounts            | --original-distribution --amounts lognormal",
        "--amount-sigma       | --amounts uniform --amount-sigma 2",
        "--scenarios-per-minute | --scenarios-per-minute -1",
        "--scenarios-per-minute | --scenarios-per-minute Infinity",
        "--scenarios-per-minute | --scenarios-per-minute often",
        "--scenario-amount    | --scenarios-per-minute 1 --scenario-amount 0",
        "--scenario-amount    | --scenarios-per-minute 1 --scenario-amount -5",
        "--scenario-amount    | --scenarios-per-minute 1 --scenario-amount 1000000000.01",
        "--scenario-amount    | --scenarios-per-minute 1 --scenario-amount 15000",
        "--scenario-amount    | --scenarios-per-minute 1 --scenario-amount 5000",
        "--scenario-amount    | --scenarios-per-minute 1 --scenario-amount 100000000",
        "--scenario-min-transfer | --scenarios-per-minute 1 --scenario-min-transfer 0",
        "--scenario-min-transfer | --scenarios-per-minute 1 --scenario-min-transfer 9000 --scenario-max-transfer 8000",
        "--scenario-max-transfer | --scenarios-per-minute 1 --scenario-max-transfer 10k",
        "--scenario-duration  | --scenarios-per-minute 1 --scenario-duration 10",
        "--scenario-duration  | --scenarios-per-minute 1 --scenario-duration 8d",
        "--accounts           | --scenarios-per-minute 1 --accounts 111",
        "--scenarios-per-minute | --scenarios-per-minute 1000 --scenario-duration 2h",
    })
    void invalidOptionIsUsageErrorNamingIt(String option, String arguments) {
        StringWriter err = new StringWriter();

        int exitCode = run(err, arguments.split(" "));

        assertEquals(2, exitCode, err.toString());
        assertTrue(err.toString().contains(option), "names " + option + ": " + err);
    }

    @Test
    void helpListsBackgroundAndScenarioDefaults() {
        StringWriter out = new StringWriter();
        CommandLine commandLine = CommandLines.create(new GeneratorMain(Map.of()));
        commandLine.setOut(new PrintWriter(out));

        int exitCode = commandLine.execute("--help");

        String help = out.toString().replaceAll("\\s+", " ");
        assertEquals(0, exitCode);
        List<String> expected = List.of("--accounts=N", "Default: 100000", "Default: lognormal", "Default: 1.5",
                "--original-distribution", "--accounts 1000 --amounts uniform", "0.067 % of transfers",
                "--scenarios-per-minute=R", "Default: 1000000", "Default: 8000", "Default: 9999.99", "Default: 10m",
                "background and scenario records together");
        for (String text : expected) {
            assertTrue(help.contains(text), "help contains '" + text + "': " + help);
        }
    }

    private static int run(StringWriter err, String... arguments) {
        List<String> all = new ArrayList<>(List.of("--broker", NO_BROKER, "--startup-timeout", "1"));
        all.addAll(List.of(arguments));
        CommandLine commandLine = CommandLines.create(new GeneratorMain(Map.of()));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(all.toArray(String[]::new));
    }
}

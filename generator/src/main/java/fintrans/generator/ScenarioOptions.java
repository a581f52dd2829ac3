package fintrans.generator;

import java.math.BigDecimal;
import java.time.Duration;

import fintrans.common.Amounts;
import fintrans.common.DurationText;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The generator's options for injected laundering scenarios. */
final class ScenarioOptions {
    /**
     * The maximum number of scenario transfers planned and held in memory at once: the running scenarios,
     * at most {@code scenariosPerMinute * durationInMinutes + 1}, times the transfers of each.
     */
    static final long MAX_PLANNED_TRANSFERS = 1_000_000;

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(names = "--scenarios-per-minute", defaultValue = "0", paramLabel = "R",
            description = "Laundering scenarios started per minute (a decimal), the first one at start; 0 injects "
                    + "none. Their transfers are records on top of --rate and carry the headers "
                    + "fintrans-scenario-id and fintrans-scenario-kind. Default: ${DEFAULT-VALUE}.")
    private double perMinute;

    @Option(names = "--scenario-amount", defaultValue = "1000000", paramLabel = "DOLLARS",
            converter = DollarsConverter.class,
            description = "Amount that the source of each scenario sends in total, in dollars, at most "
                    + "1000000000. Default: ${DEFAULT-VALUE}.")
    private long amountCents;

    @Option(names = "--scenario-min-transfer", defaultValue = "8000", paramLabel = "DOLLARS",
            converter = DollarsConverter.class,
            description = "Smallest scenario transfer in dollars, greater than 0. Default: ${DEFAULT-VALUE}.")
    private long minTransferCents;

    @Option(names = "--scenario-max-transfer", defaultValue = "9999.99", paramLabel = "DOLLARS",
            converter = DollarsConverter.class,
            description = "Largest scenario transfer in dollars. Default: ${DEFAULT-VALUE}.")
    private long maxTransferCents;

    @Option(names = "--scenario-duration", defaultValue = "10m", paramLabel = "DURATION",
            converter = DurationText.Converter.class,
            description = "Time over which the transfers of each scenario are spread evenly: a whole number and a "
                    + "unit (ms, s, m, h or d), such as 30s, 10m or 2h, at most 7d; 0s sends them all at once. "
                    + "Default: ${DEFAULT-VALUE}.")
    private Duration duration;

    /** Returns true when {@code --scenarios-per-minute} is not 0; {@link #planner} rejects invalid rates. */
    boolean enabled() {
        return perMinute != 0;
    }

    double perMinute() {
        return perMinute;
    }

    /**
     * Checks the options and returns the planner of the scenarios.
     *
     * @param accounts size of the account population the sources and targets are drawn from
     * @throws ParameterException naming the option when a value is invalid or the values do not fit together
     */
    ScenarioPlanner planner(long seed, int accounts) {
        ScenarioSettings settings = settings();
        int transfers = settings.transferCount();
        if (accounts - 1 < transfers) {
            throw invalid("--accounts " + accounts + " is too small for scenarios of " + transfers + " transfers, "
                    + "because a structuring-many-targets scenario sends each to another account; use --accounts "
                    + (transfers + 1) + " or more, or a smaller --scenario-amount");
        }
        double running = Math.floor(perMinute * duration.toNanos() / 60e9) + 1;
        if (running * transfers > MAX_PLANNED_TRANSFERS) {
            throw invalid("--scenarios-per-minute " + plain(perMinute) + " with --scenario-duration "
                    + DurationText.format(duration) + " runs up to " + (long) running + " scenarios of " + transfers
                    + " transfers at once; at most " + MAX_PLANNED_TRANSFERS + " planned transfers are allowed. "
                    + "Lower the rate, the duration or --scenario-amount");
        }
        return new ScenarioPlanner(seed, accounts, settings);
    }

    private ScenarioSettings settings() {
        if (!(perMinute > 0) || Double.isInfinite(perMinute)) {
            throw invalid("invalid --scenarios-per-minute " + plain(perMinute) + ": expected a number of scenarios per "
                    + "minute, 0 or more, such as 2 or 0.5");
        }
        if (amountCents <= 0 || amountCents > ScenarioSettings.MAX_AMOUNT_CENTS) {
            throw invalid("invalid --scenario-amount " + dollars(amountCents) + ": expected 0.01 to "
                    + dollars(ScenarioSettings.MAX_AMOUNT_CENTS));
        }
        if (minTransferCents <= 0) {
            throw invalid("invalid --scenario-min-transfer " + dollars(minTransferCents) + ": expected more than 0");
        }
        if (minTransferCents > maxTransferCents) {
            throw invalid("invalid --scenario-min-transfer " + dollars(minTransferCents)
                    + " and --scenario-max-transfer " + dollars(maxTransferCents)
                    + ": the minimum is greater than the maximum");
        }
        if (duration.compareTo(ScenarioSettings.MAX_DURATION) > 0) {
            throw invalid("invalid --scenario-duration " + DurationText.format(duration) + ": expected at most "
                    + DurationText.format(ScenarioSettings.MAX_DURATION));
        }

        long minCount = ScenarioSettings.minTransferCount(amountCents, maxTransferCents);
        long maxCount = ScenarioSettings.maxTransferCount(amountCents, minTransferCents);
        if (maxCount == 0) {
            throw invalid("--scenario-amount " + dollars(amountCents) + " is smaller than --scenario-min-transfer "
                    + dollars(minTransferCents) + "; raise the amount or lower the minimum transfer");
        }
        if (minCount > maxCount) {
            String verb = maxCount == 1 ? " carries" : " carry";
            throw invalid("--scenario-amount " + dollars(amountCents) + " cannot be split into transfers of "
                    + dollars(minTransferCents) + " to " + dollars(maxTransferCents) + ": " + transfers(maxCount) + verb
                    + " at most " + dollars(maxCount * maxTransferCents) + " and " + transfers(minCount) + " at least "
                    + dollars(minCount * minTransferCents) + ". Change the amount or the transfer range");
        }
        if (minCount > ScenarioSettings.MAX_TRANSFERS) {
            throw invalid("--scenario-amount " + dollars(amountCents) + " needs at least " + minCount + " transfers of "
                    + "at most " + dollars(maxTransferCents) + "; a scenario has at most "
                    + ScenarioSettings.MAX_TRANSFERS + " transfers");
        }
        return new ScenarioSettings(amountCents, minTransferCents, maxTransferCents, duration);
    }

    /** Formats a finite number without a trailing {@code .0}, as a user would type it. */
    static String plain(double number) {
        return Double.isFinite(number) ? BigDecimal.valueOf(number).stripTrailingZeros().toPlainString()
                : Double.toString(number);
    }

    private static String transfers(long count) {
        return count == 1 ? "1 transfer" : count + " transfers";
    }

    private static String dollars(long cents) {
        return Amounts.formatDollars(cents);
    }

    private ParameterException invalid(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}

package fintrans.generator;

import java.util.List;

import fintrans.common.Amounts;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** The generator's options for the background traffic: the account population and the amounts. */
final class BackgroundOptions {
    private static final List<String> REPLACED_BY_ORIGINAL =
            List.of("--accounts", "--amounts", "--median-amount", "--amount-sigma");

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(names = "--accounts", defaultValue = "100000", paramLabel = "N",
            description = "Accounts in the population, 2 or more; their ids are 0 to N-1. Default: ${DEFAULT-VALUE}.")
    private int accounts;

    @Option(names = "--amounts", defaultValue = "lognormal", paramLabel = "uniform|lognormal",
            converter = AmountModelConverter.class,
            description = {"Distribution of background amounts. 'lognormal' draws whole cents from a log-normal "
                    + "distribution set by --median-amount and --amount-sigma, at most $1000000. At the defaults "
                    + "0.067 %% of transfers (about 1 in 1,490, computed from the distribution) are in the band "
                    + "$8000 to $9999.99 just under the $10000 reporting limit. 'uniform' draws whole dollars from $0 "
                    + "to $9999 as the original demo, which puts 20 %% of transfers in that band. "
                    + "Default: ${DEFAULT-VALUE}."})
    private AmountModel amounts;

    @Option(names = "--median-amount", defaultValue = "100", paramLabel = "DOLLARS", converter = DollarsConverter.class,
            description = "Median of the log-normal amounts in dollars, 0.01 to 1000000. Default: ${DEFAULT-VALUE}.")
    private long medianCents;

    @Option(names = "--amount-sigma", defaultValue = "1.5", paramLabel = "S",
            description = "Shape of the log-normal amounts: the standard deviation of their natural logarithm, "
                    + "greater than 0. Larger values give more small and more very large transfers. "
                    + "Default: ${DEFAULT-VALUE}.")
    private double sigma;

    @Option(names = "--original-distribution",
            description = "The original demo's background, a shorthand for --accounts 1000 --amounts uniform: "
                    + "accounts 0 to 999 and whole dollars from $0 to $9999. Cannot be combined with --accounts, "
                    + "--amounts, --median-amount or --amount-sigma.")
    private boolean originalDistribution;

    /**
     * Checks the options and returns the background transactions drawn from {@code seed}.
     *
     * @throws ParameterException naming the option when a value is invalid or options conflict
     */
    RandomTransactions transactions(long seed) {
        if (originalDistribution) {
            for (String option : REPLACED_BY_ORIGINAL) {
                if (matched(option)) {
                    throw invalid("--original-distribution sets --accounts 1000 --amounts uniform; remove " + option
                            + " or --original-distribution");
                }
            }
            return RandomTransactions.original(seed);
        }
        if (accounts < 2) {
            throw invalid("invalid --accounts " + accounts + ": expected 2 or more, because a transfer never goes "
                    + "to its own source");
        }
        return new RandomTransactions(seed, accounts, amountDistribution());
    }

    private AmountDistribution amountDistribution() {
        if (amounts == AmountModel.UNIFORM) {
            for (String option : List.of("--median-amount", "--amount-sigma")) {
                if (matched(option)) {
                    throw invalid(option + " applies only to --amounts lognormal; remove it or use --amounts "
                            + "lognormal");
                }
            }
            return new UniformDollars();
        }
        if (medianCents <= 0 || medianCents > LogNormalAmounts.MAX_CENTS) {
            throw invalid("invalid --median-amount " + Amounts.formatDollars(medianCents) + ": expected 0.01 to "
                    + Amounts.formatDollars(LogNormalAmounts.MAX_CENTS));
        }
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw invalid("invalid --amount-sigma " + ScenarioOptions.plain(sigma)
                    + ": expected a number greater than 0, such as 1.5");
        }
        return new LogNormalAmounts(medianCents, sigma);
    }

    private boolean matched(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    private ParameterException invalid(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** The values of {@code --amounts}. */
    enum AmountModel {
        UNIFORM,
        LOGNORMAL
    }

    /** Reads {@code uniform} or {@code lognormal}, in any letter case. */
    static final class AmountModelConverter implements ITypeConverter<AmountModel> {
        @Override
        public AmountModel convert(String value) {
            for (AmountModel model : AmountModel.values()) {
                if (model.name().equalsIgnoreCase(value.strip())) {
                    return model;
                }
            }
            throw new TypeConversionException("'" + value + "' is not an amount distribution; expected uniform or "
                    + "lognormal");
        }
    }
}

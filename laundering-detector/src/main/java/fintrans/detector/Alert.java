package fintrans.detector;

import fintrans.common.Amounts;

/** A pair of accounts whose running total exceeded the alert threshold. */
public record Alert(String source, String target, long totalCents) {
    /** The alert line's fixed prefix, kept from the original demo so existing log watchers still match. */
    public static final String PREFIX = "POTENTIAL MONEY LAUNDERING:";
    private static final String BOLD_RED = "\u001b[1;31m";
    private static final String RESET = "\u001b[0m";

    /** The line printed on stdout: {@code POTENTIAL MONEY LAUNDERING: 516 -> 482 totalling 8644 now}. */
    public String line() {
        return PREFIX + " " + description();
    }

    /** The same line with the prefix in bold red, for development output on a terminal. */
    public String colouredLine() {
        return BOLD_RED + PREFIX + RESET + " " + description();
    }

    private String description() {
        return source + " -> " + target + " totalling " + Amounts.formatDollars(totalCents) + " now";
    }
}

package fintrans.detector;

import java.io.PrintStream;
import java.time.Duration;

import fintrans.common.Amounts;
import fintrans.common.DurationText;
import fintrans.common.alert.AlertRecord;

/**
 * Writes alert lines to stdout, the detector's output contract. The pair rule keeps the original demo's
 * line, {@code POTENTIAL MONEY LAUNDERING: 516 -> 482 totalling 8644 now}; the structuring rule prints
 * {@code POTENTIAL STRUCTURING: 516 sent 3 transfers totalling 27000.50 within 24h}.
 */
final class AlertPrinter {
    static final String PAIR_PREFIX = "POTENTIAL MONEY LAUNDERING:";
    static final String STRUCTURING_PREFIX = "POTENTIAL STRUCTURING:";
    private static final String BOLD_RED = "\u001b[1;31m";
    private static final String RESET = "\u001b[0m";

    private final PrintStream out;
    private final boolean coloured;
    private final String windowText;

    /**
     * @param window the rules' window, null when unbounded
     * @param coloured print the prefix in bold red, as the original's development output did
     */
    AlertPrinter(PrintStream out, Duration window, boolean coloured) {
        this.out = out;
        this.coloured = coloured;
        this.windowText = window == null ? "an unbounded window" : DurationText.format(window);
    }

    void print(AlertRecord alert) {
        out.println(line(alert));
    }

    /** Formats the line of {@code alert}. */
    String line(AlertRecord alert) {
        String total = Amounts.formatDollars(alert.totalCents());
        if (alert.rule() == AlertRecord.Rule.PAIR_TOTAL) {
            return prefix(PAIR_PREFIX) + " " + alert.source() + " -> " + alert.target() + " totalling " + total + " now";
        }
        return prefix(STRUCTURING_PREFIX) + " " + alert.source() + " sent " + alert.count() + " transfers totalling "
                + total + " within " + windowText;
    }

    /**
     * Writes out buffered lines.
     *
     * @throws IllegalStateException when stdout cannot be written, for example a closed pipe
     */
    void flush() {
        out.flush();
        if (out.checkError()) {
            throw new IllegalStateException("Writing alert lines to stdout failed");
        }
    }

    private String prefix(String prefix) {
        return coloured ? BOLD_RED + prefix + RESET : prefix;
    }
}

package fintrans.detector.rules;

import java.time.Duration;

import fintrans.common.Amounts;

/**
 * The detector's rule parameters.
 *
 * @param thresholdCents the pair rule fires when a pair's windowed total is strictly greater than this
 * @param window how far back in event time transfers count; null for the original's unbounded totals
 * @param repeatAlerts alert on every transfer while above the threshold, as the original did, instead of
 *     once per crossing
 * @param structuringLimitCents the reporting limit that structured transfers stay under
 * @param structuringLowerCents the smallest transfer that counts as just under the limit
 * @param structuringMinTransfers how many such transfers within the window raise a structuring alert
 */
public record RuleSettings(long thresholdCents, Duration window, boolean repeatAlerts, long structuringLimitCents,
        long structuringLowerCents, int structuringMinTransfers) {

    /** The defaults: $8,000 threshold, 24 h window, $10,000 limit, band from 80 % of it, three transfers. */
    public static final RuleSettings DEFAULTS = new RuleSettings(800_000, Duration.ofHours(24), false, 1_000_000,
            800_000, 3);

    public RuleSettings {
        if (thresholdCents < 0) {
            throw new IllegalArgumentException("threshold must not be negative: " + Amounts.formatDollars(thresholdCents));
        }
        if (window != null && (window.isNegative() || window.isZero())) {
            throw new IllegalArgumentException("window must be longer than 0, got " + window);
        }
        if (structuringLowerCents < 0 || structuringLowerCents >= structuringLimitCents) {
            throw new IllegalArgumentException("the structuring band must start at 0 or more and below the limit "
                    + Amounts.formatDollars(structuringLimitCents) + ", got " + Amounts.formatDollars(structuringLowerCents));
        }
        if (structuringMinTransfers < 1) {
            throw new IllegalArgumentException("structuring needs at least 1 transfer, got " + structuringMinTransfers);
        }
    }

    /** The window in milliseconds, {@code Long.MAX_VALUE} when unbounded. */
    public long windowMillis() {
        return window == null ? Long.MAX_VALUE : window.toMillis();
    }

    public boolean unbounded() {
        return window == null;
    }
}

package fintrans.detector.rules;

import fintrans.common.alert.AlertRecord.Rule;

/**
 * A rule firing on one transfer: what the rule counted in its window when the transfer arrived.
 *
 * @param target the target account for {@link Rule#PAIR_TOTAL}, null for {@link Rule#STRUCTURING}
 * @param windowStartMillis the exclusive start of the window in event time, or {@code Long.MIN_VALUE}
 *     when the window is unbounded
 */
public record RuleHit(Rule rule, String source, String target, long totalCents, int count, long limitCents,
        long windowStartMillis) {
}

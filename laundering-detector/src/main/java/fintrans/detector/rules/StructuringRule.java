package fintrans.detector.rules;

import fintrans.common.alert.AlertRecord.Rule;

/**
 * The structuring rule: per source account, the transfers just under the reporting limit (from the
 * band's lower bound, inclusive, to the limit, exclusive) to any targets within the window. It alerts
 * when there are at least the minimum number of them and their sum exceeds the limit, which is how a
 * large amount split to avoid a report looks. One alert per crossing, like the pair rule.
 */
final class StructuringRule {
    private final long limitCents;
    private final long lowerCents;
    private final boolean repeatAlerts;
    private final KeyedWindows<String> windows;

    StructuringRule(RuleSettings settings) {
        this.limitCents = settings.structuringLimitCents();
        this.lowerCents = settings.structuringLowerCents();
        this.repeatAlerts = settings.repeatAlerts();
        int minTransfers = settings.structuringMinTransfers();
        this.windows = new KeyedWindows<>(settings.windowMillis(),
                (total, count) -> count >= minTransfers && total > limitCents);
    }

    /** Adds a transfer when it is in the band; returns the alert it raises, or null. */
    RuleHit apply(String source, long cents, long time) {
        if (cents < lowerCents || cents >= limitCents) {
            return null;
        }
        KeyedWindows.Entry entry = windows.add(source, time, cents);
        boolean above = windows.isAbove(entry);
        boolean alert = above && (repeatAlerts || !entry.above);
        entry.above = above;
        if (!alert) {
            return null;
        }
        return new RuleHit(Rule.STRUCTURING, source, null, entry.totalCents(), entry.count(), limitCents,
                windows.cutoff(time));
    }

    void expire(long watermark) {
        windows.expire(watermark);
    }

    int sources() {
        return windows.keys();
    }

    long transfers() {
        return windows.transfers();
    }
}

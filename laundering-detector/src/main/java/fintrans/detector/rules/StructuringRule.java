package fintrans.detector.rules;

import fintrans.common.alert.AlertRecord.Rule;

/**
 * The structuring rule: per source account, the transfers just under the reporting limit (from the
 * band's lower bound, inclusive, to the limit, exclusive) to any targets within the window. It alerts
 * when there are at least the minimum number of them and their sum exceeds the limit, which is how a
 * large amount split to avoid a report looks. One alert per crossing, like the pair rule.
 *
 * <p>A source is keyed by its account id, and holds a reference to it while its record exists.
 */
final class StructuringRule {
    private final long limitCents;
    private final long lowerCents;
    private final boolean repeatAlerts;
    private final KeyedWindows windows;

    StructuringRule(RuleSettings settings, AccountIds accounts) {
        this.limitCents = settings.structuringLimitCents();
        this.lowerCents = settings.structuringLowerCents();
        this.repeatAlerts = settings.repeatAlerts();
        int minTransfers = settings.structuringMinTransfers();
        this.windows = new KeyedWindows(settings.windowMillis(),
                (total, count) -> count >= minTransfers && total > limitCents,
                new KeyedWindows.KeyListener() {
                    @Override
                    public void created(long key) {
                        accounts.retain((int) key);
                    }

                    @Override
                    public void freed(long key) {
                        accounts.release((int) key);
                    }
                });
    }

    /** Returns whether a transfer of {@code cents} lies in the band, so that this rule counts it. */
    boolean inBand(long cents) {
        return cents >= lowerCents && cents < limitCents;
    }

    /**
     * Adds a transfer from the account with id {@code sourceId} when it is in the band; returns the alert
     * it raises, or null. The name is only copied into the alert.
     */
    RuleHit apply(int sourceId, String source, long cents, long time) {
        if (!inBand(cents)) {
            return null;
        }
        int record = windows.add(sourceId, time, cents);
        boolean above = windows.isAbove(record);
        boolean alert = above && (repeatAlerts || !windows.wasAbove(record));
        windows.setAbove(record, above);
        if (!alert) {
            return null;
        }
        return new RuleHit(Rule.STRUCTURING, source, null, windows.totalCents(record), windows.count(record),
                limitCents, windows.cutoff(time));
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

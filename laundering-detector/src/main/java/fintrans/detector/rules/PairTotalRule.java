package fintrans.detector.rules;

import fintrans.common.alert.AlertRecord.Rule;

/**
 * The pair rule: the total a source sent to one target within the window, and an alert when it is
 * strictly greater than the threshold. One alert per crossing: the pair alerts again only after its
 * total has fallen back to the threshold or below, unless repeated alerts are on, which restores the
 * original demo's alert on every transfer above the threshold.
 *
 * <p>A pair is keyed by the account ids of its source (high 32 bits) and target (low 32 bits); each pair
 * holds a reference to both ids while its record exists.
 */
final class PairTotalRule {
    private final long thresholdCents;
    private final boolean repeatAlerts;
    private final KeyedWindows windows;

    PairTotalRule(RuleSettings settings, AccountIds accounts) {
        this.thresholdCents = settings.thresholdCents();
        this.repeatAlerts = settings.repeatAlerts();
        this.windows = new KeyedWindows(settings.windowMillis(), (total, count) -> total > thresholdCents,
                new KeyedWindows.KeyListener() {
                    @Override
                    public void created(long key) {
                        accounts.retain(sourceId(key));
                        accounts.retain(targetId(key));
                    }

                    @Override
                    public void freed(long key) {
                        accounts.release(sourceId(key));
                        accounts.release(targetId(key));
                    }
                });
    }

    /**
     * Adds a transfer between the accounts with ids {@code sourceId} and {@code targetId}; returns the
     * alert it raises, or null. The names are only copied into the alert.
     */
    RuleHit apply(int sourceId, int targetId, String source, String target, long cents, long time) {
        int record = windows.add(pairKey(sourceId, targetId), time, cents);
        boolean above = windows.isAbove(record);
        boolean alert = above && (repeatAlerts || !windows.wasAbove(record));
        windows.setAbove(record, above);
        if (!alert) {
            return null;
        }
        return new RuleHit(Rule.PAIR_TOTAL, source, target, windows.totalCents(record), windows.count(record),
                thresholdCents, windows.cutoff(time));
    }

    void expire(long watermark) {
        windows.expire(watermark);
    }

    /** Returns the pair's total in the window in cents, 0 for a pair without transfers in it. */
    long totalCents(int sourceId, int targetId) {
        int record = windows.find(pairKey(sourceId, targetId));
        return record == RecordTable.ABSENT ? 0 : windows.totalCents(record);
    }

    int pairs() {
        return windows.keys();
    }

    long transfers() {
        return windows.transfers();
    }

    static long pairKey(int sourceId, int targetId) {
        return ((long) sourceId << 32) | (targetId & 0xFFFF_FFFFL);
    }

    private static int sourceId(long key) {
        return (int) (key >>> 32);
    }

    private static int targetId(long key) {
        return (int) key;
    }
}

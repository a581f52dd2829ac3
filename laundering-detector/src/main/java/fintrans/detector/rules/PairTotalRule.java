package fintrans.detector.rules;

import fintrans.common.alert.AlertRecord.Rule;

/**
 * The pair rule: the total a source sent to one target within the window, and an alert when it is
 * strictly greater than the threshold. One alert per crossing: the pair alerts again only after its
 * total has fallen back to the threshold or below, unless repeated alerts are on, which restores the
 * original demo's alert on every transfer above the threshold.
 */
final class PairTotalRule {
    private final long thresholdCents;
    private final boolean repeatAlerts;
    private final KeyedWindows<Pair> windows;

    PairTotalRule(RuleSettings settings) {
        this.thresholdCents = settings.thresholdCents();
        this.repeatAlerts = settings.repeatAlerts();
        this.windows = new KeyedWindows<>(settings.windowMillis(), (total, count) -> total > thresholdCents);
    }

    /** Adds a transfer; returns the alert it raises, or null. */
    RuleHit apply(String source, String target, long cents, long time) {
        KeyedWindows.Entry entry = windows.add(new Pair(source, target), time, cents);
        boolean above = windows.isAbove(entry);
        boolean alert = above && (repeatAlerts || !entry.above);
        entry.above = above;
        if (!alert) {
            return null;
        }
        return new RuleHit(Rule.PAIR_TOTAL, source, target, entry.totalCents(), entry.count(), thresholdCents,
                windows.cutoff(time));
    }

    void expire(long watermark) {
        windows.expire(watermark);
    }

    long totalCents(String source, String target) {
        KeyedWindows.Entry entry = windows.get(new Pair(source, target));
        return entry == null ? 0 : entry.totalCents();
    }

    int pairs() {
        return windows.keys();
    }

    long transfers() {
        return windows.transfers();
    }

    private record Pair(String source, String target) {
    }
}

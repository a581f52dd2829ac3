package fintrans.detector;

/**
 * The metadata string committed with each offset: the group's watermark, the latest event time the
 * detector had applied, as {@code watermark=<epoch millis>}. After a restart or a rebalance the new owner
 * replays from one window before it.
 */
final class CommitMetadata {
    private static final String PREFIX = "watermark=";

    private CommitMetadata() {
    }

    static String of(long watermarkMillis) {
        return PREFIX + watermarkMillis;
    }

    /** Returns the watermark in {@code metadata}, or {@code Long.MIN_VALUE} when there is none or it is invalid. */
    static long watermark(String metadata) {
        if (metadata == null || !metadata.startsWith(PREFIX)) {
            return Long.MIN_VALUE;
        }
        try {
            return Long.parseLong(metadata.substring(PREFIX.length()));
        } catch (NumberFormatException e) {
            return Long.MIN_VALUE;
        }
    }
}

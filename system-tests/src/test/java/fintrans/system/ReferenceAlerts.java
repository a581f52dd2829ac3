package fintrans.system;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An independent statement of the detector's two rules at their defaults, used to check its output,
 * for inputs that span less than the 24 h window so that nothing expires:
 * <ul>
 *   <li>pair rule: a running total per (source, target) pair; the line
 *       {@code POTENTIAL MONEY LAUNDERING: s -> t totalling x now} once, on the transfer after which the
 *       total is first strictly greater than the threshold;</li>
 *   <li>structuring rule: per source, the transfers from $8,000 up to, not including, $10,000; the line
 *       {@code POTENTIAL STRUCTURING: s sent n transfers totalling x within 24h} once, on the transfer
 *       after which there are at least three whose sum is greater than $10,000.</li>
 * </ul>
 * Transfers are taken in event-time order, ties broken by city order and then offset, which is the order
 * the detector documents.
 */
final class ReferenceAlerts {
    private static final long LIMIT_CENTS = 1_000_000;
    private static final long BAND_LOWER_CENTS = 800_000;
    private static final int MIN_TRANSFERS = 3;

    private final long thresholdCents;
    private final List<Transfer> transfers = new ArrayList<>();

    ReferenceAlerts(long thresholdCents) {
        this.thresholdCents = thresholdCents;
    }

    private record Transfer(long timestamp, int city, long offset, String source, String target, long cents) {
    }

    void add(long timestamp, int cityOrder, long offset, String source, String target, long cents) {
        transfers.add(new Transfer(timestamp, cityOrder, offset, source, target, cents));
    }

    /** Returns the expected alert lines, sorted. */
    List<String> lines() {
        List<Transfer> ordered = new ArrayList<>(transfers);
        ordered.sort(Comparator.comparingLong(Transfer::timestamp).thenComparingInt(Transfer::city)
                .thenComparingLong(Transfer::offset));

        Map<String, Long> pairTotals = new HashMap<>();
        Set<String> pairsAlerted = new HashSet<>();
        Map<String, long[]> bandBySource = new HashMap<>();
        Set<String> sourcesAlerted = new HashSet<>();
        List<String> lines = new ArrayList<>();
        for (Transfer transfer : ordered) {
            String pair = transfer.source() + " -> " + transfer.target();
            long total = pairTotals.merge(pair, transfer.cents(), Long::sum);
            if (total > thresholdCents && pairsAlerted.add(pair)) {
                lines.add("POTENTIAL MONEY LAUNDERING: " + pair + " totalling " + dollars(total) + " now");
            }
            if (transfer.cents() >= BAND_LOWER_CENTS && transfer.cents() < LIMIT_CENTS) {
                long[] band = bandBySource.computeIfAbsent(transfer.source(), source -> new long[2]);
                band[0]++;
                band[1] += transfer.cents();
                if (band[0] >= MIN_TRANSFERS && band[1] > LIMIT_CENTS && sourcesAlerted.add(transfer.source())) {
                    lines.add("POTENTIAL STRUCTURING: " + transfer.source() + " sent " + band[0]
                            + " transfers totalling " + dollars(band[1]) + " within 24h");
                }
            }
        }
        lines.sort(Comparator.naturalOrder());
        return lines;
    }

    private static String dollars(long cents) {
        return cents % 100 == 0 ? Long.toString(cents / 100) : String.format("%d.%02d", cents / 100, cents % 100);
    }
}

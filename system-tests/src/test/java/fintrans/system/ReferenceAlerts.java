package fintrans.system;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An independent statement of the detector's rule, used to check its output: a running total per
 * (source, target) pair, and the line {@code POTENTIAL MONEY LAUNDERING: s -> t totalling x now} for every
 * transfer after which the total is strictly greater than the threshold.
 *
 * <p>A pair's transfers in one city topic share a partition (records are keyed by source), so their
 * order is fixed; transfers of one pair in several topics may be processed in any interleaving. The
 * detector's lines for a pair are correct when they equal those of one interleaving.
 */
final class ReferenceAlerts {
    /** Above this many interleavings of one pair the check gives up instead of running for long. */
    private static final int MAX_INTERLEAVINGS = 100_000;

    private final long thresholdCents;
    /** Per pair, per topic, the amounts in cents in partition order. */
    private final Map<String, Map<String, List<Long>>> transfers = new LinkedHashMap<>();

    ReferenceAlerts(long thresholdCents) {
        this.thresholdCents = thresholdCents;
    }

    /** Adds a valid transfer; call in offset order within each partition. */
    void add(String topic, String source, String target, long amountCents) {
        transfers.computeIfAbsent(source + " -> " + target, pair -> new LinkedHashMap<>())
                .computeIfAbsent(topic, t -> new ArrayList<>())
                .add(amountCents);
    }

    Set<String> pairs() {
        return transfers.keySet();
    }

    /** Returns every alert sequence the rule allows for {@code pair}, one per distinct interleaving. */
    Set<List<String>> allowedLines(String pair) {
        List<List<Long>> sequences = new ArrayList<>(transfers.get(pair).values());
        Set<List<String>> allowed = new HashSet<>();
        interleave(pair, sequences, new int[sequences.size()], 0, new ArrayList<>(), allowed, new int[] {0});
        return allowed;
    }

    private void interleave(String pair, List<List<Long>> sequences, int[] positions, long total, List<String> lines,
            Set<List<String>> allowed, int[] visited) {
        boolean anyLeft = false;
        for (int i = 0; i < sequences.size(); i++) {
            if (positions[i] == sequences.get(i).size()) {
                continue;
            }
            anyLeft = true;
            long newTotal = total + sequences.get(i).get(positions[i]);
            positions[i]++;
            boolean alert = newTotal > thresholdCents;
            if (alert) {
                lines.add("POTENTIAL MONEY LAUNDERING: " + pair + " totalling " + dollars(newTotal) + " now");
            }
            interleave(pair, sequences, positions, newTotal, lines, allowed, visited);
            if (alert) {
                lines.remove(lines.size() - 1);
            }
            positions[i]--;
        }
        if (!anyLeft) {
            if (++visited[0] > MAX_INTERLEAVINGS) {
                throw new IllegalStateException("pair " + pair + " has too many interleavings to check");
            }
            allowed.add(List.copyOf(lines));
        }
    }

    private static String dollars(long cents) {
        return cents % 100 == 0 ? Long.toString(cents / 100) : String.format("%d.%02d", cents / 100, cents % 100);
    }
}

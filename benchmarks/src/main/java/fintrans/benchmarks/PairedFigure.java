package fintrans.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A throughput figure measured in alternating rounds: in each round our service and the reference
 * process the same number of records, one after the other. The ratio is the median of the rounds'
 * ratios (ours divided by the reference), so slow phases of a shared machine affect both sides of a
 * round alike.
 */
final class PairedFigure {
    private final String name;
    private final String referenceName;
    private final double targetRatio;
    private final List<Double> ours = new ArrayList<>();
    private final List<Double> reference = new ArrayList<>();

    PairedFigure(String name, String referenceName, double targetRatio) {
        this.name = name;
        this.referenceName = referenceName;
        this.targetRatio = targetRatio;
    }

    void addRound(double oursPerSecond, double referencePerSecond) {
        ours.add(oursPerSecond);
        reference.add(referencePerSecond);
    }

    boolean isEmpty() {
        return ours.isEmpty();
    }

    double medianRatio() {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < ours.size(); i++) {
            ratios.add(ours.get(i) / reference.get(i));
        }
        return median(ratios);
    }

    /** Formats one line: the medians, the ratio and whether it meets the target. */
    String summaryLine() {
        double ratio = medianRatio();
        return String.format(Locale.ROOT, "%-22s %,12.0f /s  %-28s %,12.0f /s  ratio %.2f  (target >= %.1f: %s)",
                name, median(ours), referenceName, median(reference), ratio, targetRatio,
                ratio >= targetRatio ? "met" : "NOT met");
    }

    /** Formats one line with every round's figures, in the order they ran. */
    String roundsLine() {
        List<String> rounds = new ArrayList<>();
        for (int i = 0; i < ours.size(); i++) {
            rounds.add(String.format(Locale.ROOT, "%,.0f vs %,.0f", ours.get(i), reference.get(i)));
        }
        return String.format(Locale.ROOT, "%-22s rounds (ours vs reference, records/s): %s", name,
                rounds.stream().collect(Collectors.joining("; ")));
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}

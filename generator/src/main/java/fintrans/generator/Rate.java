package fintrans.generator;

/**
 * How many transactions per second the generator sends; {@link #MAX} sends as fast as the broker
 * accepts them.
 */
public record Rate(double perSecond) {
    public static final Rate MAX = new Rate(Double.POSITIVE_INFINITY);
    public static final Rate DEFAULT = new Rate(10);

    public Rate {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("rate must be greater than 0, got " + perSecond);
        }
    }

    public boolean isMax() {
        return Double.isInfinite(perSecond);
    }

    /** Nanoseconds between two transactions; 0 for {@link #MAX}. */
    public long intervalNanos() {
        return isMax() ? 0 : Math.max(1, Math.round(1e9 / perSecond));
    }

    @Override
    public String toString() {
        return isMax() ? "max" : perSecond + " tx/s";
    }

    /**
     * Parses the {@code --rate} value: a decimal number of transactions per second greater than 0, or
     * {@code max}.
     */
    public static Rate parse(String text) {
        if (text.strip().equalsIgnoreCase("max")) {
            return MAX;
        }
        double perSecond;
        try {
            perSecond = Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            perSecond = Double.NaN;
        }
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("invalid --rate '" + text + "': expected transactions per second"
                    + " greater than 0, such as 10 or 0.5, or 'max' for as fast as the broker accepts");
        }
        return new Rate(perSecond);
    }

    /**
     * Chooses the rate from {@code --rate} and the original demo's {@code GEN_WAIT_SEC} (seconds between
     * two transactions). {@code --rate} wins when both are set; {@code GEN_WAIT_SEC=0} means no wait.
     *
     * @param rateOption the {@code --rate} value, or null when not given
     * @param genWaitSec the {@code GEN_WAIT_SEC} value, or null when not set
     */
    public static Rate resolve(String rateOption, String genWaitSec) {
        if (rateOption != null) {
            return parse(rateOption);
        }
        if (genWaitSec == null || genWaitSec.isBlank()) {
            return DEFAULT;
        }
        double seconds;
        try {
            seconds = Double.parseDouble(genWaitSec.strip());
        } catch (NumberFormatException e) {
            seconds = Double.NaN;
        }
        if (!(seconds >= 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException("invalid GEN_WAIT_SEC '" + genWaitSec + "': expected the seconds"
                    + " between two transactions, 0 or more, such as 2 or 0.1; or unset it and use --rate");
        }
        return seconds == 0 ? MAX : new Rate(1 / seconds);
    }
}

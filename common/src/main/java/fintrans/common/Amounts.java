package fintrans.common;

/**
 * Conversion between dollar amounts as text and whole cents held in a {@code long}.
 *
 * <p>Text amounts are non-negative decimals with at most two fraction digits ({@code 6789},
 * {@code 6789.5}, {@code 6789.50}). No sign, exponent, grouping or surrounding space is accepted,
 * because a value that needs guessing is more likely a producer bug than a transaction.
 */
public final class Amounts {
    /** The largest amount a {@code long} of cents holds: $92,233,720,368,547,758.07. */
    public static final long MAX_CENTS = Long.MAX_VALUE;

    /** Digits before the decimal point in {@link #MAX_CENTS}; longer integer parts always overflow. */
    private static final int MAX_INTEGER_DIGITS = 17;

    private Amounts() {
    }

    /**
     * Parses a dollar amount into cents.
     *
     * @throws InvalidTransactionException naming the text and the reason when it is not a valid amount
     */
    public static long parseCents(CharSequence text) {
        if (text == null) {
            throw new InvalidTransactionException("amount is missing");
        }
        long cents = parseCentsOrNegative(text, 0, text.length());
        if (cents < 0) {
            throw new InvalidTransactionException(describeInvalid(text.toString(), cents));
        }
        return cents;
    }

    /**
     * Parses {@code text[from, to)} as a dollar amount without allocating.
     *
     * @return the amount in cents, or one of the negative {@code INVALID_*} codes
     */
    static long parseCentsOrNegative(CharSequence text, int from, int to) {
        if (from == to) {
            return INVALID_EMPTY;
        }
        long whole = 0;
        int position = from;
        while (position < to && isDigit(text.charAt(position))) {
            if (position - from == MAX_INTEGER_DIGITS) {
                return INVALID_TOO_LARGE;
            }
            whole = whole * 10 + (text.charAt(position) - '0');
            position++;
        }
        if (position == from) {
            return INVALID_FORMAT;
        }
        long fraction = 0;
        if (position < to) {
            if (text.charAt(position) != '.') {
                return INVALID_FORMAT;
            }
            position++;
            int fractionDigits = to - position;
            if (fractionDigits == 0) {
                return INVALID_FORMAT;
            }
            if (fractionDigits > 2) {
                return allDigits(text, position, to) ? INVALID_PRECISION : INVALID_FORMAT;
            }
            for (; position < to; position++) {
                char c = text.charAt(position);
                if (!isDigit(c)) {
                    return INVALID_FORMAT;
                }
                fraction = fraction * 10 + (c - '0');
            }
            if (fractionDigits == 1) {
                fraction *= 10;
            }
        }
        if (whole > (MAX_CENTS - fraction) / 100) {
            return INVALID_TOO_LARGE;
        }
        return whole * 100 + fraction;
    }

    static final long INVALID_EMPTY = -1;
    static final long INVALID_FORMAT = -2;
    static final long INVALID_PRECISION = -3;
    static final long INVALID_TOO_LARGE = -4;

    /** Builds the error message for an amount that {@link #parseCentsOrNegative} rejected with {@code code}. */
    static String describeInvalid(String text, long code) {
        String quoted = ValueText.quote(text);
        if (code == INVALID_EMPTY) {
            return "amount is empty";
        }
        if (code == INVALID_PRECISION) {
            return "amount " + quoted + " has more than two fraction digits; amounts are whole cents";
        }
        if (code == INVALID_TOO_LARGE) {
            return "amount " + quoted + " is larger than the maximum of " + formatDollars(MAX_CENTS);
        }
        return "amount " + quoted + " is not a non-negative decimal such as 6789 or 6789.50";
    }

    /**
     * Formats cents as dollars: whole amounts without decimals ({@code 8644}), others with exactly two
     * fraction digits ({@code 8644.50}). {@link #parseCents} reads every result back to the same value.
     */
    public static String formatDollars(long cents) {
        StringBuilder text = new StringBuilder(24);
        appendDollars(text, cents);
        return text.toString();
    }

    /** Appends {@link #formatDollars(long)} of {@code cents} to {@code out}. */
    public static void appendDollars(StringBuilder out, long cents) {
        if (cents < 0) {
            out.append('-');
            if (cents == Long.MIN_VALUE) {
                out.append("92233720368547758.08");
                return;
            }
            cents = -cents;
        }
        out.append(cents / 100);
        long fraction = cents % 100;
        if (fraction != 0) {
            out.append('.');
            if (fraction < 10) {
                out.append('0');
            }
            out.append(fraction);
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean allDigits(CharSequence text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}

package fintrans.common;

import java.nio.charset.StandardCharsets;

/**
 * The record value format, kept from the original demo: {@code source target amount}, three fields
 * separated by single spaces, amount in dollars ({@code 396 465 6789} is $6789 from 396 to 465). The
 * city is not in the value: it is the topic.
 *
 * <p>Decoding is strict. Anything but exactly three non-empty fields separated by one space each, valid
 * account ids and a valid amount is rejected with an {@link InvalidTransactionException} naming the
 * value and the reason; nothing is trimmed or rounded.
 */
public final class TransactionCodec {
    /** Maximum length of a valid value: two maximal account ids, two spaces and an amount of at most 24 characters. */
    public static final int MAX_VALUE_BYTES = 2 * Accounts.MAX_LENGTH + 2 + 24;

    private TransactionCodec() {
    }

    /** Formats the record value of {@code transaction}. */
    public static String encode(Transaction transaction) {
        StringBuilder value = new StringBuilder(transaction.source().length() + transaction.target().length() + 12);
        value.append(transaction.source()).append(' ').append(transaction.target()).append(' ');
        Amounts.appendDollars(value, transaction.amountCents());
        return value.toString();
    }

    /** Formats the record value of {@code transaction} as bytes; valid values are ASCII, so these are also UTF-8. */
    public static byte[] encodeBytes(Transaction transaction) {
        return encode(transaction).getBytes(StandardCharsets.US_ASCII);
    }

    /** Decodes a record value read from the topic of {@code city}. */
    public static Transaction decode(City city, String value) {
        return decode(city, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Decodes a record value read from the topic of {@code city}.
     *
     * @throws InvalidTransactionException when the value is null, empty, too long, not UTF-8 or not a
     *     valid transaction; the message quotes the value and says what is wrong
     */
    public static Transaction decode(City city, byte[] value) {
        if (value == null) {
            throw new InvalidTransactionException("invalid transaction: the record value is null");
        }
        if (value.length == 0) {
            throw new InvalidTransactionException("invalid transaction: the record value is empty");
        }
        if (value.length > MAX_VALUE_BYTES) {
            throw invalid(value, "the value is " + value.length + " bytes long; a transaction is at most "
                    + MAX_VALUE_BYTES + " bytes");
        }
        for (byte b : value) {
            if (b < 0) {
                // Any byte of 0x80 or more is outside ASCII, so no account id or amount can contain it.
                throw invalid(value, ValueText.isValidUtf8(value)
                        ? "it contains characters outside ASCII; account ids and amounts are ASCII"
                        : "the value is not valid UTF-8");
            }
        }

        String text = new String(value, StandardCharsets.ISO_8859_1);
        int firstSpace = text.indexOf(' ');
        int secondSpace = firstSpace < 0 ? -1 : text.indexOf(' ', firstSpace + 1);
        boolean twoSpaces = secondSpace >= 0 && text.indexOf(' ', secondSpace + 1) < 0;
        if (!twoSpaces || firstSpace == 0 || secondSpace == firstSpace + 1 || secondSpace == text.length() - 1) {
            int fields = countFields(text);
            throw invalid(value, fields == 3
                    ? "fields must be separated by exactly one space, with none before or after"
                    : "expected 3 fields 'source target amount' separated by single spaces, found " + fields);
        }

        long amountCents = Amounts.parseCentsOrNegative(text, secondSpace + 1, text.length());
        if (amountCents < 0) {
            throw invalid(value, Amounts.describeInvalid(text.substring(secondSpace + 1), amountCents));
        }
        try {
            return new Transaction(city, text.substring(0, firstSpace), text.substring(firstSpace + 1, secondSpace),
                    amountCents);
        } catch (InvalidTransactionException e) {
            throw invalid(value, e.getMessage());
        }
    }

    private static InvalidTransactionException invalid(byte[] value, String reason) {
        return new InvalidTransactionException("invalid transaction " + ValueText.describe(value) + ": " + reason);
    }

    /** Counts the runs of characters between spaces. */
    private static int countFields(String text) {
        int fields = 0;
        boolean inField = false;
        for (int i = 0; i < text.length(); i++) {
            boolean space = text.charAt(i) == ' ';
            if (!space && !inField) {
                fields++;
            }
            inField = !space;
        }
        return fields;
    }
}

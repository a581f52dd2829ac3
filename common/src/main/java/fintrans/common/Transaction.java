package fintrans.common;

import java.util.Objects;

/**
 * A transfer of {@code amountCents} from {@code source} to {@code target}, originating in {@code city}.
 * The constructor rejects invalid account ids and negative amounts, so every instance is valid.
 */
public record Transaction(City city, String source, String target, long amountCents) {

    public Transaction {
        Objects.requireNonNull(city, "city");
        Accounts.check("source", source);
        Accounts.check("target", target);
        if (amountCents < 0) {
            throw new InvalidTransactionException("amount " + Amounts.formatDollars(amountCents) + " is negative");
        }
    }

    /** The record value on the wire, {@code source target amount}, as {@link TransactionCodec#encode} writes it. */
    public String value() {
        return TransactionCodec.encode(this);
    }
}

package fintrans.common;

/**
 * Raised when a record value or a command-line value is not a valid transaction or amount. The
 * message names the offending input (shortened and escaped when it is long or not printable) and the
 * reason, so it can be logged as it is.
 */
public class InvalidTransactionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidTransactionException(String message) {
        super(message);
    }
}

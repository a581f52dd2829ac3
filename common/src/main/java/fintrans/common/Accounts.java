package fintrans.common;

/**
 * Rules for account ids: 1 to {@value #MAX_LENGTH} ASCII letters, digits, {@code -} or {@code _}.
 * The original demo used 0 to 999; real account ids (IBANs, internal ids) are longer and alphanumeric.
 */
public final class Accounts {
    public static final int MAX_LENGTH = 64;

    private Accounts() {
    }

    /**
     * Checks an account id.
     *
     * @param role "source" or "target", used in the error message
     * @throws InvalidTransactionException naming the id and the reason when it is not valid
     */
    public static void check(String role, String account) {
        if (account == null || account.isEmpty()) {
            throw new InvalidTransactionException(role + " account is empty");
        }
        if (account.length() > MAX_LENGTH) {
            throw new InvalidTransactionException(role + " account " + ValueText.quote(account) + " is "
                    + account.length() + " characters long; the maximum is " + MAX_LENGTH);
        }
        for (int i = 0; i < account.length(); i++) {
            char c = account.charAt(i);
            if (!isAccountChar(c)) {
                throw new InvalidTransactionException(role + " account " + ValueText.quote(account)
                        + " contains " + ValueText.quote(String.valueOf(c))
                        + "; only ASCII letters, digits, '-' and '_' are allowed");
            }
        }
    }

    static boolean isAccountChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }
}

package fintrans.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AmountsTest {

    @ParameterizedTest
    @CsvSource({"0, 0", "0.01, 1", "0.1, 10", "8000, 800000", "8000.5, 800050", "007, 700",
            "92233720368547758.07, 9223372036854775807"})
    void parsesDollarsToCents(String text, long cents) {
        assertEquals(cents, Amounts.parseCents(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-1", "1.234", "1e2", " 1", "1 ", "1.", ".1", "0x10", "92233720368547758.08"})
    void rejectsInvalidAmounts(String text) {
        assertThrows(InvalidTransactionException.class, () -> Amounts.parseCents(text));
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "1, 0.01", "10, 0.10", "800000, 8000", "800001, 8000.01", "-250, -2.50",
            "9223372036854775807, 92233720368547758.07"})
    void formatsCentsAsDollars(long cents, String text) {
        assertEquals(text, Amounts.formatDollars(cents));
    }

    @Test
    void formatsMinimumLong() {
        assertEquals("-92233720368547758.08", Amounts.formatDollars(Long.MIN_VALUE));
    }
}

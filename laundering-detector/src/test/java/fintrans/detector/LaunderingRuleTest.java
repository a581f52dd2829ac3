package fintrans.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

import fintrans.common.City;
import fintrans.common.Transaction;

class LaunderingRuleTest {
    private static final long THRESHOLD_CENTS = 800_000;

    private final LaunderingRule rule = new LaunderingRule(THRESHOLD_CENTS);

    @Test
    void totalEqualToThresholdDoesNotAlert() {
        assertNull(rule.apply(transfer("1", "2", 500_000)));
        assertNull(rule.apply(transfer("1", "2", 300_000)));

        assertEquals(THRESHOLD_CENTS, rule.totalCents("1", "2"));
    }

    @Test
    void oneCentAboveThresholdAlerts() {
        rule.apply(transfer("1", "2", THRESHOLD_CENTS));

        Alert alert = rule.apply(transfer("1", "2", 1));

        assertEquals(new Alert("1", "2", THRESHOLD_CENTS + 1), alert);
        assertEquals("POTENTIAL MONEY LAUNDERING: 1 -> 2 totalling 8000.01 now", alert.line());
    }

    @Test
    void singleTransferAboveThresholdAlerts() {
        assertEquals(new Alert("516", "482", 864_400), rule.apply(transfer("516", "482", 864_400)));
    }

    @Test
    void everyLaterTransferOfPairAlertsAgain() {
        rule.apply(transfer("1", "2", 900_000));

        Alert second = rule.apply(transfer("1", "2", 0));
        Alert third = rule.apply(transfer("1", "2", 100));

        assertEquals(900_000, second.totalCents());
        assertEquals(900_100, third.totalCents());
    }

    @Test
    void pairsAreDirectedAndSeparate() {
        rule.apply(transfer("1", "2", 500_000));
        rule.apply(transfer("2", "1", 500_000));
        rule.apply(transfer("1", "3", 500_000));

        assertEquals(500_000, rule.totalCents("1", "2"));
        assertEquals(500_000, rule.totalCents("2", "1"));
        assertEquals(3, rule.pairs());
    }

    @Test
    void pairSpansCities() {
        rule.apply(new Transaction(City.LONDON, "1", "2", 500_000));

        Alert alert = rule.apply(new Transaction(City.TOKYO, "1", "2", 500_000));

        assertNotNull(alert);
        assertEquals(1_000_000, alert.totalCents());
    }

    @Test
    void acceptsAnyAccountIds() {
        Alert alert = rule.apply(transfer("GB82WEST12345698765432", "acct_7-b", 1_000_000));

        assertEquals("POTENTIAL MONEY LAUNDERING: GB82WEST12345698765432 -> acct_7-b totalling 10000 now", alert.line());
    }

    @Test
    void totalSaturatesInsteadOfOverflowing() {
        rule.apply(transfer("1", "2", Long.MAX_VALUE - 5));

        Alert alert = rule.apply(transfer("1", "2", 10));

        assertEquals(Long.MAX_VALUE, alert.totalCents());
    }

    @Test
    void zeroThresholdAlertsOnAnyPositiveTotal() {
        LaunderingRule strict = new LaunderingRule(0);

        assertNull(strict.apply(transfer("1", "2", 0)));
        assertNotNull(strict.apply(transfer("1", "2", 1)));
    }

    private static Transaction transfer(String source, String target, long cents) {
        return new Transaction(City.NYC, source, target, cents);
    }
}

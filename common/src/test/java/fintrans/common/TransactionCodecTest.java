package fintrans.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TransactionCodecTest {

    @Test
    void decodesOriginalExample() {
        Transaction transaction = TransactionCodec.decode(City.LONDON, "396 465 6789");

        assertEquals(City.LONDON, transaction.city());
        assertEquals("396", transaction.source());
        assertEquals("465", transaction.target());
        assertEquals(678_900, transaction.amountCents());
    }

    @ParameterizedTest
    @ValueSource(strings = {"6789", "6789.5", "6789.50"})
    void decodesAmountsWithUpToTwoFractionDigits(String amount) {
        long expected = amount.equals("6789") ? 678_900 : 678_950;

        assertEquals(expected, TransactionCodec.decode(City.SF, "1 2 " + amount).amountCents());
    }

    @Test
    void decodesLongAlphanumericAccounts() {
        String source = "GB82WEST12345698765432";
        String target = "a".repeat(Accounts.MAX_LENGTH - 4) + "-_Z9";

        Transaction transaction = TransactionCodec.decode(City.TOKYO, source + " " + target + " 0");

        assertEquals(source, transaction.source());
        assertEquals(target, transaction.target());
        assertEquals(0, transaction.amountCents());
    }

    @Test
    void encodesWholeDollarsWithoutDecimals() {
        Transaction transaction = new Transaction(City.NYC, "516", "482", 864_400);

        assertEquals("516 482 8644", TransactionCodec.encode(transaction));
    }

    @Test
    void encodesCentsWithTwoDigits() {
        assertEquals("1 2 0.05", TransactionCodec.encode(new Transaction(City.NYC, "1", "2", 5)));
        assertEquals("1 2 12.50", TransactionCodec.encode(new Transaction(City.NYC, "1", "2", 1250)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"396 465 6789", "1 2 0", "1 2 0.01", "1 2 6789.50", "a-b c_d 92233720368547758.07",
            "x y 10000"})
    void roundTrips(String value) {
        Transaction decoded = TransactionCodec.decode(City.MOSCOW, value);

        Transaction again = TransactionCodec.decode(City.MOSCOW, TransactionCodec.encode(decoded));

        assertEquals(decoded, again);
    }

    @Test
    void roundTripsEncodedBytes() {
        Transaction transaction = new Transaction(City.SF, "970", "477", 110_201);

        assertEquals(transaction, TransactionCodec.decode(City.SF, TransactionCodec.encodeBytes(transaction)));
    }

    static Stream<Arguments> invalidValues() {
        return Stream.of(
                Arguments.of("1 2", "found 2"),
                Arguments.of("1 2 3 4", "found 4"),
                Arguments.of("a b c!", "amount \"c!\""),
                Arguments.of("a! b 3", "source account \"a!\" contains \"!\""),
                Arguments.of("a b! 3", "target account \"b!\" contains \"!\""),
                Arguments.of("1 2 -5", "amount \"-5\" is not a non-negative decimal"),
                Arguments.of("1 2 +5", "amount \"+5\" is not a non-negative decimal"),
                Arguments.of("1 2 12.345", "more than two fraction digits"),
                Arguments.of("1 2 1e3", "amount \"1e3\" is not a non-negative decimal"),
                Arguments.of("1 2 5.", "amount \"5.\""),
                Arguments.of("1 2 .5", "amount \".5\""),
                Arguments.of("1 2 1,000", "amount \"1,000\""),
                Arguments.of("1 2 NaN", "amount \"NaN\""),
                Arguments.of("1 2 92233720368547758.08", "larger than the maximum"),
                Arguments.of("1 2 100000000000000000", "larger than the maximum"),
                Arguments.of("1  2 3", "exactly one space"),
                Arguments.of(" 1 2 3", "exactly one space"),
                Arguments.of("1 2 3 ", "exactly one space"),
                Arguments.of("1\t2\t3", "found 1"),
                Arguments.of("1 2 3\n", "amount \"3\\u000a\""),
                Arguments.of("Müller 2 3", "outside ASCII"),
                Arguments.of("a".repeat(65) + " 2 3", "65 characters long"));
    }

    @ParameterizedTest
    @MethodSource("invalidValues")
    void rejectsInvalidValueNamingValueAndReason(String value, String reason) {
        InvalidTransactionException e = assertThrows(InvalidTransactionException.class,
                () -> TransactionCodec.decode(City.LONDON, value));

        assertTrue(e.getMessage().contains(ValueText.quote(value)), "message names the value: " + e.getMessage());
        assertTrue(e.getMessage().contains(reason), "message gives the reason '" + reason + "': " + e.getMessage());
    }

    @Test
    void rejectsEmptyValue() {
        InvalidTransactionException e = assertThrows(InvalidTransactionException.class,
                () -> TransactionCodec.decode(City.LONDON, new byte[0]));

        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void rejectsNullValue() {
        InvalidTransactionException e = assertThrows(InvalidTransactionException.class,
                () -> TransactionCodec.decode(City.LONDON, (byte[]) null));

        assertTrue(e.getMessage().contains("null"), e.getMessage());
    }

    @Test
    void rejectsOneMegabyteValueWithShortMessage() {
        byte[] value = new byte[1024 * 1024];
        Arrays.fill(value, (byte) '7');

        InvalidTransactionException e = assertThrows(InvalidTransactionException.class,
                () -> TransactionCodec.decode(City.LONDON, value));

        assertTrue(e.getMessage().contains("1048576 bytes"), e.getMessage());
        assertTrue(e.getMessage().length() < 400, "message is cut: " + e.getMessage().length() + " chars");
    }

    @Test
    void rejectsBytesThatAreNotUtf8() {
        byte[] value = {'1', ' ', '2', ' ', (byte) 0xC3, (byte) 0x28};

        InvalidTransactionException e = assertThrows(InvalidTransactionException.class,
                () -> TransactionCodec.decode(City.LONDON, value));

        assertTrue(e.getMessage().contains("not valid UTF-8"), e.getMessage());
    }

    @Test
    void rejectsUtf8ThatIsNotAscii() {
        byte[] value = "1 2 ３".getBytes(StandardCharsets.UTF_8);

        InvalidTransactionException e = assertThrows(InvalidTransactionException.class,
                () -> TransactionCodec.decode(City.LONDON, value));

        assertTrue(e.getMessage().contains("outside ASCII"), e.getMessage());
        assertTrue(e.getMessage().contains("\\uff13"), e.getMessage());
    }
}

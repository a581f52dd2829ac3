package fintrans.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AlertTest {

    @Test
    void lineMatchesOriginalFormat() {
        assertEquals("POTENTIAL MONEY LAUNDERING: 516 -> 482 totalling 8644 now", new Alert("516", "482", 864_400).line());
    }

    @Test
    void lineShowsCentsWhenNotWholeDollars() {
        assertEquals("POTENTIAL MONEY LAUNDERING: 1 -> 2 totalling 8644.05 now", new Alert("1", "2", 864_405).line());
    }

    @Test
    void colouredLinePaintsOnlyPrefix() {
        assertEquals("\u001b[1;31mPOTENTIAL MONEY LAUNDERING:\u001b[0m 516 -> 482 totalling 8644 now",
                new Alert("516", "482", 864_400).colouredLine());
    }
}

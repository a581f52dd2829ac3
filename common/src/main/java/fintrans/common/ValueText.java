package fintrans.common;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Renders untrusted values for log lines and error messages: quoted, with control and non-ASCII
 * characters escaped, and cut to a length a log line can hold.
 */
public final class ValueText {
    /** Characters of a value shown in messages; the rest is replaced by a byte count. */
    public static final int MAX_SHOWN_CHARS = 80;

    private ValueText() {
    }

    /** Quotes a record value, reporting null, invalid UTF-8 and the full length of long values. */
    public static String describe(byte[] value) {
        if (value == null) {
            return "null";
        }
        String text = new String(value, StandardCharsets.UTF_8);
        String suffix = isValidUtf8(value) ? "" : " (not valid UTF-8, shown with U+FFFD)";
        if (text.length() > MAX_SHOWN_CHARS) {
            return quote(text) + " (" + value.length + " bytes)" + suffix;
        }
        return quote(text) + suffix;
    }

    /** Quotes {@code text}, escaping anything outside printable ASCII and cutting it after {@link #MAX_SHOWN_CHARS}. */
    public static String quote(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_SHOWN_CHARS) + 8);
        out.append('"');
        int shown = Math.min(text.length(), MAX_SHOWN_CHARS);
        for (int i = 0; i < shown; i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        out.append('"');
        if (text.length() > shown) {
            out.append("...");
        }
        return out.toString();
    }

    public static boolean isValidUtf8(byte[] value) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}

package fintrans.benchmarks;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Progress lines on stdout, each with the wall-clock time, so a user sees what the run is doing. */
final class Progress {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private Progress() {
    }

    static void line(String format, Object... args) {
        System.out.println("[" + LocalTime.now().format(TIME) + "] " + String.format(Locale.ROOT, format, args));
        System.out.flush();
    }
}

package fintrans.detector;

import java.io.PrintStream;

/**
 * Writes alert lines to stdout, the detector's output contract. Lines are buffered and written out by
 * {@link #flush()}, which the detector thread calls before it reports the records as processed, so a
 * committed offset always means its alert has left the process.
 */
final class AlertPrinter {
    private final PrintStream out;
    private final boolean coloured;
    private long printed;

    /** @param coloured print the prefix in bold red, as the original's development output did */
    AlertPrinter(PrintStream out, boolean coloured) {
        this.out = out;
        this.coloured = coloured;
    }

    void print(Alert alert) {
        out.println(coloured ? alert.colouredLine() : alert.line());
        printed++;
    }

    /**
     * Writes out buffered lines.
     *
     * @throws IllegalStateException when stdout cannot be written, for example a closed pipe; the records
     *     behind those alerts must then not be reported as processed
     */
    void flush() {
        out.flush();
        if (out.checkError()) {
            throw new IllegalStateException("Writing alert lines to stdout failed; stopping so that the records behind "
                    + "them are not committed");
        }
    }

    /** Alert lines printed; read by the detector thread only. */
    long printed() {
        return printed;
    }
}

package ptlab.kernel.exec;

import java.util.List;

/** How a cell ended: with an optional value to show, or with an error to report. */
public final class CellOutcome {
    private final boolean hasValue;
    private final Object value;
    private final ErrorReport error;

    private CellOutcome(boolean hasValue, Object value, ErrorReport error) {
        this.hasValue = hasValue;
        this.value = value;
        this.error = error;
    }

    static CellOutcome nothing() {
        return new CellOutcome(false, null, null);
    }

    static CellOutcome value(Object value) {
        return new CellOutcome(value != null, value, null);
    }

    static CellOutcome failed(ErrorReport error) {
        return new CellOutcome(false, null, error);
    }

    /** A cell stopped by an interrupt; variables and definitions are kept. */
    public static CellOutcome interrupted() {
        return failed(new ErrorReport("InterruptedException", "the cell was stopped",
                List.of("\u001b[0;31mInterruptedException\u001b[0m: the cell was stopped; variables and definitions are kept")));
    }

    public boolean hasValue() {
        return hasValue;
    }

    public Object value() {
        return value;
    }

    public ErrorReport error() {
        return error;
    }

    /** A Jupyter error: ename, evalue, and traceback lines. */
    public static final class ErrorReport {
        public final String name;
        public final String message;
        public final List<String> traceback;

        ErrorReport(String name, String message, List<String> traceback) {
            this.name = name;
            this.message = message;
            this.traceback = traceback;
        }
    }
}

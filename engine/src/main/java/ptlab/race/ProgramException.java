package ptlab.race;

/** A program under exploration is wrong: a step threw, jumped to a missing label, or never finished. */
public class ProgramException extends RuntimeException {
    public ProgramException(String message) {
        super(message);
    }

    public ProgramException(String message, Throwable cause) {
        super(message, cause);
    }
}

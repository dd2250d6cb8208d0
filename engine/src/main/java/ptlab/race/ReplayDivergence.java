package ptlab.race;

/** A replay string does not describe an execution of the program it was replayed on. */
public final class ReplayDivergence extends ProgramException {
    public ReplayDivergence(String message) {
        super(message);
    }
}

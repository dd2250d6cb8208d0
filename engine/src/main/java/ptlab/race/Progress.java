package ptlab.race;

import java.time.Duration;
import java.util.Map;

/**
 * A snapshot of a running exploration, for progress bars: executions so far, an estimate of how
 * many are left (-1 when unknown), outcome counts so far, the unit they are counted in, and
 * whether this is the last report (the exploration has ended).
 */
public record Progress(long executions, long estimatedLeft, Map<String, Long> outcomes, Duration elapsed, String unit,
                       boolean finished) {
    /** What a worker calls between executions; cheap when nothing is due. */
    interface Reporter {
        Reporter NONE = new Reporter() {
            @Override public boolean due(long executions) { return false; }
            @Override public void report(Collector c, java.util.function.LongUnaryOperator estimateLeft) {}
        };

        boolean due(long executions);

        void report(Collector c, java.util.function.LongUnaryOperator estimateLeft);
    }

    @Override
    public String toString() {
        return executions + " " + unit + (estimatedLeft >= 0 ? ", ~" + estimatedLeft + " left" : "")
                + ", " + outcomes.size() + " outcome(s) so far";
    }
}

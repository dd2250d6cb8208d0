package ptlab.mm;

/** A callback queued by {@code call_rcu()}, and per CPU the quiescent count it must reach (-1: none). */
record RcuCallback(String what, Runnable callback, long[] waitFor) {
    @Override
    public String toString() {
        return what;
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}

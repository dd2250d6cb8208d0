package ptlab.race;

import java.util.Arrays;

/**
 * What a step sees of its own thread: thread-local values (the C locals of the path, such as
 * {@code orig_pte} or {@code ptl}), control flow (jump to a label, finish) and outcome labels.
 */
public final class Ctx {
    private final int thread;
    private final String name;
    private String[] keys = new String[4];
    private Object[] values = new Object[4];
    private int size;
    String jump;
    boolean finished;
    private Memory memory;

    Ctx(int thread, String name) {
        this.thread = thread;
        this.name = name;
    }

    void reset(Memory memory) {
        this.memory = memory;
        Arrays.fill(values, 0, size, null);
        size = 0;
        jump = null;
        finished = false;
    }

    /** This thread's index in the program (0-based). */
    public int thread() {
        return thread;
    }

    public String name() {
        return name;
    }

    public Ctx set(String key, Object value) {
        for (int i = 0; i < size; i++) {
            if (keys[i].equals(key)) {
                values[i] = value;
                return this;
            }
        }
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        keys[size] = key;
        values[size++] = value;
        return this;
    }

    public boolean has(String key) {
        return indexOf(key) >= 0;
    }

    @SuppressWarnings("unchecked")
    public <T> T get(String key) {
        int i = indexOf(key);
        if (i < 0) {
            throw new ProgramException(name + " reads local '" + key + "' before setting it");
        }
        return (T) values[i];
    }

    public long getLong(String key) {
        return ((Number) get(key)).longValue();
    }

    public int getInt(String key) {
        return ((Number) get(key)).intValue();
    }

    public boolean getBoolean(String key) {
        return (Boolean) get(key);
    }

    private int indexOf(String key) {
        for (int i = 0; i < size; i++) {
            if (keys[i].equals(key)) return i;
        }
        return -1;
    }

    /** Continue at the step with this label (a loop, a retry, a branch). */
    public void jump(String label) {
        jump = label;
    }

    /** Whether this step already jumped or finished (a merged step stops running its parts). */
    public boolean leaving() {
        return jump != null || finished;
    }

    /** This thread ends after the current step. */
    public void finish() {
        finished = true;
    }

    /** Add a label to this execution's outcome, e.g. {@code "UAF_TABLE_READ"}. */
    public void raise(String label) {
        memory.raise(label);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(name).append(" {");
        for (int i = 0; i < size; i++) b.append(i == 0 ? "" : ", ").append(keys[i]).append('=').append(values[i]);
        return b.append('}').toString();
    }
}

package ptlab.kernel.exec;

import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

import java.lang.reflect.Field;
import java.util.Map;

/**
 * JShell's in-process engine, plus access to the objects that snippets produce: JShell itself only
 * reports a value's string, and a notebook must render the object. Snippet variables are static
 * fields of the wrapper class that was last invoked, so they are read from there.
 * Stopping is inherited (Thread.stop on JDK 17, injected stop checks on JDK 20+); the interrupter
 * learns when user code runs, and can keep a snippet from starting once its cell was stopped.
 */
final class ValueCapturingControl extends LocalExecutionControl {
    private final Interrupter interrupter;
    private volatile String lastInvokedClass;

    private ValueCapturingControl(Interrupter interrupter) {
        this.interrupter = interrupter;
    }

    @Override
    public String invoke(String className, String methodName)
            throws RunException, EngineTerminationException, InternalException {
        lastInvokedClass = className;
        return super.invoke(className, methodName);
    }

    /** Throwing here skips the snippet; the cell then reports the interrupt, not this exception. */
    @Override
    protected void clientCodeEnter() {
        if (!interrupter.userCodeStarting()) throw new IllegalStateException("the cell was interrupted before this snippet ran");
        super.clientCodeEnter();
    }

    @Override
    protected void clientCodeLeave() {
        super.clientCodeLeave();
        interrupter.userCodeEnded();
    }

    String lastInvokedClass() {
        return lastInvokedClass;
    }

    Object readStatic(String className, String fieldName) throws ReflectiveOperationException {
        Field f = findClass(className).getDeclaredField(fieldName);
        f.setAccessible(true);
        return f.get(null);
    }

    static final class Provider implements ExecutionControlProvider {
        private final Interrupter interrupter;
        private volatile ValueCapturingControl instance;

        Provider(Interrupter interrupter) {
            this.interrupter = interrupter;
        }

        @Override
        public String name() {
            return "ptlab-local";
        }

        @Override
        public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
            instance = new ValueCapturingControl(interrupter);
            return instance;
        }

        ValueCapturingControl instance() {
            return instance;
        }
    }
}

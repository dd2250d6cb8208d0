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
 * Stopping is inherited: Thread.stop on JDK 17, injected stop checks on JDK 20+.
 */
final class ValueCapturingControl extends LocalExecutionControl {
    private volatile String lastInvokedClass;

    @Override
    public String invoke(String className, String methodName)
            throws RunException, EngineTerminationException, InternalException {
        lastInvokedClass = className;
        return super.invoke(className, methodName);
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
        private volatile ValueCapturingControl instance;

        @Override
        public String name() {
            return "ptlab-local";
        }

        @Override
        public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
            instance = new ValueCapturingControl();
            return instance;
        }

        ValueCapturingControl instance() {
            return instance;
        }
    }
}

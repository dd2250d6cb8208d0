package ptlab.kernel;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class HelpTopicTest {
    @Test
    void questionMarksBeforeOrAfterANameAskForHelp() {
        assertEquals("Math.max", Executor.helpTopic("Math.max?"));
        assertEquals("String", Executor.helpTopic("  String??  "));
        assertEquals("List", Executor.helpTopic("?List"));
    }

    @Test
    void ordinaryCodeIsNotAHelpRequest() {
        assertNull(Executor.helpTopic("x"));
        assertNull(Executor.helpTopic("a ? b : c"));
        assertNull(Executor.helpTopic("Math.max(1, 2)"));
    }
}

package ptlab.kernel.exec;

import jdk.jshell.JShell;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CodeAssistTest {
    private static JShell jshell;
    private static CodeAssist assist;

    @BeforeAll
    static void start() {
        jshell = JShell.builder().executionEngine("local").build();
        assist = new CodeAssist(jshell.sourceCodeAnalysis());
    }

    @AfterAll
    static void stop() {
        jshell.close();
    }

    @Test
    void syntaxErrorsAreInvalidButUndeclaredNamesAreNot() {
        assertEquals("invalid", assist.isComplete("1 +* 2"));
        assertEquals("invalid", assist.isComplete("class { }"));
        assertEquals("invalid", assist.isComplete("int x = ;"));
        assertEquals("complete", assist.isComplete("undeclared + 1"));
        assertEquals("complete", assist.isComplete("import java.util.*;\nList<String> l = new ArrayList<>();"));
    }

    @Test
    void openBlocksAskForAnIndentedNextLine() {
        assertEquals("    ", assist.isComplete("for (int i = 0; i < 3; i++) {"));
    }

    @Test
    void documentationRendersJavadocAsPlainText() {
        String doc = assist.documentation("Math.max(", 9);
        assertTrue(doc.startsWith("int Math.max(int a, int b)"), doc);
        assertTrue(!doc.contains("{@code"), doc);
    }
}

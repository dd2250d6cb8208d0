package ptlab.kernel;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HistoryTest {
    private final History history = new History();

    HistoryTest() {
        history.add(1, "int a = 1;", null);
        history.add(2, "a + 1", "2");
        history.add(3, "a + 1", "2");
        history.add(4, "String s = \"x\";", null);
    }

    @Test
    void tailReturnsTheLastEntriesWithOutputPairs() {
        assertEquals("[[1,3,[\"a + 1\",\"2\"]],[1,4,[\"String s = \\\"x\\\";\",null]]]", history.tail(2, true).toString());
    }

    @Test
    void rangeIsHalfOpenAndSessionZeroMeansThisOne() {
        assertEquals("[[1,2,\"a + 1\"],[1,3,\"a + 1\"]]", history.range(0, 2, 4, false).toString());
        assertEquals("[]", history.range(7, 1, 5, false).toString());
    }

    @Test
    void searchUsesGlobsAndUniqueKeepsTheLatest() {
        assertEquals(2, history.search("a *", 0, false, false).size());
        assertEquals("[[1,3,\"a + 1\"]]", history.search("a *", 0, true, false).toString());
        assertEquals("[[1,4,\"String s = \\\"x\\\";\"]]", history.search("String*", 1, false, false).toString());
    }
}

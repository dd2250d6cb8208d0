package ptlab.viz;

import org.junit.jupiter.api.Test;
import ptlab.race.Grade;
import ptlab.race.Result;
import ptlab.race.Strategy;
import ptlab.race.examples.Classic;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ComparisonTest {
    /** Dirty-bit story: the RFC loses it on generic and riscv, not on arm64 or x86. */
    static Comparison dirtyBit() {
        Map<String, Grade> lost = new LinkedHashMap<>();
        lost.put("dirty kept", Grade.ACCEPTABLE);
        lost.put("DIRTY_LOST", Grade.FORBIDDEN);
        Map<String, Grade> kept = Map.of("dirty kept", Grade.ACCEPTABLE);
        return Comparison.builder("RFC: is the dirty bit kept?").knobs("variant", "arch")
                .columns("x86-64", "arm64", "generic", "riscv")
                .cell("RFC", "x86-64", Comparison.Cell.of(kept))
                .cell("RFC", "arm64", Comparison.Cell.of(kept))
                .cell("RFC", "generic", Comparison.Cell.of(lost))
                .cell("RFC", "riscv", Comparison.Cell.of(lost))
                .cell("fix", "generic", Comparison.Cell.of(kept))
                .build();
    }

    @Test
    void rowsAndColumnsKeepTheirOrderAndBadCellsAreFound() {
        Comparison c = dirtyBit();
        assertEquals(List.of("RFC", "fix"), c.rows());
        assertEquals(List.of("x86-64", "arm64", "generic", "riscv"), c.columns());
        assertEquals(List.of("RFC / generic", "RFC / riscv"), c.badCells());
        assertEquals(Grade.FORBIDDEN, c.cell("RFC", "riscv").orElseThrow().worst());
        assertTrue(c.cell("fix", "riscv").isEmpty());
    }

    @Test
    void aCellFromAResultListsTheReachedOutcomesWithCountsAndDenominator() {
        Result r = Classic.lostUpdate(2).explore();
        Comparison.Cell cell = Comparison.Cell.of(r);
        assertEquals(List.of(new Comparison.Entry("x=1", Grade.INTERESTING, 2), new Comparison.Entry("x=2", Grade.ACCEPTABLE, 2)),
                cell.outcomes());
        assertEquals("of 4 traces", cell.note());
        assertEquals(Grade.INTERESTING, cell.worst());
    }

    @Test
    void htmlHighlightsTheBadOutcomesOnly() {
        Comparison c = Comparison.builder("lost update").knobs("threads", "strategy")
                .cell("2", "DPOR", Classic.lostUpdate(2).explore())
                .cell("1", "DPOR", Classic.lostUpdate(1).explore())
                .cell("2", "random", Classic.lostUpdate(2).explore(Strategy.random(100, 1)))
                .build();
        String html = ComparisonGrid.html(c);
        String amber = GradeColors.hex(GradeColors.bar(Grade.INTERESTING).darker());
        assertTrue(html.contains("<div style=\"font-weight:bold;color:" + amber + "\">x=1 (2)</div>"), html);
        assertTrue(html.contains("<div>x=2 (2)</div>"), "acceptable outcomes are plain");
        assertTrue(html.contains("<td class=\"acceptable\""), "the one-thread cell has nothing bad");
        assertTrue(html.contains("of 100 random runs"));
        assertTrue(html.contains(">threads \\ strategy</th>"));
        assertTrue(html.contains("color:#999\">—</td>"), "1 thread x random is an empty cell");
        assertFalse(html.contains("<script"));
    }

    @Test
    void textMarksForbiddenAndInterestingOutcomes() {
        String text = ComparisonGrid.text(dirtyBit());
        assertEquals("""
                RFC: is the dirty bit kept?
                variant \\ arch | x86-64        | arm64         | generic       | riscv
                ---------------+---------------+---------------+---------------+--------------
                RFC            |    dirty kept |    dirty kept |    dirty kept |    dirty kept
                               |               |               | !! DIRTY_LOST | !! DIRTY_LOST
                fix            | -             | -             |    dirty kept | -
                !! forbidden, ! interesting
                """, text);
        assertEquals(text, dirtyBit().toString());
    }

    @Test
    void escapesKeysAndRejectsACellGivenTwice() {
        Comparison c = Comparison.builder("<t>").cell("<r>", "c", Comparison.Cell.of(Map.of("<b>", Grade.FORBIDDEN))).build();
        String html = ComparisonGrid.html(c);
        assertTrue(html.contains("&lt;b&gt;") && html.contains("&lt;r&gt;") && html.contains("&lt;t&gt;"));
        assertFalse(html.contains("<b>"));
        var b = Comparison.builder("twice").cell("r", "c", Comparison.Cell.of(Map.of()));
        assertThrows(IllegalArgumentException.class, () -> b.cell("r", "c", Comparison.Cell.of(Map.of())));
    }
}

package ptlab.export;

import java.util.ArrayList;
import java.util.List;
import ptlab.viz.Comparison;

/**
 * A comparison (e.g. variants x configs) as data: per cell the outcomes shown, and the writeup of
 * the result behind it when there is one, which reproduces that cell.
 */
public record ComparisonWriteup(String ptlab, String title, String rowKnob, String columnKnob, List<Cell> cells) {
    public record Cell(String row, String column, String note, List<Comparison.Entry> outcomes, Writeup result) {}

    static ComparisonWriteup of(Comparison c) {
        List<Cell> cells = new ArrayList<>();
        for (String row : c.rows()) {
            for (String column : c.columns()) {
                c.cell(row, column).ifPresent(cell -> cells.add(new Cell(row, column, cell.note(), cell.outcomes(),
                        cell.result() == null ? null : Writeup.of(cell.result(), null))));
            }
        }
        return new ComparisonWriteup(Export.VERSION, c.title(), c.rowKnob(), c.columnKnob(), cells);
    }
}

package ptlab.viz;

import org.junit.jupiter.api.Test;
import ptlab.race.Grade;
import ptlab.race.Result;
import ptlab.race.Strategy;
import ptlab.race.examples.Classic;

import java.awt.image.BufferedImage;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutcomeChartTest {
    @Test
    void barsCountTracesAndTheTitleNamesTheDenominator() {
        OutcomeChart c = OutcomeChart.of(Classic.abba().explore());
        assertEquals("abba — optimal DPOR — of 3 traces", c.title());
        assertEquals(List.of("done", "DEADLOCK"), c.bars().stream().map(OutcomeChart.Bar::key).toList());
        OutcomeChart.Bar deadlock = c.bars().get(1);
        assertEquals(1, deadlock.count());
        assertEquals(1 / 3.0, deadlock.share(), 1e-12);
        assertEquals(Grade.FORBIDDEN, deadlock.grade());
        assertNull(deadlock.interval(), "exhaustive counts have no interval");
        assertEquals(0, deadlock.whisker());
    }

    @Test
    void labelsGiveCountAndShareAndSmallAxesShowNoFractionalCounts() {
        OutcomeChart c = OutcomeChart.of(Classic.abba().explore());
        assertEquals("1 (33.3%)", c.countAndShare(1));
        assertEquals("", c.countAndShare(0.4), "a tick between whole counts is blank");
    }

    @Test
    void sampledRunsGetWhiskersCoveringTheWilsonInterval() {
        Result r = Classic.lostUpdate(2).explore(Strategy.random(10_000, 7));
        OutcomeChart c = OutcomeChart.of(r);
        assertTrue(c.title().endsWith("of 10,000 random runs"), c.title());
        for (OutcomeChart.Bar b : c.bars()) {
            assertTrue(b.whisker() > 0);
            assertTrue(b.count() - b.whisker() <= 10_000 * b.interval().low() + 1e-9);
            assertTrue(b.count() + b.whisker() >= 10_000 * b.interval().high() - 1e-9);
        }
    }

    @Test
    void pngHasTheChartSizeAndGradeColouredBars() throws Exception {
        OutcomeChart c = OutcomeChart.of(Classic.abba().explore());
        BufferedImage image = Images.decode(c.png());
        assertEquals(Pictures.WIDTH, image.getWidth());
        assertEquals(OutcomeChart.HEIGHT, image.getHeight());
        // Two bars of 2 and 1 traces: the acceptable one about twice the forbidden one's area.
        int green = Images.pixels(image, GradeColors.bar(Grade.ACCEPTABLE));
        int red = Images.pixels(image, GradeColors.bar(Grade.FORBIDDEN));
        assertTrue(red > 10_000, "forbidden bar drawn in red: " + red);
        assertEquals(2.0, (double) green / red, 0.25);
        assertEquals(0, Images.pixels(image, GradeColors.bar(Grade.INTERESTING)), "no interesting outcome, no amber");
    }

    @Test
    void sameResultSameBytes() {
        OutcomeChart a = OutcomeChart.of(Classic.lostUpdate(2).explore(Strategy.random(1_000, 3)));
        OutcomeChart b = OutcomeChart.of(Classic.lostUpdate(2).explore(Strategy.random(1_000, 3)));
        assertArrayEquals(a.png(), b.png());
        assertEquals(a.svg().markup(), b.svg().markup());
        assertTrue(a.svg().markup().contains("<svg"));
    }

    @Test
    void manyOutcomesKeepEveryBadOneAndSayHowManyAreShown() {
        // 32 outcomes of one trace each; the forbidden one sorts last, so only the rule keeps it.
        Result r = Classic.readers(5).toBuilder().expect("42,42,42,42,42", Grade.FORBIDDEN, "every reader late").build().explore();
        OutcomeChart c = OutcomeChart.of(r);
        assertEquals(OutcomeChart.MAX_BARS, c.bars().size());
        assertEquals(32 - OutcomeChart.MAX_BARS, c.omitted());
        assertTrue(c.bars().stream().anyMatch(b -> b.key().equals("42,42,42,42,42") && b.grade() == Grade.FORBIDDEN));
        assertTrue(c.title().endsWith("(24 of 32 outcomes)"), c.title());
    }

    @Test
    void aPortfolioIsChartedPerSampler() {
        Result r = Classic.lostUpdate(2).explore(Strategy.portfolio(100, 1));
        var e = assertThrows(IllegalArgumentException.class, () -> OutcomeChart.of(r));
        assertTrue(e.getMessage().contains("members"));
        assertEquals(3, r.members().stream().map(OutcomeChart::of).count());
    }
}

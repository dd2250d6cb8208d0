package ptlab.viz;

import org.junit.jupiter.api.Test;
import ptlab.race.Result;
import ptlab.race.Strategy;
import ptlab.race.examples.Classic;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every kind of picture in one HTML page, as a notebook shows them (PNG as data URI, SVG inline,
 * the grid as HTML), loaded in headless Chromium: no script errors, every image decoded with a
 * non-zero size. The page writes what it measured into the DOM, which Chromium dumps. A screenshot
 * lands in target/browser-check for a person to look at. Skipped only where Chromium is not installed.
 */
class BrowserCheckTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @Test
    void everyPictureRendersInChromium() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "needs Debian's chromium (see .ci/apt-packages)");
        Path dir = Files.createDirectories(Path.of("target/browser-check"));
        Path page = dir.resolve("pictures.html");
        Files.writeString(page, page());

        String dom = run(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--virtual-time-budget=5000", "--dump-dom", page.toUri().toString()));
        run(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--window-size=960,2200", "--screenshot=" + dir.resolve("pictures.png").toAbsolutePath(), page.toUri().toString()));

        Matcher m = Pattern.compile("<pre id=\"report\">(.*?)</pre>", Pattern.DOTALL).matcher(dom);
        assertTrue(m.find(), "the page's script did not run:\n" + dom.substring(0, Math.min(2000, dom.length())));
        List<String> lines = List.of(m.group(1).strip().split("\n"));
        assertEquals("errors: 0", lines.get(0), String.join("\n", lines));
        assertEquals(6, lines.size() - 1, "one line per picture: " + lines);
        for (String line : lines.subList(1, lines.size())) {
            assertTrue(line.matches("\\S+ [1-9]\\d*x[1-9]\\d*"), "a picture with no size: " + line);
        }
        assertTrue(Files.size(dir.resolve("pictures.png")) > 10_000, "screenshot taken");
    }

    private static String page() {
        Result dpor = Classic.abba().explore();
        Result sampled = Classic.lostUpdate(2).explore(Strategy.random(10_000, 1));
        Result locks = LockChartsTest.contended();
        List<String> parts = new ArrayList<>();
        parts.add(img("outcomes", OutcomeChart.of(dpor).png()));
        parts.add(img("sampled", OutcomeChart.of(sampled).png()));
        parts.add(img("heatmap", LockCharts.blockedSteps(locks.locks()).png()));
        parts.add(img("holds", LockCharts.holdLengths(locks.locks()).png()));
        parts.add("<div class=\"picture\" id=\"trace\">" + TraceSvg.of(dpor.counterexample("DEADLOCK")).svg() + "</div>");
        parts.add("<div class=\"picture\" id=\"grid\">" + ComparisonGrid.html(ComparisonTest.dirtyBit()) + "</div>");
        return """
                <!DOCTYPE html><html><head><meta charset="utf-8"><title>ptlab pictures</title>
                <script>
                  var errors = [];
                  window.addEventListener('error', function (e) { errors.push(String(e.message || e)); }, true);
                  var consoleError = console.error;
                  console.error = function () { errors.push(Array.from(arguments).join(' ')); consoleError.apply(console, arguments); };
                  window.addEventListener('load', function () {
                    var lines = ['errors: ' + errors.length].concat(errors);
                    document.querySelectorAll('.picture').forEach(function (p) {
                      var r = p.getBoundingClientRect();
                      var img = p.tagName === 'IMG' ? p : null;
                      var w = img ? img.naturalWidth : Math.round(r.width), h = img ? img.naturalHeight : Math.round(r.height);
                      lines.push(p.id + ' ' + w + 'x' + h);
                    });
                    var pre = document.createElement('pre'); pre.id = 'report'; pre.textContent = lines.join('\\n');
                    document.body.appendChild(pre);
                  });
                </script></head>
                <body style="width:900px;font-family:sans-serif">
                """ + String.join("\n<hr>\n", parts) + "\n</body></html>\n";
    }

    private static String img(String id, byte[] png) {
        return "<img class=\"picture\" id=\"" + id + "\" src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(png) + "\">";
    }

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "chromium did not finish");
        assertEquals(0, p.exitValue(), "chromium failed: " + command);
        return new String(out, java.nio.charset.StandardCharsets.UTF_8);
    }
}

"""Pictures in the kernel: a Result carries its outcome chart, charts are PNGs, traces are SVG swimlanes."""
import base64
import struct
import xml.etree.ElementTree as ET

from kernel_client import KernelTestCase

SVG_NS = "{http://www.w3.org/2000/svg}"


def png_size(b64):
    data = base64.b64decode(b64)
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


class VizTests(KernelTestCase):

    def test_result_carries_its_outcome_chart_as_png(self):
        result = self.result("ptlab.race.examples.Classic.abba().explore()")
        data = result["data"]
        self.assertEqual(png_size(data["image/png"]), (880, 420))
        self.assertIn('src="data:image/png;base64,' + data["image/png"], data["text/html"],
                      "the chart is inside the HTML that front ends show")
        self.assertIn("of 3 traces", data["text/plain"])

    def test_charts_render_as_png_with_their_size(self):
        result = self.result("LockCharts.blockedSteps(ptlab.race.examples.Classic.abba().explore().locks())")
        data = result["data"]
        width, height = png_size(data["image/png"])
        self.assertEqual(result["metadata"]["image/png"], {"width": width, "height": height})
        self.assertTrue(data["text/plain"].startswith("heatmap: Lock contention"), data["text/plain"])

    def test_trace_renders_as_svg_swimlane(self):
        code = 'TraceSvg.of(ptlab.race.examples.Classic.abba().explore().counterexample("DEADLOCK"))'
        data = self.result(code)["data"]
        root = ET.fromstring(data["image/svg+xml"])
        lanes = [g.get("data-thread") for g in root.iter(SVG_NS + "g") if g.get("class") == "lane"]
        self.assertEqual(lanes, ["T0", "T1"])
        self.assertIn("replay: 0.1", data["image/svg+xml"])
        self.assertIn("(waits for B)", data["text/plain"], "text/plain is the trace table")

    def test_chart_svg_on_request_and_comparison_grid(self):
        data = self.result("OutcomeChart.of(ptlab.race.examples.Classic.abba().explore()).svg()")["data"]
        self.assertEqual(ET.fromstring(data["image/svg+xml"].encode()).tag, SVG_NS + "svg")
        self.assertTrue(data["text/plain"].startswith("bar chart: abba"), data["text/plain"])
        code = ('Comparison.builder("abba").knobs("program", "strategy")'
                '.cell("abba", "DPOR", ptlab.race.examples.Classic.abba().explore()).build()')
        data = self.result(code)["data"]
        self.assertIn("DEADLOCK (1)", data["text/html"])
        self.assertIn("!! DEADLOCK (1)", data["text/plain"])

"""Writeups in the kernel: Tablesaw tables as capped HTML, results exported as JSON that replays."""
import json

from kernel_client import KernelTestCase


class ExportTests(KernelTestCase):

    def test_a_tablesaw_table_is_capped_html_with_its_shape(self):
        data = self.result('Table.create("squares <&>", IntColumn.create("i", IntStream.range(0, 120).toArray()))')["data"]
        html = data["text/html"]
        self.assertIn("<caption>squares &lt;&amp;&gt;</caption>", html)
        self.assertIn("<td>…</td>", html)
        self.assertEqual(html.count("<tr><td"), 51, "50 rows and the ellipsis")
        self.assertTrue(html.endswith("<p>120 rows × 1 columns</p></div>"), html[-200:])
        self.assertTrue(data["text/plain"].endswith("120 rows × 1 columns"), data["text/plain"])

    def test_an_outcome_table_as_csv(self):
        data = self.result("ptlab.race.examples.Classic.abba().explore().outcomes().toTable().write().toString(\"csv\")")["data"]
        lines = data["text/plain"].splitlines()
        self.assertEqual(lines[0], "outcome,count,share,grade,description,replay")
        self.assertIn("DEADLOCK,1,0.3333333333333333,FORBIDDEN,each holds the lock the other waits for,0.1", lines)

    def test_an_exported_result_is_json_whose_replays_reproduce_it(self):
        code = ('var json = Export.json(Scenarios.get("S0").explore("RFC", Config.of("GENERIC_SW_AD")));\n'
                'System.out.println(json);')
        reply, outputs = self.execute(code)
        self.assertEqual(reply["status"], "ok", reply)
        w = json.loads(self.stdout(outputs))
        self.assertEqual(w["origin"]["scenario"], "S0")
        self.assertEqual(w["origin"]["variant"], "RFC")
        self.assertEqual(w["origin"]["arch"], "GENERIC_SW_AD")
        self.assertEqual(w["origin"]["knobs"]["PTRS_PER_PTE"], 4)
        self.assertEqual((w["strategy"]["name"], w["denominator"], w["unit"], w["complete"]), ("dpor", 17, "traces", True))
        self.assertRegex(w["ptlab"], r"^\d+\.\d+\.\d+")
        lost = [o for o in w["outcomes"] if "DIRTY_LOST" in o["key"]]
        self.assertEqual([o["grade"] for o in lost], ["FORBIDDEN"])
        replay = lost[0]["minimized"]["replay"]
        self.assertEqual(self.result_text('Export.read(json).replayed().get("%s")' % replay), lost[0]["key"])

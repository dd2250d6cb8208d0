"""Comms: comm_info, targets that cells register, and comm_open for a target nobody registered."""
import unittest

from kernel_client import KernelTestCase

ECHO_TARGET = """
registerCommTarget("ptlab.echo", comm -> {
    var hello = new com.google.gson.JsonObject();
    hello.addProperty("opened", comm.id());
    comm.send(hello);
    comm.onMessage(data -> {
        if (data.has("bye")) comm.close();
        else if (data.has("fail")) throw new IllegalStateException("handler failed");
        else comm.send(data);
    });
});
"""


class CommTests(KernelTestCase):

    def send(self, msg_type, content):
        msg = self.kc.session.msg(msg_type, content)
        self.kc.shell_channel.send(msg)
        return msg["header"]["msg_id"]

    def iopub_of(self, msg_id, msg_type):
        """The first iopub message of msg_type sent in reply to msg_id (before its idle status)."""
        while True:
            m = self.kc.get_iopub_msg(timeout=10)
            if m["parent_header"].get("msg_id") != msg_id:
                continue
            if m["msg_type"] == msg_type:
                return m["content"]
            if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
                return None

    def comms(self, target_name=None):
        return self.reply(self.kc.comm_info(target_name))["comms"]

    def test_comm_info_has_status(self):
        info = self.reply(self.kc.comm_info())
        self.assertEqual(info["status"], "ok")
        self.assertIsInstance(info["comms"], dict)

    def test_unknown_target_is_closed_at_once(self):
        self.drain()
        sent = self.send("comm_open", {"comm_id": "w1", "target_name": "jupyter.widget", "data": {}})
        self.assertEqual(self.iopub_of(sent, "comm_close")["comm_id"], "w1")
        self.assertNotIn("w1", self.comms())
        self.assertEqual(self.result_text("1 + 1"), "2")

    def test_a_registered_target_talks_both_ways_and_closes(self):
        reply, _ = self.execute(ECHO_TARGET)
        self.assertEqual(reply["status"], "ok", reply)
        self.drain()
        opened = self.send("comm_open", {"comm_id": "e1", "target_name": "ptlab.echo", "data": {}})
        self.assertEqual(self.iopub_of(opened, "comm_msg"), {"comm_id": "e1", "data": {"opened": "e1"}})
        self.assertEqual(self.comms(), {"e1": {"target_name": "ptlab.echo"}})
        self.assertEqual(self.comms("ptlab.echo"), {"e1": {"target_name": "ptlab.echo"}})
        self.assertEqual(self.comms("other.target"), {})

        echoed = self.send("comm_msg", {"comm_id": "e1", "data": {"x": [1, 2]}})
        self.assertEqual(self.iopub_of(echoed, "comm_msg"), {"comm_id": "e1", "data": {"x": [1, 2]}})

        failing = self.send("comm_msg", {"comm_id": "e1", "data": {"fail": True}})
        self.assertIsNone(self.iopub_of(failing, "comm_msg"), "a failing handler sends nothing and breaks nothing")

        bye = self.send("comm_msg", {"comm_id": "e1", "data": {"bye": True}})
        self.assertEqual(self.iopub_of(bye, "comm_close")["comm_id"], "e1")
        self.assertEqual(self.comms(), {})
        self.assertEqual(self.result_text("1 + 1"), "2")

    def test_front_end_closing_a_comm_removes_it(self):
        self.execute(ECHO_TARGET)
        self.drain()
        opened = self.send("comm_open", {"comm_id": "e2", "target_name": "ptlab.echo", "data": {}})
        self.iopub_of(opened, "comm_msg")
        closed = self.send("comm_close", {"comm_id": "e2", "data": {}})
        self.iopub_of(closed, "comm_close")
        self.assertNotIn("e2", self.comms())


if __name__ == "__main__":
    unittest.main()

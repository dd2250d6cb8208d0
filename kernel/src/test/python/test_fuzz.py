"""Malformed, unsigned and wrongly signed messages are dropped; the kernel keeps working."""
import hashlib
import hmac
import json
import random
import time
import unittest
import uuid

import zmq

from kernel_client import KernelTestCase


class FuzzTests(KernelTestCase):

    def test_thousands_of_bad_messages_then_a_cell_still_runs(self):
        info = self.km.get_connection_info()
        key = info["key"]
        if isinstance(key, str):
            key = key.encode()
        rng = random.Random(20261121)
        context = zmq.Context()
        sockets = []
        for port in (info["shell_port"], info["control_port"]):
            s = context.socket(zmq.DEALER)
            s.setsockopt(zmq.LINGER, 0)
            s.connect("tcp://%s:%d" % (info["ip"], port))
            sockets.append(s)

        def header(msg_type):
            return json.dumps({"msg_id": uuid.uuid4().hex, "username": "fuzz", "session": "fuzz",
                               "date": "2026-01-01T00:00:00Z", "msg_type": msg_type, "version": "5.3"}).encode()

        def signed(parts):
            mac = hmac.new(key, digestmod=hashlib.sha256)
            for p in parts:
                mac.update(p)
            return mac.hexdigest().encode()

        def junk():
            return bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 40)))

        kinds = []
        for i in range(3000):
            kind = i % 8
            h = header(rng.choice(["execute_request", "kernel_info_request", "shutdown_request",
                                   "complete_request", "bogus_request", "history_request"]))
            body = [h, b"{}", b"{}", json.dumps({"code": "System.exit(1);"}).encode()]
            if kind == 0:
                frames = [junk() for _ in range(rng.randint(1, 8))]
            elif kind == 1:
                frames = [b"<IDS|MSG>", b""] + body
            elif kind == 2:
                frames = [b"<IDS|MSG>", b"0" * 64] + body
            elif kind == 3:
                frames = [b"<IDS|MSG>"] + [junk() for _ in range(5)]
            elif kind == 4:
                frames = [b"<IDS|MSG>", signed(body)] + body[:2]
            elif kind == 5:
                bad = [b"not json", b"{}", b"{}", b"{}"]
                frames = [b"<IDS|MSG>", signed(bad)] + bad
            elif kind == 6:
                bad = [header("execute_request"), b"{}", b"{}", b"[1, 2]"]
                frames = [b"<IDS|MSG>", signed(bad)] + bad
            else:
                bad = [b'{"msg_id": 1}', b"{}", b"{}", b"{}"]
                frames = [b"<IDS|MSG>", signed(bad)] + bad
            kinds.append(kind)
            sockets[i % 2].send_multipart(frames)
        time.sleep(1.0)
        for s in sockets:
            s.close()
        context.term()

        self.assertTrue(self.km.is_alive())
        self.assertEqual(self.result_text("40 + 2"), "42")


if __name__ == "__main__":
    unittest.main()

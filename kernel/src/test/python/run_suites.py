"""Runs every test_*.py here and writes one JSON record per test (and failed subtest) for JUnit."""
import json
import os
import signal
import sys
import traceback
import unittest


class Recorder(unittest.TestResult):
    def __init__(self):
        super().__init__()
        self.records = {}

    def startTest(self, test):
        super().startTest(test)
        self.records[test.id()] = {"id": test.id(), "status": "ok", "detail": ""}
        print("RUN", test.id(), flush=True)

    def _fail(self, test, err, status):
        rec = self.records.setdefault(test.id(), {"id": test.id(), "status": "ok", "detail": ""})
        rec["status"] = status
        rec["detail"] += "".join(traceback.format_exception(*err))

    def addFailure(self, test, err):
        self._fail(test, err, "failed")

    def addError(self, test, err):
        self._fail(test, err, "error")

    def addSkip(self, test, reason):
        self.records[test.id()] = {"id": test.id(), "status": "skipped", "detail": reason}

    def addSubTest(self, test, subtest, err):
        if err is not None:
            self._fail(test, err, "failed")


def main():
    # A build started in the background inherits SIGINT as ignored, and an ignored signal stays
    # ignored in every child: the kernels could then not be interrupted in signal mode.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    here, out = sys.argv[1], sys.argv[2]
    sys.path.insert(0, here)
    suite = unittest.defaultTestLoader.discover(here, pattern="test_*.py")
    result = Recorder()
    suite.run(result)
    for test, err in result.errors:  # class-level errors (setUpClass) have no startTest
        if test.id() not in result.records:
            result.records[test.id()] = {"id": test.id(), "status": "error", "detail": err}
    with open(out, "w") as f:
        json.dump(list(result.records.values()), f, indent=1)


if __name__ == "__main__":
    main()

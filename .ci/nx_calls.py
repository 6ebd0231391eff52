"""A pytest plugin for networkx's tests run through the backend: who served what.

    NETWORKX_TEST_BACKEND=pathsum NETWORKX_FALLBACK_TO_NX=True \
        PYTHONPATH=.ci pytest -p nx_calls <networkx test files>

networkx logs each call a backend serves at DEBUG ("Using backend 'pathsum'
for call to '<name>'"); this counts them per function and prints the counts
at the end, with the calls that fell back to networkx. With
PATHSUM_SERVED_AT_LEAST=N in the environment, a run in which pathsum served
fewer than N calls fails: the tests passing on networkx alone prove nothing.
"""

import logging
import os
from collections import Counter

_served: Counter = Counter()
_fell_back: Counter = Counter()


class _Count(logging.Handler):
    def emit(self, record):
        message = record.getMessage()
        if message.startswith("Using backend 'pathsum' for call to"):
            _served[message.split("'")[3]] += 1
        elif message.startswith("Falling back to use 'networkx'") or (
            "falling back to use 'networkx'" in message
        ):
            _fell_back[record.args[1] if len(record.args) > 1 else "?"] += 1


_handler = _Count(level=logging.DEBUG)


def pytest_configure(config):
    logger = logging.getLogger("networkx")
    logger.setLevel(logging.DEBUG)
    logger.addHandler(_handler)


def pytest_sessionfinish(session, exitstatus):
    least = int(os.environ.get("PATHSUM_SERVED_AT_LEAST", "0"))
    if sum(_served.values()) < least:
        session.exitstatus = 1


def pytest_terminal_summary(terminalreporter):
    write = terminalreporter.write_line
    write(f"calls pathsum served: {sum(_served.values())}")
    for name, count in sorted(_served.items()):
        write(f"  {name}: {count}")
    write(f"calls that fell back to networkx: {sum(_fell_back.values())}")
    least = int(os.environ.get("PATHSUM_SERVED_AT_LEAST", "0"))
    if sum(_served.values()) < least:
        write(f"FAILED: pathsum served fewer than {least} calls", red=True)

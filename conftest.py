"""Suite-wide pytest hooks.

An ERROR (or CRITICAL) log record emitted while a test runs fails that test,
as Odoo's own test runner does: a test that expects an error mutes its logger
(``odoo.tools.mute_logger``) or asserts it with ``assertLogs``.

A test that prints a line ``summary: ...`` (the route walk's
``routes tried: N``) has it repeated at the end of the run, where pytest's
output capture would otherwise hide it.
"""

import logging

import pytest


class _ErrorCollector(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.records = []

    def emit(self, record):
        self.records.append(record)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    collector = _ErrorCollector()
    root = logging.getLogger()
    root.addHandler(collector)
    item.stash[_errors_key] = collector
    try:
        yield
    finally:
        root.removeHandler(collector)


_errors_key = pytest.StashKey()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    collector = item.stash.get(_errors_key, None)
    if collector is None or not collector.records:
        return
    records, collector.records = collector.records, []
    if report.passed:
        messages = "\n".join(
            f"{record.name}: {record.getMessage()}" for record in records
        )
        report.outcome = "failed"
        report.longrepr = (
            f"Unexpected ERROR log records during the test ({call.when}):\n{messages}"
        )


SUMMARY_PREFIX = "summary: "
_summary_lines = []


def pytest_runtest_logreport(report):
    if report.when != "call":
        return
    for line in report.capstdout.splitlines():
        # Progress characters of subtests may precede it on the same line.
        _before, found, summary = line.partition(SUMMARY_PREFIX)
        if found:
            _summary_lines.append(f"{report.nodeid}: {summary}")


def pytest_terminal_summary(terminalreporter):
    if _summary_lines:
        terminalreporter.write_sep("-", "summary")
        for line in _summary_lines:
            terminalreporter.write_line(line)

"""`manage.py runserver_with_sweep` (`make run`): the sweep runs every interval in a thread without Redis and
survives a failed sweep; the development server starts without the reloader."""

from __future__ import annotations

import logging
import threading

from phoihop.scheduler.management.commands import runserver_with_sweep


def test_runserver_with_sweep_sweeps_every_interval_and_survives_a_failed_sweep(monkeypatch, caplog):
    calls: list[str] = []
    closed: list[int] = []
    stop = threading.Event()

    def fake_sweep(*, trigger: str) -> dict:
        calls.append(trigger)
        if len(calls) == 1:
            raise RuntimeError("cơ sở dữ liệu bận")
        if len(calls) == 3:
            stop.set()
        return {}

    monkeypatch.setattr(runserver_with_sweep, "sweep_once", fake_sweep)
    monkeypatch.setattr(runserver_with_sweep, "close_old_connections", lambda: closed.append(len(calls)))
    thread = threading.Thread(target=runserver_with_sweep._loop, args=(stop, 0.01), daemon=True)
    with caplog.at_level(logging.ERROR, logger=runserver_with_sweep.__name__):
        thread.start()
        thread.join(timeout=10)
    assert not thread.is_alive()
    # three sweeps, each marked as the development server's, the loop went on after the failed first one
    assert calls == ["runserver"] * 3
    # the database connections are closed after every sweep, the failed one included
    assert closed == [1, 2, 3]
    # the failure was logged with its exception, and nothing else
    assert [(r.levelno, r.getMessage()) for r in caplog.records] == [(logging.ERROR, "sweep failed")]
    assert caplog.records[0].exc_info is not None
    assert repr(caplog.records[0].exc_info[1]) == "RuntimeError('cơ sở dữ liệu bận')"


def test_runserver_with_sweep_starts_the_sweep_thread_and_the_server_without_reloader(monkeypatch):
    started: list[tuple[float, bool, str, bool]] = []
    events: list[threading.Event] = []
    served: list[tuple[tuple, dict]] = []
    looping = threading.Event()

    def fake_loop(stop: threading.Event, interval: float) -> None:
        thread = threading.current_thread()
        started.append((interval, stop.is_set(), thread.name, thread.daemon))
        events.append(stop)
        looping.set()

    def fake_call_command(*args, **kwargs) -> None:
        served.append((args, kwargs))
        assert looping.wait(10)  # the sweep thread has started, and runs while the server does
        assert not events[0].is_set()

    monkeypatch.setattr(runserver_with_sweep, "_loop", fake_loop)
    monkeypatch.setattr(runserver_with_sweep, "call_command", fake_call_command)
    runserver_with_sweep.Command().handle(addrport="127.0.0.1:8001", interval=60.0)
    # every minute by default, in a daemon thread named "sweep" that does not keep the process alive
    assert started == [(60.0, False, "sweep", True)]
    assert served == [(("runserver", "127.0.0.1:8001"), {"use_reloader": False})]
    assert events[0].is_set()  # the server has stopped: the sweep loop is told to stop too

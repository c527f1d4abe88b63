"""`make setup` and `make run`: every management command the Makefile calls exists, and `make run` runs
`runserver_with_sweep` after `setup`."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.core.management import get_commands


def test_every_command_of_make_setup_and_run_exists():
    makefile = (Path(settings.BASE_DIR) / "Makefile").read_text(encoding="utf-8")
    used = set(re.findall(r"^\t\$\(MANAGE\) ([a-z_]+)", makefile, flags=re.MULTILINE))
    assert {"migrate", "load_regulations", "load_calendar", "load_demo", "runserver_with_sweep"} <= used
    assert used - set(get_commands()) == set()
    run = re.search(r"^run: (.*)\n\t(.*)$", makefile, flags=re.MULTILINE)
    assert run is not None
    assert run.group(1) == "setup"
    assert run.group(2).startswith("$(MANAGE) runserver_with_sweep")
    # the demo's e-mails land as files (sent-mail/) under `make run` unless EMAIL_BACKEND is set
    assert "run: export EMAIL_BACKEND ?= django.core.mail.backends.filebased.EmailBackend" in makefile
    assert "run: export EMAIL_FILE_PATH ?= $(CURDIR)/sent-mail" in makefile

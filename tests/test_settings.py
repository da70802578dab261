"""Operators get one plain line per bad setting and exit code 2, never a traceback."""

from __future__ import annotations

import pytest

from adapters.cli import main


@pytest.mark.parametrize(("name", "value", "says"), [
    ("REBOUND_LOG_LEVEL", "verbose", "REBOUND_LOG_LEVEL: use one of DEBUG, INFO"),
    ("REBOUND_REGION", "FR", "REBOUND_REGION: use one of US"),
    ("REBOUND_TZ", "Mars/Base", "REBOUND_TZ: use an IANA time zone name"),
])
def test_a_bad_setting_is_one_line_and_exit_2(monkeypatch, capsys, tmp_path, name, value, says):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(name, value)
    assert main(["stats", "--db", str(tmp_path / "none.db")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"rebound: {says}") and err.count("\n") == 1
    assert "Traceback" not in err


def test_good_settings_pass(monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(tmp_path)
    for name, value in (("REBOUND_LOG_LEVEL", "warning"), ("REBOUND_REGION", "uk"),
                        ("REBOUND_TZ", "Europe/London")):
        monkeypatch.setenv(name, value)
    db = tmp_path / "none.db"
    main(["stats", "--db", str(db)])
    assert "rebound: REBOUND_" not in capsys.readouterr().err


def test_version(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.startswith("rebound ")


def test_other_is_a_region_too(monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("REBOUND_REGION", "other")
    main(["stats", "--db", str(tmp_path / "none.db")])
    assert "rebound: REBOUND_" not in capsys.readouterr().err


def test_a_platform_without_its_extra_says_what_to_install(monkeypatch, capsys):
    import importlib

    real = importlib.import_module

    def without_slack(name, *args):
        if name == "adapters.slack.cli":
            raise ModuleNotFoundError("No module named 'slack_bolt'", name="slack_bolt")
        return real(name, *args)

    monkeypatch.setattr(importlib, "import_module", without_slack)
    assert main(["slack"]) == 2
    assert "pip install 'rebound-bot[slack]'" in capsys.readouterr().err


def test_json_logs_are_one_object_per_line_without_message_text(monkeypatch, capsys):
    import json
    import logging

    from adapters.logs import configure

    root = logging.getLogger()
    kept = root.handlers[:]
    root.handlers.clear()
    try:
        configure("INFO", "json")
        logging.getLogger("rebound.test").warning("turn failed (platform=%s)", "slack")
        line = capsys.readouterr().err.strip().splitlines()[-1]
    finally:
        root.handlers[:] = kept
    record = json.loads(line)
    assert record["level"] == "WARNING" and record["message"] == "turn failed (platform=slack)"


def test_a_bad_log_format_is_one_line(monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("REBOUND_LOG_FORMAT", "xml")
    assert main(["stats", "--db", str(tmp_path / "none.db")]) == 2
    assert capsys.readouterr().err.startswith("rebound: REBOUND_LOG_FORMAT: use one of text, json")

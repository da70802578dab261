"""Links and files in the terminal: `label: url` lines, files saved under --files-dir."""

from __future__ import annotations

import io
import json

from rich.console import Console

from adapters.console.render import Screen, save
from bot.model import Attachment, Link, Reply
from tests.test_terminal import chat


def test_the_export_is_saved_under_files_dir_and_its_path_printed(tmp_path):
    folder = tmp_path / "downloads"
    db = str(tmp_path / "chat.db")
    out = chat(db, ["They ghosted me after four rounds", "export my data", "export my data"],
               "sam", "--files-dir", str(folder))
    first, second = folder / "rebound-my-data.json", folder / "rebound-my-data-2.json"
    assert f"Saved a copy to {first}" in out and f"Saved a copy to {second}" in out
    assert "ghosted" in json.dumps(json.loads(first.read_text("utf-8")))
    assert '"conversations"' not in out  # the file, not its contents, on screen


def test_links_print_as_label_and_address():
    shown = io.StringIO()
    screen = Screen(Console(file=shown, no_color=True, width=200), rich=False)
    screen.reply(Reply(text="Your draft", links=(
        Link("Open in my email app", "mailto:?subject=Thank%20you"),)))
    assert "Open in my email app: mailto:?subject=Thank%20you" in shown.getvalue()


def test_a_file_never_leaves_its_folder_or_overwrites_one(tmp_path):
    (tmp_path / "plan.ics").write_bytes(b"mine")
    path = save(Attachment("../../plan.ics", "text/calendar", b"new"), tmp_path)
    assert path == tmp_path / "plan-2.ics" and path.read_bytes() == b"new"
    assert (tmp_path / "plan.ics").read_bytes() == b"mine"
    hidden = save(Attachment(".bashrc", "text/plain", b"x"), tmp_path)
    assert hidden == tmp_path / "bashrc"

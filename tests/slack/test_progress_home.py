"""The App Home shows the journey in words; its button sends the picture to the DM."""

from __future__ import annotations

from tests.slack.conftest import AMY_DM, Slack, buttons, visible
from tests.slack.test_conversation import make_plan


def test_the_home_tab_shows_the_journey_and_its_button_sends_the_picture(slack: Slack, fake):
    make_plan(slack)
    slack.dm("done 1")
    before_home = len(fake.calls())
    slack.home()
    assert [c.method for c in fake.calls()[before_home:]
            if "upload" in c.method.lower()] == []  # opening the tab draws nothing
    home = fake.calls("views.publish")[-1]
    assert "Plan steps done: 1" in visible(home)
    [show] = [b for b in buttons(home) if b["value"] == "go:progress"]
    assert show["text"]["text"] == "Show my progress picture"
    before = len(fake.calls())
    slack.click(show["value"], action_id=show["action_id"], home=True)
    methods = [c.method for c in fake.calls()[before:]
               if c.method not in ("auth.test", "conversations.open", "views.publish",
                                   "users.info")]
    assert methods == ["chat.postMessage", "files.getUploadURLExternal", "upload",
                       "files.completeUploadExternal"]
    new = fake.calls()[before:]
    [asked] = [c for c in new if c.method == "files.getUploadURLExternal"]
    assert asked.params["filename"] == "rebound-progress.png"
    assert "Bars show plan steps done" in asked.params["alt_txt"]
    [complete] = [c for c in new if c.method == "files.completeUploadExternal"]
    assert complete.params["channel_id"] == AMY_DM
    [upload] = [c for c in new if c.method == "upload"]
    assert upload.params["data"][:8] == b"\x89PNG\r\n\x1a\n"

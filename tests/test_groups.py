"""A week in a peer group, with an injected clock: nothing private leaks, nobody is shamed."""

from __future__ import annotations

from datetime import UTC, datetime

from adapters.markup import plain
from bot import Engine, Event
from tests.conftest import Chat, peek

CHANNEL = "C-hunters"


def deliver(engine: Engine, at: datetime, ref: str | None = None) -> list:
    """Send everything due at `at`, as an adapter's loop would (a prompt queues the buddy DMs,
    which the next pass sends); channel posts get `ref` as their platform id."""
    out: list = []
    for _ in range(5):
        batch = engine.due(at)
        for delivery in batch:
            engine.mark_sent(delivery.id, ref if delivery.channel else None)
        out += batch
    return out


def posts(deliveries: list) -> list[str]:
    return [plain(r.text) for d in deliveries if d.channel for r in d.replies]


def dms(deliveries: list, user: str) -> list[str]:
    return [plain(r.text) for d in deliveries if d.user == user and not d.channel
            for r in d.replies]


def set_up(engine: Engine, buddies: str = "yes") -> Chat:
    alice = Chat(engine, user="alice")
    alice.event(command="rejected", text="group", channel=CHANNEL, name="Alice", admin=True)
    private = [r for r in alice.last if r.private]
    assert private and private[0].channel == CHANNEL and "direct message" in private[0].text
    assert "set up your peer group" in alice.text
    alice.say("Job Hunters", name="Alice")
    alice.pick("Monday")
    alice.say("9am")
    alice.say("London")
    alice.say(buddies)
    assert "Job Hunters is set up" in alice.text
    return alice


def join(engine: Engine, user: str) -> Chat:
    person = Chat(engine, user=user)
    person.event(choice="group:join:1", channel=CHANNEL, name=user.title())
    assert "Welcome to" in person.text and all(r.private for r in person.last)
    return person


def check_in(person: Chat, mood: str, win: str, nxt: str, hand: str, share: list[str]) -> None:
    person.event(choice="group:checkin:1", channel=CHANNEL, name=person.user.title())
    assert person.last[0].private  # the channel only hears "check your DMs"
    person.pick(mood)
    for answer in (win, nxt, hand):
        person.say(answer) if answer else person.pick("Skip")
    person.pick("Let me choose")
    for part in ("mood", "win", "next", "hand"):
        if any(b.choices for b in person.last) and "Share" in person.text:
            person.pick("Share it" if part in share else "Keep it private")


def test_a_week_in_a_group(db, clock):
    engine = Engine(db, clock=clock)
    alice = set_up(engine)
    announced = deliver(engine, clock.now)
    assert "Job Hunters is now a Rebound peer group" in posts(announced)[0]
    assert "Mondays at 09:00 (Europe/London)" in posts(announced)[0]
    bob = join(engine, "bob")
    join(engine, "carol")

    monday = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # 9:00 in London
    assert not posts(deliver(engine, datetime(2026, 11, 23, 8, 59, tzinfo=UTC)))
    week = deliver(engine, monday, ref="prompt-ts-1")
    prompt = [d for d in week if d.channel]
    assert len(prompt) == 1 and "check-in time" in plain(prompt[0].replies[0].text)
    assert [c.label for c in prompt[0].replies[0].choices] == ["Check in"]
    intros = {u: dms(week, u) for u in ("alice", "bob", "carol")}
    assert all(len(m) == 1 and "your buddy is" in m[0] for m in intros.values())  # a trio

    check_in(bob, "4 Good", "Sent three applications", "Prep for the Globex call",
             "SQL practice", share=["mood", "win", "hand"])
    assert "include what you chose to share" in bob.text
    check_in(alice, "2 Low", "Went for a run", "", "", share=[])
    # carol skips this week

    clock.now = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    digest = [d for d in deliver(engine, clock.now) if d.channel]
    assert len(digest) == 1
    text = plain(digest[0].replies[0].text)
    assert digest[0].replies[0].thread == "prompt-ts-1"
    assert "Bob" in text and "Sent three applications" in text and "SQL practice" in text
    assert "Mood: 4/5" in text
    assert "Globex" not in text  # kept private
    assert "Alice" not in text and "Went for a run" not in text and "Carol" not in text
    assert [c.label for c in digest[0].replies[0].choices] == ["Encourage Bob"]

    alice.event(choice=digest[0].replies[0].choices[0].id, channel=CHANNEL, name="Alice")
    assert "write your note to Bob" in alice.text
    alice.say("you're a loser")
    assert "can't send that one" in alice.text
    alice.say("Three applications in a week is brilliant. Go get that SQL!")
    assert "Sent" in alice.text
    note = dms(deliver(engine, clock.now), "bob")
    assert note and "Alice" in note[0] and "Three applications" in note[0]

    nudges = deliver(engine, datetime(2026, 11, 26, 9, 0, tzinfo=UTC))
    assert all("Midweek nudge" in m for u in ("alice", "bob", "carol") for m in dms(nudges, u))


def test_mute_stops_notes_from_that_sender(db, clock):
    engine = Engine(db, clock=clock)
    alice = set_up(engine, buddies="no")
    bob = join(engine, "bob")
    deliver(engine, datetime(2026, 11, 23, 9, 0, tzinfo=UTC), ref="p1")
    check_in(bob, "3 Okay", "Updated my CV", "", "", share=["win"])
    digest = deliver(engine, datetime(2026, 11, 24, 9, 1, tzinfo=UTC))
    cheer = next(d for d in digest if d.channel).replies[0].choices[0].id
    alice.event(choice=cheer, channel=CHANNEL, name="Alice")
    alice.say("Well done on the CV!")
    clock.now = datetime(2026, 11, 24, 9, 2, tzinfo=UTC)
    note = [d for d in deliver(engine, clock.now) if d.user == "bob"]
    bob.last = list(note[0].replies)
    bob.pick("Mute notes from Alice")
    assert "won't get notes from them" in bob.text
    alice.event(choice=cheer, channel=CHANNEL, name="Alice")
    alice.say("Another one!")
    assert "Sent" in alice.text  # the sender isn't told
    assert not [d for d in deliver(engine, clock.now) if d.user == "bob"]


def test_buddy_pairs_avoid_repeats_and_respect_opt_out(db, clock):
    engine = Engine(db, clock=clock)
    set_up(engine)
    people = [join(engine, u) for u in ("bob", "carol", "dan")]
    for week, day in enumerate(((11, 23), (11, 30), (12, 7))):
        due = deliver(engine, datetime(2026, *day, 9, 0, tzinfo=UTC))
        intros = [m for u in ("alice", "bob", "carol", "dan") for m in dms(due, u)
                  if "your buddy is" in m]
        assert len(intros) == (4 if week < 2 else 3)
        if week == 1:
            people[2].event(choice="group:nopair:1", channel=CHANNEL)
            assert "won't pair you" in people[2].text
    rows = peek(db, "SELECT week, a_key, b_key FROM pairs")
    weeks: dict[str, set] = {}
    for week, a, b in rows:
        weeks.setdefault(week, set()).add(frozenset((a, b)))
    first, second, third = (weeks[w] for w in sorted(weeks))
    assert len(first) == 2 and len(second) == 2
    assert not first & second  # four people: nobody gets last week's buddy again
    assert not any("console|local|dan" in pair for pair in third)


def test_rough_day_shares_only_that(db, clock):
    engine = Engine(db, clock=clock)
    set_up(engine)
    dave = join(engine, "dave")
    deliver(engine, clock.now)  # the group's announcement
    dave.event(command="rejected", text="", channel=CHANNEL, name="Dave")
    dave.say("Globex turned me down after five rounds and I'm crushed", name="Dave")
    dave.pick("That's all for now")
    dave.pick("know I'm having a rough day")
    assert "only that you're having a rough day" in dave.text
    post = posts(deliver(engine, clock.now))
    assert len(post) == 1 and "Dave is having a rough day" in post[0]
    assert "Globex" not in post[0] and "crushed" not in post[0]


def test_only_the_creator_or_an_admin_changes_settings(db, clock):
    engine = Engine(db, clock=clock)
    set_up(engine)
    bob = join(engine, "bob")
    bob.event(choice="group:settings:1", channel=CHANNEL)
    assert "Only the person who set up" in bob.text
    bob.event(choice="group:settings:1", channel=CHANNEL, admin=True)
    assert "update the group's settings" in bob.text
    bob.pick("Keep as it is")
    bob.pick("Friday")
    bob.pick("Keep as it is")
    bob.pick("Keep as it is")
    bob.pick("Keep as it is")
    assert "Fridays at 09:00" in bob.text


def test_group_status_is_private_and_offers_join(db, clock):
    engine = Engine(db, clock=clock)
    set_up(engine)
    eve = Chat(engine, user="eve")
    eve.event(command="rejected", text="group", channel=CHANNEL)
    assert all(r.private and r.channel == CHANNEL for r in eve.last)
    assert eve.labels[0] == "Join this group"


def test_checkin_command_outside_the_schedule(db, clock):
    engine = Engine(db, clock=clock)
    alice = set_up(engine)
    alice.event(command="rejected", text="checkin")  # from a DM
    assert "How has your week felt" in alice.text
    loner = Chat(engine, user="zed")
    loner.event(command="rejected", text="checkin")
    assert "not in a peer group" in loner.text


def test_two_engines_never_send_one_message_twice(db, clock):
    first, second = Engine(db, clock=clock), Engine(db, clock=clock)
    set_up(first)
    for user in ("bob", "carol", "dan", "erin"):
        join(first, user)
    at = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    a, b = first.due(at), second.due(at)
    ids = [d.id for d in a + b]
    assert len(ids) == len(set(ids)) and len(ids) >= 6


def test_prompts_keep_local_time_across_daylight_saving(db, clock):
    engine = Engine(db, clock=clock)
    clock.now = datetime(2026, 10, 20, 12, 0, tzinfo=UTC)
    alice = Chat(engine, user="alice")
    alice.event(command="rejected", text="group", channel=CHANNEL, admin=True)
    for answer in ("Night Owls", "Monday", "9am", "New York", "no"):
        alice.say(answer)
    deliver(engine, clock.now)
    before = [d for d in engine.due(datetime(2026, 10, 26, 13, 0, tzinfo=UTC)) if d.channel]
    for d in before:
        engine.mark_sent(d.id)
    after = engine.due(datetime(2026, 11, 2, 13, 59, tzinfo=UTC))
    assert before and not [d for d in after if d.channel]  # 9:00 EST is 14:00 UTC now
    assert [d for d in engine.due(datetime(2026, 11, 2, 14, 0, tzinfo=UTC)) if d.channel]


def test_forget_me_removes_group_traces(db, clock):
    engine = Engine(db, clock=clock)
    set_up(engine)
    bob = join(engine, "bob")
    deliver(engine, datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    check_in(bob, "3 Okay", "A win", "", "", share=["win"])
    bob.say("forget me")
    bob.pick("Yes, delete everything")
    export = engine.handle(Event("console", "local", "bob", text="export my data"))
    data = next(a for r in export for a in r.attachments).data.decode("utf-8")
    assert "A win" not in data and '"members": []' in data


def test_a_check_in_form_may_arrive_in_parts(db, clock):
    engine = Engine(db, clock=clock)
    set_up(engine, buddies="no")
    bob = join(engine, "bob")
    deliver(engine, datetime(2026, 11, 23, 9, 0, tzinfo=UTC))  # announcement and prompt
    bob.event(choice="group:checkin:1", channel=CHANNEL)
    bob.event(values={"mood": "4", "win": "Two interviews booked", "next": "", "hand": "",
                      "share_mood": "yes"})
    rest = next(r.form for r in bob.last if r.form)
    assert [f.id for f in rest.fields] == ["share_win"]  # blank answers need no "share?"
    bob.event(values={"share_win": "yes"})
    assert "include what you chose to share" in bob.text
    digest = posts(deliver(engine, datetime(2026, 11, 24, 9, 0, tzinfo=UTC)))
    assert "Two interviews booked" in digest[0] and "Mood: 4/5" in digest[0]


def test_a_note_can_come_from_a_form_and_is_screened_like_typing(db, clock):
    engine = Engine(db, clock=clock)
    alice = set_up(engine, buddies="no")
    bob = join(engine, "bob")
    deliver(engine, datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    check_in(bob, "3 Okay", "Updated my CV", "", "", share=["win"])
    digest = deliver(engine, datetime(2026, 11, 24, 9, 0, tzinfo=UTC))
    cheer = next(d for d in digest if d.channel).replies[0].choices[0].id
    alice.event(choice=cheer, channel=CHANNEL)
    assert any(r.form and r.form.id == "peers.note" for r in alice.last)
    alice.event(values={"note": "honestly I want to kill myself"})
    assert "988" in alice.text  # the crisis screen saw it
    alice.pick("Talk about something else")
    alice.event(values={"note": "you're such a loser"})
    assert dict(e for r in alice.last for e in r.errors).keys() == {"note"}  # shown in the form
    alice.event(values={"note": "Great work on the CV!"})
    assert "Sent" in alice.text
    note = dms(deliver(engine, datetime(2026, 11, 24, 9, 5, tzinfo=UTC)), "bob")
    assert note and "Great work on the CV!" in note[0]

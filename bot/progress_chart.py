"""The progress picture: steps done, applications and interviews per week, as a PNG.

Two halves, so the numbers can be checked apart from the drawing:
`weekly_progress` is a pure function from stored rows (plan steps, logged
entries, mood answers) to a plain `WeeklyProgress`, counted in the person's
own weeks; `progress_picture` draws it and writes the alt text that says the
same numbers in words (`messages/progress/alt.md.j2`).

Drawing uses matplotlib's Agg canvas directly (`FigureCanvasAgg` on a bare
`Figure`): the backend is chosen explicitly, pyplot's global state and any
display are never touched, and figures on different threads don't meet.
matplotlib is imported only when a picture is drawn, so starting the bot
doesn't pay for it. It is not thread-safe (its font objects are shared), so
pictures are drawn one at a time under a lock. Drawing happens in the turn
worker (`bot.inbox.Workers`), like every turn, off the path that
acknowledges the platform, so a picture never delays an ack.

The card is a solid mid-tone with dark text, never transparent, so it reads
the same on a light or a dark chat theme; the three series differ in marker
and line style as well as colour.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.journey import Entry, done_day, week_start
from bot.model import Attachment
from bot.render import Messages
from bot.rows import Action

FILENAME = "rebound-progress.png"
MEDIA_TYPE = "image/png"
WIDTH, HEIGHT, MOOD_HEIGHT, DPI = 8.0, 4.2, 2.2, 100
CARD = "#d9dee5"
INK = "#1c2530"
GRID = "#b7bfca"
STEPS = "#2f6690"
APPLICATIONS = "#a8481a"
INTERVIEWS = "#2d6a3e"
BEFORE, AFTER = "#6b7785", "#2f6690"
MOOD_SCALE = (1, 5)
_DRAWING = threading.Lock()


@dataclass(frozen=True)
class MoodChange:
    """One sitting's 'how heavy does it feel' (1 light, 5 very heavy), before and after."""

    day: date
    before: int
    after: int


@dataclass(frozen=True)
class WeeklyProgress:
    """What the picture plots: one value per week (weeks start on Monday, oldest first)."""

    weeks: tuple[date, ...]
    steps_done: tuple[int, ...]
    applications: tuple[int, ...]
    interviews: tuple[int, ...]
    moods: tuple[MoodChange, ...] = ()


def weekly_progress(actions: Iterable[Action], entries: Sequence[Entry],
                    moods: Iterable[Mapping[str, Any]], today: date, zone: str,
                    weeks: int = 12) -> WeeklyProgress:
    """Counts per week for the `weeks` weeks up to and including `today`'s, in `zone`.

    `actions` are stored plan rows (a step counts in the week it was marked
    done, in their zone); `entries` count in the week of their day; `moods`
    are the mood answers kept with the conversation, each 'before' paired
    with the 'after' that follows it.
    """
    first = week_start(today) - timedelta(days=7 * (weeks - 1))
    starts = tuple(first + timedelta(days=7 * n) for n in range(weeks))
    where = ZoneInfo(zone)

    def per_week(days: Iterable[date]) -> tuple[int, ...]:
        counts = dict.fromkeys(starts, 0)
        for day in days:
            if first <= day <= today:
                counts[week_start(day)] += 1
        return tuple(counts.values())

    return WeeklyProgress(
        weeks=starts,
        steps_done=per_week(day for row in actions if (day := done_day(row, where))),
        applications=per_week(entry.day for entry in entries),
        interviews=per_week(entry.day for entry in entries if entry.interviewed),
        moods=tuple(m for m in mood_changes(moods) if first <= m.day <= today),
    )


def mood_changes(answers: Iterable[Mapping[str, Any]]) -> list[MoodChange]:
    """Each 'before' rating with the first 'after' that follows it, as `bot.flows.mood_check`
    compares them; a 'before' never answered after is left out."""
    pairs: list[MoodChange] = []
    before: Mapping[str, Any] | None = None
    for answer in answers:
        if answer.get("moment") == "before":
            before = answer
        elif answer.get("moment") == "after" and before is not None:
            pairs.append(MoodChange(date.fromisoformat(str(before["day"])),
                                    int(before["rating"]), int(answer["rating"])))
            before = None
    return pairs


def week_label(day: date) -> str:
    return f"{day.day} {day:%b}"


def alt_text(progress: WeeklyProgress, msgs: Messages) -> str:
    """The numbers in words, for screen readers (plain text: no markup in the template)."""
    return msgs.say("progress/alt", weeks=len(progress.weeks),
                    first=week_label(progress.weeks[0]), last=week_label(progress.weeks[-1]),
                    steps=progress.steps_done, applications=progress.applications,
                    interviews=progress.interviews,
                    moods=[(week_label(m.day), m.before, m.after) for m in progress.moods])


def progress_picture(progress: WeeklyProgress, msgs: Messages) -> Attachment:
    """The picture as a PNG attachment, with its alt text."""
    with _DRAWING:
        picture = render_png(progress, msgs)
    return Attachment(FILENAME, MEDIA_TYPE, picture, alt_text=alt_text(progress, msgs))


def render_png(progress: WeeklyProgress, msgs: Messages) -> bytes:
    """Draw `progress` on a solid card; labels come from labels.toml (`progress.*`).

    Call it through `progress_picture`, which holds the drawing lock.

    Margins are fixed in inches rather than found by a layout engine, which
    would draw the figure twice; moods sit under the week they were given in.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    def label(key: str) -> str:
        return msgs.label(f"progress.{key}")

    height = HEIGHT + (MOOD_HEIGHT if progress.moods else 0)
    figure = Figure(figsize=(WIDTH, height), dpi=DPI, facecolor=CARD)
    canvas = FigureCanvasAgg(figure)
    rows = 2 if progress.moods else 1
    grid = figure.add_gridspec(rows, 1, height_ratios=[HEIGHT, MOOD_HEIGHT][:rows],
                               left=0.8 / WIDTH, right=1 - 0.2 / WIDTH, top=1 - 0.75 / height,
                               bottom=0.45 / height, hspace=0.35)
    axes = figure.add_subplot(grid[0])
    spots = range(len(progress.weeks))
    bars = axes.bar(spots, progress.steps_done, color=STEPS, width=0.6, label=label("steps"),
                    zorder=2)
    [applied] = axes.plot(spots, progress.applications, color=APPLICATIONS, marker="o",
                          linewidth=2, label=label("applications"), zorder=3)
    [interviewed] = axes.plot(spots, progress.interviews, color=INTERVIEWS, marker="s",
                              linewidth=2, linestyle="--", label=label("interviews"), zorder=3)
    axes.set_xticks(list(spots), [week_label(w) for w in progress.weeks])
    axes.set_xlim(-0.6, len(progress.weeks) - 0.4)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylim(0, max(3, *progress.steps_done, *progress.applications) + 0.5)
    axes.set_ylabel(label("per_week"), color=INK)
    figure.text(0.8 / WIDTH, 1 - 0.3 / height, label("title"), color=INK, fontsize=13,
                va="center")
    _style(axes)
    _legend(axes, [bars, applied, interviewed])
    if progress.moods:
        _moods(figure.add_subplot(grid[1], sharex=axes), progress, label)
    out = io.BytesIO()
    canvas.print_png(out)
    return out.getvalue()


def _moods(axes: Any, progress: WeeklyProgress, label: Any) -> None:
    """Before and after per sitting, under its week: two marks joined by a line, lower is
    lighter. Several in one week stand side by side."""
    index = {week: n for n, week in enumerate(progress.weeks)}
    spots: list[float] = []
    seen: dict[date, int] = {}
    for mood in progress.moods:
        week = week_start(mood.day)
        seen[week] = seen.get(week, 0) + 1
        spots.append(index[week] + 0.18 * (seen[week] - 1))
    for spot, mood in zip(spots, progress.moods, strict=True):
        axes.plot([spot, spot], [mood.before, mood.after], color=GRID, linewidth=3, zorder=1)
    before = axes.scatter(spots, [m.before for m in progress.moods], color=BEFORE, marker="o",
                          s=40, label=label("mood_before"), zorder=2)
    after = axes.scatter(spots, [m.after for m in progress.moods], color=AFTER, marker="D",
                         s=40, label=label("mood_after"), zorder=3)
    axes.set_ylim(MOOD_SCALE[0] - 0.5, MOOD_SCALE[1] + 0.5)
    axes.set_yticks(range(MOOD_SCALE[0], MOOD_SCALE[1] + 1))
    axes.set_ylabel(label("mood_axis"), color=INK)
    _style(axes)
    _legend(axes, [before, after])


def _legend(axes: Any, handles: list[Any]) -> None:
    """Above the plot, right-aligned, so it never covers a bar or a point."""
    legend = axes.legend(handles=handles, loc="lower right", bbox_to_anchor=(1.0, 1.0),
                         frameon=False, fontsize=9, ncols=len(handles), borderaxespad=0.2)
    for text in legend.get_texts():
        text.set_color(INK)


def _style(axes: Any) -> None:
    axes.set_facecolor(CARD)
    axes.tick_params(colors=INK, labelsize=9)
    axes.grid(axis="y", color=GRID, linewidth=0.8, zorder=0)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        axes.spines[side].set_color(INK)

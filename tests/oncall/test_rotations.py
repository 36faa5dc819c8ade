"""Who is on call: hand-offs at a local time across daylight-saving changes, overrides, the
commands, and the calendar feed staff subscribe to."""

from __future__ import annotations

from datetime import date, time, timedelta
from io import StringIO

import icalendar
import pytest
from django.core.management import CommandError, call_command

from cityline.oncall import who_is_on_call
from cityline.oncall.models import Handoff, Page, Rotation, RotationMember, RotationOverride
from tests.notify.world import CHICAGO, local

pytestmark = pytest.mark.django_db


def names(shifts) -> list[str]:
    return [shift.name for shift in shifts]


def christmas_eve_swap(world) -> RotationOverride:
    return RotationOverride.objects.create(
        rotation=world.rotation,
        user=world.lee,
        starts_at=local(2026, 12, 24, 17, 0),
        ends_at=local(2026, 12, 25, 8, 0),
        reason="Swap: Pat has family on Christmas Eve",
    )


def test_weekly_hand_off_at_eight_in_the_morning(world):
    assert names(who_is_on_call(world.public_works, local(2026, 11, 16, 7, 59))) == ["Pat Doe"]
    [shift] = who_is_on_call("public-works", local(2026, 11, 16, 8, 0))
    assert shift.name == "Lee Ray" and shift.phone == "+16205550152"
    assert (shift.starts_at, shift.ends_at) == (local(2026, 11, 16, 8, 0), local(2026, 11, 23, 8, 0))
    # Before the rotation starts nobody is on call: the console shows a gap, not a guess.
    assert who_is_on_call(world.public_works, local(2026, 11, 9, 7, 0)) == []


def test_the_week_the_clocks_go_back_is_an_hour_longer_and_still_hands_off_at_eight(world):
    world.rotation.starts_on = date(2026, 10, 19)
    world.rotation.save()
    [shift] = who_is_on_call(world.public_works, local(2026, 11, 1, 12, 0))  # Sunday, clocks went back at 02:00
    assert shift.starts_at == local(2026, 10, 26, 8, 0)
    assert shift.ends_at == local(2026, 11, 2, 8, 0)
    assert shift.ends_at - shift.starts_at == timedelta(days=7, hours=1)
    assert str(shift.ends_at.astimezone(CHICAGO).time()) == "08:00:00"


def test_a_daily_hand_off_inside_the_skipped_spring_hour_happens_just_after_it(world):
    rotation = Rotation.objects.create(
        department=world.public_works,
        name="Signals",
        handoff=Handoff.DAILY,
        handoff_time=time(2, 30),
        starts_on=date(2026, 3, 1),
    )
    for position, user in enumerate([world.pat, world.lee, world.sam]):
        RotationMember.objects.create(rotation=rotation, user=user, position=position)
    # 2026-03-08 02:30 does not exist in Chicago: the hand-off is just after the gap, at 03:30 CDT
    # (24 real hours after the last one); the next, at 02:30 CDT, comes 23 hours later.
    before = rotation.shift_at(local(2026, 3, 8, 3, 15))
    after = rotation.shift_at(local(2026, 3, 8, 3, 31))
    assert before.name == "Pat Doe" and after.name == "Lee Ray"
    assert before.ends_at == after.starts_at
    assert after.starts_at.astimezone(CHICAGO).strftime("%H:%M %Z") == "03:30 CDT"
    assert before.ends_at - before.starts_at == timedelta(hours=24)
    assert after.ends_at - after.starts_at == timedelta(hours=23)
    assert after.ends_at.astimezone(CHICAGO).strftime("%H:%M %Z") == "02:30 CDT"
    # The backup is the next person in the order.
    assert rotation.shift_at(local(2026, 3, 8, 12, 0), offset=1).name == "Sam Boss"


def test_a_christmas_eve_swap_puts_lee_on_call_for_the_night_only(world):
    christmas_eve_swap(world)
    assert names(who_is_on_call(world.public_works, local(2026, 12, 24, 16, 59))) == ["Pat Doe"]
    [night] = who_is_on_call(world.public_works, local(2026, 12, 24, 20, 0))
    assert night.name == "Lee Ray" and night.is_override and night.reason.startswith("Swap")
    assert names(who_is_on_call(world.public_works, local(2026, 12, 25, 8, 0))) == ["Pat Doe"]


def test_a_water_main_break_on_christmas_eve_and_christmas_day_pages_whoever_is_on_call(world, provider, clock):
    christmas_eve_swap(world)
    clock.move_to(local(2026, 12, 24, 20, 0))  # the city closed at noon for Christmas Eve
    eve = world.report("water-main-break")
    clock.move_to(local(2026, 12, 25, 9, 0))  # Christmas Day: a holiday, so after hours all day
    day = world.report("water-main-break", lat=38.045, lon=-97.92, address="")
    assert [p.user for p in Page.objects.filter(escalation__case=eve)] == [world.lee]
    assert [p.user for p in Page.objects.filter(escalation__case=day)] == [world.pat]


def test_oncall_commands_answer_now_and_at_a_time(world, clock):
    christmas_eve_swap(world)
    clock.move_to(local(2026, 11, 20, 9, 0))
    out = StringIO()
    call_command("oncall", "now", "public-works", stdout=out)
    assert "Water and streets on call: Lee Ray ((620) 555-0152) until Mon 2026-11-23 08:00" in out.getvalue()
    out = StringIO()
    call_command("oncall", "at", "public-works", "2026-12-25T03:00", stdout=out)
    text = out.getvalue()
    assert "Fri 2026-12-25 03:00 CST" in text
    assert (
        "Lee Ray ((620) 555-0152) until Fri 2026-12-25 08:00 — override: Swap: Pat has family on Christmas Eve" in text
    )
    out = StringIO()
    call_command("oncall", "schedule", "public-works", "--from", "2026-12-21T00:00", "--days", "7", stdout=out)
    lines = out.getvalue().splitlines()
    assert (
        "  Thu 2026-12-24 17:00 → Fri 2026-12-25 08:00  Lee Ray  [override: Swap: Pat has family on Christmas Eve]"
        in lines
    )
    with pytest.raises(CommandError, match=r"There is no department 'water'\. Departments: public-works, city-clerk"):
        call_command("oncall", "now", "water")
    with pytest.raises(CommandError, match="is not a date and time; write it like 2026-12-25T03:00"):
        call_command("oncall", "at", "public-works", "Christmas")


def test_override_command_and_an_empty_rotation_say_so(world, clock):
    clock.move_to(local(2026, 11, 20, 9, 0))
    out = StringIO()
    call_command(
        "oncall",
        "override",
        "public-works",
        "--user",
        "sam",
        "--from",
        "2026-11-20T17:00",
        "--to",
        "2026-11-21T08:00",
        "--reason",
        "Vacation cover",
        stdout=out,
    )
    assert "Sam Boss is on call" in out.getvalue()
    assert names(who_is_on_call(world.public_works, local(2026, 11, 20, 18, 0))) == ["Sam Boss"]
    RotationMember.objects.all().delete()
    out = StringIO()
    call_command("oncall", "now", "public-works", stdout=out)
    assert "NOBODY is on call (the rotations have nobody on call)" in out.getvalue()


def test_the_calendar_feed_lists_each_shift_and_the_override(world, client, clock):
    christmas_eve_swap(world)
    clock.move_to(local(2026, 12, 20, 12, 0))
    response = client.get(f"/oncall/calendar/{world.rotation.calendar_token}.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    feed = icalendar.Calendar.from_ical(response.content)
    events = sorted(
        (event.decoded("dtstart"), event.decoded("dtend"), str(event["summary"])) for event in feed.walk("VEVENT")
    )
    starts = {start.astimezone(CHICAGO): (end.astimezone(CHICAGO), summary) for start, end, summary in events}
    assert starts[local(2026, 12, 21, 8)] == (local(2026, 12, 24, 17), "On call: Pat Doe")
    assert starts[local(2026, 12, 24, 17)] == (
        local(2026, 12, 25, 8),
        "On call: Lee Ray (Swap: Pat has family on Christmas Eve)",
    )
    assert starts[local(2026, 12, 25, 8)] == (local(2026, 12, 28, 8), "On call: Pat Doe")
    assert len({str(event["uid"]) for event in feed.walk("VEVENT")}) == len(events)
    assert client.get("/oncall/calendar/not-the-secret.ics").status_code == 404

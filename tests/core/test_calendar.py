"""The business calendar: open or closed, next opening, and business-time arithmetic in city time."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cityline.core.calendar import BusinessCalendar, HoursFormatError, WeeklyHours
from cityline.core.holidays import CityHolidays, override

CENTRAL = ZoneInfo("America/Chicago")
EASTERN = ZoneInfo("America/New_York")


def local(*args, zone=CENTRAL) -> datetime:
    return datetime(*args, tzinfo=zone)


def city_calendar(zone=CENTRAL) -> BusinessCalendar:
    """Mon–Fri 08:00–17:00, Kansas public holidays, two city closures."""
    closures = {
        date(2026, 11, 27): override("Day after Thanksgiving"),
        date(2026, 12, 24): override("Christmas Eve", [(8 * 60, 12 * 60)]),
    }
    return BusinessCalendar(
        zone,
        WeeklyHours.parse({"mon-fri": "08:00-17:00"}),
        CityHolidays("US", "KS", skip=["Veterans Day"], closures=closures),
    )


# --- reading hours ------------------------------------------------------------------------------


def test_weekly_hours_read_ranges_and_several_intervals():
    hours = WeeklyHours.parse({"mon-fri": "08:00-12:00, 13:00-17:00", "sat": "09:00-12:00"})
    assert hours.describe()[0] == ("mon", "08:00–12:00, 13:00–17:00")
    assert hours.describe()[5] == ("sat", "09:00–12:00")
    assert hours.describe()[6] == ("sun", "closed")


@pytest.mark.parametrize(
    "schedule, message",
    [
        ({"mon-fri": "8 to 5"}, "not an opening interval"),
        ({"mon-fri": "17:00-08:00"}, "closes before it opens"),
        ({"funday": "08:00-17:00"}, "not a day"),
        ({"fri-mon": "08:00-17:00"}, "runs backwards"),
        ({"mon-fri": "08:00-12:00", "mon": "13:00-14:00"}, "given twice"),
        ({"mon": "08:00-12:00, 11:00-13:00"}, "overlapping"),
        ({"mon": "25:00-26:00"}, "does not exist"),
    ],
)
def test_badly_written_hours_say_how_to_write_them(schedule, message):
    with pytest.raises(HoursFormatError, match=message):
        WeeklyHours.parse(schedule)


# --- open or closed -------------------------------------------------------------------------------


def test_open_on_a_weekday_afternoon_and_closed_at_night():
    calendar = city_calendar()
    assert calendar.is_open(local(2026, 11, 30, 14, 0))  # Monday
    assert not calendar.is_open(local(2026, 11, 30, 17, 0))  # closing time is closed
    assert not calendar.is_open(local(2026, 11, 30, 7, 59))


def test_weekend_is_closed_and_next_opening_is_monday_morning():
    calendar = city_calendar()
    saturday = local(2026, 11, 28, 10, 0)
    assert not calendar.is_open(saturday)
    assert calendar.next_opening(saturday) == local(2026, 11, 30, 8, 0)


def test_thanksgiving_and_the_city_closure_the_day_after():
    calendar = city_calendar()
    wednesday_evening = local(2026, 11, 25, 17, 30)
    assert calendar.closure_on(date(2026, 11, 26)).reason == "Thanksgiving Day"
    assert calendar.closure_on(date(2026, 11, 27)).reason == "Day after Thanksgiving"
    assert not calendar.is_open(local(2026, 11, 26, 10, 0))
    assert not calendar.is_open(local(2026, 11, 27, 10, 0))
    assert calendar.next_opening(wednesday_evening) == local(2026, 11, 30, 8, 0)


def test_a_skipped_holiday_is_an_ordinary_day():
    assert city_calendar().is_open(local(2026, 11, 11, 10, 0))  # Veterans Day, skipped by this city


def test_observed_holiday_falls_on_the_friday_before():
    # July 4th 2026 is a Saturday; the holiday is observed on Friday July 3rd.
    assert not city_calendar().is_open(local(2026, 7, 3, 10, 0))


def test_half_day_closure_closes_at_noon():
    calendar = city_calendar()
    assert calendar.is_open(local(2026, 12, 24, 11, 0))
    assert not calendar.is_open(local(2026, 12, 24, 13, 0))
    assert calendar.next_closing(local(2026, 12, 24, 9, 0)) == local(2026, 12, 24, 12, 0)
    # Christmas Day is a holiday, then the weekend: next opening is Monday the 28th.
    assert calendar.next_opening(local(2026, 12, 24, 12, 0)) == local(2026, 12, 28, 8, 0)


def test_next_closing_and_opening_when_open():
    calendar = city_calendar()
    moment = local(2026, 12, 1, 9, 30)
    assert calendar.next_opening(moment) == moment
    assert calendar.next_closing(moment) == local(2026, 12, 1, 17, 0)


# --- daylight saving ------------------------------------------------------------------------------


def test_opening_hours_keep_local_time_across_spring_forward():
    calendar = city_calendar()
    # 8 March 2026: clocks go forward at 02:00 in Chicago. Friday 6 and Monday 9 both open at 08:00
    # local, though the UTC offsets differ.
    friday_open = calendar.next_opening(local(2026, 3, 6, 7, 0))
    monday_open = calendar.next_opening(local(2026, 3, 7, 12, 0))
    assert friday_open.utcoffset() == timedelta(hours=-6)
    assert monday_open.utcoffset() == timedelta(hours=-5)
    assert monday_open.astimezone(CENTRAL).hour == 8


def test_business_hours_across_the_november_change_count_open_time_only():
    calendar = city_calendar()
    # Friday 30 October 2026 16:00 + 3 business hours: 1 h on Friday, 2 h on Monday 2 November,
    # after the clocks went back on Sunday 1 November.
    due = calendar.add_business_time(local(2026, 10, 30, 16, 0), timedelta(hours=3))
    assert due == local(2026, 11, 2, 10, 0)
    assert due.utcoffset() == timedelta(hours=-6)


def test_always_open_calendar_counts_the_real_23_hour_day_in_march():
    calendar = BusinessCalendar(CENTRAL, WeeklyHours.parse("24/7"), {})
    start = local(2026, 3, 7, 12, 0)
    assert calendar.add_business_time(start, timedelta(hours=24)) == local(2026, 3, 8, 13, 0)


def test_eastern_city_in_its_own_zone():
    calendar = city_calendar(EASTERN)
    # 16:30 in Hartford is 15:30 in Chicago: the calendar only ever thinks in its own zone.
    assert calendar.is_open(datetime(2026, 12, 1, 16, 30, tzinfo=EASTERN))
    assert not calendar.is_open(datetime(2026, 12, 1, 16, 30, tzinfo=CENTRAL))


# --- arithmetic ------------------------------------------------------------------------------------


def test_business_days_skip_weekend_and_holiday():
    calendar = city_calendar()
    # Wednesday 25 November 10:00 + 2 business days: Thursday is Thanksgiving, Friday a closure,
    # so Monday 30 and Tuesday 1 December count.
    assert calendar.add_business_days(local(2026, 11, 25, 10, 0), 2) == local(2026, 12, 1, 10, 0)


def test_business_days_from_a_saturday_start_at_monday_opening():
    calendar = city_calendar()
    assert calendar.add_business_days(local(2026, 11, 28, 10, 0), 1) == local(2026, 12, 1, 8, 0)


def test_business_days_landing_on_a_half_day_end_at_its_close():
    calendar = city_calendar()
    # Tuesday 22 Dec 15:00 + 2 business days: Wednesday 23, then Thursday 24 (open 08–12) → 12:00.
    assert calendar.add_business_days(local(2026, 12, 22, 15, 0), 2) == local(2026, 12, 24, 12, 0)


def test_business_time_between_counts_only_open_hours():
    calendar = city_calendar()
    friday = local(2026, 12, 4, 16, 0)
    monday = local(2026, 12, 7, 9, 0)
    assert calendar.business_time_between(friday, monday) == timedelta(hours=2)
    assert calendar.business_time_between(monday, friday) == timedelta(0)


def test_a_calendar_that_never_opens_says_so_instead_of_looping():
    calendar = BusinessCalendar(CENTRAL, WeeklyHours.parse({}), {})
    assert calendar.next_opening(local(2026, 1, 1, 0, 0)) is None
    with pytest.raises(ValueError, match="no open hours"):
        calendar.add_business_time(local(2026, 1, 1, 0, 0), timedelta(hours=1))


# --- properties ------------------------------------------------------------------------------------

moments = st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31)).map(
    lambda naive: naive.replace(tzinfo=CENTRAL)
)


@settings(max_examples=150, deadline=None)
@given(start=moments, hours=st.integers(min_value=0, max_value=200))
def test_due_in_business_hours_never_falls_in_closed_hours(start, hours):
    calendar = city_calendar()
    due = calendar.add_business_time(start, timedelta(hours=hours))
    assert any(span.start <= due <= span.end for span in calendar.spans_on(calendar.local_date(due)))
    assert calendar.business_time_between(start, due) == timedelta(hours=hours)


@settings(max_examples=150, deadline=None)
@given(start=moments, days=st.integers(min_value=0, max_value=40))
def test_due_in_business_days_is_open_and_grows_with_the_target(start, days):
    calendar = city_calendar()
    due = calendar.add_business_days(start, days)
    later = calendar.add_business_days(start, days + 1)
    assert any(span.start <= due <= span.end for span in calendar.spans_on(calendar.local_date(due)))
    assert later > due

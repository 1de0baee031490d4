"""Day arithmetic: plain days, business days across weekends, DST changes and holidays."""
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.followups.calendar import (
    add_days,
    is_business_day,
    validate_holiday_country,
    validate_timezone,
)

NY = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")


def business(start: datetime, days: int, tz: str | None = None, country: str | None = None) -> datetime:
    return add_days(start, days, business_days=True, tz=tz, holiday_country=country)


def test_plain_days_are_24_hour_days_even_across_dst():
    start = datetime(2026, 10, 31, 9, 0, tzinfo=NY)  # DST ends 1 Nov 2026
    result = add_days(start, 1, business_days=False, tz="America/New_York", holiday_country=None)
    assert result - start == timedelta(hours=24)
    assert result == datetime(2026, 11, 1, 13, 0, tzinfo=UTC)
    assert result.astimezone(NY).hour == 8  # elapsed time kept, wall clock moves
    assert result.tzinfo is UTC


def test_plain_days_return_utc_from_a_fixed_offset():
    start = datetime(2026, 3, 10, 9, 0, tzinfo=timezone(timedelta(hours=5, minutes=30)))
    result = add_days(start, 7, business_days=False, tz=None, holiday_country=None)
    assert result == datetime(2026, 3, 17, 3, 30, tzinfo=UTC)
    assert result.utcoffset() == timedelta(0)


def test_friday_plus_one_business_day_is_monday():
    friday = datetime(2026, 3, 13, 10, 0, tzinfo=UTC)
    assert business(friday, 1) == datetime(2026, 3, 16, 10, 0, tzinfo=UTC)


def test_five_business_days_span_a_weekend():
    wednesday = datetime(2026, 3, 11, 10, 0, tzinfo=UTC)
    assert business(wednesday, 5) == datetime(2026, 3, 18, 10, 0, tzinfo=UTC)


def test_weekend_start_counts_from_the_next_business_day():
    saturday = datetime(2026, 3, 14, 10, 0, tzinfo=UTC)
    sunday = datetime(2026, 3, 15, 10, 0, tzinfo=UTC)
    # Monday is where the count starts, so one business day later is Tuesday.
    assert business(saturday, 1) == datetime(2026, 3, 17, 10, 0, tzinfo=UTC)
    assert business(sunday, 1) == datetime(2026, 3, 17, 10, 0, tzinfo=UTC)


def test_zero_days_is_no_wait_even_on_a_weekend():
    saturday = datetime(2026, 3, 14, 10, 0, tzinfo=UTC)
    assert business(saturday, 0) == saturday


def test_business_days_keep_local_wall_clock_across_november_dst_change():
    friday = datetime(2026, 10, 30, 9, 0, tzinfo=NY)  # EDT, -04:00
    result = business(friday, 1, tz="America/New_York")
    local = result.astimezone(NY)
    assert (local.date().isoformat(), local.hour, local.minute) == ("2026-11-02", 9, 0)
    assert local.utcoffset() == timedelta(hours=-5)  # now EST
    assert result == datetime(2026, 11, 2, 14, 0, tzinfo=UTC)


def test_business_days_keep_local_wall_clock_across_march_dst_change():
    friday = datetime(2026, 3, 27, 17, 30, tzinfo=BERLIN)  # CEST starts 29 March 2026
    result = business(friday, 1, tz="Europe/Berlin")
    assert result.astimezone(BERLIN).replace(tzinfo=None) == datetime(2026, 3, 30, 17, 30)
    assert result == datetime(2026, 3, 30, 15, 30, tzinfo=UTC)


def test_business_days_count_in_the_interview_timezone_not_utc():
    # Friday 20:00 in New York is already Saturday in UTC.
    friday_evening = datetime(2026, 3, 13, 20, 0, tzinfo=NY)
    in_ny = business(friday_evening, 1, tz="America/New_York")
    in_utc = business(friday_evening, 1, tz=None)
    assert in_ny.astimezone(NY).replace(tzinfo=None) == datetime(2026, 3, 16, 20, 0)
    # Counted in UTC, the start is a Saturday, so the count starts Monday and ends Tuesday.
    assert in_utc == datetime(2026, 3, 17, 0, 0, tzinfo=UTC)


def test_us_thanksgiving_is_skipped():
    wednesday = datetime(2026, 11, 25, 9, 0, tzinfo=NY)
    result = business(wednesday, 1, tz="America/New_York", country="US")
    assert result.astimezone(NY).date().isoformat() == "2026-11-27"
    # Without a holiday country, Thanksgiving is an ordinary Thursday.
    plain = business(wednesday, 1, tz="America/New_York")
    assert plain.astimezone(NY).date().isoformat() == "2026-11-26"


def test_christmas_and_the_weekend_are_skipped_together():
    thursday = datetime(2026, 12, 24, 9, 0, tzinfo=UTC)
    # 25 Dec 2026 is a Friday holiday, then a weekend.
    assert business(thursday, 1, country="US") == datetime(2026, 12, 28, 9, 0, tzinfo=UTC)


def test_start_on_a_holiday_counts_from_the_next_business_day():
    thanksgiving = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
    # Friday 27th is where counting starts; +1 is Monday 30th.
    assert business(thanksgiving, 1, country="US") == datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def test_holiday_country_is_case_insensitive():
    wednesday = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
    assert business(wednesday, 1, country="us") == business(wednesday, 1, country="US")


def test_validate_holiday_country_accepts_known_and_rejects_unknown_codes():
    assert validate_holiday_country("gb") == "GB"
    assert validate_holiday_country(" DE ") == "DE"
    with pytest.raises(ValueError, match="Unknown holiday country"):
        validate_holiday_country("XX")
    with pytest.raises(ValueError):
        validate_holiday_country("")


def test_holiday_country_with_a_subdivision():
    assert validate_holiday_country("us-ca") == "US-CA"
    assert validate_holiday_country("GB-SCT") == "GB-SCT"
    with pytest.raises(ValueError, match="Unknown subdivision"):
        validate_holiday_country("US-ZZ")
    # 2 January is a bank holiday in Scotland, not in England.
    new_years_day = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)  # New Year's Day, Thursday
    assert business(new_years_day, 1, country="GB-SCT") == datetime(2026, 1, 6, 9, 0, tzinfo=UTC)
    assert business(new_years_day, 1, country="GB-ENG") == datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def test_add_days_with_unknown_holiday_country_raises_value_error():
    with pytest.raises(ValueError, match="Unknown holiday country"):
        business(datetime(2026, 3, 11, tzinfo=UTC), 1, country="Narnia")


def test_unknown_timezone_raises_value_error():
    with pytest.raises(ValueError, match="Unknown timezone"):
        business(datetime(2026, 3, 11, tzinfo=UTC), 1, tz="Mars/Olympus_Mons")
    with pytest.raises(ValueError):
        validate_timezone("Not/AZone")
    assert validate_timezone("Asia/Kolkata") == "Asia/Kolkata"


def test_naive_start_and_negative_days_are_rejected():
    with pytest.raises(ValueError, match="aware"):
        add_days(datetime(2026, 3, 11), 1, business_days=False, tz=None, holiday_country=None)
    with pytest.raises(ValueError, match="negative"):
        add_days(datetime(2026, 3, 11, tzinfo=UTC), -1, business_days=False, tz=None, holiday_country=None)


def test_is_business_day():
    assert is_business_day(datetime(2026, 11, 26).date(), None)
    assert not is_business_day(datetime(2026, 11, 26).date(), "US")
    assert not is_business_day(datetime(2026, 11, 28).date(), None)  # Saturday


ZONES = st.sampled_from(["UTC", "America/New_York", "Europe/Berlin", "Australia/Sydney", "Asia/Kolkata"])


@given(
    start=st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2028, 12, 31), timezones=st.just(UTC)),
    days=st.integers(min_value=1, max_value=40),
    tz=ZONES,
    country=st.sampled_from([None, "US", "GB", "DE"]),
)
def test_business_day_result_is_a_local_business_day_later_than_start(start, days, tz, country):
    result = business(start, days, tz=tz, country=country)
    local = result.astimezone(ZoneInfo(tz))
    assert result.tzinfo is UTC
    assert result > start
    assert is_business_day(local.date(), country)
    # At least `days` calendar days later, never the same local day.
    assert local.date() - start.astimezone(ZoneInfo(tz)).date() >= timedelta(days=days)
    # Monotone: one more business day is later still.
    assert business(start, days + 1, tz=tz, country=country) > result

"""Day arithmetic for the follow-up cadence: plain 24-hour days, or business days counted
Monday–Friday in the interview's IANA timezone, skipping a country's public holidays.

Decisions:
- With business days, the wall-clock time of day of ``start`` is kept in the local timezone,
  so Friday 09:00 America/New_York + 1 business day is Monday 09:00 local, even across a DST
  change. A wall-clock time that does not exist on the target day (spring-forward gap) is
  resolved the way ``zoneinfo`` does with ``fold=0`` (02:30 becomes 03:30); an ambiguous one
  (fall-back) takes its first occurrence.
- A start on a weekend or holiday counts from the next business day (same time of day):
  Saturday 10:00 + 1 business day is Tuesday 10:00, as Monday is where the count starts.
- Adding zero days returns ``start`` unchanged, business days or not: "no wait" means now.
- Hours are never business hours; callers add plain ``timedelta(hours=...)`` for those.
- Every datetime returned is aware and in UTC.
"""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

__all__ = ["add_days", "is_business_day", "validate_holiday_country", "validate_timezone", "zone"]

_ONE_DAY = timedelta(days=1)
_SATURDAY = 5


def validate_holiday_country(code: str) -> str:
    """Return the canonical form of a holiday calendar the ``holidays`` library knows:
    a country code (``US``), optionally with a subdivision (``US-CA``, ``DE-BY``, ``GB-SCT``).

    Raises ValueError with a message fit for a 422 when the code is unknown.
    """
    if not isinstance(code, str) or not code.strip():
        raise ValueError("holiday_country must be a country code such as 'US' or 'GB'.")
    country, _, subdivision = code.strip().upper().partition("-")
    supported = _supported_countries()
    if country not in supported:
        raise ValueError(
            f"Unknown holiday country {code!r}: use an ISO 3166-1 country code "
            "such as 'US', 'GB' or 'DE', optionally with a subdivision such as 'US-CA'."
        )
    if not subdivision:
        return country
    if subdivision not in supported[country]:
        raise ValueError(
            f"Unknown subdivision {subdivision!r} of {country} in holiday country {code!r}."
        )
    return f"{country}-{subdivision}"


def validate_timezone(name: str) -> str:
    """Return ``name`` if it is a known IANA timezone; raise ValueError otherwise."""
    zone(name)
    return name


def zone(tz: str | None) -> ZoneInfo:
    """The ZoneInfo for an IANA name, UTC when none is given; ValueError when unknown."""
    if tz is None:
        return ZoneInfo("UTC")
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError, TypeError) as exc:
        raise ValueError(f"Unknown timezone {tz!r}: use an IANA name such as 'Europe/Berlin'.") from exc


def is_business_day(day: date, holiday_country: str | None) -> bool:
    """Monday–Friday and, when a country is given, not one of its public holidays."""
    if day.weekday() >= _SATURDAY:
        return False
    if holiday_country is None:
        return True
    return day not in _holiday_dates(validate_holiday_country(holiday_country), day.year)


def add_days(
    start: datetime,
    days: int,
    *,
    business_days: bool,
    tz: str | None,
    holiday_country: str | None,
) -> datetime:
    """``start`` plus ``days`` days: 24-hour days, or business days (see the module docstring)."""
    if start.tzinfo is None or start.utcoffset() is None:
        raise ValueError("start must be timezone-aware")
    if days < 0:
        raise ValueError("days must not be negative")
    if not business_days or days == 0:
        # In UTC: arithmetic on a ZoneInfo datetime would be wall-clock, not elapsed, time.
        return start.astimezone(UTC) + timedelta(days=days)

    country = validate_holiday_country(holiday_country) if holiday_country is not None else None
    local_zone = zone(tz)
    local = start.astimezone(local_zone)
    day = local.date()
    while not is_business_day(day, country):
        day += _ONE_DAY
    for _ in range(days):
        day += _ONE_DAY
        while not is_business_day(day, country):
            day += _ONE_DAY
    wall = datetime.combine(day, local.time().replace(fold=0), tzinfo=local_zone)
    return wall.astimezone(UTC)


@lru_cache(maxsize=1)
def _supported_countries() -> dict[str, frozenset[str]]:
    return {
        country: frozenset(str(sub).upper() for sub in subdivisions)
        for country, subdivisions in holidays.list_supported_countries().items()
    }


@lru_cache(maxsize=1024)
def _holiday_dates(calendar: str, year: int) -> frozenset[date]:
    # Built once per calendar and year: constructing a holidays calendar is the slow part.
    country, _, subdivision = calendar.partition("-")
    return frozenset(holidays.country_holidays(country, subdiv=subdivision or None, years=year).keys())

"""Calendar helpers for reminders and reports: the portal's "today" and report periods.

Dates people see (due dates, meeting days, report periods) are calendar days in the
portal's time zone (BABEL_DEFAULT_TIMEZONE, Asia/Jakarta by default). Timestamps the portal
records itself (created_at, CaseEvent.at, …) are naive UTC; a meeting's `held_at` is the
local wall-clock time people type into the form ("09.00" means 09.00 where they meet).
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app


def portal_timezone():
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def local_today():
    return datetime.now(portal_timezone()).date()


def utc_start_of(day):
    """The naive UTC timestamp at which `day` begins in the portal's time zone."""
    local_midnight = datetime.combine(day, time.min, tzinfo=portal_timezone())
    return local_midnight.astimezone(UTC).replace(tzinfo=None)


def previous_period(start, end):
    """The period of equal length that ends the day before `start`."""
    previous_end = start - timedelta(days=1)
    return previous_end - (end - start), previous_end


def previous_month(today):
    end = today.replace(day=1) - timedelta(days=1)
    return end.replace(day=1), end


def previous_quarter(today):
    """The last complete calendar quarter before `today`, as (start, end, label)."""
    quarter_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    end = quarter_start - timedelta(days=1)
    start = date(end.year, end.month - 2, 1)
    return start, end, f"{end.year}-Q{(end.month - 1) // 3 + 1}"

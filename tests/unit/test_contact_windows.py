"""B1: no contact outside the intersection of the tenant's and the legal window; deferral, never loss."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cobranca.domain.contact_windows import (
    Channel,
    TenantWindow,
    allowed_hours,
    is_allowed,
    is_holiday,
    next_allowed,
)
from cobranca.domain.dates import SAO_PAULO
from cobranca.domain.portfolio import UFS

EVERY_DAY_ALL_HOURS = TenantWindow(frozenset(range(1, 8)), time(0), time(23, 59))
WEEKDAYS_9_17 = TenantWindow(frozenset(range(1, 6)), time(9), time(17))


def sp(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=SAO_PAULO)


def test_default_legal_window_weekdays_8_to_20_and_saturday_8_to_14():
    assert allowed_hours(date(2026, 11, 23), Channel.SMS, "SP", EVERY_DAY_ALL_HOURS) == (time(8), time(20))
    assert allowed_hours(date(2026, 11, 28), Channel.SMS, "SP", EVERY_DAY_ALL_HOURS) == (time(8), time(14))
    assert allowed_hours(date(2026, 11, 29), Channel.SMS, "SP", EVERY_DAY_ALL_HOURS) is None  # Sunday


def test_rio_is_stricter_and_has_no_weekends():
    assert allowed_hours(date(2026, 11, 23), Channel.WHATSAPP, "RJ", EVERY_DAY_ALL_HOURS) == (
        time(9),
        time(19),
    )
    assert allowed_hours(date(2026, 11, 28), Channel.WHATSAPP, "RJ", EVERY_DAY_ALL_HOURS) is None


def test_national_and_state_holidays_are_never_allowed():
    assert is_holiday(date(2026, 12, 25), "BA")
    assert is_holiday(date(2026, 7, 9), "SP")  # Revolução Constitucionalista: São Paulo only
    assert not is_holiday(date(2026, 7, 9), "MG")
    assert allowed_hours(date(2026, 7, 9), Channel.SMS, "SP", EVERY_DAY_ALL_HOURS) is None
    assert allowed_hours(date(2026, 7, 9), Channel.EMAIL, "SP", EVERY_DAY_ALL_HOURS) is None


def test_email_follows_only_the_tenant_window_on_working_days():
    assert allowed_hours(date(2026, 11, 23), Channel.EMAIL, "RJ", EVERY_DAY_ALL_HOURS) == (
        time(0),
        time(23, 59),
    )


def test_friday_evening_sms_in_rio_waits_for_monday_9():
    friday_night = sp(2026, 11, 27, 19, 30)
    assert next_allowed(friday_night, Channel.SMS, "RJ", EVERY_DAY_ALL_HOURS) == sp(2026, 11, 30, 9)


def test_saturday_afternoon_before_a_holiday_monday_waits_until_tuesday():
    # 2026-11-02 (Finados) is a Monday holiday
    saturday = sp(2026, 10, 31, 15)
    assert next_allowed(saturday, Channel.SMS, "SP", WEEKDAYS_9_17) == sp(2026, 11, 3, 9)


def test_inside_the_window_it_goes_now():
    now = sp(2026, 11, 24, 10, 15)
    assert next_allowed(now, Channel.CALL, "MG", WEEKDAYS_9_17) == now


moments = st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31)).map(
    lambda d: d.replace(tzinfo=UTC)
)
tenant_windows = st.builds(
    lambda days, start, length: TenantWindow(
        frozenset(days), time(start), time(min(23, start + length), 59 if start + length >= 23 else 0)
    ),
    st.sets(st.integers(1, 7), min_size=1),
    st.integers(0, 22),
    st.integers(1, 14),
)
states = st.sampled_from([None, *sorted(UFS)])


@settings(max_examples=400, deadline=None)
@given(moments, st.sampled_from(list(Channel)), states, tenant_windows)
def test_no_contact_is_ever_scheduled_outside_its_window(at, channel, uf, tenant):
    moment = next_allowed(at, channel, uf, tenant)
    if moment is None:
        return  # nothing allowed in 60 days: the job stays deferred, never sent
    assert moment >= at  # never early
    assert is_allowed(moment, channel, uf, tenant)
    local = moment.astimezone(SAO_PAULO)
    assert local.isoweekday() != 7
    assert not is_holiday(local.date(), uf)
    if channel in (Channel.SMS, Channel.WHATSAPP, Channel.CALL):
        assert time(8) <= local.time() < time(20)


@settings(max_examples=200, deadline=None)
@given(moments, st.sampled_from([Channel.SMS, Channel.WHATSAPP]), states, tenant_windows)
def test_the_next_allowed_moment_is_the_first_one(at, channel, uf, tenant):
    moment = next_allowed(at, channel, uf, tenant)
    if moment is None or moment == at:
        return
    # every whole minute strictly between `at` and the answer is forbidden (checked on a sample)
    span = (moment - at).total_seconds()
    for fraction in (0.1, 0.25, 0.5, 0.75, 0.9):
        probe = at + timedelta(seconds=span * fraction)
        assert not is_allowed(probe, channel, uf, tenant)


@pytest.mark.parametrize("uf", ["SP", "RJ", None])
def test_a_deferred_job_is_not_lost_over_a_long_holiday_weekend(uf):
    christmas_eve_night = sp(2026, 12, 24, 22)
    moment = next_allowed(christmas_eve_night, Channel.SMS, uf, WEEKDAYS_9_17)
    assert moment is not None
    assert moment.astimezone(SAO_PAULO).date() == date(
        2026, 12, 28
    )  # 25 holiday, 26 Sat (9-17 is weekdays), 27 Sun

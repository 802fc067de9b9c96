"""B1: no contact outside the intersection of the tenant's and the legal window; deferral, never loss."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cobranca.domain.channels import Channel
from cobranca.domain.contact_windows import (
    TenantWindow,
    allowed_interval,
    is_allowed,
    is_holiday,
    local_zones,
    next_allowed,
)
from cobranca.domain.contacts import UFS
from cobranca.domain.dates import SAO_PAULO

EVERY_DAY_ALL_HOURS = TenantWindow(frozenset(range(1, 8)), time(0), time(23, 59))
WEEKDAYS_9_17 = TenantWindow(frozenset(range(1, 6)), time(9), time(17))


def sp(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=SAO_PAULO)


def allowed_hours(
    day: date, channel: Channel, uf: str | None, tenant: TenantWindow
) -> tuple[time, time] | None:
    """The day's allowed interval on São Paulo's clock."""
    interval = allowed_interval(day, channel, uf, tenant)
    return (
        None
        if interval is None
        else (interval[0].astimezone(SAO_PAULO).time(), interval[1].astimezone(SAO_PAULO).time())
    )


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


def test_the_legal_hours_are_on_the_debtors_clock():
    # 08:00 in São Paulo is 06:00 in Rio Branco: an SMS to Acre waits until 08:00 there (10:00 in SP)
    assert not is_allowed(sp(2026, 11, 23, 8), Channel.SMS, "AC", EVERY_DAY_ALL_HOURS)
    assert next_allowed(sp(2026, 11, 23, 8), Channel.SMS, "AC", EVERY_DAY_ALL_HOURS) == sp(2026, 11, 23, 10)
    assert allowed_hours(date(2026, 11, 23), Channel.SMS, "AC", EVERY_DAY_ALL_HOURS) == (time(10), time(22))
    # Amazonas has two clocks: from 08:00 on the western one to 20:00 on Manaus'
    assert allowed_hours(date(2026, 11, 23), Channel.SMS, "AM", EVERY_DAY_ALL_HOURS) == (time(10), time(21))
    # the tenant's own hours stay on São Paulo's clock: 9–17 there leaves 10–17 for Acre
    assert allowed_hours(date(2026, 11, 23), Channel.SMS, "AC", WEEKDAYS_9_17) == (time(10), time(17))
    # e-mail is not legally timed: only the tenant's window
    assert is_allowed(sp(2026, 11, 23, 8), Channel.EMAIL, "AC", EVERY_DAY_ALL_HOURS)


def test_inside_the_window_it_goes_now():
    now = sp(2026, 11, 24, 10, 15)
    assert next_allowed(now, Channel.CALL_TASK, "MG", WEEKDAYS_9_17) == now


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
    assert local.isoweekday() in tenant.weekdays
    assert tenant.start <= local.time() < tenant.end  # the tenant's hours, on São Paulo's clock
    if channel in (Channel.SMS, Channel.WHATSAPP, Channel.CALL_TASK):
        for zone in local_zones(uf):  # the legal hours, on each of the debtor's clocks
            debtor_time = moment.astimezone(zone).time()
            assert time(9 if uf == "RJ" else 8) <= debtor_time < time(19 if uf == "RJ" else 20)


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

from datetime import UTC, datetime

from cobranca.domain.dates import SystemClock, business_today, expires_after


def test_a_pinned_clock_stops_at_sao_paulo_time_and_runs_again_when_unpinned():
    clock = SystemClock()
    clock.pin("2026-11-28T10:00")  # no offset: São Paulo
    assert clock.now() == datetime(2026, 11, 28, 13, 0, tzinfo=UTC)
    assert business_today(clock).isoformat() == "2026-11-28"
    clock.pin(None)
    assert abs((clock.now() - datetime.now(UTC)).total_seconds()) < 5


def test_a_records_lifetime_counts_from_its_own_timestamp_not_the_wall_clock():
    assert expires_after("2026-04-09T15:00:00.000Z", 1) == int(
        datetime(2026, 4, 10, 15, tzinfo=UTC).timestamp()
    )
    assert expires_after("2026-04-09", 3) == int(datetime(2026, 4, 12, 3, tzinfo=UTC).timestamp())

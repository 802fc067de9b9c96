"""B1, B2, F46 at the sender: whatever the time, state, holiday and settings, no message is ever delivered
outside its window or over its limits, and none is lost while a window exists.

The SenderService runs for real; only its outside world is in memory: a message store that keeps the
claim/defer/finish contract, gateways that record the instant of each delivery, a queue and a releaser
that bring deferred jobs back (late, sometimes), and a clock the simulation moves.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import holidays
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cobranca.domain.channels import Channel, MessageChannel
from cobranca.domain.contact_windows import is_allowed, next_allowed
from cobranca.domain.contacts import UFS, Contact, ContactKind
from cobranca.domain.dates import SAO_PAULO
from cobranca.domain.delivery import ContactView
from cobranca.domain.documents import DocumentKind
from cobranca.domain.messages import ItemRef, Message, MessageStatus
from cobranca.domain.portfolio import Creditor, Debtor, HistoryEntry
from cobranca.domain.rulers import AppliesTo
from cobranca.domain.sending import ChannelSettings, SendingSettings
from cobranca.domain.templates import ProviderStatus, Template, WhatsAppTemplateRef
from cobranca.jobs import Job, SendJob
from cobranca.services.sender import Gateways, SenderService
from tests.fakes import MemoryMessageRecords, MemoryObjects

TENANT = "demo"
RELEASE_EVERY = 900  # ReleaseFunction's schedule: rate(15 minutes)
HORIZON_DAYS = 75  # enough for five messages to one debtor at one a week, holidays included
CHANNELS = [Channel.SMS, Channel.WHATSAPP, Channel.EMAIL]


class Clock:
    def __init__(self) -> None:
        self.at = datetime(2026, 1, 1, tzinfo=UTC)

    def now(self) -> datetime:
        return self.at


class Store(MemoryMessageRecords):
    """The message records, contact caps and daily counters with the store's conditions (the shared
    in-memory records), the sending settings and templates, and the debtors."""

    def __init__(self, sending: SendingSettings, debtors: dict[str, Debtor]) -> None:
        super().__init__()
        self.sending = sending
        self.debtors = debtors
        self.templates = {
            Channel.SMS: Template(
                id="sms", channel=Channel.SMS, name="s", body="#NOME#", created_at="", updated_at=""
            ),
            Channel.WHATSAPP: Template(
                id="whatsapp",
                channel=Channel.WHATSAPP,
                name="w",
                whatsapp=WhatsAppTemplateRef(
                    name="aviso", parameters=["#NOME#"], status=ProviderStatus.APPROVED
                ),
                created_at="",
                updated_at="",
            ),
            Channel.EMAIL: Template(
                id="email",
                channel=Channel.EMAIL,
                name="e",
                subject="Aviso",
                body="#NOME# #CREDOR# #CNPJ_CREDOR#",
                created_at="",
                updated_at="",
            ),
        }

    # the rest of SenderStore
    def get_settings(self, tenant: str) -> SendingSettings:
        return self.sending

    def get_template(self, tenant: str, template_id: str) -> Template:
        return self.templates[Channel(template_id)]

    def contact_view(self, tenant: str, debtor_id: str) -> ContactView:
        entries, version = self.contact_days(tenant, debtor_id)
        return ContactView(self.debtors[debtor_id], False, entries, version)

    def next_release(self) -> datetime | None:
        """When the first deferred message's moment comes."""
        return min((datetime.fromisoformat(at) for _, at in self.deferred.values()), default=None)

    def release(self, now: datetime) -> list[Message]:
        """The releaser's tick: deferred messages whose moment has come go back to queued."""
        due = [m for m in self.messages.values() if (TENANT, m.id) in self.deferred]
        due = [m for m in due if datetime.fromisoformat(self.deferred[(TENANT, m.id)][1]) <= now]
        for m in due:
            self.requeue(TENANT, m.id)
        return due

    # the PortfolioRepository methods the sender calls
    def get_creditor(self, tenant: str, creditor_id: str) -> Creditor:
        return Creditor(
            id=creditor_id,
            code="ACME",
            name="Acme Ltda",
            document="11222333000181",
            document_kind=DocumentKind.CNPJ,
            created_at="",
            updated_at="",
        )

    def get_index_series(self, tenant: str, name: str) -> dict[str, Decimal]:
        return {}

    def update_contact(self, tenant: str, debtor_id: str, c: Contact, history: HistoryEntry) -> None:
        self.debtors[debtor_id].contacts = [
            c if x.id == c.id else x for x in self.debtors[debtor_id].contacts
        ]


class Deliveries:
    """Every gateway in one: records the channel, the debtor reached and the instant of each delivery."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.sent: list[tuple[MessageChannel, str, datetime]] = []

    def _record(self, channel: MessageChannel, to: str) -> str:
        debtor_id = f"d{int(to[-2:])}" if channel is not Channel.EMAIL else to.split("@")[0]
        self.sent.append((channel, debtor_id, self.clock.now()))
        return f"id-{len(self.sent)}"

    def send_sms(self, sender: str, to: str, text: str) -> str:
        return self._record(Channel.SMS, to)

    def send_template(
        self, phone_number_id: str, to: str, name: str, language: str, parameters: list[str]
    ) -> str:
        return self._record(Channel.WHATSAPP, to)

    def send_email(
        self,
        tenant: str,
        settings: Any,
        to: str,
        subject: str,
        text: str,
        html: str = "",
        unsubscribe: str = "",
    ) -> str:
        return self._record(Channel.EMAIL, to)


class Queue:
    """SQS with delays: jobs come back at (or after) their moment."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.jobs: list[tuple[datetime, int, SendJob]] = []  # (moment, order sent, job)
        self.sent: list[SendJob] = []

    def send(self, job: Job, delay_seconds: int = 0) -> None:
        assert isinstance(job, SendJob)
        heapq.heappush(self.jobs, (self.clock.now() + timedelta(seconds=delay_seconds), len(self.sent), job))
        self.sent.append(job)

    def send_batch(self, jobs: Sequence[Job]) -> int:
        for job in jobs:
            self.send(job)
        return len(jobs)


# ------------------------------------------------------------------ strategies
def _eves_of_holidays() -> list[datetime]:
    """Evenings before national and state holidays: where deferrals cross the most closed days."""
    days: set[date] = set()
    for uf in (None, "SP", "RJ", "BA", "AC", "AM"):
        calendar = (
            holidays.Brazil(subdiv=uf, years=[2026, 2027]) if uf else holidays.Brazil(years=[2026, 2027])
        )
        days.update(calendar.keys())
    return [datetime.combine(d - timedelta(days=1), time(19, 30), SAO_PAULO) for d in sorted(days)]


starts = st.one_of(
    st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 1)).map(
        lambda d: d.replace(tzinfo=UTC)
    ),
    st.builds(
        lambda eve, minutes: eve + timedelta(minutes=minutes),
        st.sampled_from(_eves_of_holidays()),
        st.integers(0, 300),
    ),
)
channel_settings = st.builds(
    lambda days, start, length, daily_max, batch_max: ChannelSettings(
        weekdays=sorted(days),
        start=time(start),
        end=time(start + length) if start + length < 24 else time(23, 59),
        daily_max=daily_max,
        batch_max=batch_max,
    ),
    st.sets(st.integers(1, 7), min_size=1),
    st.integers(0, 22),
    st.integers(1, 16),
    st.none() | st.integers(1, 3),
    st.none() | st.integers(1, 2),
)
sending_settings = st.builds(
    lambda channels, daily, weekly: SendingSettings(
        channels=dict(zip(CHANNELS, channels, strict=True)),
        debtor_daily_max=daily,
        debtor_weekly_max=max(daily, weekly),
        sms_from="cobranca",
        whatsapp_phone_number_id="1065",
    ),
    st.lists(channel_settings, min_size=3, max_size=3),
    st.integers(1, 2),
    st.integers(1, 4),
)
states = st.sampled_from([None, *sorted(UFS)])


def debtor(n: int, uf: str | None) -> Debtor:
    contacts = [
        Contact(
            id=f"p{n}", kind=ContactKind.PHONE, value=f"+55119876543{n:02d}", created_at="", updated_at=""
        ),
        Contact(id=f"e{n}", kind=ContactKind.EMAIL, value=f"d{n}@example.com", created_at="", updated_at=""),
    ]
    return Debtor(
        id=f"d{n}",
        document="12345678909",
        document_kind=DocumentKind.CPF,
        name="Maria Souza",
        uf=uf,
        contacts=contacts,
        created_at="",
        updated_at="",
    )


def message(n: int, debtor_id: str, channel: MessageChannel, run_date: date) -> Message:
    item = ItemRef(
        kind=AppliesTo.TITLES, id=f"t{n}", label=f"NF-{n}", due_date=run_date, amount=Decimal("100")
    )
    return Message(
        id=f"{TENANT}:{debtor_id}~c1:r.t+{n}.{channel.value}:{run_date}",
        origin="ruler:r",
        debtor_id=debtor_id,
        creditor_id="c1",
        channel=channel,
        template_id=channel.value,
        step=f"r.t+{n}.{channel.value}",
        run_date=run_date,
        items=[item],
        created_at="",
        updated_at="",
    )


# Found by this property: an e-mail reserved its contact on Monday, missed the daily quota and went out on
# Tuesday, while its reservation still said Monday; the SMS of the next Monday then made two in 7 days.
REDATED_RESERVATION = {
    "start": datetime(2025, 12, 31, 19, 30, tzinfo=SAO_PAULO),
    "ufs": [None, None],
    "sending": SendingSettings(
        channels={
            Channel.SMS: ChannelSettings(weekdays=[1, 2, 3, 4, 5], start=time(0), end=time(9)),
            Channel.WHATSAPP: ChannelSettings(weekdays=[1], start=time(0), end=time(1)),
            Channel.EMAIL: ChannelSettings(weekdays=[1, 2, 3, 4, 5], start=time(0), end=time(1), daily_max=1),
        },
        debtor_daily_max=1,
        debtor_weekly_max=1,
        sms_from="cobranca",
        whatsapp_phone_number_id="1065",
    ),
    "plan": [(0, Channel.EMAIL), (1, Channel.SMS), (1, Channel.EMAIL)],
    "lateness": [0],
}


@settings(max_examples=150, deadline=None, report_multiple_bugs=False)
@example(**REDATED_RESERVATION)
@given(
    start=starts,
    ufs=st.lists(states, min_size=1, max_size=2),
    sending=sending_settings,
    plan=st.lists(st.tuples(st.integers(0, 1), st.sampled_from(CHANNELS)), min_size=1, max_size=5),
    # how late a released job reaches the sender (SQS, a backlog): under the shortest window (1 h)
    lateness=st.lists(st.sampled_from([0, 0, 0, 1, 60, 600, 1800]), min_size=1, max_size=10),
)
def test_no_message_is_ever_delivered_outside_its_window_or_over_its_limits(
    start, ufs, sending, plan, lateness
):
    clock = Clock()
    clock.at = start
    debtors = {f"d{n}": debtor(n, uf) for n, uf in enumerate(ufs)}
    store = Store(sending, debtors)
    wire = Deliveries(clock)
    queue = Queue(clock)
    gateways = Gateways(email=wire, sms=wire, whatsapp=wire, objects=MemoryObjects())  # no letters here
    sender = SenderService(store, store, gateways, queue, clock)
    run_date = start.astimezone(SAO_PAULO).date()
    for n, (who, channel) in enumerate(plan):
        m = message(n, f"d{min(who, len(ufs) - 1)}", channel, run_date)
        store.messages[(TENANT, m.id)] = m
        queue.send(SendJob.of(TENANT, m))

    simulate(sender, store, queue, clock, start, lateness)

    assert len(wire.sent) == sum(m.status is MessageStatus.SENT for m in store.messages.values())  # once each
    assert_within_windows_and_limits(wire.sent, debtors, sending, start)

    # nothing lost: every message went out, or waits (deferred) because its window has not come
    for m in store.messages.values():
        uf = debtors[m.debtor_id].uf
        window = next_allowed(start, m.channel, uf, sending.channel(m.channel).window)
        if window is None:  # no window in 60 days: it keeps waiting (looked at again every day)
            assert m.status in (MessageStatus.DEFERRED, MessageStatus.QUEUED)
        else:
            assert m.status is MessageStatus.SENT, (m.status, m.error)


def simulate(
    sender: SenderService, store: Store, queue: Queue, clock: Clock, start: datetime, lateness: list[int]
) -> None:
    """Moves the clock from job to job and releaser tick to tick until nothing is left (or the horizon)."""
    for step in range(2000):
        if (not queue.jobs and not store.deferred) or clock.at > start + timedelta(days=HORIZON_DAYS):
            break
        next_job = queue.jobs[0][0] if queue.jobs else datetime.max.replace(tzinfo=UTC)
        first = store.next_release() or datetime.max.replace(tzinfo=UTC)
        tick = first + timedelta(seconds=-first.timestamp() % RELEASE_EVERY) if store.deferred else first
        if tick < next_job:  # the releaser's 15-minute tick comes first; its jobs may arrive late
            clock.at = max(clock.at, tick)
            for m in store.release(clock.at):
                queue.send(SendJob.of(TENANT, m), delay_seconds=lateness[step % len(lateness)])
            continue
        clock.at = max(clock.at, next_job)
        sender.start_batch()  # one SQS batch: up to 10 jobs whose moment has come
        for _ in range(10):
            if not queue.jobs or queue.jobs[0][0] > clock.at:
                break
            job = heapq.heappop(queue.jobs)[2]
            sender.deliver(job.tenant, job.message, job.planned)


def assert_within_windows_and_limits(
    sent: list[tuple[MessageChannel, str, datetime]],
    debtors: dict[str, Debtor],
    sending: SendingSettings,
    start: datetime,
) -> None:
    per_debtor_day: Counter[tuple[str, date]] = Counter()
    per_channel_day: Counter[tuple[MessageChannel, date]] = Counter()
    for channel, debtor_id, at in sent:
        uf = debtors[debtor_id].uf
        assert is_allowed(at, channel, uf, sending.channel(channel).window), (channel, uf, at)
        assert at >= start  # never early
        day = at.astimezone(SAO_PAULO).date()
        per_debtor_day[(debtor_id, day)] += 1
        per_channel_day[(channel, day)] += 1
    for (debtor_id, day), count in per_debtor_day.items():
        assert count <= sending.debtor_daily_max
        week = sum(
            c for (d, other), c in per_debtor_day.items() if d == debtor_id and 0 <= (day - other).days < 7
        )
        assert week <= sending.debtor_weekly_max
    for (channel, _), count in per_channel_day.items():
        daily_max = sending.channel(channel).daily_max
        assert daily_max is None or count <= daily_max

"""Templates, ruler planning and the per-debtor cap (pure rules)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from cobranca.domain.channels import Channel, MessageChannel
from cobranca.domain.documents import DocumentKind
from cobranca.domain.errors import InvalidInput
from cobranca.domain.privacy import mask_document
from cobranca.domain.rulers import (
    AppliesTo,
    DueItem,
    Ruler,
    RulerIn,
    RulerScope,
    RulerStep,
    due_dates,
    plan_actions,
    run_dates,
)
from cobranca.domain.sending import cap_allows, recent
from cobranca.domain.templates import ProviderStatus, Template, WhatsAppTemplateRef, check_template
from cobranca.domain.templating import fill


def template(channel: MessageChannel, body: str, subject: str = "", whatsapp=None) -> Template:
    return Template(
        id="t1",
        channel=channel,
        name="x",
        subject=subject,
        body=body,
        whatsapp=whatsapp,
        created_at="",
        updated_at="",
    )


def test_every_channel_must_identify_the_creditor_cdc_42a() -> None:
    with pytest.raises(InvalidInput) as err:
        check_template(template(Channel.EMAIL, "Olá #NOME#, pague #CREDOR# (#CNPJ_CREDOR#)", subject="Aviso"))
    assert err.value.field == "body"
    assert "42-A" in err.value.reason
    assert "#ENDERECO_CREDOR#" in err.value.reason  # paper and e-mail: name, document and address
    full = template(Channel.LETTER, "#NOME#, débito com #CREDOR# (#CNPJ_CREDOR#), #ENDERECO_CREDOR#")
    assert check_template(full) is full
    assert check_template(template(Channel.LETTER, "#NOME#, débito com #IDENTIFICACAO_CREDOR#"))
    with pytest.raises(InvalidInput) as err:  # a short message: name and document
        check_template(template(Channel.SMS, "#PRIMEIRO_NOME#, débito com #CREDOR#: #LINK_NEGOCIA#"))
    assert (err.value.field, "#CNPJ_CREDOR#" in err.value.reason) == ("body", True)
    sms = check_template(template(Channel.SMS, "#PRIMEIRO_NOME#, débito com #CREDOR# #CNPJ_CREDOR#"))
    assert sms.warnings == [  # saved, with the link to the full identification asked for
        "inclua #LINK_NEGOCIA# ou #LINK_PAGAMENTO#: ali o devedor vê a identificação completa do credor "
        "(CDC art. 42-A)"
    ]
    ref = WhatsAppTemplateRef(name="lembrete", parameters=["#NOME#", "#CREDOR#"])
    with pytest.raises(InvalidInput) as err:
        check_template(template(Channel.WHATSAPP, "", whatsapp=ref))
    assert err.value.field == "whatsapp.parameters"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Pague hoje ou acionaremos a POLÍCIA.", "POLÍCIA"),
        ("Dívida não paga dá prisão.", "prisão"),
        ("Vamos avisar o seu chefe amanhã.", "seu chefe"),
        ("Não seja caloteiro, #NOME#.", "caloteiro"),
        ("Seu nome sujo na praça para sempre.", "nome sujo"),
        ("Contaremos a dívida aos seus vizinhos.", "seus vizinhos"),
        ("Seu CPF será cancelado.", "CPF será cancelado"),
    ],
)
def test_threatening_or_humiliating_wording_is_refused_with_the_reason(text: str, words: str) -> None:
    body = f"{text} Credor #IDENTIFICACAO_CREDOR#."
    with pytest.raises(InvalidInput) as err:
        check_template(template(Channel.LETTER, body))
    assert err.value.field == "body"
    assert err.value.reason.startswith(f'"{words}": ')  # the words as written, then why
    assert "CDC" in err.value.reason or "Constituição" in err.value.reason


def test_plain_collection_wording_passes_and_spam_signs_only_warn() -> None:
    calm = "Evite a negativação e o protesto: negocie com #IDENTIFICACAO_CREDOR# pela sua empresa."
    assert check_template(template(Channel.LETTER, calm)).warnings == []
    loud = template(Channel.EMAIL, f"Clique aqui!!! {calm}", subject="ÚLTIMO AVISO DE DÉBITO")
    warned = check_template(loud).warnings
    assert '"Clique aqui": chamada típica de spam' in warned
    assert '"!!!": pontuação repetida' in warned
    assert "assunto todo em maiúsculas: os filtros de spam penalizam" in warned


def test_unknown_wildcards_and_missing_subject_are_refused() -> None:
    with pytest.raises(InvalidInput) as err:
        check_template(template(Channel.SMS, "Olá #NOME_DEVEDOR#"))
    assert err.value.field == "body"
    assert "#NOME_DEVEDOR#" in err.value.reason
    with pytest.raises(InvalidInput) as err:
        check_template(template(Channel.EMAIL, "#IDENTIFICACAO_CREDOR#"))
    assert err.value.field == "subject"


def test_whatsapp_maps_placeholders_to_wildcards_and_sends_only_when_approved() -> None:
    ref = WhatsAppTemplateRef(name="lembrete_vencimento", parameters=["#NOME#", "#VALOR_TOTAL#", "#CREDOR#"])
    with pytest.raises(InvalidInput) as err:
        check_template(template(Channel.WHATSAPP, "", whatsapp=ref))
    assert err.value.field == "whatsapp.parameters.1"
    ref = WhatsAppTemplateRef(
        name="lembrete_vencimento", parameters=["#NOME#", "#VALOR_ATUALIZADO#", "#IDENTIFICACAO_CREDOR#"]
    )
    t = check_template(template(Channel.WHATSAPP, "", whatsapp=ref))
    assert not t.sendable
    approved = t.model_copy(update={"whatsapp": ref.model_copy(update={"status": ProviderStatus.APPROVED})})
    assert approved.sendable


def test_fill_and_masks() -> None:
    assert fill("#NOME#: #X#", {"#NOME#": "Ana"}) == "Ana: #X#"
    assert mask_document("12345678909") == "***.456.789-**"
    assert mask_document("11222333000181") == "**.***.333/0001-**"


def item(n: int, debtor: str = "d1", amount: str = "100.00", kind=AppliesTo.TITLES, **kw) -> DueItem:
    return DueItem(
        kind=kind,
        id=f"i{n}",
        debtor_id=debtor,
        creditor_id=kw.get("creditor", "c1"),
        amount=Decimal(amount),
        due_date=date(2026, 11, 1),
        debtor_kind=kw.get("debtor_kind", DocumentKind.CPF),
        category_id=kw.get("category"),
    )


def ruler(scope: RulerScope | None = None, active: bool = True) -> Ruler:
    body = RulerIn(
        name="padrão",
        scope=scope or RulerScope(),
        steps=[
            RulerStep(offset_days=5, channel=Channel.EMAIL, template_id="t1"),
            RulerStep(offset_days=-3, channel=Channel.SMS, template_id="t2"),
            RulerStep(offset_days=15, channel=Channel.CALL_TASK, template_id="ignored"),
            RulerStep(
                offset_days=-2,
                channel=Channel.WHATSAPP,
                template_id="t3",
                applies_to=AppliesTo.INSTALLMENTS,
            ),
        ],
    )
    return Ruler(id="r1", created_at="", updated_at="", **body.model_dump() | {"active": active})


def test_due_dates_is_run_date_minus_offset_per_active_step() -> None:
    run = date(2026, 11, 20)
    plan = due_dates([ruler(), ruler(active=False)], run)
    assert sorted(plan) == [date(2026, 11, 5), date(2026, 11, 15), date(2026, 11, 22), date(2026, 11, 23)]
    (_r, step), *_ = plan[date(2026, 11, 23)]
    assert step.channel is Channel.SMS
    assert plan[date(2026, 11, 5)][0][1].template_id is None  # call tasks have no template


def test_plan_groups_a_debtors_items_and_applies_the_scope() -> None:
    r = ruler(RulerScope(debtor_kind=DocumentKind.CPF, min_amount=Decimal("50"), creditor_ids=["c1"]))
    steps = due_dates([r], date(2026, 11, 6))[date(2026, 11, 1)]
    items = [
        item(1),
        item(2),
        item(3, debtor="d2", amount="10.00"),  # below the minimum
        item(4, debtor="d3", debtor_kind=DocumentKind.CNPJ),  # PJ
        item(5, debtor="d4", creditor="c2"),  # another creditor
        item(6, debtor="d5", kind=AppliesTo.INSTALLMENTS),  # the step is for titles
    ]
    actions = plan_actions("demo", date(2026, 11, 6), steps, items)
    assert [(a.debtor_id, [i.id for i in a.items]) for a in actions] == [("d1", ["i1", "i2"])]
    assert actions[0].key == "demo:d1~c1:r1.t+5.email:2026-11-06"


def test_steps_with_the_same_day_channel_and_target_are_refused() -> None:
    with pytest.raises(ValidationError):
        RulerIn(
            name="x",
            steps=[
                RulerStep(offset_days=1, channel=Channel.SMS, template_id="a"),
                RulerStep(offset_days=1, channel=Channel.SMS, template_id="b"),
            ],
        )
    with pytest.raises(ValidationError, match="template_id"):
        RulerStep(offset_days=1, channel=Channel.SMS)


def test_run_dates_catch_up_at_most_seven_days() -> None:
    today = date(2026, 11, 22)
    assert run_dates(today, today) == []
    assert run_dates(today - timedelta(days=1), today) == [today]
    assert run_dates(date(2026, 11, 18), today) == [date(2026, 11, d) for d in (19, 20, 21, 22)]
    assert run_dates(date(2026, 10, 1), today) == [date(2026, 11, d) for d in range(16, 23)]
    assert run_dates(None, today)[0] == date(2026, 11, 16)


@given(
    st.lists(st.integers(min_value=-10, max_value=10), max_size=12),
    st.integers(min_value=1, max_value=3),
    st.integers(min_value=1, max_value=6),
)
def test_cap_never_allows_more_than_the_limits(offsets: list[int], daily: int, weekly: int) -> None:
    """Contacting whenever cap_allows says yes never exceeds either limit in any day or 7-day span."""
    start = date(2026, 1, 1)
    sent: list[date] = []
    for offset in sorted(o + 10 for o in offsets):
        day = start + timedelta(days=offset)
        if cap_allows(recent(sent, day), day, daily, weekly):
            sent.append(day)
    for day in set(sent):
        assert sent.count(day) <= daily
        assert sum(1 for d in sent if day - timedelta(days=6) <= d <= day) <= weekly


def test_one_channel_enum_and_a_call_task_is_never_a_message_channel():
    from pydantic import ValidationError

    from cobranca.domain.templates import TemplateIn

    with pytest.raises(ValidationError, match="tarefa de ligação não tem mensagem"):
        TemplateIn(channel="call_task", name="x", body="#NOME#")
    assert TemplateIn(channel="sms", name="x", body="#NOME#").channel is Channel.SMS


def test_an_installment_step_carries_its_charge_into_the_message_and_falls_back_to_the_portal() -> None:
    from cobranca.domain.debt import DebtCalculator, Policy
    from cobranca.domain.delivery import message_for
    from cobranca.domain.messages import item_refs
    from cobranca.domain.portfolio import Creditor, Debtor

    debtor = Debtor(
        id="d1",
        document="12345678909",
        document_kind=DocumentKind.CPF,
        name="Ana Souza",
        created_at="",
        updated_at="",
    )
    creditor = Creditor(
        id="c1",
        code="C",
        name="Condomínio",
        document="34028316000103",
        document_kind=DocumentKind.CNPJ,
        created_at="",
        updated_at="",
    )
    body = (
        "Pague: #LINK_PAGAMENTO# | PIX: #PIX_COPIA_E_COLA# | Boleto: #LINHA_DIGITAVEL# #CREDOR# #CNPJ_CREDOR#"
        " | Negocie: #LINK_NEGOCIA#"
    )
    email = template(Channel.EMAIL, body, subject="Parcela")
    pix = "00020126580014br.gov.bcb.pix0136abc5204000053039865406100.005802BR6304ABCD"
    charged = replace(
        item(1, kind=AppliesTo.INSTALLMENTS), pix_payload=pix, payment_url="https://www.asaas.com/i/pay_1"
    )
    calc = DebtCalculator(Policy())
    on = date(2026, 10, 30)
    rendered = message_for(
        email, (debtor, creditor), item_refs([charged]), calc, on, "https://x/negocia/demo"
    )
    assert "Pague: https://www.asaas.com/i/pay_1" in rendered.body
    assert f"PIX: {pix}" in rendered.body
    assert "Boleto: (veja em https://x/negocia/demo?d=d1)" in rendered.body  # a PIX agreement has no boleto
    assert rendered.body.endswith("Negocie: https://x/negocia/demo?d=d1")  # the debtor's personal link
    uncharged = message_for(
        email, (debtor, creditor), item_refs([item(2, kind=AppliesTo.INSTALLMENTS)]), calc, on, "https://x/n"
    )
    assert "Pague: https://x/n?d=d1 |" in uncharged.body  # no charge yet: the portal

"""Demo data for the local stack: tenants demo and outra, users, creditors, categories, debtors, titles."""

from __future__ import annotations

import csv
import io
import json
import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from cobranca.bootstrap import Services
from cobranca.domain.access import Role
from cobranca.domain.channels import Channel
from cobranca.domain.company import Company
from cobranca.domain.contacts import Address
from cobranca.domain.dates import CLOCK
from cobranca.domain.debt import CorrectionIndex, OfferRule, OperatorMargin, Policy
from cobranca.domain.documents import cnpj_check_digits, cpf_check_digits
from cobranca.domain.erp import ErpWebhookIn
from cobranca.domain.imports import ADDRESS_COLUMNS, COLUMNS
from cobranca.domain.payments import PaymentInstructions, PaymentSettingsIn, Portador
from cobranca.domain.portfolio import CategoryIn, CreditorIn, CreditorPatch, DebtorPatch, Service, Tenant
from cobranca.domain.rulers import AppliesTo, RulerIn, RulerStep
from cobranca.domain.search import DebtorQuery
from cobranca.domain.sending import SendingSettings
from cobranca.domain.templates import ProviderStatus, TemplateIn, WhatsAppTemplateRef
from cobranca.domain.users import UserIn
from cobranca.services.caller import Caller

PASSWORD = "demo123"  # local stack only
USERS = {
    "demo": [
        ("admin@demo.local", "Ana Admin", Role.ADMIN),
        ("supervisor@demo.local", "Sérgio Supervisor", Role.SUPERVISOR),
        ("operador@demo.local", "Otávio Operador", Role.OPERATOR),
    ],
    "outra": [("admin@outra.local", "Olga Admin", Role.ADMIN)],
}
FIRST = [
    "Ana",
    "Bruno",
    "Carla",
    "Daniel",
    "Eduarda",
    "Felipe",
    "Gabriela",
    "Heitor",
    "Isabela",
    "João",
    "Larissa",
    "Marcos",
    "Natália",
    "Otávio",
    "Paula",
    "Rafael",
    "Sofia",
    "Tiago",
    "Vitória",
    "Wagner",
]
LAST = [
    "Silva",
    "Santos",
    "Oliveira",
    "Souza",
    "Rodrigues",
    "Ferreira",
    "Alves",
    "Pereira",
    "Lima",
    "Gomes",
    "Costa",
    "Ribeiro",
    "Martins",
    "Carvalho",
    "Almeida",
    "Lopes",
    "Araújo",
    "Barbosa",
]
COMPANIES = [
    "Padaria Pão Quente",
    "Mercadinho Boa Vista",
    "Oficina do Zé",
    "Farmácia Vida",
    "Papelaria Central",
    "Restaurante Sabor Caseiro",
]
UFS = ["SP", "SP", "SP", "RJ", "MG", "PR", "RS", "BA", "PE", "SC"]
CREDITORS = [
    (
        "ACME",
        "Acme Educação Ltda",
        "11.222.333/0001-81",
        {
            "street": "Av. Paulista",
            "number": "1000",
            "district": "Bela Vista",
            "city": "São Paulo",
            "uf": "SP",
            "zip_code": "01310-100",
        },
    ),
    (
        "CONDO",
        "Condomínio Jardim das Flores",
        "34.028.316/0001-03",
        {
            "street": "Rua das Flores",
            "number": "50",
            "district": "Centro",
            "city": "Curitiba",
            "uf": "PR",
            "zip_code": "80010-000",
        },
    ),
]
# ACME charges through no portador (the condominium is on Asaas): its debtors pay by PIX or transfer
INSTRUCTIONS = {
    "ACME": PaymentInstructions(
        pix_key="11.222.333/0001-81",
        bank="Banco do Brasil (001)",
        agency="1234-5",
        account="98765-4",
        holder="Acme Educação Ltda",
        holder_document="11.222.333/0001-81",
    )
}
INDICES = Path(__file__).parent / "data" / "indices.json"  # copy of shared/data (IBGE/FGV, secondary sources)
POLICIES = {
    # An education company: consumer relation (fine capped at 2%), IPCA correction.
    "ACME": Policy(
        fine_percent=Decimal(2),
        interest_percent_month=Decimal(1),
        correction_index=CorrectionIndex.IPCA,
        fees_percent=Decimal(10),
        min_installment=Decimal("50.00"),
        max_first_due_days=10,
        commission_percent=Decimal(15),
        offers=[
            OfferRule(
                code="AV",
                name="À vista com desconto",
                installments=0,
                discount_principal_percent=Decimal(5),
                discount_charges_percent=Decimal(80),
            ),
            OfferRule(
                code="E3X",
                name="Entrada + 3x",
                installments=3,
                entry_min_percent=Decimal(20),
                interest_percent_month=Decimal("1.5"),
                discount_charges_percent=Decimal(50),
            ),
            OfferRule(code="6X", name="6x sem entrada", installments=6, interest_percent_month=Decimal(2)),
        ],
        operator_margin=OperatorMargin(extra_discount_percent_max=Decimal(5), extra_installments_max=2),
    ),
    # A condominium: not a consumer relation; fine 2% by Código Civil art. 1.336 §1º, IGP-M.
    "CONDO": Policy(
        consumer_relation=False,
        fine_percent=Decimal(2),
        interest_percent_month=Decimal(1),
        correction_index=CorrectionIndex.IGPM,
        min_installment=Decimal("100.00"),
        max_first_due_days=15,
        offers=[
            OfferRule(code="AV", name="À vista", installments=0, discount_charges_percent=Decimal(30)),
            OfferRule(code="E5X", name="Entrada + 5x", installments=5, entry_min_percent=Decimal(30)),
        ],
        operator_margin=OperatorMargin(extra_discount_percent_max=Decimal(3), extra_installments_max=1),
    ),
}
CATEGORIES = [
    ("Preferencial", "#2E7D32"),
    ("Risco alto", "#C62828"),
    ("Jurídico", "#6A1B9A"),
    ("Negociando", "#F9A825"),
]


def cpf(rng: random.Random) -> str:
    body = f"{rng.randrange(10**8, 10**9):09d}"
    return body + cpf_check_digits(body)


def cnpj(rng: random.Random, alphanumeric: bool) -> str:
    alphabet = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ" if alphanumeric else "0123456789"
    body = "".join(rng.choice(alphabet) for _ in range(8)) + "0001"
    return body + cnpj_check_digits(body)


CITIES = {  # DDD -> (city, UF, CEP): the demo's addresses follow the phone's area
    11: ("São Paulo", "SP", "01310-100"),
    21: ("Rio de Janeiro", "RJ", "20040-002"),
    31: ("Belo Horizonte", "MG", "30130-010"),
    41: ("Curitiba", "PR", "80010-000"),
    51: ("Porto Alegre", "RS", "90010-150"),
    71: ("Salvador", "BA", "40020-000"),
    81: ("Recife", "PE", "50030-230"),
}


def demo_csv(today: date, debtors: int = 320, seed: int = 42, addresses: bool = True) -> bytes:
    """≥300 debtors with valid documents and two titles each, due around today (with an address in
    the phone's city, so letters have somewhere to go; benchmarks leave it out to stay comparable)."""
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    columns = tuple(c for c in COLUMNS if c != "status" and (addresses or c not in ADDRESS_COLUMNS))
    writer.writerow(columns)
    for i in range(debtors):
        if i % 10 == 9:
            document, name = cnpj(rng, alphanumeric=i % 20 == 19), f"{rng.choice(COMPANIES)} Ltda"
        else:
            document, name = cpf(rng), f"{rng.choice(FIRST)} {rng.choice(LAST)} {rng.choice(LAST)}"
        slug = name.split()[0].lower().replace("ã", "a").replace("á", "a").replace("é", "e").replace("ó", "o")
        email = f"{slug}.{i}@example.com"
        ddd = rng.choice(list(CITIES))
        phone = f"({ddd}) 9{rng.randrange(1000, 9999)}-{rng.randrange(1000, 9999)}"
        city, uf, zip_code = CITIES[ddd]
        street = [f"Rua {rng.choice(LAST)}", str(rng.randrange(1, 2000)), "", "Centro", city, uf, zip_code]
        creditor = "ACME" if i % 3 else "CONDO"
        for n in range(2):
            due = today + timedelta(days=rng.randrange(-60, 31))
            amount = f"{rng.randrange(5_000, 500_000) / 100:.2f}".replace(".", ",")
            writer.writerow(
                [
                    document,
                    name,
                    email,
                    phone,
                    creditor,
                    f"{creditor}-{i:04d}-{n + 1}",
                    "Mensalidade",
                    amount,
                    due.strftime("%d/%m/%Y"),
                    *(street if addresses else []),
                ]
            )
    return out.getvalue().encode()


@contextmanager
def backdated(days: int) -> Iterator[None]:
    """Runs the block with the clock `days` earlier, then gives the clock back (pinned or running)."""
    pinned = CLOCK.pinned
    CLOCK.pin(CLOCK.now() - timedelta(days=days))
    try:
        yield
    finally:
        CLOCK.pin(pinned)


DEMO_COMPANY = Company(
    legal_name="Demo Cobranças Ltda",
    trade_name="Demo Cobranças",
    document="11.444.777/0001-61",
    address=Address(
        street="Avenida Paulista",
        number="1000",
        complement="conj. 101",
        district="Bela Vista",
        city="São Paulo",
        uf="SP",
        zip_code="01310-100",
    ),
    phone="(11) 3000-4000",
    whatsapp="(11) 91000-2000",
    email="atendimento@demo.example",
    website="https://demo.example",
    service_hours="seg a sex, 8h às 18h",
)


# The fake Asaas takes any "$aact_" key; the webhook token is what the fake sends back (and what an
# ASAAS_BASE_URL pointing at the real sandbox would need replaced through PUT /payment-settings).
ASAAS_KEY = "$aact_local_demo_0000000000000000000000"
ASAAS_WEBHOOK_TOKEN = "local-webhook-token-demo-0000000000000000"
CONDO_WALLET = "0b3c5e2a-8f4d-4c61-9a7e-2d1f6b8c9e01"
ERP_SECRET = "local-erp-secret-demo-000000000000"  # what /local/erp checks Cobranca-Signature with


def _payments(services: Services, admin: Caller, erp_url: str | None) -> None:
    # payments: the demo tenant's (fake) Asaas account; the condominium charges through it (F30)
    services.payment_settings.put(
        admin,
        PaymentSettingsIn(environment="sandbox", api_key=ASAAS_KEY, webhook_token=ASAAS_WEBHOOK_TOKEN),
    )
    if erp_url:  # the demo tenant's ERP on loopback (the local stack allows loopback targets)
        services.erp.put_webhook(admin, ErpWebhookIn(url=erp_url, secret=ERP_SECRET))
    condo = next(c for c in services.portfolio.repo.list_creditors("demo") if c.code == "CONDO")
    services.creditors.update_creditor(
        admin, condo.id, CreditorPatch(portador=Portador.ASAAS, wallet_id=CONDO_WALLET)
    )


def seed(services: Services, today: date, base_url: str, erp_url: str | None = None) -> dict[str, int]:
    repo = services.portfolio.repo
    repo.put_tenant(Tenant(slug="demo", name="Demo Cobranças", services=list(Service)))
    repo.put_tenant(Tenant(slug="outra", name="Outra Assessoria", services=[Service.EMAIL]))
    ids: dict[str, str] = {}
    for tenant, users in USERS.items():
        for email, name, role in users:
            user = services.users.register(tenant, UserIn(email=email, name=name, role=role))
            services.users.identity.set_password(email, PASSWORD)
            ids[email] = user.id
    admin = Caller("demo", ids["admin@demo.local"], "admin@demo.local", Role.ADMIN)
    for code, name, document, address in CREDITORS:
        services.creditors.create_creditor(
            admin,
            CreditorIn(
                code=code,
                name=name,
                document=document,
                address=Address(**address),
                policy=POLICIES[code],
                payment_instructions=INSTRUCTIONS.get(code),
            ),
        )
    services.company.put_company(admin, DEMO_COMPANY)
    _payments(services, admin, erp_url)
    other = Caller("outra", ids["admin@outra.local"], "admin@outra.local", Role.ADMIN)
    for tenant_admin in (admin, other):
        for index, values in load_indices().items():
            services.negotiation.put_index(tenant_admin, index, values)
    categories = [
        services.creditors.create_category(admin, CategoryIn(name=n, color=c)).id for n, c in CATEGORIES
    ]
    job = services.imports.create_job("demo", "seed", demo_csv(today), "demo.csv")
    job = services.imports.process("demo", job.id)

    # categories and the operator's portfolio, so list filters have something to show
    debtors, cursor = [], None
    while True:
        page, cursor = services.portfolio.list_debtors(admin, DebtorQuery(limit=200, cursor=cursor))
        debtors += page
        if not cursor:
            break
    for i, d in enumerate(debtors[:120]):
        patch = DebtorPatch(category_id=categories[i % len(categories)], uf=UFS[i % len(UFS)])
        if i % 2 == 0:
            patch = DebtorPatch(
                category_id=patch.category_id, uf=patch.uf, operator_id=ids["operador@demo.local"]
            )
        services.portfolio.update_debtor(admin, d.id, patch)

    services.creditors.create_creditor(
        other, CreditorIn(code="LOJA", name="Loja Exemplo S.A.", document="60.701.190/0001-04")
    )
    seed_ruler(services, admin, base_url)
    return {"debtors": len(debtors), "titles": job.counts.titles_created, "categories": len(categories)}


def seed_ruler(services: Services, admin: Caller, base_url: str) -> None:
    """A demo régua: WhatsApp 3 days before, e-mail D+5, SMS D+10, a call D+15, a letter D+30; for
    agreements, the installment's boleto/PIX by e-mail 5 days before and an SMS with its link 2 days before."""
    m = services.messaging
    m.put_settings(
        admin,
        SendingSettings(
            sms_from="cobranca",
            whatsapp_phone_number_id="106540352242922",
            negocia_url=f"{base_url}/negocia/demo",
        ),
    )
    identity = "#IDENTIFICACAO_CREDOR#"  # name, CPF/CNPJ and address (CDC art. 42-A)
    templates = {
        "whatsapp": TemplateIn(
            channel=Channel.WHATSAPP,
            name="Lembrete de vencimento",
            whatsapp=WhatsAppTemplateRef(
                name="lembrete_vencimento",
                parameters=[
                    "#PRIMEIRO_NOME#",
                    "#VALOR_ATUALIZADO#",
                    "#VENCIMENTO#",
                    "#CREDOR#",
                    "#CNPJ_CREDOR#",
                ],
                status=ProviderStatus.APPROVED,
            ),
        ),
        "email": TemplateIn(
            channel=Channel.EMAIL,
            name="Aviso de débito",
            subject="Aviso de débito — #CREDOR#",
            body=f"Olá, #NOME#.\n\nConsta em aberto com {identity} o valor atualizado de "
            "#VALOR_ATUALIZADO# (títulos #TITULOS#, vencimento #VENCIMENTO#).\n\n"
            "Negocie online: #LINK_NEGOCIA#\n",
        ),
        "sms": TemplateIn(
            channel=Channel.SMS,
            name="SMS D+10",
            body="#PRIMEIRO_NOME#, débito com #CREDOR# (#CNPJ_CREDOR#) vencido há #DIAS_ATRASO# dias. "
            "Negocie: #LINK_NEGOCIA#",
        ),
        "installment_email": TemplateIn(
            channel=Channel.EMAIL,
            name="Parcela a vencer",
            subject="Sua parcela com #CREDOR# vence em #VENCIMENTO#",
            body=f"Olá, #NOME#.\n\nA #TITULOS# com {identity}, de #VALOR_ATUALIZADO#, vence em "
            "#VENCIMENTO#.\n\nPague pelo link: #LINK_PAGAMENTO#\nPIX copia e cola: #PIX_COPIA_E_COLA#\n"
            "Linha digitável do boleto: #LINHA_DIGITAVEL#\n\nSe já pagou, desconsidere esta mensagem.\n",
        ),
        "installment_sms": TemplateIn(
            channel=Channel.SMS,
            name="SMS parcela D-2",
            body="#PRIMEIRO_NOME#, sua parcela com #CREDOR# (#CNPJ_CREDOR#) de #VALOR_ATUALIZADO# vence "
            "#VENCIMENTO#. Pague: #LINK_PAGAMENTO#",
        ),
        "letter": TemplateIn(
            channel=Channel.LETTER,
            name="Carta D+30",
            body=f"Prezado(a) #NOME# (#DOCUMENTO_MASCARADO#),\n\nInformamos débito com {identity} "
            "no valor atualizado de #VALOR_ATUALIZADO#, vencido em #VENCIMENTO#.",
        ),
    }
    ids = {key: m.create_template(admin, t).id for key, t in templates.items()}
    steps = [
        RulerStep(offset_days=-3, channel=Channel.WHATSAPP, template_id=ids["whatsapp"]),
        RulerStep(offset_days=5, channel=Channel.EMAIL, template_id=ids["email"]),
        RulerStep(offset_days=10, channel=Channel.SMS, template_id=ids["sms"]),
        RulerStep(offset_days=15, channel=Channel.CALL_TASK),
        RulerStep(offset_days=30, channel=Channel.LETTER, template_id=ids["letter"]),
        # installments: the boleto/PIX ahead of the due date ("enviar boletos com antecedência")
        RulerStep(
            offset_days=-5,
            channel=Channel.EMAIL,
            template_id=ids["installment_email"],
            applies_to=AppliesTo.INSTALLMENTS,
        ),
        RulerStep(
            offset_days=-2,
            channel=Channel.SMS,
            template_id=ids["installment_sms"],
            applies_to=AppliesTo.INSTALLMENTS,
        ),
    ]
    m.create_ruler(admin, RulerIn(name="Régua padrão", steps=steps))


def load_indices() -> dict[CorrectionIndex, dict[str, Decimal]]:
    data = json.loads(INDICES.read_text())
    return {
        index: {month: Decimal(value) for month, value in data[index.value].items()}
        for index in (CorrectionIndex.IPCA, CorrectionIndex.INPC, CorrectionIndex.IGPM)
    }

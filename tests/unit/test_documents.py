"""CPF and CNPJ validation by check digits (numeric and alphanumeric CNPJ)."""

import string
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cobranca.documents.email import compose
from cobranca.domain.company import Collector
from cobranca.domain.documents import (
    DocumentKind,
    cnpj_check_digits,
    cpf_check_digits,
    parse_document,
)
from cobranca.domain.errors import InvalidInput
from cobranca.domain.portal import opt_out_link, opt_out_token, read_opt_out_token, verification_link
from cobranca.domain.term import read_verification_code, term_digest, verification_code

ALNUM = string.digits + string.ascii_uppercase


@pytest.mark.parametrize(
    ("raw", "kind", "number"),
    [
        ("529.982.247-25", DocumentKind.CPF, "52998224725"),
        ("52998224725", DocumentKind.CPF, "52998224725"),
        ("11.222.333/0001-81", DocumentKind.CNPJ, "11222333000181"),
        ("12.ABC.345/01DE-35", DocumentKind.CNPJ, "12ABC34501DE35"),  # Receita Federal's example
        ("12.abc.345/01de-35", DocumentKind.CNPJ, "12ABC34501DE35"),  # any case in, upper case stored
    ],
)
def test_valid_documents_are_normalized(raw, kind, number):
    doc = parse_document(raw)
    assert (doc.kind, doc.number) == (kind, number)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("529.982.247-26", "dígito verificador"),
        ("111.111.111-11", "todos os dígitos iguais"),
        ("00000000000000", "todos os dígitos iguais"),
        ("11.222.333/0001-82", "dígito verificador"),
        ("12ABC34501DE3A", "2 dígitos verificadores"),
        ("1234", "CPF (11 dígitos) ou CNPJ"),
        ("", "CPF (11 dígitos) ou CNPJ"),
    ],
)
def test_invalid_documents_are_rejected_with_the_reason(raw, reason):
    with pytest.raises(InvalidInput) as err:
        parse_document(raw, field="document")
    assert err.value.field == "document"
    assert reason in err.value.reason


@given(st.text(alphabet=string.digits, min_size=9, max_size=9).filter(lambda s: len(set(s)) > 1))
def test_any_cpf_with_computed_digits_is_valid_and_a_wrong_digit_is_not(body):
    digits = cpf_check_digits(body)
    assert parse_document(body + digits).number == body + digits
    wrong = str((int(digits[1]) + 1) % 10)
    with pytest.raises(InvalidInput):
        parse_document(body + digits[0] + wrong)


@given(st.text(alphabet=ALNUM, min_size=12, max_size=12).filter(lambda s: len(set(s)) > 1))
def test_any_alphanumeric_cnpj_with_computed_digits_is_valid_in_any_case(body):
    number = body + cnpj_check_digits(body)
    assert parse_document(number.lower()).number == number
    masked = f"{number[:2]}.{number[2:5]}.{number[5:8]}/{number[8:12]}-{number[12:]}"
    assert parse_document(masked).formatted == masked


@given(st.text(alphabet=ALNUM, min_size=12, max_size=12), st.integers(0, 11), st.sampled_from(ALNUM))
def test_changing_one_character_of_a_cnpj_body_breaks_it(body, position, replacement):
    number = body + cnpj_check_digits(body)
    changed = number[:position] + replacement + number[position + 1 :]
    if changed[:12] != body and cnpj_check_digits(changed[:12]) != number[12:]:
        with pytest.raises(InvalidInput):
            parse_document(changed)


def test_masked_form_hides_the_first_and_last_digits():
    assert parse_document("52998224725").masked == "***.982.247-**"


def test_the_first_payment_page_carries_the_pix_code_under_its_qr_and_the_boleto_line():
    import io

    from pypdf import PdfReader

    from cobranca.documents.pdf import render_payment

    pix = (
        "00020101021226800014br.gov.bcb.pix2558pix.asaas.com/qr/pay_000005219615"
        "5204000053039865406233.715802BR6304ABCD"
    )
    pdf = render_payment("Pagamento do acordo A-000001", ["Entrada: R$ 233,71, vencimento 15/04/2026"], pix)
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    text = page.extract_text()
    assert "Pagamento do acordo A-000001" in text
    assert pix in "".join(text.split())  # the copia e cola, whole (wrapped over lines)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1


def test_a_verification_code_is_the_termos_hash_read_back_as_typed():
    digest = term_digest("TERMO DE ACORDO Nº A-000001")
    code = verification_code(digest)
    assert code == "-".join(digest[i : i + 4].upper() for i in range(0, 16, 4))
    assert read_verification_code(code.replace("-", " ").lower()) == code
    assert read_verification_code(code[:-1]) is None  # too short
    assert read_verification_code("ZZZZ-0000-0000-0000") is None  # not hex


def test_the_verification_page_lives_on_the_portals_host():
    assert verification_link("https://cobranca.example/negocia/demo", "A1B2") == (
        "https://cobranca.example/verificar/A1B2"
    )
    assert verification_link("", "A1B2") == ""


def test_an_email_has_the_same_words_in_text_and_html_with_signature_and_opt_out():
    collector = Collector(name="Demo <Cobranças>", document="11.222.333/0001-81", phone="+551130004000")
    mail = compose(
        "Olá, Ana.\n\nNegocie em https://x.example/negocia/demo?d=1.", collector, "https://x.example/o"
    )
    assert mail.text.endswith(
        "--\nDemo <Cobranças>\nCNPJ 11.222.333/0001-81\nAtendimento: tel. (11) 3000-4000\n\n"
        "Não quero mais receber e-mails: https://x.example/o"
    )
    assert "Demo &lt;Cobranças&gt;" in mail.html  # escaped, never markup from data
    assert '<a href="https://x.example/negocia/demo?d=1"' in mail.html  # the address is a link, "." left out
    assert '<a href="https://x.example/o"' in mail.html
    assert "Não quero mais receber e-mails" not in compose("Olá", None).html


def test_an_opt_out_token_names_its_debtor_and_channel_and_resists_editing():
    token = opt_out_token(b"k", "demo", "d1", "email")
    assert read_opt_out_token(b"k", "demo", token) == ("d1", "email")
    assert read_opt_out_token(b"k", "outra", token) is None  # another tenant
    assert read_opt_out_token(b"k", "demo", token.replace("d1.", "d2.")) is None  # another debtor
    assert read_opt_out_token(b"k", "demo", token.replace(".email.", ".sms.")) is None
    assert (
        opt_out_link("https://x.example/negocia/demo", "demo", token)
        == f"https://x.example/descadastrar/demo/{token}"
    )


def test_a_letter_has_letterhead_place_date_the_address_in_the_window_the_link_and_a_signature():
    from io import BytesIO

    from pypdf import PdfReader

    from cobranca.documents.pdf import (
        WINDOW_HEIGHT,
        WINDOW_LEFT,
        WINDOW_TOP,
        WINDOW_WIDTH,
        Letter,
        render_letters,
    )

    collector = Collector(name="Demo Cobranças", document="11.444.777/0001-61", city="São Paulo")
    address = "Ana Souza\nRua das Palmeiras, 250 - Jardim América, São Paulo/SP, CEP 01415-000"
    letters = [
        Letter(
            address,
            "Informamos débito com Acme Ltda.",
            date(2026, 12, 4),
            "https://x.example/negocia/demo?d=1",
        ),
        Letter(
            "Bruno Lima\nRua B, 2, Campinas/SP, CEP 13000-000", "Segunda carta.\n\n" * 40, date(2026, 12, 4)
        ),
    ]
    reader = PdfReader(BytesIO(render_letters(letters, collector)))
    first = reader.pages[0]
    text = first.extract_text()
    for expected in (
        "Demo Cobranças",
        "CNPJ 11.444.777/0001-61",
        "São Paulo, 4 de dezembro de 2026",
        "Ana Souza",
    ):
        assert expected in text
    assert "https://x.example/negocia/demo?d=1" in text
    assert "Atenciosamente" in text
    height = float(first.mediabox.height)
    where: dict[str, tuple[float, float]] = {}

    def seen(words: str, cm: list[float], tm: list[float], _font: object, _size: object) -> None:
        if words.strip():  # the text's position on the page: the text matrix within the canvas's
            where.setdefault(words.strip(), (cm[0] * tm[4] + cm[4], cm[3] * tm[5] + cm[5]))

    first.extract_text(visitor_text=seen)
    x, y = where["Ana Souza"]
    assert WINDOW_LEFT <= x <= WINDOW_LEFT + WINDOW_WIDTH  # inside the envelope's window
    assert height - WINDOW_TOP - WINDOW_HEIGHT <= y <= height - WINDOW_TOP
    second = [p.extract_text() for p in reader.pages[1:]]
    assert "Bruno Lima" in second[0]  # each letter starts on its own page, with its own address
    assert all("Bruno Lima" not in t for t in second[1:])  # a continuation page carries no address

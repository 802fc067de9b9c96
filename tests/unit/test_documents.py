"""CPF and CNPJ validation by check digits (numeric and alphanumeric CNPJ)."""

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cobranca.domain.documents import (
    DocumentKind,
    cnpj_check_digits,
    cpf_check_digits,
    parse_document,
)
from cobranca.domain.errors import InvalidInput

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

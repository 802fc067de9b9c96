from cobranca.domain.portfolio import DebtorQuery


def test_a_search_with_digits_is_a_document_prefix_and_anything_else_a_name():
    assert DebtorQuery.search("529.982").document_prefix == "529982"
    assert DebtorQuery.search("12ABC345").document_prefix == "12ABC345"  # an alphanumeric CNPJ
    assert DebtorQuery.search("Maria da Silva").name_prefix == "Maria da Silva"
    assert DebtorQuery.search("  ", creditor_id="c1") == DebtorQuery(creditor_id="c1")

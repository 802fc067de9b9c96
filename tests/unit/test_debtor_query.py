from cobranca.domain.search import DebtorQuery, name_words


def test_a_search_with_digits_is_a_document_prefix_and_anything_else_words_of_the_name():
    assert DebtorQuery.search("529.982").document_prefix == "529982"
    assert DebtorQuery.search("12ABC345").document_prefix == "12ABC345"  # an alphanumeric CNPJ
    assert DebtorQuery.search("Maria da Silva").words == ("maria", "silva")  # particles are no help
    assert DebtorQuery.search("  ", creditor_id="c1") == DebtorQuery(creditor_id="c1")


def test_the_index_is_read_by_the_longest_typed_word():
    assert DebtorQuery.search("m souz").leading_word == "souz"


def test_one_letter_or_a_creditors_list_searches_the_start_of_the_name():
    # the word index is partitioned by two letters; a creditor's list is sorted by name only
    assert DebtorQuery.search("m") == DebtorQuery(name_prefix="m")
    assert DebtorQuery.search("silva", creditor_id="c1") == DebtorQuery(name_prefix="silva", creditor_id="c1")


def test_the_words_of_a_name_are_folded_without_particles_repeats_or_letters_alone():
    assert name_words("Maria da Silva Souza") == ["maria", "silva", "souza"]
    assert name_words("JOSÉ D'ÁVILA e Silva-Santos") == ["jose", "avila", "silva", "santos"]
    assert name_words("Ana Ana X") == ["ana"]
    assert len(name_words("a b c d e f g h i j k l m n o p q r s t u v w x y z aa bb cc dd ee ff gg")) == 6


def test_the_history_names_changed_fields_in_portuguese():
    from cobranca.domain.portfolio import changed_fields

    assert changed_fields(["uf", "category_id", "operator_id"]) == "UF, categoria, operador"
    assert changed_fields([]) == "nenhum campo"

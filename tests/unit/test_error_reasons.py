from typing import Annotated

import pytest
from pydantic import BaseModel, Field, ValidationError

from cobranca.http.errors import validation_errors


class Body(BaseModel):
    name: Annotated[str, Field(min_length=1)]
    code: Annotated[str, Field(min_length=6)]


def reasons(**values: str) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        Body(**values)
    return {e["field"]: e["reason"] for e in validation_errors(list(caught.value.errors()))}


def test_only_an_empty_value_is_called_empty_and_a_short_one_says_its_minimum():
    found = reasons(name="", code="123")
    assert found["name"] == "não pode ser vazio"
    assert found["code"] == "curto demais: no mínimo 6 caracteres"

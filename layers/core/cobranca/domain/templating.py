"""Wildcards (#NOME#, #VALOR_ATUALIZADO#…): how a text names them and how they are filled. Which
wildcards exist is each text's own list (templates.WILDCARDS for messages, term.WILDCARDS for the termo)."""

from __future__ import annotations

import re
from collections.abc import Mapping

WILDCARD = re.compile(r"#[A-Z_]+#")


def fill(text: str, values: Mapping[str, str]) -> str:
    return WILDCARD.sub(lambda m: values.get(m.group(0), m.group(0)), text)


def unknown(text: str, known: Mapping[str, str]) -> list[str]:
    """The wildcards a text uses that are not in `known`, sorted."""
    return sorted(set(WILDCARD.findall(text)) - set(known))

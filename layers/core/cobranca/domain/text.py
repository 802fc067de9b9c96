"""Text that people type or ERPs export: printable only.

Control characters break CSV exports and terminals; bidi overrides (U+202A–U+202E, U+2066–U+2069) make
a title number read differently from what it is ("Trojan Source"); zero-width characters make two equal
looking names different. All are Unicode category Cc or Cf, and none belongs in a name, a number or a
description.
"""

from __future__ import annotations

import unicodedata
from typing import Annotated

from pydantic import AfterValidator, StringConstraints


def hidden_characters(value: str) -> list[str]:
    """The code points (U+XXXX) in `value` that are control or invisible format characters."""
    return sorted({f"U+{ord(ch):04X}" for ch in value if unicodedata.category(ch) in ("Cc", "Cf")})


def check_plain(value: str) -> str:
    found = hidden_characters(value)
    if found:
        shown = ", ".join(found[:5]) + (" …" if len(found) > 5 else "")
        raise ValueError(f"caracteres de controle ou invisíveis não são aceitos ({shown})")
    return value


Plain = AfterValidator(check_plain)
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), Plain]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60), Plain]
Description = Annotated[str, StringConstraints(strip_whitespace=True, max_length=300), Plain]
Label = Annotated[str, StringConstraints(strip_whitespace=True, max_length=40), Plain]

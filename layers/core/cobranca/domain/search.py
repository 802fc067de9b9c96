"""Finding debtors: the accent-free name key and the words of a name, the other lookups (a title number,
an e-mail, a phone) and what an operator's search text asks for (DebtorQuery)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from cobranca.domain.documents import normalize


def name_key(name: str) -> str:
    """Accent- and case-insensitive form of a name, for prefix search ('José' finds 'jose')."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.lower().split())


PARTICLES = frozenset({"da", "das", "de", "di", "do", "dos", "du", "e"})
MAX_NAME_WORDS = 6  # words of a name that can be searched (a debtor's word items fit its transaction)
WORD_SEARCH_MIN = 2  # letters of a word before the word index is used (its partitions are 2 letters)


def name_words(name: str) -> list[str]:
    """The searchable words of a name, accent- and case-free, in order, without particles and
    repeats: 'Maria da Silva Souza' -> ['maria', 'silva', 'souza']."""
    words = [w for w in name_key(name).replace("-", " ").replace("'", " ").split() if w not in PARTICLES]
    return list(dict.fromkeys(w for w in words if len(w) >= WORD_SEARCH_MIN))[:MAX_NAME_WORDS]


class Lookup(StrEnum):
    """What else finds a debtor: a title's number, an e-mail or a phone (an index entry each)."""

    TITLE = "TITLE"
    EMAIL = "EMAIL"
    PHONE = "PHONE"


FALLBACK_CURSORS = {"t~": Lookup.TITLE, "p~": Lookup.PHONE}  # a fallback page's cursor says its kind


def lookup_key(kind: Lookup, raw: str) -> str:
    """The form kept in the index and typed to search it: a title number without spaces in capitals,
    an e-mail in lower case, a phone's digits with the country code (what is typed may be partial)."""
    if kind is Lookup.EMAIL:
        return raw.strip().lower()
    if kind is Lookup.PHONE:
        digits = re.sub(r"\D", "", raw)
        return digits if digits.startswith("55") and len(digits) > 11 else "55" + digits
    return re.sub(r"\s", "", raw).upper()


@dataclass(frozen=True)
class DebtorQuery:
    """One page of the debtor list: at most one of the prefixes, any of the filters. `words` are the
    starts of words of the name ('silv' finds 'Maria da Silva Souza'), in any order."""

    name_prefix: str | None = None
    document_prefix: str | None = None
    words: tuple[str, ...] = ()
    find: tuple[Lookup, str] | None = None  # a title number, e-mail or phone prefix (lookup_key)
    category_id: str | None = None
    creditor_id: str | None = None
    operator_id: str | None = None
    unassigned: bool = False  # only debtors without an operator (no index: a filter on the list)
    limit: int = 50
    cursor: str | None = None
    text: str = field(default="", compare=False)  # as typed (what `fallbacks` tries again)
    fell_back: bool = False  # a fallback of `text`: its pages' cursors say which lookup it is

    @classmethod
    def search(cls, q: str | None, **filters: Any) -> DebtorQuery:
        """What the operator typed: a text with digits (and nothing but letters and digits once the
        mask is gone) is a CPF/CNPJ prefix, even an alphanumeric CNPJ; anything else is the start of
        words of the name (any word: a surname finds its debtors), or of the name itself while it is
        too short for the word index or a creditor is chosen (its list is sorted by name)."""
        text = (q or "").strip()
        cursor = filters.get("cursor") or ""
        if cursor[:2] in FALLBACK_CURSORS:  # the next page of a fallback search (see `fallbacks`)
            kind = FALLBACK_CURSORS[cursor[:2]]
            query = cls(text=text, **{**filters, "cursor": cursor[2:]})
            return replace(query, find=(kind, lookup_key(kind, text)), fell_back=True)
        query = cls(text=text, **filters)
        if "@" in text:
            return replace(query, find=(Lookup.EMAIL, lookup_key(Lookup.EMAIL, text)))
        if text.startswith(("+", "(")):
            return replace(query, find=(Lookup.PHONE, lookup_key(Lookup.PHONE, text)))
        compact = normalize(text)
        if text and any(ch.isdigit() for ch in compact) and compact.isalnum():
            return replace(query, document_prefix=compact)
        words = tuple(w for w in name_key(text).split() if w not in PARTICLES)
        if words and len(max(words, key=len)) >= WORD_SEARCH_MIN and not filters.get("creditor_id"):
            return replace(query, words=words)
        return replace(query, name_prefix=text or None)

    def fallbacks(self) -> list[DebtorQuery]:
        """What else a text that found nothing may be: digits, a phone; anything, a title number."""
        if self.find is not None or not self.text or self.cursor:
            return []
        kinds = [Lookup.PHONE, Lookup.TITLE] if normalize(self.text).isdigit() else [Lookup.TITLE]
        plain = replace(self, name_prefix=None, document_prefix=None, words=(), fell_back=True)
        return [replace(plain, find=(kind, lookup_key(kind, self.text))) for kind in kinds]

    def next_cursor(self, cursor: str | None) -> str | None:
        """The cursor a page answers: a fallback's says which lookup found it."""
        if not cursor or not self.fell_back or self.find is None:
            return cursor
        return next(mark for mark, kind in FALLBACK_CURSORS.items() if kind is self.find[0]) + cursor

    @property
    def leading_word(self) -> str:
        """The typed word the index is read by: the longest (the most selective)."""
        return max(self.words, key=len)

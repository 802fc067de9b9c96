"""What a collection message may not say, and what makes an e-mail look like spam.

CDC art. 42: in collecting a debt the consumer is not exposed to ridicule nor subjected to any kind of
embarrassment or threat; art. 71: threats, coercion, embarrassment, false statements or any procedure
that exposes the consumer to ridicule or interferes with their work, rest or leisure are a crime. The
list below is kept here, one entry per pattern with the reason the console shows; add to it when a
Procon or a court names a new one. Matching ignores case and accents and looks at whole words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Forbidden:
    pattern: str  # a regular expression over folded text (lower case, no accents)
    reason: str
    whole_words: bool = True


_NO_PRISON = "não existe prisão por dívida civil (Constituição, art. 5º, LXVII): é ameaça (CDC art. 71)"
_CRIME = "dívida não é crime: acusar o devedor é constrangimento (CDC arts. 42 e 71)"
_EXPOSURE = "ameaça expor a dívida a terceiros (CDC art. 42; LGPD)"
_WORK = "ameaça interferir no trabalho do devedor (CDC art. 71)"
_INSULT = "linguagem que humilha ou ridiculariza o devedor (CDC art. 42)"
_FALSE = "afirmação falsa sobre as consequências da dívida (CDC art. 71)"

THREATS: tuple[Forbidden, ...] = (
    Forbidden(r"policia\w*|delegacia|boletim de ocorrencia|viatura", "ameaça com a polícia (CDC art. 71)"),
    Forbidden(r"pris(ao|oes)|preso|presa|cadeia|mandado de prisao|xadrez", _NO_PRISON),
    Forbidden(r"crimes?|criminos[oa]s?|estelionat\w*|fraudador\w*|bandid\w*|ladr(ao|oes|a)", _CRIME),
    Forbidden(r"nome sujo|sujar (o )?(seu )?nome|sujo na praca", _INSULT),
    Forbidden(r"caloteir[oa]s?|calote|vagabund\w*|vergonha\w*|mau pagador|ma pagadora|safad\w*", _INSULT),
    Forbidden(r"(seu|sua) (chefe|patrao|patroa|empregador\w*|gerente)|local de trabalho", _WORK),
    Forbidden(r"colegas de trabalho|(no|ao) seu trabalho", _WORK),
    Forbidden(r"(sua|seus|suas) (familia|vizinh\w*|parentes|amigos)", _EXPOSURE),
    Forbidden(r"expor|exporemos|exposicao publica|divulga\w*|redes sociais|lista de devedores", _EXPOSURE),
    Forbidden(
        r"(cancela\w*|bloque\w*|suspen\w*) (do |de |o |seu )*cpf"
        r"|cpf (sera |vai ser |podera ser )?(cancelado|bloqueado|suspenso)",
        _FALSE,
    ),
    Forbidden(r"perder(a|ao)? (o )?(seu )?emprego|demissao|demitid[oa]", _FALSE),
)

SPAM: tuple[Forbidden, ...] = (
    Forbidden(r"gratis|gratuit[oa]|100 ?%|ganhe|premio|sorteio", "palavra típica de propaganda"),
    Forbidden(r"clique aqui|acesse ja|aproveite ja|imperdivel|so hoje", "chamada típica de spam"),
    Forbidden(r"urgente|ultima chance|ultimo aviso", "urgência que os filtros de spam penalizam"),
    Forbidden(r"!{2,}|\${2,}", "pontuação repetida", whole_words=False),
)


def _base(c: str) -> str:
    """One character, lower case, without its accent (ç -> c, Á -> a)."""
    plain = [d for d in unicodedata.normalize("NFKD", c.lower()) if not unicodedata.combining(d)]
    return plain[0] if plain else c


def fold(text: str) -> str:
    """`text` in lower case without accents, character for character (positions stay the same)."""
    return "".join(_base(c) for c in text)


def _found(text: str, rules: tuple[Forbidden, ...]) -> list[tuple[str, str]]:
    """(the words as written, the reason) for each rule the text breaks."""
    folded = fold(text)
    hits = []
    for rule in rules:
        pattern = rf"(?<!\w)(?:{rule.pattern})(?!\w)" if rule.whole_words else rule.pattern
        match = re.search(pattern, folded)
        if match:
            hits.append((text[match.start() : match.end()], rule.reason))
    return hits


def threats(text: str) -> list[tuple[str, str]]:
    """Threatening or humiliating wording in `text`: each as written and why it is refused."""
    return _found(text, THREATS)


def spam_signs(subject: str, body: str) -> list[str]:
    """Warnings for an e-mail (it is still saved): what spam filters penalise."""
    notes = [f'"{words}": {reason}' for words, reason in _found(f"{subject}\n{body}", SPAM)]
    letters = [c for c in subject if c.isalpha()]
    if len(letters) >= 8 and all(c.isupper() for c in letters):
        notes.append("assunto todo em maiúsculas: os filtros de spam penalizam")
    return notes

"""LaTeX escaping of BibTeX field values.

* Every LaTeX special character is escaped: ``\\ { }`` become ``{\\textbackslash}``,
  ``{\\textbraceleft}``, ``{\\textbraceright}`` (never ``\\{``: BibTeX counts that brace),
  ``% & $ # _`` get a backslash, ``^ ~ < > |`` become text commands. Raw braces are
  only ever written by the export package, so every value is balanced and nothing in a
  registry's or an article's text can run a command.
* Title words with an upper-case letter after their first character (NORAD, PD-L1,
  miR-4284, MSCs, RNA) are braced so styles keep their case. In a title written in
  sentence case, capitalised words after the first word of the title or subtitle are
  taken as proper nouns and braced too; a title in Title Case or ALL CAPS gets only the
  first rule (ALL CAPS: none), so styles may re-case it.
* ``ascii_only=True`` writes accented Latin letters as accent commands (``{\\"u}``,
  ``{\\'e}``, ``{\\v{c}}``), common symbols and Greek letters as text or math commands
  (``{$\\alpha$}``), folds compatibility characters (full-width forms, ligatures), and
  replaces each run of characters with no ASCII form (CJK, for instance) by ``[?]``,
  counting them so that the entry can say so. ``\\k`` (ogonek) needs ``T1`` font encoding.
* DOIs, URLs and eprint ids (verbatim fields for biblatex and ``\\url``) are not
  LaTeX-escaped but any character that could unbalance or inject (``\\ { } "``, spaces,
  controls; in ASCII mode also non-ASCII) is percent-encoded.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import quote

from asrefs.export.fields import clean

PLACEHOLDER = "[?]"

_LATEX_SPECIAL = {
    "\\": r"{\textbackslash}",
    "{": r"{\textbraceleft}",
    "}": r"{\textbraceright}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"{\textasciicircum}",
    "~": r"{\textasciitilde}",
    "<": r"{\textless}",
    ">": r"{\textgreater}",
    "|": r"{\textbar}",
}

_ASCII_SYMBOLS = {
    "ß": r"{\ss}",
    "æ": r"{\ae}",
    "Æ": r"{\AE}",
    "œ": r"{\oe}",
    "Œ": r"{\OE}",
    "ø": r"{\o}",
    "Ø": r"{\O}",
    "ł": r"{\l}",
    "Ł": r"{\L}",
    "ı": r"{\i}",
    "ȷ": r"{\j}",
    "å": r"{\aa}",
    "Å": r"{\AA}",
    "\u00a0": "~",
    "\u2009": r"\,",
    "\u202f": r"\,",
    "‐": "-",
    "‑": "-",
    "‒": "-",
    "–": "--",
    "—": "---",
    "―": "---",
    "−": "-",
    "‘": "`",
    "’": "'",
    "‚": ",",
    "“": "``",
    "”": "''",
    "„": ",,",
    "«": "``",
    "»": "''",
    "…": r"{\ldots}",
    "•": r"{\textbullet}",
    "·": r"{$\cdot$}",
    "†": r"{\dag}",
    "‡": r"{\ddag}",
    "§": r"{\S}",
    "¶": r"{\P}",
    "©": r"{\copyright}",
    "®": r"{\textregistered}",
    "™": r"{\texttrademark}",
    "£": r"{\pounds}",
    "¿": "?`",
    "¡": "!`",
    "°": r"{$^{\circ}$}",
    "℃": r"{$^{\circ}$}C",
    "±": r"{$\pm$}",
    "∓": r"{$\mp$}",
    "×": r"{$\times$}",
    "÷": r"{$\div$}",
    "≤": r"{$\leq$}",
    "≥": r"{$\geq$}",
    "≠": r"{$\neq$}",
    "≈": r"{$\approx$}",
    "∼": r"{$\sim$}",
    "≡": r"{$\equiv$}",
    "∞": r"{$\infty$}",
    "→": r"{$\rightarrow$}",
    "←": r"{$\leftarrow$}",
    "↔": r"{$\leftrightarrow$}",
    "↑": r"{$\uparrow$}",
    "↓": r"{$\downarrow$}",
    "⇒": r"{$\Rightarrow$}",
    "µ": r"{$\mu$}",
    "′": r"{$'$}",
    "″": r"{$''$}",
    "½": r"{$\frac{1}{2}$}",
    "¼": r"{$\frac{1}{4}$}",
    "¾": r"{$\frac{3}{4}$}",
    "⁺": r"{$^{+}$}",
    "⁻": r"{$^{-}$}",
    "₊": r"{$_{+}$}",
    "₋": r"{$_{-}$}",
}
for _i, _sup in enumerate("⁰¹²³⁴⁵⁶⁷⁸⁹"):
    _ASCII_SYMBOLS[_sup] = "{$^{" + str(_i) + "}$}"
for _i, _sub in enumerate("₀₁₂₃₄₅₆₇₈₉"):
    _ASCII_SYMBOLS[_sub] = "{$_{" + str(_i) + "}$}"

_GREEK_LOWER = [
    "alpha",
    "beta",
    "gamma",
    "delta",
    "epsilon",
    "zeta",
    "eta",
    "theta",
    "iota",
    "kappa",
    "lambda",
    "mu",
    "nu",
    "xi",
    "o",
    "pi",
    "rho",
    "varsigma",
    "sigma",
    "tau",
    "upsilon",
    "phi",
    "chi",
    "psi",
    "omega",
]
for _i, _name in enumerate(_GREEK_LOWER):
    _ch = chr(0x03B1 + _i)
    _ASCII_SYMBOLS[_ch] = "o" if _name == "o" else "{$\\" + _name + "$}"
_GREEK_UPPER = {
    "Α": "A",
    "Β": "B",
    "Γ": r"{$\Gamma$}",
    "Δ": r"{$\Delta$}",
    "Ε": "E",
    "Ζ": "Z",
    "Η": "H",
    "Θ": r"{$\Theta$}",
    "Ι": "I",
    "Κ": "K",
    "Λ": r"{$\Lambda$}",
    "Μ": "M",
    "Ν": "N",
    "Ξ": r"{$\Xi$}",
    "Ο": "O",
    "Π": r"{$\Pi$}",
    "Ρ": "P",
    "Σ": r"{$\Sigma$}",
    "Τ": "T",
    "Υ": r"{$\Upsilon$}",
    "Φ": r"{$\Phi$}",
    "Χ": "X",
    "Ψ": r"{$\Psi$}",
    "Ω": r"{$\Omega$}",
    "ϵ": r"{$\epsilon$}",
    "ϑ": r"{$\vartheta$}",
    "ϕ": r"{$\phi$}",
    "ϖ": r"{$\varpi$}",
    "ϱ": r"{$\varrho$}",
}
_ASCII_SYMBOLS.update(_GREEK_UPPER)
_ASCII_SYMBOLS["ε"] = r"{$\varepsilon$}"
_ASCII_SYMBOLS["φ"] = r"{$\varphi$}"
_ASCII_SYMBOLS["Ω"] = r"{$\Omega$}"  # OHM SIGN
_ASCII_SYMBOLS["µ"] = r"{$\mu$}"  # MICRO SIGN

# Combining mark → accent command; symbol commands take a bare letter.
_ACCENTS = {
    "\u0300": "`",
    "\u0301": "'",
    "\u0302": "^",
    "\u0303": "~",
    "\u0304": "=",
    "\u0306": "u",
    "\u0307": ".",
    "\u0308": '"',
    "\u030a": "r",
    "\u030b": "H",
    "\u030c": "v",
    "\u0323": "d",
    "\u0327": "c",
    "\u0328": "k",
    "\u0331": "b",
}
_BELOW = {"\u0323", "\u0327", "\u0328", "\u0331"}


def _accented(ch: str) -> str | None:
    """``{\\"u}`` for "ü"; None when ``ch`` is not an ASCII letter with known accents."""
    decomposed = unicodedata.normalize("NFD", ch)
    base, marks = decomposed[0], decomposed[1:]
    if not (base.isascii() and base.isalpha()) or not marks:
        return None
    if any(m not in _ACCENTS for m in marks):
        return None
    inner = base
    if base in "ij" and any(m not in _BELOW for m in marks):
        inner = "\\" + base  # dotless i/j under an accent above
    for mark in marks:
        cmd = _ACCENTS[mark]
        if cmd.isalpha():
            inner = f"\\{cmd}{{{inner}}}"
        elif len(inner) == 1:
            inner = f"\\{cmd}{inner}"
        else:
            inner = f"\\{cmd}{{{inner}}}"
    return "{" + inner + "}"


class LatexEscaper:
    """Escapes text for BibTeX field values; counts characters it had to drop."""

    def __init__(self, ascii_only: bool) -> None:
        self.ascii_only = ascii_only
        self.dropped = 0

    def char(self, ch: str) -> str | None:
        """``ch`` as LaTeX; None when it has no ASCII form and only ASCII is wanted."""
        if ch in _LATEX_SPECIAL:
            return _LATEX_SPECIAL[ch]
        if ch.isascii() or not self.ascii_only:
            return ch
        if ch in _ASCII_SYMBOLS:
            return _ASCII_SYMBOLS[ch]
        accented = _accented(ch)
        if accented is not None:
            return accented
        compat = unicodedata.normalize("NFKC", ch)
        if compat != ch:
            parts = [self.char(c) for c in compat]
            if all(p is not None for p in parts):
                return "".join(p for p in parts if p is not None)
        return None

    def text(self, text: str | None) -> str:
        """A field value, cleaned and escaped; each run of characters with no form is
        one ``[?]``."""
        out: list[str] = []
        missing = False
        for ch in clean(text):
            latex = self.char(ch)
            if latex is None:
                self.dropped += 1
                if not missing:
                    out.append(PLACEHOLDER)
                missing = True
                continue
            missing = False
            out.append(latex)
        return "".join(out)

    def title(self, title: str | None) -> str:
        """A title, escaped, with the words whose case must be kept braced."""
        words = clean(title).split(" ")
        protect = _protected_words(words)
        out: list[str] = []
        for word, keep in zip(words, protect, strict=True):
            latex = self.text(word)
            if keep and latex:
                # "{\…" at brace level 0 is a BibTeX special character, whose letters
                # styles still re-case: add a level so the word stays as it is.
                latex = "{{" + latex + "}}" if latex.startswith("\\") else "{" + latex + "}"
            out.append(latex)
        return " ".join(w for w in out if w)


def _letters(word: str) -> str:
    return "".join(ch for ch in word if ch.isalpha())


def _has_inner_capital(word: str) -> bool:
    letters = _letters(word)
    return any(ch.isupper() for ch in letters[1:])


def _protected_words(words: list[str]) -> list[bool]:
    """Which title words to brace so that BibTeX styles keep their case."""
    all_letters = _letters("".join(words))
    if not any(ch.islower() for ch in all_letters):
        return [False] * len(words)  # ALL CAPS (or no letters): nothing to keep
    starts: list[bool] = []  # word begins the title or a subtitle/sentence
    previous = ""
    for i, word in enumerate(words):
        starts.append(i == 0 or previous.endswith((":", ".", "?", "!", "—", "–")))
        previous = word
    # Sentence case unless most longer, non-initial words are capitalised.
    candidates = [
        w
        for w, s in zip(words, starts, strict=True)
        if not s and len(_letters(w)) >= 4 and not _has_inner_capital(w)
    ]
    capitalised = [w for w in candidates if _letters(w)[:1].isupper()]
    sentence_case = not candidates or len(capitalised) * 2 <= len(candidates)
    out: list[bool] = []
    for word, start in zip(words, starts, strict=True):
        letters = _letters(word)
        if not letters:
            out.append(False)
        elif _has_inner_capital(word):
            out.append(True)
        else:
            out.append(sentence_case and not start and letters[0].isupper())
    return out


def verbatim(value: str | None, ascii_only: bool) -> str:
    """A DOI, URL or eprint id with anything that could inject or unbalance encoded."""
    text = clean(value).replace(" ", "")
    out = []
    for ch in text:
        if ch in '\\{}"^`|' or (ascii_only and not ch.isascii()):
            out.append(quote(ch, safe=""))
        else:
            out.append(ch)
    return "".join(out)

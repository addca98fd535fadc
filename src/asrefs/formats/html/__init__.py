"""The editor's report: one self-contained HTML page.

The page shows, for each article: a summary (references by verdict, findings by
severity), the list of findings, the article's text with line numbers and every
finding anchored at its line (and at the claim's sentence, or at the printed words it
is about), and a panel per reference: its status, the printed fields beside the
registry's with the differences highlighted, DOI/PubMed/PMC links, retraction and
correction notices, and the fix.

Safety: every string from the article and the registries is escaped with
``html.escape`` (attribute values too), links are built only from validated
identifiers behind fixed ``https://`` prefixes, and no input ever reaches the style
sheet or the script. Both are package files (static/), allowed by their hash in a
strict Content-Security-Policy, so the page runs no other script even if some text
slipped through. The page needs no network: no fonts, images, styles or scripts are
fetched.

Without JavaScript everything is shown; the script adds the severity filters, the
previous/next buttons and the collapsing of reference panels. The output depends only
on the reports, so two runs give the same bytes.

Modules: ``page`` (the document), ``view`` (one report's numbering, ids, words and
lines), ``summary``, ``findings``, ``article``, ``references`` and ``fields`` (the
sections), ``lines`` (the text's lines and spans), ``markup`` (escaping, links, levels)
and ``assets`` (style sheet, script, policy, palettes). The page's words are
``i18n.HTML_MESSAGES``.
"""

from asrefs.formats.html.assets import CONTRAST_PAIRS, CSP, CSS, DARK, LIGHT, SCRIPT
from asrefs.formats.html.page import render

__all__ = ["CONTRAST_PAIRS", "CSP", "CSS", "DARK", "LIGHT", "SCRIPT", "render"]

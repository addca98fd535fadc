"""read: a file (or standard input) -> Article. Detects the encoding and the input type
(plain text, Markdown, HTML, Word) and turns it into text with a line map."""

from asrefs.read.article import ARTICLE_SUFFIXES, read_article

__all__ = ["ARTICLE_SUFFIXES", "read_article"]

"""The similarity thresholds of the reference and claim checks.

Reference checks compare on rapidfuzz's 0-100 scale; claim checks score in [0, 1]. The
cross-language scorer's thresholds, chosen on its evaluation set, live with the scorer
(:mod:`asrefs.checks.crosslingual`).
"""

TYPO_RATIO = 90.0  # a title this similar (normalised) is the same title with a typo
TYPO_LETTERS = 2  # a title word this many letters off (and no more than half) is misspelt
IDENTITY_RATIO = 65.0  # titles less similar than this (see title_similarity) are other works
NAME_CLOSE_RATIO = 75.0  # a family name this similar is a misspelling
MIN_DUPLICATE_TITLE = 20  # shorter normalised titles ("Editorial") are not duplicate keys

SAME_LANGUAGE_MATCH = 0.9
"""Two names or titles in one language match when their normalised similarity is at
least this."""

TITLE_ALARM = 0.3
"""A title in Chinese that scores below this against its record's English title (and no
better against another reference) is reported as not matching. Every true pair of the
evaluation set scores above it (docs/crosslingual.md)."""

PART_OF_NAME = 0.75
"""A Chinese journal name wholly rendered in a registered English name that explains at
most this share of its words is only part of that name: another journal ("风湿病学",
Rheumatology, against Clinical Rheumatology). No true pair of the evaluation set's
seed and dev parts is that partial (docs/crosslingual.md)."""

INSTITUTION_COVERED = 0.75
"""A Chinese institution name is in an English affiliation when the affiliation's
glosses cover at least this share of its characters."""

INSTITUTION_RATIO = 90
"""An institution name is in an affiliation when it matches a part of it at least this
well (0-100)."""

ONLINE_FIRST_MONTHS = 6
"""A work published online in the last this many months of a year may appear in an
issue of the next year: that year, printed when the record holds no issue date, is not
reported as wrong (``year-after-online``, info)."""

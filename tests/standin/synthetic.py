"""Synthetic records for scale tests and benchmarks: distinct, realistic Crossref works
and the matching PubMed articles, numbered from 0 and the same on every run."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Any

from standin.matching import word_list

_W1 = word_list(
    "Mesenchymal Stromal Macrophage Exosomal Epigenetic Mitochondrial Metabolic Synovial "
    "Endothelial Chondrocyte Osteoclast Microglial Regulatory Circulating Hepatic Renal "
    "Cardiac Pulmonary Intestinal Neuronal Adipose Dendritic Cytotoxic Inflammatory "
    "Fibroblast Keratinocyte Platelet Erythroid Myeloid Lymphoid"
)
_W2 = word_list(
    "signalling polarization senescence autophagy ferroptosis pyroptosis apoptosis "
    "proliferation differentiation migration remodelling fibrosis angiogenesis "
    "calcification mineralization homeostasis dysfunction activation exhaustion "
    "reprogramming regeneration metabolism trafficking clearance"
)
_W3 = word_list(
    "rheumatoid-arthritis ankylosing-spondylitis systemic-lupus-erythematosus "
    "osteoarthritis psoriasis type-2-diabetes sepsis atherosclerosis colitis "
    "multiple-sclerosis asthma glioblastoma hepatocellular-carcinoma osteoporosis "
    "Sjogren-syndrome systemic-sclerosis vasculitis gout uveitis periodontitis "
    "myocardial-infarction stroke"
)
_TEMPLATES = (
    "{a} {b} in {c}: a randomized controlled trial",
    "Role of {a} {b} in {c}",
    "{a} {b} drives {c} through {d} pathways",
    "Targeting {a} {b} in experimental {c}",
    "{a} {b} and {d} in patients with {c}: a cohort study",
    "Single-cell atlas of {a} {b} in {c}",
    "{a} {b} as a therapeutic target in {c}: a systematic review and meta-analysis",
    "Effects of {d} on {a} {b} in {c}",
)
_EXTRA = word_list(
    "interleukin-6 TNF-alpha NF-kappaB JAK/STAT Wnt/beta-catenin mTOR AMPK TGF-beta NLRP3 "
    "PD-1 IL-17 CD4+ miR-21 lncRNA Hippo/YAP"
)
_FAMILY = word_list(
    "Zeng Liu Wu Zheng Hao Wang Sun Ke Lu Pan Qi Zhang Li Chen Yang Huang Zhao Zhou Xu "
    "Smith Johnson Müller García Rossi Dubois Nowak Kowalski Silva Santos Kim Park Lee "
    "Tanaka Suzuki Sato Nguyen Singh Patel Kumar O'Brien van_den_Berg Ivanova Jensen "
    "Andersson Papadopoulos Yilmaz Cohen Haddad Okafor Mensah"
)
_GIVEN = word_list(
    "Liuting Chang Yang Shuman Yaru Wensa Dandan Lingyun Minxia Wenli Huimin Xiafei "
    "Mengyang Nianmin Zhiqiang Feng Wen-Jie Jia-Xin John Mary Anna Pedro Giulia Camille "
    "Piotr Ana Min-jun Ji-woo Hiroshi Yuki Linh Arjun Priya Sean Anouk Olga Mette Erik "
    "Eleni Emre Noa Rania Chidi Kwame José Zoë"
)
_JOURNALS = (
    (
        "Stem Cell Research & Therapy",
        "Stem Cell Res Ther",
        "1757-6512",
        "Springer Science and Business Media LLC",
        "10.1186",
    ),
    ("Frontiers in Immunology", "Front Immunol", "1664-3224", "Frontiers Media SA", "10.3389"),
    (
        "World Journal of Stem Cells",
        "World J Stem Cells",
        "1948-0210",
        "Baishideng Publishing Group Inc.",
        "10.4252",
    ),
    (
        "Arthritis Research & Therapy",
        "Arthritis Res Ther",
        "1478-6362",
        "Springer Science and Business Media LLC",
        "10.1186",
    ),
    ("Annals of the Rheumatic Diseases", "Ann Rheum Dis", "0003-4967", "BMJ", "10.1136"),
    (
        "Nature Communications",
        "Nat Commun",
        "2041-1723",
        "Springer Science and Business Media LLC",
        "10.1038",
    ),
    ("PLOS ONE", "PLoS One", "1932-6203", "Public Library of Science (PLoS)", "10.1371"),
    ("Journal of Orthopaedic Research", "J Orthop Res", "0736-0266", "Wiley", "10.1002"),
    (
        "Scientific Reports",
        "Sci Rep",
        "2045-2322",
        "Springer Science and Business Media LLC",
        "10.1038",
    ),
    ("Bone", "Bone", "8756-3282", "Elsevier BV", "10.1016"),
    ("Cell Reports", "Cell Rep", "2211-1247", "Elsevier BV", "10.1016"),
    (
        "Rheumatology",
        "Rheumatology (Oxford)",
        "1462-0324",
        "Oxford University Press (OUP)",
        "10.1093",
    ),
    ("Journal of Autoimmunity", "J Autoimmun", "0896-8411", "Elsevier BV", "10.1016"),
    (
        "Clinical and Experimental Immunology",
        "Clin Exp Immunol",
        "0009-9104",
        "Oxford University Press (OUP)",
        "10.1093",
    ),
    ("Immunity, Inflammation and Disease", "Immun Inflamm Dis", "2050-4527", "Wiley", "10.1002"),
    (
        "中华风湿病学杂志",
        "Zhonghua Feng Shi Bing Xue Za Zhi",
        "1007-7480",
        "Chinese Medical Association",
        "10.3760",
    ),
)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def synthetic_doi(i: int) -> str:
    """The DOI of synthetic work ``i``."""
    return f"10.5555/asrefs.bench.{i}"


def synthetic_pmid(i: int) -> str:
    """The PMID of synthetic work ``i`` (above the range real PMIDs use in 2026)."""
    return str(80_000_000 + i)


@dataclass
class _Synth:
    doi: str
    pmid: str
    pmcid: str | None
    title: str
    authors: list[tuple[str, str]]
    journal: tuple[str, str, str, str, str]
    year: int
    month: int
    day: int
    volume: str
    issue: str
    first_page: int
    last_page: int | None
    article_number: str | None


def _synth(i: int) -> _Synth:
    rng = random.Random(i * 7919 + 17)
    # Mixed radix over the three word lists makes every title distinct.
    a = _W1[i % len(_W1)]
    b = _W2[(i // len(_W1)) % len(_W2)]
    c = _W3[(i // (len(_W1) * len(_W2))) % len(_W3)].replace("-", " ")
    d = rng.choice(_EXTRA)
    title = rng.choice(_TEMPLATES).format(a=a, b=b, c=c, d=d)
    title = title[0].upper() + title[1:]
    n_auth = rng.randint(1, 8)
    authors = [(rng.choice(_FAMILY), rng.choice(_GIVEN)) for _ in range(n_auth)]
    journal = _JOURNALS[rng.randrange(len(_JOURNALS))]
    year = rng.randint(1995, 2025)
    month = rng.randint(1, 12)
    day = rng.randint(1, 28)
    volume = str(max(1, year - 1990 + rng.randint(0, 20)))
    issue = str(rng.randint(1, 12))
    if rng.random() < 0.3:
        first_page = rng.randint(100, 999999)
        article_number: str | None = str(first_page)
        last_page: int | None = None
    else:
        article_number = None
        first_page = rng.randint(1, 2000)
        last_page = first_page + rng.randint(3, 20)
    pmcid = f"PMC{20_000_000 + i}" if i % 3 == 0 else None
    return _Synth(
        synthetic_doi(i), synthetic_pmid(i), pmcid, title, authors, journal, year, month, day,
        volume, issue, first_page, last_page, article_number,
    )  # fmt: skip


def _date(y: int, m: int | None = None, d: int | None = None) -> dict[str, Any]:
    parts = [p for p in (y, m, d) if p is not None]
    return {"date-parts": [parts]}


def synthetic_work(i: int) -> dict[str, Any]:
    """A realistic, distinct Crossref work message (DOI ``10.5555/asrefs.bench.{i}``)."""
    s = _synth(i)
    name, abbrev, issn, publisher, _prefix = s.journal
    online = _date(s.year, s.month, s.day)
    work: dict[str, Any] = {
        "indexed": {
            "date-parts": [[2026, 3, 18]],
            "date-time": "2026-03-18T13:02:09Z",
            "timestamp": 1773838929302,
            "version": "3.50.1",
        },
        "reference-count": 20 + i % 60,
        "publisher": publisher,
        "issue": s.issue,
        "content-domain": {"domain": [], "crossmark-restriction": False},
        "short-container-title": [abbrev.replace(" ", ". ") + "." if " " in abbrev else abbrev],
        "published-print": _date(s.year, s.month),
        "DOI": s.doi,
        "type": "journal-article",
        "created": _date(s.year, s.month, s.day),
        "source": "Crossref",
        "is-referenced-by-count": (i * 37) % 400,
        "title": [s.title],
        "prefix": "10.5555",
        "volume": s.volume,
        "author": [
            {
                "given": given,
                "family": family,
                "sequence": "first" if k == 0 else "additional",
                "affiliation": [],
            }
            for k, (family, given) in enumerate(s.authors)
        ],
        "member": "7822",
        "container-title": [name],
        "language": "en",
        "deposited": _date(s.year, s.month, s.day),
        "score": 1,
        "resource": {"primary": {"URL": f"https://example.org/articles/{s.doi}"}},
        "issued": online,
        "references-count": 20 + i % 60,
        "journal-issue": {"issue": s.issue, "published-print": _date(s.year, s.month)},
        "URL": f"https://doi.org/{s.doi}",
        "relation": {},
        "ISSN": [issn],
        "issn-type": [{"type": "electronic", "value": issn}],
        "published-online": online,
        "published": online,
    }
    if s.article_number is not None:
        work["article-number"] = s.article_number
    else:
        work["page"] = f"{s.first_page}-{s.last_page}"
    return work


def synthetic_pubmed(i: int) -> str:
    """The ``<PubmedArticle>`` XML matching :func:`synthetic_work` ``(i)``."""
    s = _synth(i)
    name, abbrev, issn, _publisher, _prefix = s.journal

    def esc(t: str) -> str:
        return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    authors = "".join(
        f'<Author ValidYN="Y"><LastName>{esc(f)}</LastName><ForeName>{esc(g)}</ForeName>'
        f"<Initials>{''.join(p[0] for p in re.split(r'[ -]', g) if p)}</Initials></Author>"
        for f, g in s.authors
    )
    if s.last_page is not None:
        pages = (
            f"<StartPage>{s.first_page}</StartPage><EndPage>{s.last_page}</EndPage>"
            f"<MedlinePgn>{s.first_page}-{s.last_page}</MedlinePgn>"
        )
    else:
        pages = f"<StartPage>{s.first_page}</StartPage><MedlinePgn>{s.first_page}</MedlinePgn>"
    pmc = f'<ArticleId IdType="pmc">{s.pmcid}</ArticleId>' if s.pmcid else ""
    return (
        '<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM">'
        f'<PMID Version="1">{s.pmid}</PMID><Article PubModel="Print-Electronic"><Journal>'
        f'<ISSN IssnType="Electronic">{issn}</ISSN><JournalIssue CitedMedium="Internet">'
        f"<Volume>{s.volume}</Volume><Issue>{s.issue}</Issue><PubDate><Year>{s.year}</Year>"
        f"<Month>{_MONTHS[s.month - 1]}</Month></PubDate></JournalIssue>"
        f"<Title>{esc(name)}</Title><ISOAbbreviation>{esc(abbrev)}</ISOAbbreviation></Journal>"
        f"<ArticleTitle>{esc(s.title)}.</ArticleTitle><Pagination>{pages}</Pagination>"
        f'<ELocationID EIdType="doi" ValidYN="Y">{s.doi}</ELocationID>'
        f'<AuthorList CompleteYN="Y">{authors}</AuthorList><Language>eng</Language>'
        '<PublicationTypeList><PublicationType UI="D016428">Journal Article</PublicationType>'
        '</PublicationTypeList><ArticleDate DateType="Electronic">'
        f"<Year>{s.year}</Year><Month>{s.month:02d}</Month><Day>{s.day:02d}</Day>"
        "</ArticleDate></Article><MedlineJournalInfo>"
        f"<MedlineTA>{esc(abbrev)}</MedlineTA></MedlineJournalInfo></MedlineCitation>"
        "<PubmedData><PublicationStatus>ppublish</PublicationStatus><ArticleIdList>"
        f'<ArticleId IdType="pubmed">{s.pmid}</ArticleId>'
        f'<ArticleId IdType="doi">{s.doi}</ArticleId>{pmc}'
        "</ArticleIdList></PubmedData></PubmedArticle>"
    )

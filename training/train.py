#!/usr/bin/env python3
"""Train the reference parser's sequence labeller: one command, deterministic.

    pip install -e '.[eval]'          # citeproc-py and its styles render the synthetic part
    python training/train.py          # build the data, train, write the model, report dev

It writes src/asrefs/data/reference-parser.crfsuite (the model the package ships) and
training/model-card.json (what it was trained on, how many sequences from each source,
the dev figures). Built sequences are cached in build/parser-training/ (``--rebuild``
renders them again). The evaluation sets of benchmarks/eval_parser.py (AnyStyle's gold
set, the evaluation CSL styles, the hand-labelled set) are not used here.
"""

from __future__ import annotations

import argparse
import difflib
import gzip
import hashlib
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(HERE), str(REPO / "src"), str(REPO / "benchmarks")]

import build  # noqa: E402

from asrefs.parse.entry import printed_core  # noqa: E402
from asrefs.parse.hints import Span, rule_spans  # noqa: E402
from asrefs.parse.labeller import BEGUN, begin_marked  # noqa: E402
from asrefs.parse.tokens import (  # noqa: E402
    JOURNAL_WORDS,
    VOCABULARY,
    Token,
    features,
    tokenize,
    vocabulary_reset,
)

MODEL = REPO / "src" / "asrefs" / "data" / "reference-parser.crfsuite"
WORDS = MODEL.parent / JOURNAL_WORDS
VOCABULARY_FILE = MODEL.parent / VOCABULARY
CARD = HERE / "model-card.json"
# Real printed references count more than renderings: each is appended this many times.
WEIGHTS = {"anystyle": 3, "plos-printed": 2, "rendered": 1}
CACHE = REPO / "build" / "parser-training" / "sequences.jsonl.gz"
NAMES_DROPPED = 2  # one training copy in this many is shown without the journal names
PARAMS = {"c1": 0.5, "c2": 0.05, "max_iterations": 600, "feature.possible_transitions": True}
RENDER = {"styles": 480, "dev_styles": 20, "per_record": 4, "seed": 11}


def sequences(rebuild: bool) -> list[dict[str, Any]]:
    if CACHE.exists() and not rebuild:
        with gzip.open(CACHE, "rt", encoding="utf-8") as handle:
            return [json.loads(line) for line in handle]
    refs = build.plos_references()
    styles, dev_styles = build.training_styles(RENDER["styles"], RENDER["dev_styles"])
    out: list[dict[str, Any]] = [*build.anystyle(), *build.plos_printed(refs)]
    seed = RENDER["seed"]
    out.extend(build.rendered(refs, styles, "train", RENDER["per_record"], seed))
    out.extend(build.rendered(refs, dev_styles, "dev", 1, seed + 1))
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(CACHE, "wt", encoding="utf-8") as handle:
        for sequence in out:
            handle.write(json.dumps(sequence, ensure_ascii=False) + "\n")
    return out


def token_labels(sequence: dict[str, Any], names: bool = True) -> tuple[list[list[str]], list[str]]:
    """Features and labels of the string the labeller sees when parsing (identifiers cut
    out, see ``as_parsed``); ``names=False`` without the known journal names."""
    tokens, text, hints, labels = _as_tokens(sequence)
    return features(tokens, text, hints, names=names), labels


def _as_tokens(sequence: dict[str, Any]) -> tuple[list[Token], str, list[Span], list[str]]:
    """The string as parsed, its tokens, the rules' spans and each token's label (the
    first token of a field in ``BEGUN`` marked "B-")."""
    text, labels = as_parsed(sequence["text"], sequence["labels"])
    tokens = tokenize(text)
    plain = [labels[t.start] or "note" for t in tokens]
    return tokens, text, rule_spans(text), begin_marked(plain)


def names_shown(text: str, copy: int) -> bool:
    """Whether this copy of a training string shows the known journal names: one copy in
    two does not (chosen by a hash, the same on every run), so the model learns to read a
    journal the lists lack, as most of the training data's journals are in them."""
    return hashlib.sha256(f"{copy}:{text}".encode()).digest()[0] % NAMES_DROPPED != 0


def as_parsed(text: str, labels: list[str]) -> tuple[str, list[str]]:
    """The text as the parser hands it to the labeller (``entry.printed_core``: NFKC, the
    identifiers cut out), each of its characters labelled as the character it came from."""
    core = printed_core(text)
    if core == text:
        return text, labels
    out: list[str] = []
    matcher = difflib.SequenceMatcher(None, text, core, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.extend(labels[i1:i2])
        elif op == "replace":
            out.extend([labels[i1]] * (j2 - j1))
        elif op == "insert":
            out.extend([out[-1] if out else labels[0]] * (j2 - j1))
    return core, out


_WORD_RE = re.compile(r"[^\W\d_]+")


def write_journal_words() -> int:
    """Words of the training records' journal names that are rare in their titles, and
    the words of their titles (the vocabulary abbreviations are recognised against)."""
    in_journals: Counter[str] = Counter()
    in_titles: Counter[str] = Counter()
    for ref in build.plos_references():
        record = ref["record"]
        if build.article_split(ref["article"]) != "train" or record["type"] != "article-journal":
            continue
        in_journals.update(
            w.casefold() for w in _WORD_RE.findall(record.get("container-title", ""))
        )
        in_titles.update(w.casefold() for w in _WORD_RE.findall(record.get("title", "")))
    words = sorted(
        w for w, n in in_journals.items() if n >= 2 and n >= 3 * in_titles[w] and len(w) > 1
    )
    WORDS.write_text("\n".join(words) + "\n", encoding="utf-8")
    vocabulary = sorted(w for w in in_titles if w not in words and len(w) > 2)
    VOCABULARY_FILE.write_text("\n".join(vocabulary) + "\n", encoding="utf-8")
    vocabulary_reset()
    return len(words)


def train(data: list[dict[str, Any]], model: Path = MODEL, params: dict[str, Any] = PARAMS) -> None:
    """Train on the sequences of the train split (real ones weighted) into ``model``."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for sequence in data:
        if sequence["split"] == "train":
            tokens, text, hints, yseq = _as_tokens(sequence)
            rows: dict[bool, list[list[str]]] = {}  # the features with and without names
            for copy in range(WEIGHTS[sequence["source"]] if tokens else 0):
                shown = names_shown(sequence["text"], copy)
                if shown not in rows:
                    rows[shown] = features(tokens, text, hints, names=shown)
                trainer.append(rows[shown], yseq)
    trainer.set_params(params)
    model.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(model))


def dev_figures(data: list[dict[str, Any]]) -> dict[str, Any]:
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(MODEL))
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    whole: Counter[str] = Counter()
    count: Counter[str] = Counter()
    by_label: Counter[str] = Counter()
    label_total: Counter[str] = Counter()
    for sequence in data:
        if sequence["split"] != "dev":
            continue
        xseq, gold = token_labels(sequence)
        predicted = tagger.tag(xseq)
        source = sequence["source"]
        hits = sum(g == p for g, p in zip(gold, predicted, strict=False))
        right[source] += hits
        total[source] += len(gold)
        whole[source] += hits == len(gold)
        count[source] += 1
        for g, p in zip(gold, predicted, strict=False):
            label_total[g] += 1
            by_label[g] += g == p
    return {
        source: {
            "sequences": count[source],
            "token_accuracy": round(100 * right[source] / total[source], 2),
            "sequences_all_right": round(100 * whole[source] / count[source], 2),
        }
        for source in sorted(count)
    } | {
        "token_recall_by_label": {
            label: round(100 * by_label[label] / label_total[label], 2)
            for label in sorted(label_total)
        }
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Train the reference parser's model.")
    parser.add_argument("--rebuild", action="store_true", help="render the sequences again")
    args = parser.parse_args(argv)
    started = time.monotonic()
    words = write_journal_words()  # before rendering, which reads the vocabulary
    data = sequences(args.rebuild)
    built = time.monotonic()
    train(data)
    trained = time.monotonic()
    figures = dev_figures(data)
    counts = Counter(f"{s['source']}/{s['split']}" for s in data)
    card = {
        "model": str(MODEL.relative_to(REPO)),
        "algorithm": "CRF (CRFsuite, L-BFGS)",
        "params": PARAMS,
        "labels_begun": sorted(BEGUN),  # these fields' first tokens labelled "B-" apart
        "render": RENDER,
        "sequences": dict(sorted(counts.items())),
        "weights": WEIGHTS,
        "journal_words": words,
        "sources": "training/SOURCES.md",
        "dev": figures,
    }
    CARD.write_text(json.dumps(card, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(card, indent=1))
    print(
        f"built in {built - started:.0f} s, trained in {trained - built:.0f} s, "
        f"model {MODEL.stat().st_size / 1e6:.1f} MB",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

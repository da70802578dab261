"""`python -m bot.safety.learn`: train the screen's learned layer on the labelled corpus.

Needs scikit-learn (`pip install -e '.[learn]'`); the bot itself does not. The
threshold is chosen by cross-validation so that, of the ordinary job-search
talk the patterns leave to it, at most MAX_FALSE_ALARMS of messages the model
was not trained on get the question. The result, `bot/safety/model.json`,
records a digest of the corpus it was trained on; a test fails when the corpus
changes and the model was not retrained.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from bot.safety.learned import features
from bot.safety.lexicon import lexicon
from bot.safety.normalise import normalise

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "safety" / "corpus"
MODEL = Path(__file__).with_name("model.json")
DECOY = "decoy"
MAX_FALSE_ALARMS = 0.01
REGULARISATION = 4.0
MIN_DOCUMENTS = 2
FOLDS = 5
DIGITS = 5


def corpus_digest(folder: Path = CORPUS) -> str:
    """A digest of every corpus file, so a stale model is noticed."""
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*/*.txt")):
        digest.update(f"{path.parent.name}/{path.name}\n".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _examples(folder: Path) -> tuple[list[str], list[str]]:
    """Every corpus message with its label: a risk kind, or DECOY for ordinary talk."""
    texts: list[str] = []
    labels: list[str] = []
    for path in sorted(folder.glob("*/*.txt")):
        label = path.stem if path.parent.name == "risk" else DECOY
        for line in path.read_text("utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                texts.append(line)
                labels.append(label)
    return texts, labels


def _patterns_saw(text: str, speller: object) -> bool:
    """Whether the lexicon matched or explained away anything in `text`."""
    from bot.safety.screen import _found

    found, explained = _found(lexicon(), normalise(text, speller), heightened=False)
    return bool(found) or explained


def train(folder: Path = CORPUS) -> dict:
    """Fit TF-IDF, a risk gate and a kind model; pick the gate's threshold by cross-validation."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    speller = lexicon().speller
    texts, labels = _examples(folder)
    vectoriser = TfidfVectorizer(analyzer=lambda t: features(normalise(t, speller)),
                                 min_df=MIN_DOCUMENTS, sublinear_tf=True)
    matrix = vectoriser.fit_transform(texts)
    risky = [label != DECOY for label in labels]

    gate = LogisticRegression(C=REGULARISATION, max_iter=5000, class_weight="balanced")
    folds = StratifiedKFold(FOLDS, shuffle=True, random_state=7)
    held_out = cross_val_predict(gate, matrix, risky, cv=folds, method="predict_proba")[:, 1]
    gate.fit(matrix, risky)
    # Only decoys the patterns leave alone can become the model's false alarms.
    open_decoys = [not r and not _patterns_saw(t, speller)
                   for t, r in zip(texts, risky, strict=True)]
    decoy_risk = sorted(p for p, open_ in zip(held_out, open_decoys, strict=True) if open_)
    allowed = int(MAX_FALSE_ALARMS * len(decoy_risk))
    threshold = decoy_risk[len(decoy_risk) - allowed - 1] + 1e-6 if decoy_risk else 0.5

    rows = [i for i, r in enumerate(risky) if r]
    kind = LogisticRegression(C=REGULARISATION, max_iter=5000, class_weight="balanced")
    kind.fit(matrix[rows], [labels[i] for i in rows])

    names = vectoriser.get_feature_names_out()
    weights = {
        str(name): [round(float(vectoriser.idf_[i]), DIGITS),
                    round(float(gate.coef_[0, i]), DIGITS),
                    [round(float(w), DIGITS) for w in kind.coef_[:, i]]]
        for i, name in enumerate(names)
    }
    return {
        "corpus": corpus_digest(folder),
        "examples": len(texts),
        "threshold": round(max(threshold, 0.5), DIGITS),
        "gate_intercept": round(float(gate.intercept_[0]), DIGITS),
        "kinds": [str(c) for c in kind.classes_],
        "kind_intercepts": [round(float(b), DIGITS) for b in kind.intercept_],
        "weights": weights,
    }


def main() -> int:
    trained = train()
    MODEL.write_text(json.dumps(trained, separators=(",", ":"), sort_keys=True) + "\n",
                     encoding="utf-8")
    print(f"trained on {trained['examples']} messages, {len(trained['weights'])} features, "
          f"threshold {trained['threshold']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

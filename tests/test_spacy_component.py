"""The spaCy component: nlp.add_pipe("apologylint") gives Linter.lint_many's findings."""

from __future__ import annotations

from importlib.metadata import entry_points

import pytest
import spacy

from apologylint import Document, Linter


def example_texts() -> list[str]:
    from apologylint.config import Config

    texts = []
    for impl in Config().ruleset().impls:
        rule = impl.rule
        texts.extend(rule.examples.fires)
        texts.extend(rule.examples.passes)
    # one line each (the host tokenizer keeps line breaks as tokens: see the module's notes)
    return sorted({" ".join(t.split()) for t in texts})


def test_registered_through_spacy_entry_points():
    names = {ep.name for ep in entry_points(group="spacy_factories")}
    assert "apologylint" in names


def test_same_findings_as_lint_many_on_the_rule_examples():
    texts = example_texts()
    assert len(texts) > 300
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("apologylint")
    assert nlp.pipe_names == ["sentencizer", "apologylint"]
    linter = Linter()
    expected = [
        [(f.code, f.start, f.end, f.text) for f in r]
        for r in linter.lint_many(Document.from_text(t) for t in texts)
    ]
    got = [[(f.code, f.start, f.end, f.text) for f in doc._.apologylint] for doc in nlp.pipe(texts)]
    differ = [(t, e, g) for t, e, g in zip(texts, expected, got) if e != g]
    assert not differ, differ[:5]
    assert sum(map(len, got)) > 300  # the examples that fire do fire


def test_uses_the_docs_own_tokens_and_settings():
    nlp = spacy.blank("en")
    nlp.add_pipe("apologylint", config={"select": ["fake-apology"]})
    doc = nlp("Sorry if you feel that way. There is nothing we can do.")
    assert [f.code for f in doc._.apologylint] == ["FA101"]
    component = nlp.get_pipe("apologylint")
    assert component.linter.nlp is nlp  # the host pipeline, no second one
    # plain text as it stands: a signature line is linted too
    doc = nlp("Thanks.\n-- \nSorry if you feel that way.")
    assert [f.code for f in doc._.apologylint] == ["FA101"]


def test_unknown_selector_is_an_error():
    nlp = spacy.blank("en")
    with pytest.raises(Exception, match="fake-apologee"):
        nlp.add_pipe("apologylint", config={"select": ["fake-apologee"]})

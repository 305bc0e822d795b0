"""Drafts that are not English are reported as not checked, never passed silently; English that
is short, templated, or full of names, links and emoji is checked as usual."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from apologylint.cli import main
from apologylint.language import NOT_ENGLISH, language_problem
from apologylint.notices import Notice, not_checked, not_checked_reason

OTHER = {
    "es": "Lamentamos mucho las molestias. Su pedido llegará mañana y le enviaremos el número "
    "de seguimiento por correo.",
    "de": "Es tut uns sehr leid, dass Ihre Bestellung verspätet ist. Wir haben das Paket heute "
    "erneut verschickt und melden uns morgen.",
    "fr": "Nous sommes désolés pour le retard de votre commande. Nous avons renvoyé le colis "
    "aujourd'hui et vous tiendrons informé.",
}
ENGLISH = [
    "Sorry, fixed now.",
    "Sorry about that! We've refunded you.",
    "Thx m8, ur refund iz done, lmk if u need owt else ta",
    "Hi {{ first_name }}, {{ agent_name }} from {{ company }} here: order {{ order_id }} for "
    "{{ product_name }} ships {{ ship_date }} via {{ carrier }}.",
    "Dear [Customer Name], %AGENT_NAME% here. Your %PRODUCT% order %ORDER_ID% ships today.",
    "@JuanGarcia @MariaLopez 😞🙏 Sorry Juan! Check https://t.co/abc123 and "
    "https://t.co/xyz789 — DM @AcmeHelp 🙂 #AcmeCares ^JS",
    "Hi Siobhan, Oluwaseun from Zalando Deutschland GmbH: your Nike Air Max 270 (SKU 4711-XL) "
    "ships Monday from Mönchengladbach via DHL Paket.",
    "Please run pip install -U foo, then rm -rf node_modules and npm ci; see CONTRIBUTING.md.",
    "I'm so sorry the café mixed up your crème brûlée order, Mr Müller; a fresh one is on its way.",
]


@pytest.mark.parametrize("lang", sorted(OTHER))
def test_other_languages_are_not_english(lang: str) -> None:
    assert language_problem(OTHER[lang]) == NOT_ENGLISH


@pytest.mark.parametrize("text", ENGLISH)
def test_english_is_checked(text: str) -> None:
    assert language_problem(text) is None


def test_a_few_foreign_words_are_too_few_to_judge() -> None:
    assert language_problem("Gracias, hasta luego.") is None
    assert language_problem("Merci beaucoup!") is None


def test_english_corpus_is_never_taken_for_another_language() -> None:
    corpus = Path(__file__).resolve().parents[1] / "corpus"
    texts = [
        json.loads(line)["text"]
        for path in sorted(corpus.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    assert len(texts) > 1000
    assert [t[:40] for t in texts if language_problem(t)] == []


def test_notice_carries_the_flag() -> None:
    message = not_checked(NOT_ENGLISH, "macro 7")
    assert not_checked_reason(message) == NOT_ENGLISH
    assert Notice(message, "a.json").to_dict()["not_checked"] == NOT_ENGLISH
    assert "not_checked" not in Notice("read as cp1252", "a.txt").to_dict()


def test_linter_reports_a_draft_it_could_not_check(linter) -> None:
    result = linter.lint(OTHER["es"])
    assert result == [] and [not_checked_reason(n) for n in result.notices] == [NOT_ENGLISH]
    assert linter.lint("Sorry if you feel that way.").notices == ()


def test_cli_text_and_json(tmp_path: Path) -> None:
    (tmp_path / "es.txt").write_text(OTHER["es"] + "\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("Sorry, we sent the wrong size. A new pair ships today.\n")
    files = [str(tmp_path / "es.txt"), str(tmp_path / "en.txt")]
    res = CliRunner().invoke(main, ["check", *files])
    assert res.exit_code == 0
    assert "es.txt: not checked (not English)" in res.stderr
    assert "en.txt" not in res.stderr
    res = CliRunner().invoke(main, ["check", "--format", "json", *files])
    data = json.loads(res.stdout)
    assert data["summary"]["not_checked"] == 1
    [notice] = [n for n in data["notices"] if "not_checked" in n]
    assert notice["path"].endswith("es.txt") and notice["not_checked"] == NOT_ENGLISH


def test_each_record_of_a_collection_is_judged(tmp_path: Path) -> None:
    rows = [
        {"id": "en-1", "text": "Thanks for waiting, your refund went out this morning."},
        {"id": "de-1", "text": OTHER["de"]},
    ]
    path = tmp_path / "replies.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["check", "--format", "json", str(path)])
    data = json.loads(res.stdout)
    flagged = [n["message"] for n in data["notices"] if "not_checked" in n]
    assert len(flagged) == 1 and "de-1" in flagged[0] and "en-1" not in flagged[0]

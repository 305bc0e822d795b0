"""apologylint audit: ticket-archive readers, counting, tables and the CLI."""

from __future__ import annotations

import copy
import csv
import json
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from apologylint.audit import Aggregator, Fields, ReadStats, audit, load_key, read_replies
from apologylint.audit.aggregate import MIN_GROUP_AGENTS, pseudonym, write_tables
from apologylint.audit.engine import judge
from apologylint.cli import main

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "helpdesk"
ZD = "nukosuke__go-zendesk__"
needs_fixtures = pytest.mark.skipif(
    not (FIXTURES / f"{ZD}tickets.json").exists(), reason="shared helpdesk fixtures not present"
)

ADMIN = 369537351454  # role "admin" in the users fixture
CUSTOMER = 369531345753  # role "end-user"
BAD = "Hi Sam, I'm sorry if you feel that way, but we had a huge backlog this week."
GOOD = "I'm sorry we charged you twice. I have refunded it today and will email you by Friday."


def fixture(name: str) -> dict:
    return json.loads((FIXTURES / f"{ZD}{name}.json").read_text(encoding="utf-8"))


def comment(
    cid: int, author: int, body: str, public: bool = True, when: str = "2024-03-04"
) -> dict:
    # the shape of the comments fixture, with our own text
    base = copy.deepcopy(fixture("ticket_comments")["comments"][0])
    base.update(id=cid, author_id=author, body=body, public=public, created_at=f"{when}T10:00:00Z")
    return base


def tickets_with_comments(tmp_path: Path) -> Path:
    data = fixture("tickets")
    first = data["tickets"][0]
    first["requester_id"] = CUSTOMER
    first["comments"] = [
        comment(1, CUSTOMER, "You charged me twice and nobody answers."),
        comment(2, ADMIN, BAD),
        comment(3, ADMIN, "Customer sounds sorry if you feel it, note to self.", public=False),
        comment(4, ADMIN, GOOD, when="2024-03-20"),
    ]
    path = tmp_path / "tickets.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture
def key(tmp_path: Path) -> bytes:
    return load_key(tmp_path / "keys" / "pseudonym.key")


# -- readers ---------------------------------------------------------------------------------


@needs_fixtures
def test_zendesk_fixture_shapes_are_read_and_skips_counted():
    stats = ReadStats()
    paths = [
        str(FIXTURES / f"{ZD}{n}.json")
        for n in ("tickets", "ticket_comments", "ticket_audits", "users")
    ]
    replies = list(read_replies(paths, stats=stats))
    # the fixtures hold no agent reply: an internal note (audit) and comments by an author
    # the users export does not know
    assert replies == []
    assert stats.internal == 1
    assert stats.unknown_author == 2
    assert stats.errors == []


@needs_fixtures
def test_zendesk_tickets_with_comments_lint_only_agents_public_replies(tmp_path):
    stats = ReadStats()
    users = str(FIXTURES / f"{ZD}users.json")
    replies = list(read_replies([str(tickets_with_comments(tmp_path)), users], stats=stats))
    assert [r.text for r in replies] == [BAD, GOOD]
    assert stats.customer == 1 and stats.internal == 1 and stats.replies == 2
    r = replies[0]
    assert r.ticket == "2" and r.channel == "email" and r.group == "group 360004077472"
    assert r.author_name == "nukosuke" and r.time.isoformat().startswith("2024-03-04")


@needs_fixtures
def test_zendesk_audits_name_the_macro_applied(tmp_path):
    data = fixture("ticket_audits")
    audit_obj = data["audits"][0]
    audit_obj["author_id"] = ADMIN
    audit_obj["events"][0].update(public=True, body=BAD)
    audit_obj["events"].append(
        {"type": "AgentMacroReference", "macro_id": 77, "macro_title": "Refund delay", "id": 9}
    )
    path = tmp_path / "audits.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    replies = list(read_replies([str(path), str(FIXTURES / f"{ZD}users.json")]))
    assert [(r.macro, r.ticket, r.channel) for r in replies] == [("Refund delay", "666", "web")]


def test_freshdesk_conversations(tmp_path):
    tickets = [
        {
            "id": 11,
            "group_id": 5,
            "source": 7,
            "description_text": "My order is late",
            "conversations": [
                {"id": 1, "body_text": "Where is it?", "incoming": True, "private": False},
                {
                    "id": 2,
                    "body_text": BAD,
                    "incoming": False,
                    "private": False,
                    "user_id": 3,
                    "created_at": "2024-01-02T00:00:00Z",
                },
                {"id": 3, "body_text": "escalate", "incoming": False, "private": True},
            ],
        }
    ]
    path = tmp_path / "fd.json"
    path.write_text(json.dumps(tickets), encoding="utf-8")
    stats = ReadStats()
    replies = list(read_replies([str(path)], "freshdesk-tickets", stats=stats))
    assert [(r.id, r.channel, r.group) for r in replies] == [
        ("ticket 11 conversation 2", "chat", "group 5")
    ]
    assert stats.customer == 2 and stats.internal == 1


def write_csv(path: Path, rows: list[dict]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return path


GENERIC = Fields(
    text="body",
    ticket="ticket",
    author="who",
    role="role",
    public="public",
    time="sent",
    group="team",
    channel="via",
    macro="macro",
)


def generic_rows() -> list[dict]:
    rows = []
    for i in range(12):
        rows.append(
            {
                "ticket": str(i),
                "who": f"agent{i % 6}",
                "role": "Agent",
                "public": "true",
                "sent": f"2024-0{1 + i % 3}-1{i % 9}T09:00:00Z",
                "team": "Billing" if i % 6 < 5 else "Tiny",
                "via": "email",
                "macro": '=HYPERLINK("x")' if i % 2 else "",
                "body": BAD if i % 2 else GOOD,
            }
        )
    rows.append({**rows[0], "role": "end-user", "body": "sorry if you feel"})
    rows.append({**rows[0], "public": "false", "body": "sorry if you feel"})
    return rows


def test_generic_csv_fields_roles_and_public(tmp_path):
    path = write_csv(tmp_path / "export.csv", generic_rows())
    stats = ReadStats()
    replies = list(read_replies([str(path)], fields=GENERIC, stats=stats))
    assert len(replies) == 12 and stats.customer == 1 and stats.internal == 1
    assert replies[1].macro == '=HYPERLINK("x")' and replies[1].group == "Billing"


def test_generic_missing_text_field_is_a_clear_error(tmp_path):
    path = write_csv(tmp_path / "export.csv", generic_rows())
    stats = ReadStats()
    assert list(read_replies([str(path)], fields=Fields(text="message"), stats=stats)) == []
    assert "no field 'message'" in str(stats.errors[0]) and "body" in str(stats.errors[0])


def test_jsonl_max_size_applies_per_record(tmp_path):
    lines = [{"text": GOOD}, {"text": "x " * 3000}, {"text": BAD}, "not json"]
    path = tmp_path / "r.jsonl"
    path.write_text(
        "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines), encoding="utf-8"
    )
    stats = ReadStats()
    replies = list(read_replies([str(path)], max_record_size=1000, stats=stats))
    assert [r.text for r in replies] == [GOOD, BAD]
    assert stats.oversized == 1 and len(stats.errors) == 2
    assert {e.line for e in stats.errors if e.line} == {4} or any(e.record for e in stats.errors)


# -- judging and counting -------------------------------------------------------------------


def test_judge_matches_lint_many_and_assesses_complaints():
    from apologylint import Linter

    linter = Linter()
    items = [("a", BAD, False), ("b", GOOD, False), ("c", "Your parcel left today.", False)]
    verdicts = judge(linter, items)
    expected = [list(r) for r in linter.lint_many([t for _, t, _ in items])]
    assert [[f.code for f in v[0]] for v in verdicts] == [[f.code for f in e] for e in expected]
    assert verdicts[0][1] and verdicts[1][1] is not None and verdicts[2][1] is None
    assert len(verdicts[1][1]) < len(verdicts[0][1])  # the good reply misses fewer steps


def test_aggregate_pseudonymises_and_merges_small_groups(tmp_path, key):
    path = write_csv(tmp_path / "export.csv", generic_rows())
    result = audit([str(path)], fields=GENERIC, key=key, period="month")
    tables = result.aggregate.tables()
    groups = {r[0]: r for r in tables["groups"][1]}
    assert set(groups) == {"Billing", "other"}  # Tiny has one agent
    assert groups["Billing"][2] >= MIN_GROUP_AGENTS
    agents = [r[0] for r in tables["agents"][1]]
    assert all(a.startswith("agent-") and len(a) == 16 for a in agents)
    assert pseudonym(key, "agent0") in agents and "agent0" not in agents
    periods = {r[0] for r in tables["timeline"][1]}
    assert periods == {"2024-01", "2024-02", "2024-03"}
    rules = {r[0]: r for r in tables["rules"][1]}
    assert rules["FA101"][3] == 6
    assert tables["macros"][1][0][0] == '=HYPERLINK("x")'
    written = write_tables(tables, tmp_path / "t")
    macros_csv = (tmp_path / "t" / "macros.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK" in macros_csv  # not run as a formula by a spreadsheet
    assert {p.name for p in written} >= {"timeline.csv", "rules.csv", "recovery.csv"}


def test_no_reply_text_without_excerpts(tmp_path, key):
    path = write_csv(tmp_path / "export.csv", generic_rows())
    plain = audit([str(path)], fields=GENERIC, key=key)
    page = plain.html()
    assert "backlog" not in page and "sorry if you feel" not in page.lower()
    assert "agent0" not in page
    with_excerpts = audit([str(path)], fields=GENERIC, key=key, excerpts=True)
    assert "sorry if you feel" in with_excerpts.html()


def test_jobs_two_gives_the_same_tables(tmp_path, key):
    rows = generic_rows() * 30
    path = write_csv(tmp_path / "export.csv", rows)
    one = audit([str(path)], fields=GENERIC, key=key).aggregate.tables()
    two = audit([str(path)], fields=GENERIC, key=key, jobs=2).aggregate.tables()
    assert one == two


def test_key_file_created_private_and_refused_when_readable(tmp_path):
    p = tmp_path / "k" / "pseudonym.key"
    k1 = load_key(p)
    assert stat.S_IMODE(p.stat().st_mode) == 0o600
    assert load_key(p) == k1
    os.chmod(p, 0o644)
    from apologylint.audit.aggregate import KeyFileError

    with pytest.raises(KeyFileError, match="readable by others"):
        load_key(p)


def test_aggregator_needs_a_key_or_names():
    with pytest.raises(ValueError):
        Aggregator()


# -- the command -----------------------------------------------------------------------------


@needs_fixtures
def test_cli_audit_zendesk(tmp_path):
    keyfile = tmp_path / "pk.key"
    out = tmp_path / "report.html"
    args = [
        "audit",
        str(tickets_with_comments(tmp_path)),
        str(FIXTURES / f"{ZD}users.json"),
        "-o",
        str(out),
        "--pseudonym-key-file",
        str(keyfile),
    ]
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 0, res.output
    page = out.read_text(encoding="utf-8")
    secret = keyfile.read_text().strip()
    # the agent's name is nowhere (the users file's name is: it names the input)
    assert "FA101" in page and ">nukosuke<" not in page and secret not in page
    assert "<script" not in page and "http://" not in page.replace(
        'xmlns="http://www.w3.org/2000/svg"', ""
    )
    tables = tmp_path / "report-tables"
    assert (tables / "rules.csv").exists()
    assert all(secret not in f.read_text(errors="replace") for f in tables.glob("*.csv"))
    named = CliRunner().invoke(main, [*args, "--names", "-o", str(tmp_path / "n.html")])
    assert named.exit_code == 0 and ">nukosuke<" in (tmp_path / "n.html").read_text()


def test_cli_audit_bad_input_exits_2_and_reads_the_rest(tmp_path):
    good = tmp_path / "r.jsonl"
    good.write_text(json.dumps({"text": BAD}) + "\n", encoding="utf-8")
    res = CliRunner().invoke(
        main,
        [
            "audit",
            str(tmp_path / "missing.jsonl"),
            str(good),
            "--names",
            "-o",
            str(tmp_path / "o.html"),
        ],
    )
    assert res.exit_code == 2
    assert "no such file" in res.output and "Audited 1 replies" in res.output

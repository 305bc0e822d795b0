"""A synthetic ticket archive for benchmarks and tests: agent replies of 20-200 words (mean
about 60) built from varied sentences with distinct names and numbers, customers' messages,
internal notes and macros, as Zendesk tickets with their comments or as JSON Lines rows.

Every reply is made up here from the templates below; none comes from real data.
"""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta, timezone
from typing import Any, TextIO

_FIRST = ["Sam", "Priya", "Tomasz", "Aiko", "Lerato", "Mateo", "Ines", "Oluwaseun", "Freya", "Ravi"]
_LAST = ["Okafor", "Nowak", "Tanaka", "Silva", "Haddad", "Kowalski", "Moreau", "Lindqvist"]
_ITEMS = ["order", "parcel", "refund", "invoice", "booking", "subscription", "router", "jacket"]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]

_OPEN = [
    "Hi {name}, thanks for getting in touch about order {num}.",
    "Hello {name}, thank you for your message about your {item}.",
    "Dear {name}, I have looked at ticket {num} this morning.",
    "Hi {name}, I picked up your case about the {item} (reference {num}).",
]
_GOOD = [
    "I'm sorry we sent the wrong {item}; that was our mistake.",
    "I have refunded {amount} to your card and you will see it within {n} days.",
    "I've asked the warehouse to send a replacement {item} today.",
    "I will check with the courier and email you by {day} with an update.",
    "Your {item} is now booked for delivery on {day} between {n} and {m} o'clock.",
    "I've added a note so that the next agent sees the whole history.",
    "Could you tell me which size you would like instead?",
    "The new tracking number is {num} and it should update by tonight.",
    "I've applied a credit of {amount} to your account for the trouble.",
    "I understand how annoying it is to wait {n} days for a reply.",
]
_BAD = [
    "I'm sorry if you feel that we were slow.",
    "We apologise for any inconvenience caused.",
    "Sorry, but we had a huge backlog this week.",
    "As I already explained, the fee applies to every {item}.",
    "There is nothing more we can do about the {item}.",
    "You'll have to contact the courier about parcel {num}.",
    "You should have checked the size chart before ordering.",
    "As per our policy, opened items cannot be returned.",
]
_NEUTRAL = [
    "The {item} left our depot on {day} and is with the local team now.",
    "Our opening hours are {n} to {m} on weekdays.",
    "Order {num} contains {n} items and was paid with a card ending {m}{n}.",
    "The warranty for the {item} runs for {n} years from the date on the invoice.",
    "You can change the delivery address in your account under Settings.",
    "The price on {day} was {amount} including tax.",
    "We have stock of the {item} in {n} colours at the moment.",
]
_CLOSE = [
    "Kind regards, {agent}",
    "Best wishes, {agent}",
    "Thanks again, {agent}",
    "Speak soon, {agent}",
]
_CUSTOMER = [
    "My {item} still has not arrived and it has been {n} days.",
    "You charged me twice for order {num}, please fix it.",
    "Can I change the delivery day to {day}?",
    "The {item} I received is broken.",
]
_NOTES = ["Escalated to tier {n}.", "Customer called twice, see ticket {num}.", "Refund approved."]
MACROS = ["Refund issued", "Delivery delay", "Wrong item", "Policy: returns", "Password reset"]
GROUPS = ["Billing", "Logistics", "Returns", "Tech", "VIP"]
CHANNELS = ["email", "web", "chat", "api"]


def _fill(rng: random.Random, template: str, agent: str) -> str:
    return template.format(
        name=f"{rng.choice(_FIRST)} {rng.choice(_LAST)}",
        num=rng.randint(10_000, 9_999_999),
        item=rng.choice(_ITEMS),
        day=rng.choice(_DAYS),
        n=rng.randint(2, 9),
        m=rng.randint(10, 99),
        amount=f"£{rng.randint(5, 400)}.{rng.randint(0, 99):02d}",
        agent=agent,
    )


def reply_text(rng: random.Random, agent: str = "Alex") -> str:
    """One agent reply: greeting, a mix of good, bad and neutral sentences, sign-off; 20-200
    words, about 60 on average."""
    target = min(190, max(20, int(rng.lognormvariate(3.95, 0.45))))
    parts = [_fill(rng, rng.choice(_OPEN), agent)]
    closing = _fill(rng, rng.choice(_CLOSE), agent)
    words = len(parts[0].split()) + len(closing.split())
    used: set[str] = set()
    while words < target:
        pool = rng.choices((_GOOD, _BAD, _NEUTRAL), weights=(5, 1, 4))[0]
        template = rng.choice(pool)
        if template in used and len(used) < 20:
            continue
        used.add(template)
        sentence = _fill(rng, template, agent)
        if words + len(sentence.split()) > 200:
            break
        parts.append(sentence)
        words += len(sentence.split())
    parts.append(closing)
    return " ".join(parts[:-1]) + "\n\n" + parts[-1]


def replies(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    return [reply_text(rng) for _ in range(n)]


def _comment(
    cid: int, author: int, body: str, when: datetime, public: bool = True
) -> dict[str, Any]:
    return {
        "id": cid,
        "type": "Comment",
        "author_id": author,
        "public": public,
        "body": body,
        "created_at": when.isoformat().replace("+00:00", "Z"),
    }


def zendesk_archive(
    out: TextIO, replies: int, *, seed: int = 7, agents: int = 40
) -> dict[str, Any]:
    """Write a Zendesk export ``{"users": [...], "tickets": [{..., "comments": [...]}]}`` with
    ``replies`` agent replies (plus customers' messages and internal notes) to ``out``."""
    rng = random.Random(seed)
    agent_ids = [1000 + i for i in range(agents)]
    customer_base = 10_000_000
    out.write('{"users": [')
    users = [
        {"id": a, "role": "agent" if i % 10 else "admin", "name": f"Agent {i}"}
        for i, a in enumerate(agent_ids)
    ]
    out.write(",".join(json.dumps(u) for u in users))
    out.write('], "tickets": [')
    made = tickets = customers = notes = 0
    start = datetime(2024, 1, 1, tzinfo=timezone.utc)
    first = True
    while made < replies:
        tickets += 1
        customer = customer_base + tickets
        when = start + timedelta(minutes=rng.randint(0, 60 * 24 * 360))
        comments = [_comment(tickets * 100, customer, _fill(rng, rng.choice(_CUSTOMER), ""), when)]
        customers += 1
        for k in range(rng.choice((1, 1, 2, 3))):
            if made >= replies:
                break
            agent = rng.choice(agent_ids)
            when += timedelta(hours=rng.randint(1, 30))
            comment = _comment(
                tickets * 100 + k + 1, agent, reply_text(rng, f"Agent {agent - 1000}"), when
            )
            if rng.random() < 0.4:
                macro = rng.choice(MACROS)
                comment["via"] = {
                    "channel": "web",
                    "source": {"rel": "macro", "from": {"id": MACROS.index(macro), "title": macro}},
                }
            comments.append(comment)
            made += 1
            if rng.random() < 0.2:
                note = _fill(rng, rng.choice(_NOTES), "")
                comments.append(_comment(tickets * 100 + 50 + k, agent, note, when, public=False))
                notes += 1
        ticket = {
            "id": tickets,
            "requester_id": customer,
            "group_id": GROUPS.index(rng.choice(GROUPS)) + 1,
            "via": {"channel": rng.choice(CHANNELS)},
            "comments": comments,
        }
        out.write(("" if first else ",") + json.dumps(ticket))
        first = False
    out.write("]}")
    return {"tickets": tickets, "replies": made, "customer": customers, "notes": notes}

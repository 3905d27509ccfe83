"""Deterministic synthetic datasets in sahel's own format, for benchmarks.

    .venv/bin/python benchmarks/generate.py 1k 10k 100k [--seed N] [--out DIR] [--validate]

The same size, seed and GENERATOR_VERSION always give a byte-identical file (its sha256 is
printed and stored beside it). Files are cached in ``benchmarks/_data`` under a name made of
those three keys; a sidecar ``.json`` holds the sha256, the record counts and query parameters
that are known to match (an actor id, a search word, a date window) for ``run.py``.

Shape (per N events): actors ~N/50 (min 30), claims ~N/5, deadlines ~N/200 (min 5); titles
60-90 characters, summaries 200-400, 1-3 sources each, 1-4 actors and 1-3 tags per event,
dates over 2015-2025 at day, month or year precision, some with a time. The YAML text is
written directly (no dumper): block style like ``data/events.yaml``, every date, time and
instant quoted, text quoted whenever YAML 1.1 could misread it.
"""

from __future__ import annotations

import argparse
import calendar
import hashlib
import json
import random
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from sizes import parse_size, size_label  # benchmarks/ is the script's own folder

GENERATOR_VERSION = 1
DEFAULT_SEED = 20230726
HERE = Path(__file__).resolve().parent
DATA_DIR = HERE / "_data"
FIRST_YEAR, LAST_YEAR = 2015, 2025

# ---------------------------------------------------------------------------------------------
# Vocabulary (fixed lists: never iterate a set, so that the output is independent of hashing)

PLACES = [
    "Niamey", "Agadez", "Tillabéri", "Zinder", "Maradi", "Tahoua", "Dosso", "Diffa", "Arlit",
    "Bamako", "Gao", "Kidal", "Mopti", "Ménaka", "Timbuktu", "Ouagadougou", "Djibo", "Dori",
    "Kaya", "Fada N'Gourma", "Abuja", "Lagos", "Kano", "Cotonou", "Lomé", "Accra", "Dakar",
    "N'Djamena", "Algiers", "Tamanrasset", "Libreville", "Conakry", "Addis Ababa", "Paris",
    "Washington", "Moscow", "Brussels", "New York", "Ayorou", "Téra", "Banibangou", "Ouallam",
]  # fmt: skip
SUBJECTS = [
    "junta", "regional bloc", "foreign ministry", "army", "presidential guard", "mediators",
    "defence ministers", "opposition coalition", "civil-society groups", "trade unions",
    "transitional council", "central bank", "electoral commission", "border police",
    "customs service", "UN agencies", "aid groups", "donors", "embassy", "prosecutors",
    "state broadcaster", "ruling council", "security council", "national assembly", "militia",
]  # fmt: skip
VERBS = [
    "announces", "suspends", "rejects", "approves", "extends", "lifts", "tightens", "condemns",
    "postpones", "confirms", "denies", "orders", "reopens", "closes", "signs", "withdraws from",
    "calls for", "warns over", "moves to end", "agrees on", "delays", "expands", "reviews",
]  # fmt: skip
OBJECTS = [
    "sanctions on the transitional authorities", "the closure of land and air borders",
    "a timetable for the return to civilian rule", "cooperation with foreign troops",
    "a defence pact with its neighbours", "talks with the regional bloc",
    "the expulsion of the ambassador", "new mining permits in the north",
    "an inquiry into the attack on the convoy", "the release of detained officials",
    "the suspension of budget support", "a ceasefire in the tri-border area",
    "the withdrawal of the peacekeeping mission", "a curfew in the capital",
    "restrictions on foreign media", "electricity exports to the south",
    "fuel and food convoys from the coast", "the national dialogue",
    "military flights over its territory", "the recruitment of volunteer fighters",
]  # fmt: skip
CLAUSES = [
    "after a summit that ran late into the night",
    "citing the security situation along the border",
    "in a statement read on state television",
    "despite protests from opposition parties",
    "following weeks of closed-door negotiations",
    "as fuel shortages spread to several regions",
    "while the former president remained in detention",
    "according to officials who asked not to be named",
    "under pressure from regional and Western partners",
    "a day after the deadline set by the mediators had passed",
    "after an attack that killed soldiers near the frontier",
    "in a decree published in the official gazette",
    "with the backing of neighbouring military governments",
    "amid reports of troop movements near the capital",
    "before a meeting of heads of state planned for the following week",
]  # fmt: skip
DETAILS = [
    "Diplomats said the decision had been expected for several days.",
    "Residents described long queues at petrol stations and rising food prices.",
    "The authorities gave no timetable for further steps.",
    "Observers said the move would deepen the country's isolation.",
    "A spokesman said the measure was temporary and would be reviewed.",
    "Aid agencies warned that millions of people depended on cross-border trade.",
    "Several outlets gave different figures for the number of people affected.",
    "The announcement was welcomed by crowds gathered in the main square.",
    "Officials later said the text would be published in full.",
    "Analysts linked the decision to the worsening security situation.",
    "Neither side commented on the timing of the announcement.",
    "The decision came as talks with the mediators stalled.",
]  # fmt: skip
PUBLISHERS = [
    ("Reuters", "reuters.com"), ("AFP", "afp.com"), ("Associated Press", "apnews.com"),
    ("BBC News", "bbc.com"), ("Al Jazeera", "aljazeera.com"), ("RFI", "rfi.fr"),
    ("France 24", "france24.com"), ("Le Monde", "lemonde.fr"), ("Jeune Afrique",
    "jeuneafrique.com"), ("Premium Times", "premiumtimesng.com"), ("ActuNiger",
    "actuniger.com"), ("The Guardian", "theguardian.com"), ("Deutsche Welle", "dw.com"),
    ("Anadolu Agency", "aa.com.tr"), ("Xinhua", "news.cn"), ("VOA", "voanews.com"),
]  # fmt: skip
VIA = ["Yahoo News", "MSN", "The Standard (Kenya)", "National Post", "LBCI", "Global Times"]
TAGS = [
    "coup", "detention", "sanctions", "ultimatum", "cameo-139", "diplomacy", "summit",
    "military", "withdrawal", "expulsion", "attack", "jihadist", "aid", "airspace", "border",
    "protest", "legal", "aes", "ecowas", "france", "united-states", "russia", "wagner", "un",
    "african-union", "statement", "transition", "economy", "security-cooperation",
]  # fmt: skip
ACTOR_KINDS = [
    "state", "organisation", "person", "armed-group", "military-unit", "government", "media",
]  # fmt: skip
COUNTRIES = ["NE", "ML", "BF", "NG", "BJ", "TD", "DZ", "FR", "US", "RU", "GN", "GA", "SN", "TG"]
FIRST_NAMES = [
    "Abdou", "Amadou", "Moussa", "Ibrahim", "Aïchatou", "Mariam", "Oumarou", "Hassane",
    "Salifou", "Fatouma", "Issoufou", "Boubacar", "Hadiza", "Mahamadou", "Seyni", "Zeinabou",
    "Ousmane", "Adamou", "Rabiou", "Habibou", "Djibrilla", "Ramatou", "Souleymane", "Kadidja",
]  # fmt: skip
LAST_NAMES = [
    "Maïga", "Touré", "Diallo", "Traoré", "Sanogo", "Ouédraogo", "Kaboré", "Issa", "Mody",
    "Garba", "Hamani", "Souley", "Yacouba", "Mahamane", "Idrissa", "Kountché", "Tandja",
    "Bello", "Abdoulaye", "Coulibaly", "Keïta", "Sidibé", "Zongo", "Djibo", "Cissé",
]  # fmt: skip
ORG_WORDS = [
    "Council", "Movement", "Front", "Union", "Committee", "Alliance", "Brigade", "Battalion",
    "Agency", "Authority", "Coalition", "Network", "Forum", "Guard", "Commission", "Group",
]  # fmt: skip
ORG_QUALIFIERS = [
    "National", "Patriotic", "Sahel", "Regional", "Popular", "Democratic", "Republican",
    "Northern", "Southern", "Western", "Liptako", "Saharan", "Transitional", "Independent",
]  # fmt: skip
ORG_TOPICS = [
    "Salvation", "Defence", "Renewal", "Unity", "Security", "Sovereignty", "Reconciliation",
    "Development", "Justice", "Progress", "Resistance", "Stability", "Peace", "Liberation",
]  # fmt: skip
ROLES = [
    "Officer who sits on the ruling council and speaks for it on security matters",
    "Regional organisation that led the diplomatic response to the takeover",
    "Armed group active in the tri-border area, blamed for attacks on army posts",
    "Minister in the transitional government in charge of foreign affairs",
    "Neighbouring state that kept its border open and offered to mediate",
    "Opposition figure who called for a quick return to constitutional order",
    "Foreign partner whose troops trained the national army until their withdrawal",
    "Broadcaster whose coverage was suspended by the authorities",
]  # fmt: skip
CLAIM_TEXTS = [
    "said foreign forces had been preparing an operation to free the detained president",
    "denied that any foreign mercenaries were involved in planning the takeover",
    "accused the regional bloc of acting on behalf of a former colonial power",
    "said the sanctions were causing shortages of medicine and food",
    "asserted that the transition would last no longer than three years",
    "denied reports that its troops had fired on protesters",
    "said the attack had been carried out by a jihadist group from across the border",
    "claimed that the airspace had been violated by foreign military aircraft",
]  # fmt: skip
EXPIRY_NOTES = [
    "The statement named a day but no hour; taken as the end of that day.",
    "Counted from the day of the summit; sources differ by one day on the start.",
    "The hour was given in GMT by the agency report and converted.",
]  # fmt: skip
OUTCOME_TEXTS = [
    "The deadline passed without compliance and no further measure followed at once.",
    "The demand was met a few days before the deadline after talks with mediators.",
    "The issuer withdrew the deadline and announced new talks instead.",
]  # fmt: skip
#: Rare words planted in some summaries so that ``search`` has a known, selective target.
SEARCH_WORD = "harmattan"
SEARCH_SENTENCE = "Flights were delayed by the harmattan dust that covered the region."
SEARCH_RATE = 0.01
#: The date window run.py queries with --since/--until.
QUERY_SINCE, QUERY_UNTIL = "2020-01-01", "2020-12-31"
#: The output-heavy query: the most popular actor over whole months from this one, as many as
#: it takes to match this share of the events (about 5,000 rows at 100k).
WIDE_FROM, WIDE_SHARE = (2019, 1), 0.05

# ---------------------------------------------------------------------------------------------
# YAML scalars

_PLAIN_OK = re.compile(r"^[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ0-9 ,.'()/-]*[A-Za-zÀ-ÿ0-9.')]$")
#: Plain words YAML 1.1 would not read as text (membership only: never iterated).
_YAML11_WORDS = frozenset(["y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"])


def scalar(text: str) -> str:
    """``text`` as a YAML scalar: plain when unambiguous, otherwise double-quoted (JSON)."""
    if (
        _PLAIN_OK.match(text)
        and ": " not in text
        and " #" not in text
        and text.lower() not in _YAML11_WORDS
    ):
        return text
    return json.dumps(text, ensure_ascii=False)


def quoted(text: str) -> str:
    return '"' + text + '"'  # only for dates, times and instants we made ourselves


def slug(text: str) -> str:
    out = re.sub(r"[^a-z0-9]+", "-", text.lower().encode("ascii", "ignore").decode()).strip("-")
    return out or "x"


# ---------------------------------------------------------------------------------------------
# Generation


@dataclass(frozen=True)
class Counts:
    events: int
    actors: int
    claims: int
    deadlines: int

    @classmethod
    def for_events(cls, events: int) -> Counts:
        return cls(events, max(30, events // 50), events // 5, max(5, events // 200))


class Generator:
    def __init__(self, events: int, seed: int) -> None:
        self.counts = Counts.for_events(events)
        self.rng = random.Random(seed)
        self.lines: list[str] = []
        self.actor_ids: list[str] = []
        self.actor_weights: list[float] = []
        self.event_ids: list[str] = []

    # --- small pieces --------------------------------------------------------------------

    def date(self, precision_roll: float | None = None) -> tuple[str, int, int, int]:
        """A date string at day (80%), month (15%) or year (5%) precision, and its parts."""
        rng = self.rng
        year = rng.randint(FIRST_YEAR, LAST_YEAR)
        month = rng.randint(1, 12)
        day = rng.randint(1, calendar.monthrange(year, month)[1])
        roll = rng.random() if precision_roll is None else precision_roll
        if roll < 0.80:
            return f"{year:04d}-{month:02d}-{day:02d}", year, month, day
        if roll < 0.95:
            return f"{year:04d}-{month:02d}", year, month, 0
        return f"{year:04d}", year, 0, 0

    def later_day(self, year: int, month: int, day: int) -> str:
        """A day on or up to a few days after a (possibly partial) date: a publication date."""
        month = month or self.rng.randint(1, 12)
        last = calendar.monthrange(year, month)[1]
        day = min(last, (day or self.rng.randint(1, last)) + self.rng.choice((0, 0, 1, 1, 2, 5)))
        return f"{year:04d}-{month:02d}-{day:02d}"

    def sentence_to(self, low: int, high: int, first: str) -> str:
        """Sentences appended to ``first`` until the text is between ``low`` and ``high`` chars."""
        rng = self.rng
        target = rng.randint(low, high)
        text = first
        while len(text) < target:
            extra = rng.choice(DETAILS)
            if rng.random() < SEARCH_RATE / 2:
                extra = SEARCH_SENTENCE
            if len(text) + 1 + len(extra) > high:
                break
            text += " " + extra
        return text

    def title(self) -> str:
        """A headline of 60-90 characters."""
        rng = self.rng
        for _ in range(20):
            text = (
                f"{rng.choice(PLACES)} {rng.choice(SUBJECTS)} {rng.choice(VERBS)} "
                f"{rng.choice(OBJECTS)}"
            )
            if len(text) < 60:
                text += f" in {rng.choice(PLACES)}"
            if 60 <= len(text) <= 90:
                return text[0].upper() + text[1:]
        text = (text + " in " + rng.choice(PLACES))[:90].rstrip(" ,-")
        return text[0].upper() + text[1:]

    def summary(self) -> str:
        rng = self.rng
        first = (
            f"The {rng.choice(SUBJECTS)} in {rng.choice(PLACES)} {rng.choice(VERBS)} "
            f"{rng.choice(OBJECTS)}, {rng.choice(CLAUSES)}."
        )
        first = first[0].upper() + first[1:]
        text = self.sentence_to(200, 400, first)
        while len(text) < 200:  # the first sentence and every detail too long for the gap
            text += " " + rng.choice(("The situation remained tense.", "More talks followed."))
        return text

    def sources(self, indent: str, year: int, month: int, day: int, count: int) -> None:
        rng = self.rng
        out = self.lines
        out.append(f"{indent}sources:")
        for _ in range(count):
            publisher, domain = rng.choice(PUBLISHERS)
            published = self.later_day(year, month, day)
            headline = self.title()
            out.append(f"{indent}- publisher: {scalar(publisher)}")
            if rng.random() < 0.15:
                out.append(f"{indent}  via: {scalar(rng.choice(VIA))}")
            out.append(f"{indent}  title: {scalar(headline)}")
            out.append(f"{indent}  date: {quoted(published)}")
            out.append(
                f"{indent}  url: https://www.{domain}/{published[:4]}/{published[5:7]}/"
                f"{slug(headline)[:70].rstrip('-')}-{rng.randrange(10**6):06d}"
            )

    def pick_actors(self, count: int) -> list[str]:
        chosen: list[str] = []
        while len(chosen) < count:
            (actor,) = self.rng.choices(self.actor_ids, cum_weights=self.actor_weights)
            if actor not in chosen:
                chosen.append(actor)
        return chosen

    # --- sections --------------------------------------------------------------------------

    def meta(self) -> None:
        self.lines += [
            "meta:",
            f"  title: Synthetic benchmark dataset ({self.counts.events} events)",
            "  description: Generated by benchmarks/generate.py; every record is invented.",
            '  updated: "2025-10-21"',
            "  timezone: Africa/Niamey",
        ]

    def actors(self) -> None:
        rng = self.rng
        out = self.lines
        out.append("actors:")
        names: list[str] = []
        for index in range(self.counts.actors):
            kind = ACTOR_KINDS[index % len(ACTOR_KINDS)]
            if kind == "person":
                name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
                aliases = [name.split()[-1], f"Gen. {name}"]
            else:
                name = (
                    f"{rng.choice(ORG_QUALIFIERS)} {rng.choice(ORG_WORDS)} for "
                    f"{rng.choice(ORG_TOPICS)}"
                )
                acronym = "".join(w[0] for w in name.split() if w[0].isupper())
                aliases = [acronym, name.replace(" for ", " of ")]
            name = f"{name} {index + 1}" if name in names else name
            names.append(name)
            actor_id = f"{slug(name)}-{index + 1}"
            self.actor_ids.append(actor_id)
            out.append(f"- id: {actor_id}")
            out.append(f"  name: {scalar(name)}")
            out.append(f"  kind: {kind}")
            out.append("  aliases:")
            for alias in aliases[: rng.randint(1, 2)]:
                out.append(f"  - {scalar(alias)}")
            if rng.random() < 0.8:
                out.append(f"  country: {rng.choice(COUNTRIES)}")
            out.append(f"  role: {scalar(rng.choice(ROLES))}")
            if index and rng.random() < 0.4:
                out.append("  affiliations:")
                for ref in sorted({self.actor_ids[rng.randrange(index)] for _ in range(2)}):
                    out.append(f"  - {ref}")
        # A skewed actor popularity, like real data: a few actors are in many events.
        total = 0.0
        for index in range(self.counts.actors):
            total += 1.0 / (index + 1) ** 0.8
            self.actor_weights.append(total)

    def events(self) -> None:
        rng = self.rng
        out = self.lines
        out.append("events:")
        dated = [self.date() for _ in range(self.counts.events)]
        dated.sort(key=lambda d: (d[1], d[2], d[3]))
        for index, (date, year, month, day) in enumerate(dated):
            title = self.title()
            event_id = f"{'-'.join(slug(title).split('-')[:4])}-{index + 1}"
            self.event_ids.append(event_id)
            out.append(f"- id: {event_id}")
            out.append(f"  date: {quoted(date)}")
            if day and rng.random() < 0.25:
                time_text = f"{rng.randint(0, 23):02d}:{rng.choice((0, 15, 30, 45)):02d}"
                if rng.random() < 0.2:
                    time_text += "+01:00"
                out.append(f"  time: {quoted(time_text)}")
            out.append(f"  title: {scalar(title)}")
            out.append(f"  summary: {scalar(self.summary())}")
            out.append("  actors:")
            for actor in self.pick_actors(rng.randint(1, 4)):
                out.append(f"  - {actor}")
            out.append("  tags:")
            for tag in rng.sample(TAGS, rng.randint(1, 3)):
                out.append(f"  - {tag}")
            if rng.random() < 0.7:
                out.append(f"  location: {scalar(rng.choice(PLACES))}")
            if rng.random() < 0.1:
                out.append(f"  note: {scalar(rng.choice(DETAILS))}")
            if rng.random() < 0.05:
                out.append(f"  fatalities: {rng.randint(0, 120)}")
                out.append(f"  latitude: {rng.uniform(10.0, 23.0):.4f}")
                out.append(f"  longitude: {rng.uniform(-5.0, 15.0):.4f}")
            self.sources("  ", year, month, day, rng.randint(1, 3))

    def claims(self) -> None:
        rng = self.rng
        out = self.lines
        out.append("claims:")
        for index in range(self.counts.claims):
            date, year, month, day = self.date()
            claimant = self.pick_actors(1)[0]
            out.append(f"- id: claim-{index + 1}")
            out.append(f"  date: {quoted(date)}")
            out.append(f"  claimant: {claimant}")
            out.append("  about:")
            for actor in self.pick_actors(rng.randint(1, 2)):
                out.append(f"  - {actor}")
            out.append(f"  stance: {rng.choice(('asserts', 'asserts', 'denies'))}")
            text = self.sentence_to(
                120, 300, f"The spokesman {rng.choice(CLAIM_TEXTS)}, {rng.choice(CLAUSES)}."
            )
            out.append(f"  text: {scalar(text)}")
            status = rng.choice(("unverified", "corroborated", "disputed", "refuted"))
            out.append(f"  status: {status}")
            if rng.random() < 0.6:
                out.append(f"  grade: {rng.choice('ABCDEF')}{rng.randint(1, 6)}")
            if rng.random() < 0.2:
                out.append(f"  note: {scalar(rng.choice(DETAILS))}")
            if rng.random() < 0.2:
                out.append(f"  event: {rng.choice(self.event_ids)}")
            self.sources("  ", year, month, day, rng.randint(1, 2))

    def deadlines(self) -> None:
        rng = self.rng
        out = self.lines
        out.append("deadlines:")
        for index in range(self.counts.deadlines):
            _, year, month, day = self.date(precision_roll=0.0)
            days = rng.choice((7, 10, 15, 30, 90, 180))
            issued = f"{year:04d}-{month:02d}-{day:02d}T{rng.randint(8, 20):02d}:00:00+01:00"
            expires_year, expires_month, expires_day = year, month, day + days
            while expires_day > calendar.monthrange(expires_year, expires_month)[1]:
                expires_day -= calendar.monthrange(expires_year, expires_month)[1]
                expires_month += 1
                if expires_month > 12:
                    expires_month, expires_year = 1, expires_year + 1
            expires = f"{expires_year:04d}-{expires_month:02d}-{expires_day:02d}T23:59:59+01:00"
            issuer, target = self.pick_actors(2)
            out.append(f"- id: deadline-{index + 1}")
            out.append(f"  title: {scalar(f'{days}-day ultimatum: ' + rng.choice(OBJECTS))}")
            out.append(f"  issuer: {issuer}")
            out.append(f"  target: {target}")
            out.append(f"  issued: {quoted(issued)}")
            out.append(f"  expires: {quoted(expires)}")
            out.append("  timezone: Africa/Lagos")
            out.append(f"  expires_note: {scalar(rng.choice(EXPIRY_NOTES))}")
            out.append(f"  demand: {scalar('End ' + rng.choice(OBJECTS) + '.')}")
            out.append(f"  consequence: {scalar('Further measures on ' + rng.choice(OBJECTS))}")
            if expires_year < LAST_YEAR or rng.random() < 0.5:
                status = rng.choice(("expired", "expired", "met", "withdrawn"))
                outcome_date = f"{expires_year:04d}-{expires_month:02d}-{expires_day:02d}"
                out.append("  outcome:")
                out.append(f"    date: {quoted(outcome_date)}")
                out.append(f"    status: {status}")
                out.append(f"    text: {scalar(rng.choice(OUTCOME_TEXTS))}")
            out.append("  tags:")
            out.append("  - ultimatum")
            out.append("  - cameo-139")
            if rng.random() < 0.3:
                out.append(f"  note: {scalar(rng.choice(DETAILS))}")
            self.sources("  ", year, month, day, rng.randint(1, 3))

    def build(self) -> str:
        self.meta()
        self.actors()
        self.events()
        self.claims()
        self.deadlines()
        return "\n".join(self.lines) + "\n"


def generate_text(events: int, seed: int) -> str:
    return Generator(events, seed).build()


def query_parameters(text: str) -> dict[str, object]:
    """Values run.py queries with, chosen from the generated text so that they match."""
    actor_ids = re.findall(r"^- id: (.+)$", text.split("\nevents:\n", 1)[0], re.MULTILINE)
    events_part = text.split("\nevents:\n", 1)[1].split("\nclaims:\n", 1)[0]
    # The 10th most popular actor: in many events, but not in most of them.
    mentions = re.findall(r"^  - ([a-z0-9-]+)$", events_part, re.MULTILINE)
    counts = {actor: 0 for actor in actor_ids}
    for actor in mentions:
        if actor in counts:
            counts[actor] += 1
    ranked = sorted(counts, key=lambda a: (-counts[a], a))
    actor = ranked[min(9, len(ranked) - 1)]
    return {
        "actor": actor,
        "actor_events": counts[actor],
        "search": SEARCH_WORD,
        "search_events": events_part.count(SEARCH_WORD),
        "since": QUERY_SINCE,
        "until": QUERY_UNTIL,
        **wide_query(events_part, ranked[0]),
    }


def _period(date: str) -> tuple[str, str]:
    """First and last day (ISO) of a YYYY, YYYY-MM or YYYY-MM-DD date."""
    parts = [int(p) for p in date.split("-")]
    if len(parts) == 3:
        return date, date
    year, month = parts[0], parts[1] if len(parts) == 2 else None
    if month is None:
        return f"{year:04d}-01-01", f"{year:04d}-12-31"
    last = calendar.monthrange(year, month)[1]
    return f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-{last:02d}"


def wide_query(events_part: str, actor: str) -> dict[str, object]:
    """An actor and a window of whole months whose timeline is output-heavy: the smallest
    window from WIDE_FROM holding WIDE_SHARE of all events (counted by date overlap, as
    ``--since``/``--until`` match; times and offsets ignored, so the count is approximate)."""
    records = events_part.split("\n- id: ")
    periods = [
        _period(match.group(1))
        for record in records
        if f"\n  - {actor}\n" in record + "\n"
        and (match := re.search(r'^  date: "?([0-9-]+)"?$', record, re.MULTILINE))
    ]
    wanted = max(1, round(len(records) * WIDE_SHARE))
    year, month = WIDE_FROM
    since, count, until = f"{year:04d}-{month:02d}-01", 0, ""
    while count < wanted and year <= LAST_YEAR:
        until = _period(f"{year:04d}-{month:02d}")[1]
        count = sum(1 for first, last in periods if first <= until and last >= since)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return {"wide_actor": actor, "wide_since": since, "wide_until": until, "wide_events": count}


@dataclass(frozen=True)
class Generated:
    path: Path
    events: int
    seed: int
    sha256: str
    size_bytes: int
    info: dict[str, object]
    fresh: bool  # generated now (False: taken from the cache)


def dataset_path(events: int, seed: int, out_dir: Path = DATA_DIR) -> Path:
    return out_dir / f"synthetic-{size_label(events)}-s{seed}-g{GENERATOR_VERSION}.yaml"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def cached_dataset(
    events: int, seed: int = DEFAULT_SEED, out_dir: Path = DATA_DIR
) -> Generated | None:
    """The cached file for (size, seed, generator version) if present and intact."""
    path = dataset_path(events, seed, out_dir)
    sidecar = path.with_suffix(".json")
    if not (path.exists() and sidecar.exists()):
        return None
    info = json.loads(sidecar.read_text())
    digest = file_sha256(path)
    if info.get("sha256") != digest or info.get("generator_version") != GENERATOR_VERSION:
        return None
    if "wide_actor" not in info:  # a sidecar written before that query was added
        info.update(query_parameters(path.read_text(encoding="utf-8")))
        sidecar.write_text(json.dumps(info, indent=2) + "\n")
    return Generated(path, events, seed, digest, path.stat().st_size, info, False)


def ensure_dataset(events: int, seed: int = DEFAULT_SEED, out_dir: Path = DATA_DIR) -> Generated:
    """The cached file for (size, seed, generator version), generated when missing or stale."""
    cached = cached_dataset(events, seed, out_dir)
    if cached is not None:
        return cached
    path = dataset_path(events, seed, out_dir)
    sidecar = path.with_suffix(".json")
    text = generate_text(events, seed)
    data = text.encode("utf-8")
    digest = hashlib.sha256(data).hexdigest()
    counts = Counts.for_events(events)
    info = {
        "generator_version": GENERATOR_VERSION,
        "seed": seed,
        "events": counts.events,
        "actors": counts.actors,
        "claims": counts.claims,
        "deadlines": counts.deadlines,
        "sha256": digest,
        "bytes": len(data),
        **query_parameters(text),
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".yaml.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    sidecar.write_text(json.dumps(info, indent=2) + "\n")
    return Generated(path, events, seed, digest, len(data), info, True)


def validate(path: Path, report: TextIO = sys.stdout) -> int:
    """Run ``sahel validate`` from this interpreter's folder (the venv) on ``path``."""
    sahel = Path(sys.executable).parent / "sahel"
    if not sahel.exists():
        sahel = HERE.parent / ".venv" / "bin" / "sahel"
    done = subprocess.run(
        [str(sahel), "--no-cache", "validate", str(path)], capture_output=True, text=True
    )
    report.write(done.stdout)
    sys.stderr.write(done.stderr[-4000:])
    return done.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", default=["1k"], help="e.g. 1k 10k 100k")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="folder (default: %(default)s)")
    parser.add_argument(
        "--validate", action="store_true", help="run `sahel validate` on each file generated now"
    )
    parser.add_argument(
        "--validate-all", action="store_true", help="run `sahel validate` on cached files too"
    )
    parser.add_argument(
        "--json", action="store_true", help="one JSON line per file on stdout (for run.py)"
    )
    args = parser.parse_args(argv)
    status = 0
    report = sys.stderr if args.json else sys.stdout
    for size in args.sizes:
        start = time.perf_counter()
        made = ensure_dataset(parse_size(size), args.seed, args.out)
        elapsed = time.perf_counter() - start
        how = f"generated in {elapsed:.1f} s" if made.fresh else "cached"
        print(
            f"{made.path}  {made.size_bytes / 1e6:.1f} MB  sha256 {made.sha256}  ({how})",
            file=report,
            flush=True,
        )
        wanted = args.validate_all or (args.validate and made.fresh)
        if wanted and validate(made.path, report) != 0:
            status = 1
        if args.json:
            print(json.dumps({"path": str(made.path), "fresh": made.fresh, **made.info}))
    return status


if __name__ == "__main__":
    raise SystemExit(main())

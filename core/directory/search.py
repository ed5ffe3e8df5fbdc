"""Typo-tolerant, synonym-aware search over a provider's services, held in memory.

Each provider builds a :class:`SearchIndex` from its services and rebuilds it when they change
(the database provider checks a cheap fingerprint before each search). A query is read in two
ways at once: as needs (phrases and abbreviations officers use, "DV", "ASB", matched with
rapidfuzz so "homeles" still means housing and homelessness) and as words matched against the
services' own names and descriptions (exactly, by prefix, or by rapidfuzz similarity).
Results are ranked by need match, then words, then whether the service is specific to the
district asked for (a district's own service before a force-wide one).
"""

import bisect
import heapq
import re
from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from core.directory.needs import NEEDS

WORD = re.compile(r"[a-z0-9]+")
STOP_WORDS = frozenset("a an and the of for to in on with at by or from my me i is are be need needs help "
                       "support service services victim victims".split())
#: Similarity (0–100) a typed word needs to count as a known word.
WORD_CUTOFF = 85
SYNONYM_CUTOFF = 85
NEED_SCORE = 10.0
DISTRICT_SCORE = 3.0
NAME_SCORE = 12.0
NAME_WEIGHT = 3.0
FIELD_WEIGHTS = (("name", NAME_WEIGHT), ("organisation", 2.0), ("description", 1.0), ("eligibility", 1.0))


def words(text):
    """The searchable words of ``text``: lower case letters and digits, stop words dropped."""
    return [w for w in WORD.findall((text or "").lower()) if w not in STOP_WORDS]


def _need_phrases():
    phrases, single = {}, {}
    for need in NEEDS:
        for phrase in (need.label.lower(), need.code.replace("_", " "), *need.synonyms):
            phrase = " ".join(WORD.findall(phrase.lower()))
            (phrases if " " in phrase else single).setdefault(phrase, set()).add(need.code)
    return phrases, single


MULTI_WORD_NEEDS, ONE_WORD_NEEDS = _need_phrases()
ONE_WORD_KEYS = list(ONE_WORD_NEEDS)
MULTI_WORD_KEYS = list(MULTI_WORD_NEEDS)


@dataclass(frozen=True)
class Interpretation:
    """What a query asks for: need codes and, per typed word, the known words it may mean."""

    needs: frozenset
    terms: tuple  # ((typed word, ((known word, similarity 0–1), ...)), ...)

    @property
    def empty(self):
        return not self.needs and not self.terms


def read_needs(query):
    """The need codes a query names and the words left over.

    Called by :meth:`SearchIndex.interpret`. Phrases ("domestic violence") are matched first,
    then single words exactly and then by rapidfuzz similarity (so "homeles" → housing).
    """
    text = " " + " ".join(WORD.findall((query or "").lower())) + " "
    found = set()
    for phrase, codes in MULTI_WORD_NEEDS.items():
        if f" {phrase} " in text:
            found |= codes
            text = text.replace(f" {phrase} ", " ")
    typed = text.split()
    for size in (3, 2):  # "mental helth", "domestik violence": phrases with a typo
        for start in range(len(typed) - size + 1):
            window = " ".join(typed[start:start + size])
            match = process.extractOne(window, MULTI_WORD_KEYS, scorer=fuzz.ratio, score_cutoff=SYNONYM_CUTOFF)
            if match:
                found |= MULTI_WORD_NEEDS[match[0]]
    rest = []
    for word in typed:
        if word in ONE_WORD_NEEDS:
            found |= ONE_WORD_NEEDS[word]  # and still a word: "Community Counselling" is a name too
        elif len(word) >= 5:
            match = process.extractOne(word, ONE_WORD_KEYS, scorer=fuzz.ratio, score_cutoff=SYNONYM_CUTOFF)
            if match:
                found |= ONE_WORD_NEEDS[match[0]]
        rest.append(word)
    return frozenset(found), [w for w in rest if w not in STOP_WORDS]


class SearchIndex:
    """An inverted index of services' words, with their needs and districts, for fast ranking."""

    def __init__(self, records):
        self.records = list(records)
        self.postings = defaultdict(dict)
        self.by_need = defaultdict(set)
        self.in_name = defaultdict(set)
        self.by_district = defaultdict(set)
        self.force_wide = set()
        for i, record in enumerate(self.records):
            for district in record.districts:
                self.by_district[district].add(i)
            if not record.districts:
                self.force_wide.add(i)
            weights = {}
            for attr, weight in FIELD_WEIGHTS:
                for word in words(getattr(record, attr)):
                    weights[word] = max(weights.get(word, 0.0), weight)
            for word, weight in weights.items():
                self.postings[word][i] = weight
                if weight == NAME_WEIGHT:
                    self.in_name[word].add(i)
            for code in record.needs:
                self.by_need[code].add(i)
        self.vocabulary = sorted(self.postings)
        self.sort_names = [record.name.lower() for record in self.records]
        #: Words worth matching a typo against (numbers are matched exactly only).
        self.fuzzy_vocabulary = [w for w in self.vocabulary if not w.isdigit()]
        self._known_cache = {}
        self._serving = {}

    def _known_words(self, typed):
        """The index's words ``typed`` may mean, each with a similarity from 0 to 1 (remembered per index)."""
        cached = self._known_cache.get(typed)
        if cached is None:
            if len(self._known_cache) > 10_000:
                self._known_cache.clear()
            cached = self._known_cache[typed] = self._match_words(typed)
        return cached

    def _match_words(self, typed):
        found = {}
        if typed in self.postings:
            found[typed] = 1.0
        if len(typed) >= 3:
            start = bisect.bisect_left(self.vocabulary, typed)
            for word in self.vocabulary[start:start + 50]:
                if not word.startswith(typed):
                    break
                found.setdefault(word, 0.9)
        if len(typed) >= 4:
            for word, score, _ in process.extract(typed, self.fuzzy_vocabulary, scorer=fuzz.ratio,
                                                  score_cutoff=WORD_CUTOFF, limit=5):
                found.setdefault(word, score / 100 * 0.8)
        return tuple(found.items())

    def interpret(self, query):
        """Read ``query`` as needs and known words (see :func:`read_needs`)."""
        needs, rest = read_needs(query)
        return Interpretation(needs, tuple((typed, self._known_words(typed)) for typed in rest))

    def search(self, query="", need=None, district=None, limit=20):
        """Rank the services matching ``query``, within ``need`` and serving ``district``.

        Called by the providers' ``search``. Returns ``[(ServiceRecord, score)]``, best first; an
        empty query lists every service of the need (and district), specific ones first.
        """
        meaning = self.interpret(query)
        scores = defaultdict(float)
        for code in meaning.needs:
            for i in self.by_need.get(code, ()):
                scores[i] += NEED_SCORE
        named = None
        for _typed, known in meaning.terms:
            if len(known) == 1 and known[0][1] == 1.0:
                best = self.postings[known[0][0]]  # the common case: the word as typed, no copy
            else:
                best = {}
                for word, similarity in known:
                    for i, weight in self.postings[word].items():
                        if weight * similarity > best.get(i, 0.0):
                            best[i] = weight * similarity
            for i, value in best.items():
                scores[i] += value
            in_this_name = set().union(*(self.in_name.get(word, ()) for word, _ in known))
            named = in_this_name if named is None else named & in_this_name
        for i in named or ():  # every word typed is in the service's name
            scores[i] += NAME_SCORE
        if meaning.empty:
            candidates = self.by_need.get(need, set()) if need else range(len(self.records))
            scores = {i: 0.0 for i in candidates}
        candidates = scores.keys()  # narrowed with set operations (in C) before the loop
        if need:
            candidates = candidates & self.by_need.get(need, set())
        local = set()
        if district:
            local = self.by_district.get(district, set())
            allowed = self._serving.get(district)
            if allowed is None:
                allowed = self._serving[district] = frozenset(local | self.force_wide)
            candidates = candidates & allowed
        sort_names = self.sort_names
        results = [(-(scores[i] + (DISTRICT_SCORE if i in local else 0.0)), sort_names[i], i) for i in candidates]
        ranked = heapq.nsmallest(limit, results) if limit else sorted(results)
        return [(self.records[i], -negative) for negative, _name, i in ranked]

"""Typo-tolerant, synonym-aware search over a provider's services, held in memory.

Each provider builds a :class:`SearchIndex` from its services and keeps it current: the database
provider applies just the services that changed (:mod:`core.directory.changes`), others rebuild
it when their fingerprint changes. A query is read in two
ways at once: as needs (phrases and abbreviations officers use, "DV", "ASB", matched with
rapidfuzz so "homeles" still means housing and homelessness) and as words matched against the
services' own names and descriptions (exactly, by prefix, or by rapidfuzz similarity).
Results are ranked by need match, then words, then whether the service is specific to the
district asked for (a district's own service before a force-wide one).
"""

import bisect
import re
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
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


def _name_key(name):
    """The first 8 bytes of a lower-cased name as a number: sorts as the names do (ties aside)."""
    return int.from_bytes(name.encode()[:8].ljust(8, b"\0"), "big")


class SearchIndex:
    """An inverted index of services' words, with their needs and districts, for fast ranking.

    Built once from a provider's services, then kept current with :meth:`update` (the services
    that changed are taken out and put back in; nothing else is touched). Each service has a
    position; needs, districts and "serves the whole force" are numpy masks over positions, and
    each word's postings become numpy arrays when first searched for, so a search adds up
    scores for every service at once rather than one at a time.
    """

    def __init__(self, records):
        records = list(records)
        self.records = []  # by position; None where a service was taken out
        self.sort_names = []
        self.slots = {}  # record id → position
        self.postings = defaultdict(dict)  # word → {position: weight}
        self._arrays = {}  # word → (positions, weights, positions where it is in the name), made when searched
        self._capacity = 0
        self._live = np.zeros(0, dtype=bool)
        self._force_wide = np.zeros(0, dtype=bool)
        self._name_keys = np.zeros(0, dtype=np.uint64)
        self._by_need = {}
        self._by_district = {}
        self._grow(len(records))
        for record in records:
            self._add(record)
        self.vocabulary = sorted(self.postings)
        #: Words worth matching a typo against (numbers are matched exactly only).
        self.fuzzy_vocabulary = [w for w in self.vocabulary if not w.isdigit()]
        self._known_cache = {}

    def __len__(self):
        return len(self.slots)

    def _grow(self, needed):
        if needed <= self._capacity:
            return
        capacity = max(needed, 2 * self._capacity, 64)

        def grown(array):
            bigger = np.zeros(capacity, dtype=array.dtype)
            bigger[:len(array)] = array
            return bigger

        self._live, self._force_wide, self._name_keys = (grown(self._live), grown(self._force_wide),
                                                         grown(self._name_keys))
        for masks in (self._by_need, self._by_district):
            for key, mask in masks.items():
                masks[key] = grown(mask)
        self._capacity = capacity

    def _mask(self, masks, key):
        mask = masks.get(key)
        if mask is None:
            mask = masks[key] = np.zeros(self._capacity, dtype=bool)
        return mask

    @staticmethod
    def _weights(record):
        weights = {}
        for attr, weight in FIELD_WEIGHTS:
            for word in words(getattr(record, attr)):
                weights[word] = max(weights.get(word, 0.0), weight)
        return weights

    def _add(self, record):
        """Index ``record`` in a new position; returns the words new to the index."""
        i = len(self.records)
        self._grow(i + 1)
        self.records.append(record)
        self.sort_names.append(record.name.lower())
        self.slots[record.id] = i
        self._live[i] = True
        self._name_keys[i] = _name_key(self.sort_names[i])
        for district in record.districts:
            self._mask(self._by_district, district)[i] = True
        self._force_wide[i] = not record.districts
        for code in record.needs:
            self._mask(self._by_need, code)[i] = True
        new_words = []
        for word, weight in self._weights(record).items():
            posting = self.postings.get(word)
            if posting is None:
                posting = self.postings[word] = {}
                new_words.append(word)
            posting[i] = weight
            arrays = self._arrays.get(word)
            if arrays is not None:  # kept up to date (a copy in C) rather than made again from the dict
                positions, weights, in_name = arrays
                self._arrays[word] = (np.append(positions, i), np.append(weights, weight),
                                      np.append(in_name, i) if weight == NAME_WEIGHT else in_name)
        return new_words

    def _remove(self, record_id):
        """Take the record with ``record_id`` out; returns the words no service has any more."""
        i = self.slots.pop(record_id, None)
        if i is None:
            return []
        record = self.records[i]
        self.records[i] = None
        self._live[i] = self._force_wide[i] = False
        for district in record.districts:
            self._by_district[district][i] = False
        for code in record.needs:
            self._by_need[code][i] = False
        gone = []
        for word in self._weights(record):
            posting = self.postings[word]
            posting.pop(i, None)
            if not posting:
                del self.postings[word]
                self._arrays.pop(word, None)
                gone.append(word)
            elif word in self._arrays:
                positions, weights, in_name = self._arrays[word]
                kept = positions != i
                self._arrays[word] = (positions[kept], weights[kept], in_name[in_name != i])
        return gone

    def update(self, changed=(), removed=()):
        """Put the ``changed`` records in afresh (new or edited) and take the ``removed`` ids out.

        Called by :class:`core.directory.database.DatabaseProvider` with the services that changed
        since the index last saw them; costs about as much as the changed services' words.
        """
        gone, added = set(), set()
        for record_id in (*removed, *(record.id for record in changed)):
            gone.update(self._remove(record_id))
        for record in changed:
            added.update(self._add(record))
        gone, added = gone - added, added - gone
        for word in gone:
            self._drop_word(word)
        for word in added:
            self._insert_word(word)
        if gone or added:
            self._forget_matches(gone, added)
        if len(self.records) > 2 * len(self.slots) + 1000:  # mostly gaps left by removals: pack them
            self.__init__([record for record in self.records if record is not None])

    def _insert_word(self, word):
        bisect.insort(self.vocabulary, word)
        if not word.isdigit():
            bisect.insort(self.fuzzy_vocabulary, word)

    def _drop_word(self, word):
        for vocabulary in (self.vocabulary, self.fuzzy_vocabulary):
            at = bisect.bisect_left(vocabulary, word)
            if at < len(vocabulary) and vocabulary[at] == word:
                del vocabulary[at]

    def _forget_matches(self, gone, added):
        """Forget the remembered readings of typed words that a vocabulary change may alter."""
        for typed, known in list(self._known_cache.items()):
            if any(word in gone for word, _ in known) or any(self._may_mean(typed, word) for word in added):
                del self._known_cache[typed]

    @staticmethod
    def _may_mean(typed, word):
        return (word == typed or (len(typed) >= 3 and word.startswith(typed))
                or (len(typed) >= 4 and not word.isdigit() and fuzz.ratio(typed, word) >= WORD_CUTOFF))

    def _posting(self, word):
        """``word``'s postings as arrays: positions, weights, and the positions having it in the name."""
        arrays = self._arrays.get(word)
        if arrays is None:
            posting = self.postings.get(word, {})
            positions = np.fromiter(posting.keys(), dtype=np.int64, count=len(posting))
            weights = np.fromiter(posting.values(), dtype=np.float64, count=len(posting))
            arrays = self._arrays[word] = (positions, weights, positions[weights == NAME_WEIGHT])
        return arrays

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

        Called by the providers' ``search``. Returns ``[(ServiceRecord, score)]``, best first (on
        equal scores by name); an empty query lists every service of the need (and district),
        specific ones first.
        """
        meaning = self.interpret(query)
        n = len(self.records)
        scores = np.zeros(n)
        if meaning.empty:
            candidates = self._live[:n].copy()
        else:
            for code in meaning.needs:
                if code in self._by_need:
                    np.add(scores, NEED_SCORE, out=scores, where=self._by_need[code][:n])
            named = None
            for _typed, known in meaning.terms:
                best, in_this_name = np.zeros(n), np.zeros(n, dtype=bool)
                for word, similarity in known:
                    positions, weights, in_name = self._posting(word)
                    best[positions] = np.maximum(best[positions], weights * similarity)
                    in_this_name[in_name] = True
                scores += best
                named = in_this_name if named is None else named & in_this_name
            if named is not None:  # every word typed is in the service's name
                np.add(scores, NAME_SCORE, out=scores, where=named)
            candidates = scores > 0
        if need:
            candidates &= self._by_need[need][:n] if need in self._by_need else False
        if district:
            local = self._by_district[district][:n] if district in self._by_district else np.zeros(n, dtype=bool)
            candidates &= local | self._force_wide[:n]
            scores = scores + np.where(local, DISTRICT_SCORE, 0.0)
        positions = np.flatnonzero(candidates)
        if limit and len(positions) > limit:
            positions = self._top(positions, scores[positions], limit)
        sort_names = self.sort_names
        ranked = sorted((-score, sort_names[i], i) for score, i in zip(scores[positions].tolist(), positions.tolist()))
        if limit:
            ranked = ranked[:limit]
        return [(self.records[i], -negative) for negative, _name, i in ranked]

    def _top(self, positions, scores, limit):
        """The positions that can be among the best ``limit`` (highest score, then name), in no order.

        Narrowed in numpy by score and the names' first bytes; the few left are then sorted exactly.
        """
        negative = -scores
        cut = np.partition(negative, limit - 1)[limit - 1]
        group = negative <= cut
        positions, negative = positions[group], negative[group]
        keys = self._name_keys[positions]
        last = np.lexsort((keys, negative))[limit - 1]
        return positions[(negative < negative[last]) | ((negative == negative[last]) & (keys <= keys[last]))]

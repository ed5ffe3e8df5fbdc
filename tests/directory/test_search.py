"""Search: needs from officers' words and abbreviations, typos forgiven, ranked by need and district."""

import pytest

from core.directory.records import ServiceRecord
from core.directory.search import SearchIndex, read_needs


def service(name, needs=(), districts=(), description="", phone="0161 496 0100"):
    return ServiceRecord(provider="test", id=name.lower().replace(" ", "-"), name=name, needs=tuple(needs),
                         districts=tuple(districts), description=description, phone=phone)


SERVICES = [
    service("Safe Homes", ["domestic_abuse"], description="Advisers for anyone experiencing domestic abuse."),
    service("Northtown Refuge", ["domestic_abuse", "housing_homelessness"], ["Northtown"],
            description="Refuge accommodation for women."),
    service("Shelter Point", ["housing_homelessness"], description="Advice for people who are homeless."),
    service("Quiet Street Mediation", ["anti_social_behaviour"], ["Southmere"], description="Neighbour disputes."),
    service("Mindful Counselling", ["mental_health"], description="Trauma counselling after crime."),
    service("Safer Doors", ["burglary_target_hardening"], ["Northtown", "Southmere"], description="Lock changes."),
]


@pytest.fixture
def index():
    return SearchIndex(SERVICES)


def names(results):
    return [record.name for record, _score in results]


@pytest.mark.parametrize("typed, need", [
    ("DV", "domestic_abuse"),
    ("domestic violence", "domestic_abuse"),
    ("domestik violense", "domestic_abuse"),
    ("mental helth", "mental_health"),
    ("ASB", "anti_social_behaviour"),
    ("homeles", "housing_homelessness"),
    ("burgled", "burglary_target_hardening"),
    ("RTC", "road_traffic_collisions"),
    ("trafficking", "modern_slavery"),
    ("foodbank", "financial_hardship"),
    ("rape", "sexual_violence"),
])
def test_officers_words_and_abbreviations_mean_needs(typed, need):
    found, _rest = read_needs(typed)
    assert need in found


def test_an_unknown_word_means_no_need():
    assert read_needs("xyzzy") == (frozenset(), ["xyzzy"])


def test_dv_finds_domestic_abuse_services(index):
    assert set(names(index.search("DV"))) == {"Safe Homes", "Northtown Refuge"}


def test_a_typo_in_a_need_still_finds_it(index):
    assert set(names(index.search("homeles"))) == {"Northtown Refuge", "Shelter Point"}


def test_a_typo_in_a_services_own_words_still_finds_it(index):
    assert names(index.search("councelling")) == ["Mindful Counselling"]
    assert names(index.search("mediaton")) == ["Quiet Street Mediation"]


def test_a_word_that_matches_nothing_finds_nothing(index):
    assert index.search("xyzzy") == []


def test_a_district_search_leaves_out_services_that_do_not_cover_it(index):
    assert "Quiet Street Mediation" not in names(index.search("ASB", district="Northtown"))
    assert names(index.search("ASB", district="Southmere")) == ["Quiet Street Mediation"]


def test_a_districts_own_service_ranks_above_a_force_wide_one(index):
    assert names(index.search("DV", district="Northtown")) == ["Northtown Refuge", "Safe Homes"]


def test_browsing_a_need_lists_every_service_of_it_specific_first(index):
    assert names(index.search("", need="housing_homelessness", district="Northtown")) == [
        "Northtown Refuge", "Shelter Point"]
    assert names(index.search("", need="housing_homelessness", district="Southmere")) == ["Shelter Point"]


def test_a_need_filter_narrows_a_word_search(index):
    assert names(index.search("women", need="housing_homelessness")) == ["Northtown Refuge"]
    assert index.search("women", need="mental_health") == []


def test_matching_more_of_what_was_asked_ranks_higher(index):
    ranked = names(index.search("domestic abuse refuge"))
    assert ranked[0] == "Northtown Refuge"


def test_nothing_asked_lists_everything_up_to_the_limit(index):
    assert len(index.search("", limit=None)) == len(SERVICES)
    assert len(index.search("", limit=2)) == 2
    assert len(index.search("DV", limit=1)) == 1


def test_a_services_own_name_comes_first_even_when_its_words_are_also_a_need():
    index = SearchIndex(SERVICES + [service("Community Counselling", [], description="Talking therapy.")])
    assert names(index.search("community counselling"))[0] == "Community Counselling"
    assert names(index.search("comunity counseling"))[0] == "Community Counselling"
    assert "Mindful Counselling" in names(index.search("community counselling"))  # the need still counts


def test_many_equal_scores_beyond_the_limit_are_cut_by_name():
    same = [service(f"Fraud Desk {letter}", ["fraud_scams"], phone=f"0161 496 01{n:02d}")
            for n, letter in enumerate("QWERTYUIOPASDFGH")]
    index = SearchIndex(same + [service("Fraud Desk Aardvark Extended", ["fraud_scams"])])
    assert names(index.search("scam", limit=3)) == ["Fraud Desk A", "Fraud Desk Aardvark Extended", "Fraud Desk D"]
    assert names(index.search("scam", limit=None)) == sorted(names(index.search("scam", limit=None)))


QUERIES = ["DV", "homeles", "councelling", "refuge women", "ASB", "", "xyzzy", "safe", "doors lock"]


def every_answer(index):
    return {(query, need, district, limit): [(record.id, score) for record, score in
                                             index.search(query, need=need, district=district, limit=limit)]
            for query in QUERIES for need in (None, "domestic_abuse") for district in (None, "Northtown")
            for limit in (None, 2)}


def test_an_index_updated_service_by_service_answers_as_one_built_afresh():
    index = SearchIndex(SERVICES)
    every_answer(index)  # what it has worked out for these words must not go stale
    edited = service("Safe Homes", ["domestic_abuse", "stalking_harassment"], ["Northtown"],
                     description="Stalking advocates and lock changes.")
    added = service("Harbour Doors", ["burglary_target_hardening"], ["Northtown"], description="Locks fitted free.")
    index.update(changed=[edited, added], removed=["mindful-counselling"])
    services = [edited if s.id == edited.id else s for s in SERVICES if s.id != "mindful-counselling"] + [added]
    assert every_answer(index) == every_answer(SearchIndex(services))
    assert names(index.search("councelling")) == [] and names(index.search("Harbour")) == ["Harbour Doors"]

"""A photo answer's sentence that states a count the detector contradicts is dropped; other
sentences, and counts the detector did not make, are kept."""

from __future__ import annotations

import pytest

from assistant.count_check import contradicts, drop_contradictions, stated_counts


@pytest.mark.parametrize(("sentence", "label", "counts"), [
    ("The photo shows a person.", "person", [1]),
    ("Two smiling people stand in a hall.", "person", [2]),
    ("There are 3 persons and one tie.", "person", [3]),
    ("There are 3 persons and one tie.", "tie", [1]),
    ("A red bus and two buses behind it.", "bus", [1, 2]),
    ("Two men, each wearing a tie.", "tie", []),  # per person, not in the photo
    ("A man in a suit.", "person", []),  # not the detector's word: not judged
    ("People are walking.", "person", []),  # no number given
    ("A group of people waits.", "person", []),  # a count of groups, not of people
    ("A couple of people chat.", "person", []),
])
def test_stated_counts(sentence, label, counts):
    assert stated_counts(sentence, label) == counts


def test_a_sentence_contradicts_only_a_count_that_differs():
    counts = {"person": 3, "tie": 2}
    assert contradicts("The photo shows a person.", counts)
    assert contradicts("I see two people.", counts)
    assert not contradicts("Three people stand in front of a wall.", counts)
    assert not contradicts("Two ties are visible.", counts)
    assert not contradicts("A dog sleeps.", counts)  # the detector counted no dogs: not judged
    assert contradicts("There are no people here.", counts)
    assert contradicts("The vision tools found no objects in the image.", counts)
    assert contradicts("The photo does not contain any recognizable text or objects.", counts)
    assert not contradicts("There is no text in the photo.", counts)
    assert not contradicts("No dogs are visible.", counts)
    assert not contradicts("The vision tools found no objects.", {})  # nothing was found: true


def test_drop_keeps_the_other_sentences_and_paragraphs():
    answer = "The photo shows a person. He wears a suit.\n\nThere is one tie.\nThe wall is white."
    kept, dropped = drop_contradictions(answer, {"person": 3, "tie": 2})
    assert kept == "He wears a suit.\n\nThe wall is white."
    assert dropped == ["The photo shows a person.", "There is one tie."]


def test_nothing_dropped_without_counts_or_when_all_agree():
    assert drop_contradictions("The photo shows a person.", {}) == ("The photo shows a person.", [])
    assert drop_contradictions("Three people.", {"person": 3}) == ("Three people.", [])


def test_an_answer_made_only_of_contradictions_becomes_empty():
    assert drop_contradictions("The photo shows a person.", {"person": 3})[0] == ""

"""The dateline of a wire story is where and by whom it was filed: not parsed for actors."""

from __future__ import annotations

import pytest

from actorgraph.extract.dateline import dateline_length


def rest(text: str) -> str:
    return text[dateline_length(text) :]


@pytest.mark.parametrize(
    ("text", "story"),
    [
        ("SEOUL -- Secretary of State Colin Powell said", "Secretary of State Colin Powell said"),
        (
            "BEIJING, Nov. 5 (Xinhua) -- Chinese President Hu Jintao met",
            "Chinese President Hu Jintao met",
        ),
        ("WASHINGTON (Reuters) - President Bush said", "President Bush said"),
        ("HONG KONG (Dow Jones)--China Mobile said", "China Mobile said"),
        ("NEW YORK, March 3 - The bank said", "The bank said"),
        ("AFP - Kidnapped Briton Margaret Hassan urged", "Kidnapped Briton Margaret Hassan urged"),
        ("AP - Germany declined the chance", "Germany declined the chance"),
        ("Reuters - The U.N. Security Council imposed", "The U.N. Security Council imposed"),
        ("Canadian Press - VERNON, B.C. (CP) - Glen Evely was", "Glen Evely was"),
        ("UN (AP) - The world body said", "The world body said"),
    ],
)
def test_a_dateline_is_left_out(text: str, story: str) -> None:
    assert rest(text) == story


@pytest.mark.parametrize(
    "text",
    [
        "NATO -- the alliance said it would stay",  # a body in capitals is the subject
        "OPEC - The cartel cut output",
        "US - China talks resumed",  # so is a country
        "Germany - France relations improved",  # no outlet, no place in capitals
        "The U.S. - led coalition attacked",
        "Pakistan and Russia agreed on Thursday",
        "\n\nPakistan and Russia agreed",
        "",
        "SEOUL",
        "SEOUL --",  # nothing after the dash: no story to start
    ],
)
def test_a_story_without_a_dateline_is_kept_whole(text: str) -> None:
    assert dateline_length(text) == 0

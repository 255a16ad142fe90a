from triage.linking.review import LinkReview, linker_figures


def test_figures_count_kept_and_undone_automatic_links_and_suggestion_quality() -> None:
    figures = linker_figures([
        LinkReview("linked", 1, 1),             # confirmed
        LinkReview("linked", 2, None),          # rejected: wrong
        LinkReview("linked", 3, 4),             # another child: wrong
        LinkReview("suggested", None, 5, (5, 6)),
        LinkReview("ambiguous", None, 6, (5, 6)),
        LinkReview("suggested", None, 9, (5, 6)),
        LinkReview("suggested", None, None, (5,)),  # rejected suggestion: not a decision on a case
        LinkReview("none", None, 7),
    ])
    assert (figures.automatic_reviewed, figures.automatic_confirmed, figures.automatic_wrong) == (3, 1, 2)
    assert (figures.suggestions_decided, figures.suggestions_top_candidate, figures.suggestions_in_candidates) == (3, 1, 2)
    assert figures.unlinked_then_found == 1
    assert "WRONG (unlinked or another child): 2/3 (67%)" in figures.lines()[2]


def test_no_reviews_is_not_an_error() -> None:
    assert linker_figures([]).lines()[1] == "  confirmed: 0/0"

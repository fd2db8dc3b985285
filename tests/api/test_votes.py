"""Votes the Popolo way: a VoteEvent with a Count per option and each named Vote."""


def test_named_votes_give_counts_and_each_vote(client, world):
    decision = client.get(f"/api/v1/decisions/{world['decisions']['named'].id}").get_json()
    people = world["people"]
    event = decision["vote_event"]
    assert event["result"] == "pass"
    assert event["mode"] == "named"
    assert event["counts"] == [
        {"option": "yes", "value": 2},
        {"option": "no", "value": 1},
        {"option": "abstain", "value": 1},
    ]
    assert event["votes"] == [
        {"voter": {"id": people["Andris Broks"], "name": "Andris Broks"}, "option": "yes"},
        {"voter": {"id": people["Jānis Vecais"], "name": "Jānis Vecais"}, "option": "abstain"},
        {"voter": {"id": people["Līga Ērgle"], "name": "Līga Ērgle"}, "option": "yes"},
        {"voter": {"id": people["Ņina Šķēle"], "name": "Ņina Šķēle"}, "option": "no"},
    ]


def test_totals_only_votes_give_counts_and_no_names(client, world):
    decision = client.get(f"/api/v1/decisions/{world['decisions']['totals'].id}").get_json()
    assert decision["vote_event"] == {
        "result": "pass",
        "mode": "totals",
        "counts": [
            {"option": "yes", "value": 14},
            {"option": "no", "value": 0},
            {"option": "abstain", "value": 1},
        ],
        "votes": [],
    }


def test_a_rejected_decision_fails_and_one_without_outcome_has_no_result(client, login_as, world):
    login_as("staff")
    rejected = client.get(f"/api/v1/decisions/{world['decisions']['signatories'].id}").get_json()
    assert rejected["adopted"] is False and rejected["vote_event"]["result"] == "fail"
    open_one = client.get(f"/api/v1/decisions/{world['decisions']['members'].id}").get_json()
    assert open_one["adopted"] is None and open_one["vote_event"]["result"] is None
    assert open_one["vote_event"]["counts"] == [
        {"option": "yes", "value": 0},
        {"option": "no", "value": 0},
        {"option": "abstain", "value": 0},
    ]


def test_lists_carry_counts_without_the_names(client, world):
    items = {d["title"]: d for d in client.get("/api/v1/decisions").get_json()["items"]}
    named = items["Par ziņojumu ar vārdiskiem balsojumiem"]["vote_event"]
    assert [c["value"] for c in named["counts"]] == [2, 1, 1]
    assert "votes" not in named


def test_the_decision_names_its_meeting_body_and_date(client, world):
    decision = client.get(f"/api/v1/decisions/{world['decisions']['named'].id}").get_json()
    assert decision["date"] == "2025-09-03"
    assert decision["number"] == "12"
    assert decision["meeting"]["number"] == "7"
    assert decision["body"]["name"] == "Memoranda padome"
    assert decision["links"]["meeting"].endswith(
        f"/api/v1/meetings/{world['meetings']['public'].id}"
    )


def test_memberships_the_oparl_way(client, world):
    body = client.get(f"/api/v1/bodies/{world['council'].id}").get_json()
    assert body["member_count"] == 3  # the ended term no longer counts
    chair = next(m for m in body["memberships"] if m["role"] == "chair")
    assert chair["person"]["name"] == "Andris Broks"
    assert chair["on_behalf_of"] == {"id": world["signatory"], "name": "Biedrība „Ābele”"}
    assert chair["voting_right"] is True and chair["start_date"] == "2024-01-01"
    assert chair["end_date"] is None
    observer = next(m for m in body["memberships"] if m["role"] == "observer")
    assert observer["voting_right"] is False
    former = next(m for m in body["memberships"] if m["person"]["name"] == "Jānis Vecais")
    assert former["end_date"] == "2023-12-31"

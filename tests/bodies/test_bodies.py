import datetime as dt

from ..helpers import lv, text_of


def test_council_and_working_groups_with_current_members(
    client, login_as, make_body, make_person, make_membership, make_organisation, make_meeting
):
    council = make_body(name="NVO un MK sadarbības memoranda īstenošanas padome")
    group = make_body(name="Finanšu (budžeta) un nodokļu darba grupa", kind="working_group")
    alliance = make_organisation(name="Latvijas Pilsoniskā alianse")
    georgs = make_person("Georgs Rubenis", alliance)
    former = make_person("Bijušais Loceklis")
    make_membership(georgs, council, position="deputy_chair")
    make_membership(former, council, end_on=dt.date(2020, 12, 31))
    make_meeting(body=council, title="Memoranda padomes sēde", visibility="members")
    login_as("member")

    listing = text_of(client.get("/bodies/"))
    assert "NVO un MK sadarbības memoranda īstenošanas padome " + lv("Council") + " 1" in listing
    assert "Finanšu (budžeta) un nodokļu darba grupa" in listing

    page = text_of(client.get(f"/bodies/{council.id}"))
    assert "Georgs Rubenis " + lv("Deputy chair") in page
    assert "Bijušais Loceklis" not in page
    assert "Memoranda padomes sēde" in page
    assert client.get(f"/bodies/{group.id}").status_code == 200
    assert client.get("/bodies/999999").status_code == 404

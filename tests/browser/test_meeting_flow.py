"""A staff member logs a council session end to end, in a real browser."""

import pytest
from playwright.sync_api import expect

from ..helpers import lv
from .conftest import sign_in

pytestmark = pytest.mark.browser


def test_staff_log_a_session_end_to_end(
    page, make_user, make_body, make_person, make_membership, make_organisation
):
    council = make_body(name="NVO un MK sadarbības memoranda īstenošanas padome")
    alliance = make_organisation(name="Latvijas Pilsoniskā alianse")
    georgs = make_person("Georgs Rubenis", alliance)
    anna = make_person("Anna Bērziņa", alliance)
    make_membership(georgs, council, position="deputy_chair")
    make_membership(anna, council)
    staff = make_user("staff", name="Līga Vītola")

    sign_in(page, staff)  # with the code from the authenticator app
    expect(page.locator(".who")).to_contain_text("Līga Vītola")

    # create a session
    page.get_by_role("link", name=lv("New meeting")).first.click()
    page.get_by_label(lv("Body")).select_option(label=council.name)
    page.get_by_label(lv("Kind"), exact=True).select_option("session")
    page.get_by_label(lv("Title")).fill("Memoranda padomes sēde")
    page.get_by_label(lv("Protocol number")).fill("9")
    page.get_by_label(lv("Date"), exact=True).fill("24.09.2025.")
    page.get_by_label(lv("Starts at")).fill("10:00")
    page.get_by_label(lv("Ends at")).fill("12:00")
    page.get_by_label(lv("Place")).fill("Valsts kanceleja, Rīga")
    page.get_by_role("button", name=lv("Save")).click()
    expect(page.get_by_role("heading", name="Memoranda padomes sēde")).to_be_visible()
    expect(page.get_by_text("2025. gada 24. septembris")).to_be_visible()

    # two agenda items, then put the second first
    page.get_by_role("link", name=lv("Agenda"), exact=True).click()
    for title in ("Sekretariāta aktualitātes", "Jaunatnes testa ieviešana"):
        page.get_by_label(lv("Agenda item"), exact=True).fill(title)
        page.get_by_role("button", name=lv("Add")).click()
    rows = page.locator("table.agenda-edit tbody tr")
    expect(rows).to_have_count(2)
    rows.nth(1).get_by_role("button", name="↑").click()
    expect(rows.nth(0)).to_contain_text("1.§")
    expect(rows.nth(0)).to_contain_text("Jaunatnes testa ieviešana")
    expect(rows.nth(1)).to_contain_text("Sekretariāta aktualitātes")

    # attendance: both council members listed, present in person; one took part remotely
    page.locator("nav.tabs").get_by_role("link", name=lv("Attendance")).click()
    page.get_by_label(lv("%(name)s took part", name="Anna Bērziņa")).select_option("remote")
    page.get_by_role("button", name=lv("Save attendance")).click()
    attendance = page.locator("#attendance table.list")
    expect(attendance).to_contain_text("Georgs Rubenis")
    expect(attendance.locator("tr", has_text="Anna Bērziņa")).to_contain_text(lv("Remotely"))

    # a decision on the first item, with named votes
    page.get_by_role("link", name=lv("Agenda"), exact=True).click()
    page.locator("table.agenda-edit tbody tr").nth(0).get_by_role(
        "link", name=lv("Decision")
    ).click()
    page.get_by_label(lv("Decision number")).fill("1")
    page.get_by_label(lv("Title")).fill("Par jaunatnes testa ieviešanu")
    page.get_by_label(lv("Outcome")).select_option("yes")
    page.get_by_label(f"Georgs Rubenis: {lv('For')}").check()
    page.get_by_label(f"Anna Bērziņa: {lv('Abstain')}").check()
    expect(page.locator("p.tally")).to_contain_text(lv("Adopted"))
    page.get_by_role("button", name=lv("Save"), exact=True).click()
    expect(page.locator("p.vote")).to_contain_text(
        "PAR – 1 (G.Rubenis), PRET – nav, ATTURAS – 1 (A.Bērziņa)"
    )

    # a conclusion that needs action, and the action
    page.get_by_role("link", name=lv("Conclusions"), exact=True).first.click()
    page.get_by_label(lv("Kind")).select_option("issue")
    page.get_by_label(lv("Conclusion")).fill(
        "Nepieciešams nodrošināt valsts pārvaldes pārstāvju dalību visās sēdes daļās."
    )
    page.get_by_role("button", name=lv("Add")).click()
    page.get_by_role("link", name=lv("+ action")).click()
    page.get_by_label(lv("Action"), exact=True).fill("Uzaicināt ministriju pārstāvjus")
    page.get_by_label(lv("Owner (person)")).select_option(label="Georgs Rubenis")
    page.get_by_label(lv("Due date"), exact=True).fill("01.10.2025.")
    page.get_by_role("button", name=lv("Save")).click()
    expect(page.get_by_role("heading", name="Uzaicināt ministriju pārstāvjus")).to_be_visible()

    # the tracker shows it, overdue
    page.get_by_role("link", name=lv("Follow-up actions")).first.click()
    row = page.locator("table.list tbody tr", has_text="Uzaicināt ministriju pārstāvjus")
    expect(row).to_contain_text("Georgs Rubenis")
    expect(row).to_contain_text("01.10.2025.")
    expect(row).to_contain_text(lv("overdue"))


def test_field_errors_show_beside_the_field(page, make_user, make_body):
    make_body(name="Memoranda padome")
    sign_in(page, make_user("staff"))
    page.goto("/meetings/new")
    page.get_by_label(lv("Date"), exact=True).fill("31.02.2025.")
    page.get_by_role("button", name=lv("Save")).click()
    date_field = page.locator(".field", has=page.locator("#date"))
    expect(date_field.locator(".error")).to_have_text(
        lv("Not a real date: write it as day.month.year, e.g. 03.09.2025.")
    )
    expect(page.locator(".field", has=page.locator("#title")).locator(".error")).to_have_text(
        lv("This field is required.")
    )
    expect(page.locator("#date")).to_have_attribute("aria-invalid", "true")


def test_focus_date_picker_and_skip_link(page, make_user, make_body):
    make_body(name="Memoranda padome")
    sign_in(page, make_user("staff"))
    page.goto("/meetings/new")
    # the first thing the keyboard reaches is the way past the navigation
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name=lv("Skip to the content"))).to_be_focused()
    # the browser's calendar fills the field in as people write dates
    picker = page.get_by_label(lv("%(field)s: pick on the calendar", field=lv("Date")), exact=True)
    expect(picker).to_be_visible()
    picker.fill("2025-09-03")
    expect(page.get_by_label(lv("Date"), exact=True)).to_have_value("03.09.2025.")
    # a refused submit puts the focus on the first field in error
    page.get_by_role("button", name=lv("Save")).click()
    expect(page.locator("#title")).to_be_focused()
    expect(page.get_by_label(lv("Date"), exact=True)).to_have_value("03.09.2025.")

"""PDF minutes, summaries and attendance sheets: what a reader checks, and safety."""

from secretariat.extensions import db

from ..helpers import DIACRITICS, pdf_text


def test_minutes_read_like_the_official_form(runner, session, tmp_path):
    out = tmp_path / "protokols.pdf"
    result = runner.invoke(args=["pdf", "minutes", str(session.id), "-o", str(out)])
    assert result.exit_code == 0, result.output
    text, pages, fonts = pdf_text(out.read_bytes())
    assert "PROTOKOLS Nr.9" in text
    assert "2025. gada 24. septembris" in text
    assert "Sēdi vada: Anna Bērziņa" in text and "Protokolētājs: Gints Āboliņš" in text
    assert "Protokolētājs Gints Āboliņš" in text  # the same word at the signatures
    assert "Piedalās klātienē: Anna Bērziņa (Latvijas Pilsoniskā alianse)." in text
    assert "Piedalās attālināti: Jānis Kalniņš." in text
    assert "Uzaicinātie viesi: Viesis Vītols (Kultūras ministrija, attālināti)." in text
    assert "Deleģētie eksperti: Ērika Ģērmane (aizvieto: Jānis Kalniņš)." in text
    assert "1.§ Sekretariāta aktualitātes" in text and "2.§ Burti:" in text
    assert "Lēmums Nr.12: Par jaunatnes testu (prot. Nr.9, 2.§)" in text
    assert "Atklāti balsojot: PAR – 2 (A.Bērziņa, J.Kalniņš), PRET – nav, ATTURAS – nav" in text
    assert "Pārrunāja deleģētā uzdevuma izpildi." in text
    for letter in DIACRITICS.split():
        assert letter in text, letter
    assert pages >= 1 and f"Lapa 1 / {pages}" in text
    assert fonts and all(font.startswith("Secretariat-Sans") for font in fonts), fonts


def test_minutes_in_english_when_asked(runner, session, tmp_path):
    out = tmp_path / "minutes.pdf"
    runner.invoke(args=["pdf", "minutes", str(session.id), "-o", str(out), "--locale", "en"])
    text, _, _ = pdf_text(out.read_bytes())
    assert "MINUTES No. 9" in text and "24 September 2025" in text
    assert "FOR – 2 (A.Bērziņa, J.Kalniņš), AGAINST – none, ABSTAIN – none" in text


def test_summary_and_attendance_sheet(app, client, login_as, session, make_conclusion):
    make_conclusion(session, "issue", "Pietrūka valsts pārvaldes pārstāvju līdzdalības.")
    login_as("staff")
    response = client.get(f"/meetings/{session.id}/summary.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    disposition = response.headers["Content-Disposition"]
    assert disposition == 'attachment; filename="kopsavilkums-2025-09-24-nr9.pdf"'
    text, pages, _ = pdf_text(response.data)
    assert "Galvenie lēmumi" in text and "BET Pietrūka valsts pārvaldes" in text
    assert pages <= 2
    sheet, _, _ = pdf_text(client.get(f"/meetings/{session.id}/attendance-sheet.pdf").data)
    assert "Dalībnieku reģistrācijas lapa" in sheet
    assert "Anna Bērziņa" in sheet and "Gints Āboliņš" in sheet and "Paraksts" in sheet


def test_who_may_print_what(client, login_as, session, make_meeting):
    login_as("member")
    # no minutes circulated yet: for a member they do not exist
    assert client.get(f"/meetings/{session.id}/minutes.pdf").status_code == 404
    assert client.get(f"/meetings/{session.id}/attendance-sheet.pdf").status_code == 403
    assert client.get(f"/meetings/{session.id}/summary.pdf").status_code == 200
    internal = make_meeting(visibility="internal")
    assert client.get(f"/meetings/{internal.id}/summary.pdf").status_code == 404


def test_typed_text_cannot_make_the_renderer_read_or_call_anything(app, session):
    from secretariat.core.pdf import StaticOnlyFetcher, render_pdf
    from secretariat.documents.builders import minutes_html
    from secretariat.meetings.models import AgendaItem

    hostile = (
        '<img src="file:///etc/hostname"> <link rel="attachment" href="file:///etc/passwd">'
        '<script>document.write("x")</script> ![tracker](http://127.0.0.1:9/x.png) '
        '<iframe src="http://127.0.0.1:9/"></iframe>' + "Ļoti garš teksts. " * 3000
    )
    with app.app_context():
        item = db.session.scalars(
            db.select(AgendaItem).where(AgendaItem.meeting_id == session.id)
        ).first()
        item.notes = hostile
        db.session.commit()
        from secretariat.documents.builders import load_meeting

        with app.test_request_context():
            html = minutes_html(load_meeting(session.id, _staff()))
        fetcher = StaticOnlyFetcher()
        data = render_pdf(html, fetcher)
    assert "file:///" not in html and "<script" not in html and "127.0.0.1" not in html
    assert [url for url in fetcher.refused] == []  # nothing outside the static files was asked
    text, pages, _ = pdf_text(data)
    assert "Ļoti garš teksts." in text and pages > 5
    assert b"/EmbeddedFile" not in data


def test_the_fetcher_refuses_files_and_addresses_even_in_raw_html():
    from secretariat.core.pdf import StaticOnlyFetcher, render_pdf

    fetcher = StaticOnlyFetcher()
    data = render_pdf(
        '<p>Sveiki</p><img src="file:///etc/hostname"><img src="http://127.0.0.1:9/a.png">'
        '<link rel="attachment" href="file:///etc/passwd">'
        '<img src="/static/../../../../etc/hostname">',
        fetcher,
    )
    assert data.startswith(b"%PDF")
    assert b"/EmbeddedFile" not in data
    assert len(fetcher.refused) >= 3


def _staff():
    class Staff:
        is_authenticated = True
        role = "staff"

    return Staff()


def test_the_meeting_page_offers_the_documents(client, login_as, session):
    from ..conftest import submit
    from ..helpers import text_of

    login_as("staff")
    response = client.get(f"/meetings/{session.id}")
    page = text_of(response)
    assert f'href="/meetings/{session.id}/minutes"' in response.get_data(as_text=True)
    assert "Protokols vēl nav uzrakstīts" in page and "Kopsavilkums (PDF)" in page
    submit(client, "/logout", form_url="/")
    login_as("member")
    response = client.get(f"/meetings/{session.id}")
    assert "Kopsavilkums (PDF)" in text_of(response)
    assert f"/meetings/{session.id}/minutes" not in response.get_data(as_text=True)


def test_typed_titles_cannot_break_out_of_the_pdf_style(app, make_meeting):
    from secretariat.core.pdf import render_pdf
    from secretariat.documents.builders import attendance_sheet_html
    from secretariat.meetings.models import Meeting

    title = '</style><h1>IEVIETOTS</h1><style>"Sēde" & \\ <b>'
    meeting = make_meeting(title=title)
    with app.app_context(), app.test_request_context():
        html = attendance_sheet_html(db.session.get(Meeting, meeting.id))
        data = render_pdf(html)
    style = html[html.index("<style>") : html.index("</style>")]
    assert "<h1>" not in style and "</style" not in style[1:]
    text, _, _ = pdf_text(data)
    # shown as the text it is, in the title line and in the running header
    assert text.count("</style><h1>IEVIETOTS</h1><style>") == 2

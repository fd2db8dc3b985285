"""The monthly update's PDF: tagged, and in the language of its text. Its text is the
Latvian the secretariat wrote, so an English copy (only its frame is English) is /Lang lv."""

from secretariat.extensions import db
from secretariat.updates.document import update_html
from secretariat.updates.models import MonthlyUpdate

from ..conftest import submit
from ..helpers import pdf_structure, pdf_text


def test_update_pdf_is_tagged_and_read_in_latvian_whatever_its_frame(
    app, client, runner, tmp_path, login_as, draft
):
    update = draft(publish=True, text="### Sēdes\n\nPadome lēma par **budžetu**.")
    for locale in ("lv", "en"):
        out = tmp_path / f"apskats-{locale}.pdf"
        result = runner.invoke(
            args=["pdf", "update", "2025-09", "-o", str(out), "--locale", locale]
        )
        assert result.exit_code == 0, result.output
        pdf = pdf_structure(out.read_bytes())
        assert pdf.lang == "lv" and pdf.marked and pdf.pdfa == ("3", "U")
        assert {"H1", "H2", "P"} <= set(pdf.tags)  # the text's ### nests under the title
    assert "Published" in pdf_text(out.read_bytes())[0]  # the English frame
    with app.test_request_context(), app.app_context():
        html = update_html(db.session.get(MonthlyUpdate, update.id), "en")
    assert '<html lang="lv">' in html and '<div lang="en">Published' in html

    login_as("signatory")
    submit(client, "/language", {"lang": "en", "next": "/portal/"}, form_url="/portal/")
    served = client.get("/updates/2025-09.pdf").data
    assert "Published" in pdf_text(served)[0] and pdf_structure(served).lang == "lv"

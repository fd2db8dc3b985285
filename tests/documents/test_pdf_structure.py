"""Tagged PDFs: what a screen reader follows (the structure tree, read with pypdf) and
the language it reads them in, while they stay PDF/A-3u for the archive."""

from ..helpers import pdf_structure


def test_minutes_are_tagged_pdf_a_3u_in_latvian(runner, session, tmp_path):
    out = tmp_path / "protokols.pdf"
    result = runner.invoke(args=["pdf", "minutes", str(session.id), "-o", str(out)])
    assert result.exit_code == 0, result.output
    pdf = pdf_structure(out.read_bytes())
    assert pdf.lang == "lv" and pdf.marked and pdf.display_title
    assert pdf.pdfa == ("3", "U")
    assert pdf.tags[0] == "Document"
    assert {"H1", "H2", "P", "L", "LI"} <= set(pdf.tags)
    # each page's marked content belongs to the tree (its parent tree has every page)
    assert pdf.pages_in_parent_tree == pdf.pages


def test_an_english_copy_is_tagged_english(runner, session, tmp_path):
    out = tmp_path / "minutes.pdf"
    runner.invoke(args=["pdf", "minutes", str(session.id), "-o", str(out), "--locale", "en"])
    assert pdf_structure(out.read_bytes()).lang == "en"


def test_tables_keep_their_header_cells(client, login_as, session):
    login_as("staff")
    sheet = pdf_structure(client.get(f"/meetings/{session.id}/attendance-sheet.pdf").data)
    assert {"Table", "THead", "TR", "TH", "TD"} <= set(sheet.tags)
    summary = pdf_structure(client.get(f"/meetings/{session.id}/summary.pdf").data)
    assert summary.lang == "lv" and "H1" in summary.tags

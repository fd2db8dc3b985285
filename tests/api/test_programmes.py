"""Plans, measures and delegated tasks as an outside client reads them: exact amounts as
strings, and the open-data files a spreadsheet in Latvia opens."""

import csv
import io


def test_amounts_are_exact_decimal_strings(client, world):
    task = client.get(f"/api/v1/tasks/{world['task']}").get_json()
    assert task["budget"] == [
        {"year": 2020, "planned": "16000.00", "spent": "15999.99"},
        {"year": 2021, "planned": None, "spent": None},
    ]
    assert task["budget_total"] == {"planned": "16000.00", "spent": "15999.99"}
    assert task["indicators"][0]["target"] == "40" and task["indicators"][0]["achieved"] == "50.5"
    assert task["objectives"] == ["Veicināt līdzdalību.", "Sekmēt sadarbību."]
    assert task["report"] == {
        "status": "due",
        "due_on": "2021-03-01",
        "received_on": None,
        "meeting": None,
    }
    [measure] = client.get(f"/api/v1/measures?plan={world['plan']}").get_json()["items"]
    assert measure["funding"] == [
        {"year": 2019, "amount": "16000.00"},
        {"year": 2020, "amount": "0.10"},
    ]
    assert measure["status"] == "not_funded"
    assert measure["implementers"] == [{"id": world["signatory"], "name": "Biedrība „Ābele”"}]
    plan = client.get(f"/api/v1/plans/{world['plan']}").get_json()
    assert plan["status_counts"]["not_funded"] == 1
    assert plan["directions"][0]["goals"] == [{"number": "1.1", "title": "Līdzdalība"}]
    assert plan["documents"] == ["https://www.km.gov.lv/plans"]


def test_internal_plans_are_not_in_the_public_api(client, login_as, world):
    assert client.get(f"/api/v1/plans/{world['internal_plan']}").status_code == 404
    titles = [p["title"] for p in client.get("/api/v1/plans").get_json()["items"]]
    assert titles == ["Integrācijas politikas plāns"]
    login_as("staff")
    assert client.get(f"/api/v1/plans/{world['internal_plan']}").status_code == 200


def _rows(response):
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_open_data_files_of_measures_and_tasks(client, world):
    header, row = _rows(client.get("/open-data/measures.csv"))
    assert header[-2:] == [
        "Plānotais finansējums 2019. gadā (EUR)",
        "Plānotais finansējums 2020. gadā (EUR)",
    ]
    assert row[4] == "Valsts budžeta programma „NVO fonds”"
    assert row[7] == "Nav finansējuma" and row[-2:] == ["16000,00", "0,10"]
    header, first, second = _rows(client.get("/open-data/delegated-tasks.csv"))
    assert header[-3:] == ["Gads", "Plānots, EUR", "Izlietots, EUR"]
    assert first[-3:] == ["2020", "16000,00", "15999,99"] and second[-3:] == ["2021", "", ""]
    assert first[4:6] == ["2020-10-20", "2021-02-05"]

"""The seeds' 2025 data (seed 002): the council, its working groups and the autumn meetings,
then what today.py adds relative to the day it is loaded.

Loading twice changes nothing: every record is found by its natural key first. Council
members other than the deputy chair named in the seeds are invented demo people, so named
votes can be shown; they, and the organisations the demo adds, have e-mail addresses on
example domains. The protocol numbers of the 2025 sessions are invented too. Seed 004's
real public addresses stay in the register: a database holding demo data never mails them
(core/settings.py).
"""

import datetime as dt
import secrets
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from ..auth.models import User
from ..auth.services import create_user
from ..bodies.models import Body, Membership
from ..core.dates import riga_to_utc
from ..core.settings import DEMO_DATA, remember
from ..core.text import search_key
from ..decisions.services import record_decision, record_votes
from ..documents.services import approve, circulate, lock, minutes_of, save_minutes
from ..extensions import db
from ..followups.services import add_conclusion, add_progress_note, create_action
from ..meetings.models import Meeting
from ..meetings.services import add_agenda_item, add_breakout, create_meeting, record_attendance
from ..organisations.directory import apply_directory, plan_directory
from ..organisations.importer import apply_plan, plan_import
from ..organisations.models import Organisation
from ..organisations.queries import municipality_ids
from ..people.models import Person
from ..updates.models import Call, CommunicationItem, Rsvp
from ..updates.queries import update_for_month
from ..updates.services import add_communication_item, create_call, draft_update
from . import programmes, report, today

#: seed 004 as it came: the Sēlija municipal contacts and the NGO table
SEED_004 = Path(__file__).parent / "data" / "seed_004_contacts_and_ngos.txt"

COUNCIL = "NVO un Ministru kabineta sadarbības memoranda īstenošanas padome"
WORKING_GROUPS = (
    ("Sabiedrības iesaistes un atvērtās pārvaldības darba grupa", "Atvērtā pārvaldība"),
    ("Finanšu (budžeta) un nodokļu darba grupa", "Finanses un nodokļi"),
    ("Satura plānošanas darba grupa", "Satura plānošana"),
    (
        "Ar Memoranda padomes lēmumu dažādos formātos deleģēto pārstāvju koordinēšanas darba grupa",
        "Deleģēto pārstāvju koordinēšana",
    ),
)

ORGANISATIONS = (
    # name, kind, region, website, e-mail, phone, signed
    # the signatories' addresses are the demo's own, on example domains
    (
        "Latvijas Pilsoniskā alianse",
        "ngo",
        "Rīga",
        "https://nvo.lv",
        "alianse@example.lv",
        "+371 24245580",
        dt.date(2005, 6, 15),
    ),
    (
        "Vidusdaugavas NVO centrs",
        "ngo",
        "Sēlija",
        "",
        "vidusdaugava@example.lv",
        "",
        dt.date(2014, 3, 20),
    ),
    (
        "PROVIDUS",
        "ngo",
        "Rīga",
        "https://providus.lv",
        "providus@example.lv",
        "+371 67039252",
        dt.date(2005, 6, 15),
    ),
    (
        "Latvijas Lauku forums",
        "ngo",
        "Rīga",
        "https://laukuforums.lv",
        "laukuforums@example.lv",
        "+371 28855427",
        dt.date(2006, 2, 1),
    ),
    (
        "Apeirons",
        "ngo",
        "Rīga",
        "https://www.apeirons.lv",
        "apeirons@example.lv",
        "+371 29452606",
        dt.date(2007, 9, 12),
    ),
    (
        'Klubs "Māja" – jaunatne vienotai Eiropai',
        "ngo",
        "Rīga",
        "",
        "klubs-maja@example.lv",
        "",
        dt.date(2010, 5, 4),
    ),
    ("Valsts kanceleja", "ministry", "Rīga", "https://www.mk.gov.lv", "", "", None),
    ("Kultūras ministrija", "ministry", "Rīga", "https://www.km.gov.lv", "", "", None),
    (
        "Jēkabpils novada pašvaldība",
        "municipality",
        "Sēlija",
        "https://www.jekabpils.lv",
        "pasts@jekabpils.lv",
        "+371 28645857",
        None,
    ),
    (
        "Liepājas valstspilsētas pašvaldība",
        "municipality",
        "Kurzeme",
        "https://www.liepaja.lv",
        "",
        "",
        None,
    ),
)

# The deputy chair is named in seed 002; the others are invented for the demo.
COUNCIL_MEMBERS = (
    ("Georgs Rubenis", "deputy_chair", "Latvijas Pilsoniskā alianse"),
    ("Anna Bērziņa", "chair", "Valsts kanceleja"),
    ("Jānis Kalniņš", "member", "PROVIDUS"),
    ("Ilze Ozola", "member", "Latvijas Lauku forums"),
    ("Māris Liepiņš", "member", "Apeirons"),
    ("Dace Krūmiņa", "member", "Kultūras ministrija"),
    ("Andris Zariņš", "member", "Vidusdaugavas NVO centrs"),
    ("Līga Vītola", "member", "Latvijas Pilsoniskā alianse"),
    ("Raimonds Eglītis", "member", "Valsts kanceleja"),
    ("Inese Kļaviņa", "member", "Latvijas Lauku forums"),
    ("Kārlis Ošiņš", "member", "PROVIDUS"),
    ("Zane Šmite", "member", "Kultūras ministrija"),
    ("Edgars Ķēniņš", "member", 'Klubs "Māja" – jaunatne vienotai Eiropai'),
    ("Ieva Jansone", "member", "Apeirons"),
    ("Gints Āboliņš", "secretary", "Latvijas Pilsoniskā alianse"),
)

DEMO_ACCOUNTS = (
    ("admin@example.org", "admin", "Kristīne Administratore"),
    ("staff@example.org", "staff", "Elīna Sekretāre"),
    ("member@example.org", "member", "Jānis Kalniņš"),
    ("signatory@example.org", "signatory", "Laura Biedre (LPA)"),
)


@dataclass
class Credentials:
    password: str
    accounts: list[tuple[str, str]]


def _one(model, **key):
    return db.session.scalar(sa.select(model).filter_by(**key).limit(1))


def _get_or_create(model, key: dict, **fields):
    obj = _one(model, **key)
    if obj is None:
        obj = model(**key, **fields)
        db.session.add(obj)
        db.session.flush()
    return obj


def demo_password(instance_path: str) -> str:
    """One random password for the demo accounts, kept in instance/ so it can be shown again."""
    path = Path(instance_path) / "demo-password.txt"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    password = "demo-" + secrets.token_urlsafe(9)
    path.write_text(password + "\n")
    path.chmod(0o600)
    return password


def _organisation(name, kind, region, web, email, phone, signed) -> Organisation:
    # A municipality may already be there under another of its names, from a contacts
    # directory ("Jēkabpils novads"): the register keeps one organisation per municipality.
    known = municipality_ids({name}).get(name) if kind == "municipality" else None
    if known is not None:
        return db.session.get(Organisation, known)
    return _get_or_create(
        Organisation,
        {"name": name},
        kind=kind,
        region=region,
        website=web,
        emails=email,
        phones=phone,
        memorandum_signed_on=signed,
    )


def demo_email(name: str) -> str:
    """An invented person's address: "Anna Bērziņa" → anna.berzina@example.lv."""
    return ".".join(search_key(name).split()) + "@example.lv"


def load(instance_path: str) -> Credentials:
    remember(DEMO_DATA, "seed")  # from now on no mail leaves for a real address
    orgs = {row[0]: _organisation(*row) for row in ORGANISATIONS}
    council = _get_or_create(
        Body,
        {"name": COUNCIL},
        kind="council",
        short_name="Memoranda padome",
        position=0,
        mandate=(
            "Nodrošina nevalstisko organizāciju līdzdalību lēmumu pieņemšanā un uzrauga "
            "NVO un Ministru kabineta sadarbības memoranda īstenošanu."
        ),
    )
    groups = [
        _get_or_create(Body, {"name": name}, kind="working_group", short_name=short, position=i)
        for i, (name, short) in enumerate(WORKING_GROUPS, start=1)
    ]
    people = {}
    for name, position, org_name in COUNCIL_MEMBERS:
        person = _get_or_create(
            Person,
            {"name": name},
            organisation=orgs[org_name],
            title="Demonstrācijas dati",
            emails=demo_email(name),
            kind="member",
        )
        person.emails = person.emails or demo_email(name)
        people[name] = person
        _get_or_create(
            Membership,
            {"person_id": person.id, "body_id": council.id},
            position=position,
            on_behalf_of=orgs[org_name],
            voting_right=position != "secretary",
            start_on=dt.date(2025, 1, 1),
        )
    for group, (chair, member) in zip(
        groups,
        (
            ("Jānis Kalniņš", "Līga Vītola"),
            ("Ilze Ozola", "Raimonds Eglītis"),
            ("Georgs Rubenis", "Zane Šmite"),
            ("Māris Liepiņš", "Ieva Jansone"),
        ),
        strict=True,
    ):
        for name, position in ((chair, "chair"), (member, "member")):
            _get_or_create(
                Membership,
                {"person_id": people[name].id, "body_id": group.id},
                position=position,
                on_behalf_of=people[name].organisation,
                voting_right=True,
                start_on=dt.date(2025, 1, 1),
            )

    seed_004 = SEED_004.read_bytes()
    apply_plan(plan_import(seed_004, SEED_004.name))
    apply_directory(plan_directory(seed_004, SEED_004.name))

    _jekabpils(council, orgs, people)
    _forum(council)
    session = _september_session(council, orgs, people)
    call = _signatory_call(council, session)
    _liepaja(council, orgs, people)
    _minutes(council, session, people)
    today.load(council, groups, people)
    programmes.load(council)
    report.load()

    password = demo_password(instance_path)
    accounts = []
    for email, role, name in DEMO_ACCOUNTS:
        if _one(User, email=email) is None:
            create_user(
                email,
                password,
                role,
                name=name,
                organisation=orgs["Latvijas Pilsoniskā alianse"] if role == "signatory" else None,
                person=people["Jānis Kalniņš"] if role == "member" else None,
            )
        accounts.append((email, role))
    db.session.flush()
    _portal(council, groups, orgs, session, call)
    return Credentials(password=password, accounts=accounts)


def _meeting(body, kind, day, start, end, **fields) -> tuple[Meeting, bool]:
    starts_at = riga_to_utc(day, start)
    existing = _one(Meeting, body_id=body.id, kind=kind, starts_at=starts_at)
    if existing is not None:
        return existing, False
    meeting = create_meeting(
        body_id=body.id, kind=kind, starts_at=starts_at, ends_at=riga_to_utc(day, end), **fields
    )
    return meeting, True


def _attend_all(meeting, people, absent=(), remote=()):
    for name, person in people.items():
        mode = "absent" if name in absent else "remote" if name in remote else "in_person"
        record_attendance(meeting, person, mode, representing=person.organisation)


def _jekabpils(council, orgs, people):
    meeting, new = _meeting(
        council,
        "visiting_session",
        dt.date(2025, 9, 3),
        dt.time(10, 0),
        dt.time(16, 0),
        title="Memoranda padomes izbraukuma sēde Jēkabpilī",
        number="7",
        place="Jēkabpils Kopienu centrs",
        region="Sēlija",
        host_organisation_id=orgs["Vidusdaugavas NVO centrs"].id,
        status="held",
        visibility="public",
        description=(
            "Memoranda padomes sēde tika organizēta ciešā sadarbībā ar biedrību "
            '"Vidusdaugavas NVO centrs".'
        ),
    )
    if not new:
        return
    for title in (
        "Pilsoniskās līdzdalības iespējas Jēkabpils novadā",
        "Sabiedrības līdzdalība un iesaiste civilajā aizsardzībā",
        "Senioru līdzdalības iespējas",
    ):
        add_agenda_item(meeting, title)
    for topic in (
        'Kopienu sadarbības tīkla "Sēlijas salas" prezentācija par Sēlijas viedā reģiona '
        "stratēģiju",
        "Senioru līdzdalības jautājumi",
        "Mazākumtautību biedrību attīstības jautājumi",
        "Birokrātijas mazināšanas iespējas sadarbībā ar nevalstiskajām organizācijām",
    ):
        add_breakout(meeting, topic)
    _attend_all(
        meeting, people, absent=("Dace Krūmiņa", "Raimonds Eglītis"), remote=("Zane Šmite",)
    )
    add_conclusion(
        meeting,
        "finding",
        "Laba iespēja mazināt plaisu starp valsts pārvaldi un NVO; starp Rīgu un reģioniem.",
    )
    add_conclusion(
        meeting,
        "finding",
        "Laba iespēja reģioniem aktualizēt viņiem būtiskus jautājumus, iespēja veidot cieņpilnu "
        "dialogu starp iesaistītajām pusēm, kā arī veicināt sadarbību ilgtermiņā.",
    )
    first = add_conclusion(
        meeting,
        "issue",
        "Jēkabpils Kopienu centrā notikušajās darba grupās pietrūka valsts pārvaldes pārstāvju "
        "līdzdalības. Tādēļ nepieciešams nodrošināt valsts pārvaldes pārstāvju dalību visās "
        "reģionālo izbraukuma pasākumu daļās.",
    )
    second = add_conclusion(
        meeting,
        "issue",
        "Gadījumos, kad Memoranda padomes sēdē nepiedalās augstākā vadība, jānodrošina "
        "attiecīgās jomas eksperta deleģēšana; ja nav iespējama klātienes dalība, jāparedz "
        "pieslēgšanās attālināti.",
    )
    done = create_action(
        conclusion=first,
        title="Nodrošināt valsts pārvaldes pārstāvju dalību visās Liepājas izbraukuma sēdes daļās",
        owner_organisation_id=orgs["Valsts kanceleja"].id,
        owner_person_id=people["Raimonds Eglītis"].id,
        due_on=dt.date(2025, 10, 22),
    )
    add_progress_note(
        done,
        None,
        "Ministrijām nosūtīts uzaicinājums deleģēt pārstāvjus darba grupām.",
        "in_progress",
    )
    add_progress_note(done, None, "Liepājā darba grupās piedalījās ministriju pārstāvji.", "done")
    going = create_action(
        conclusion=second,
        title="Vienoties par eksperta deleģēšanas un attālinātas pieslēgšanās kārtību",
        owner_organisation_id=orgs["Valsts kanceleja"].id,
        due_on=dt.date(2025, 12, 31),
        status="in_progress",
    )
    # on the days they happened, not the day the demo is loaded (the activity report counts)
    for action in (done, going):
        action.created_at = riga_to_utc(dt.date(2025, 9, 3), dt.time(16, 0))
    done.completed_on = dt.date(2025, 10, 29)  # done at the Liepāja session


def _forum(council):
    meeting, new = _meeting(
        council,
        "forum",
        dt.date(2025, 9, 15),
        dt.time(10, 0),
        dt.time(16, 0),
        title='Memoranda padomes forums "Pilsoniskās sabiedrības attīstības stratēģija – kādu to '
        'vēlamies?"',
        place="Rīga",
        region="Rīga",
        status="held",
        participants_count=90,
        visibility="public",
        description=(
            "Dalībniekiem bija iespēja iesaistīties tematiskajās darba grupās (World Café), lai "
            "kopīgi noteiktu galvenos mērķus un risinājumus pilsoniskās sabiedrības stiprināšanai. "
            "Pēc diskusijām tiks prezentēti darba grupu kopsavilkumi un iezīmēta turpmākā "
            "stratēģijas izstrāde."
        ),
    )
    if new:
        add_agenda_item(
            meeting, "Pilsoniskās sabiedrības attīstības stratēģija – kādu to vēlamies?"
        )


def _september_session(council, orgs, people):
    meeting, new = _meeting(
        council,
        "session",
        dt.date(2025, 9, 24),
        dt.time(10, 0),
        dt.time(12, 0),
        title="Memoranda padomes sēde",
        number="8",
        place="Valsts kanceleja, Brīvības bulvāris 36, Rīga",
        region="Rīga",
        online_url="https://meet.example.org/memoranda-padome",
        status="held",
        visibility="members",
    )
    if not new:
        return meeting
    item = add_agenda_item(
        meeting,
        "Valsts pārvaldes deleģētā uzdevuma Memoranda padomes sekretariāta darbības "
        "nodrošināšanai īstenošanas aktualitātes",
        presenter="Latvijas Pilsoniskā alianse",
        duration_minutes=30,
    )
    add_agenda_item(meeting, "Dažādi", duration_minutes=10)
    _attend_all(meeting, people, absent=("Zane Šmite",), remote=("Ilze Ozola",))
    decision = record_decision(
        meeting,
        agenda_item_id=item.id,
        number="1",
        title="Par sekretariāta darbības aktualitātēm",
        text=(
            "1. Pieņemt zināšanai sekretariāta informāciju par deleģētā uzdevuma īstenošanu.\n"
            "2. Atbalstīt pētījuma «Padziļināta izpēte par biedrību un nodibinājumu sektoru» "
            "iepirkuma izsludināšanu."
        ),
        adopted=True,
        vote_mode="named",
    )
    voters = [
        people[name]
        for name, position, _ in COUNCIL_MEMBERS
        if position != "secretary" and name != "Zane Šmite"
    ]
    record_votes(decision, {person: "for" for person in voters})
    procurement = create_action(
        decision=decision,
        title="Izsludināt iepirkumu pētījumam par biedrību un nodibinājumu sektoru",
        owner_organisation_id=orgs["Latvijas Pilsoniskā alianse"].id,
        due_on=dt.date(2025, 9, 29),
        status="done",
    )
    procurement.created_at = riga_to_utc(dt.date(2025, 9, 24), dt.time(12, 0))
    procurement.completed_on = dt.date(2025, 9, 24)  # announced; submissions by 29.09. (seed 002)
    return meeting


def _signatory_call(council, session):
    meeting, new = _meeting(
        council,
        "signatory_call",
        dt.date(2025, 10, 2),
        dt.time(15, 0),
        dt.time(16, 0),
        title="Ikmēneša tiešsaistes saruna ar Memorandu parakstījušajām organizācijām",
        online_url="https://meet.example.org/memorands",
        status="held",
        visibility="signatories",
        description=(
            "Memoranda padomes vadītāja vietnieks Georgs Rubenis informē par pārrunāto un lemto "
            "sēdē, iespējām iesaistīties un atbild uz organizāciju jautājumiem."
        ),
    )
    if new:
        meeting.follows = session
    return meeting


def _liepaja(council, orgs, people):
    meeting, new = _meeting(
        council,
        "visiting_session",
        dt.date(2025, 10, 29),
        dt.time(10, 0),
        dt.time(16, 0),
        title="Memoranda padomes izbraukuma sēde Liepājā",
        number="9",
        place="Liepāja",
        region="Kurzeme",
        host_organisation_id=orgs["Liepājas valstspilsētas pašvaldība"].id,
        status="held",
        visibility="public",
    )
    if not new:
        return
    for title in (
        "Pilsoniskās līdzdalības iespējas Liepājā un Liepāja – "
        "Latvijas Jauniešu galvaspilsēta 2025",
        "Kultūra kā kopienas katalizators",
        "Jaunatnes testa ieviešana Latvijā",
    ):
        add_agenda_item(meeting, title)
    for topic in (
        "Sabiedrības līdzdalība civilajā aizsardzībā",
        "Brīvprātīgā darba attīstība reģionālā un nacionālā līmenī",
        "Kopienu veidošanās",
        "NVO inkubators – pašvaldības programma NVO kapacitātes stiprināšanai",
    ):
        add_breakout(meeting, topic)
    _attend_all(meeting, people, absent=("Kārlis Ošiņš",), remote=("Dace Krūmiņa", "Ieva Jansone"))


def _minutes(council, session, people):
    """The Jēkabpils minutes, approved at the September session and archived; the September
    minutes, circulated to the members and waiting for the October session."""
    jekabpils = _one(
        Meeting,
        body_id=council.id,
        kind="visiting_session",
        starts_at=riga_to_utc(dt.date(2025, 9, 3), dt.time(10, 0)),
    )
    if jekabpils.minutes is not None:
        return
    now = riga_to_utc(dt.date(2025, 9, 30), dt.time(12, 0))
    minutes = minutes_of(jekabpils)
    save_minutes(
        minutes,
        minutes.version,
        introduction=(
            "Sēde notiek Jēkabpils Kopienu centrā sadarbībā ar biedrību "
            "„Vidusdaugavas NVO centrs”. Sēdi atklāj padomes priekšsēdētāja."
        ),
        chaired_by=minutes.chaired_by,
        recorded_by=minutes.recorded_by,
        visibility="public",
        discussions={
            item.id: f"Pārrunāja tēmu „{item.title}”; dalībnieki uzdeva jautājumus."
            for item in jekabpils.agenda_items
        },
    )
    circulate(minutes, riga_to_utc(dt.date(2025, 9, 10), dt.time(9, 0)))
    approving = record_decision(
        session,
        agenda_item_id=session.agenda_items[-1].id,
        number="2",
        title="Par 03.09.2025. izbraukuma sēdes protokola apstiprināšanu",
        text="Apstiprināt Memoranda padomes 03.09.2025. izbraukuma sēdes protokolu.",
        adopted=True,
        vote_mode="totals",
        votes_for=12,
        votes_against=0,
        votes_abstain=0,
    )
    approve(minutes, approving, now)
    lock(minutes, now)

    september = minutes_of(session)
    save_minutes(
        september,
        september.version,
        introduction="Sēde notiek klātienē Valsts kancelejā un tiešsaistē.",
        chaired_by=september.chaired_by,
        recorded_by=september.recorded_by,
        visibility="members",
        discussions={
            session.agenda_items[0].id: (
                "Sekretariāts informē par deleģētā uzdevuma izpildi: notikušas divas "
                "izbraukuma sēdes, sagatavots **forums** un pētījuma iepirkums."
            )
        },
    )
    circulate(september, riga_to_utc(dt.date(2025, 10, 1), dt.time(9, 0)))


STUDY = "Padziļināta izpēte par biedrību un nodibinājumu sektoru"
EXPERT_POOL = "Ekspertu pūla atlase Memoranda padomes darba grupu atbalstam"


def _portal(council, groups, orgs, session, signatory_call):
    """Calls, communication items, RSVPs to the signatory call, and the September update."""
    if _one(Call, title=STUDY) is None:
        create_call(
            kind="procurement",
            title=STUDY,
            description=(
                "Ikgadējais sektora pētījums: biedrību un nodibinājumu skaits, darbības jomas, "
                "finansējums un cilvēkresursi.\n\nPiedāvājumus iesniedz **līdz 29.09.2025.** "
                "Elektronisko iepirkumu sistēmā."
            ),
            deadline_on=dt.date(2025, 9, 29),
            link_url="https://www.eis.gov.lv/",
            visibility="public",
        )
    if _one(Call, title=EXPERT_POOL) is None:
        create_call(
            kind="expert_pool",
            title=EXPERT_POOL,
            description="Aicinām pieteikties nozaru ekspertus darba grupu atzinumu sagatavošanai.",
            deadline_on=dt.date(2025, 10, 15),
            deadline_time=dt.time(17, 0),
            body_id=groups[2].id,
            visibility="signatories",
        )
    decision = session.decisions[0] if session.decisions else None
    for kind, title, url, day, about in (
        (
            "video_story",
            "Video stāsts: Memoranda padomes izbraukuma sēde Jēkabpilī",
            "https://nvo.lv/lv/video/izbraukuma-sede-jekabpili",
            dt.date(2025, 9, 10),
            None,
        ),
        (
            "infographic",
            "Infografika: ko lēma Memoranda padome septembrī",
            "https://nvo.lv/lv/infografika/padome-2025-09",
            dt.date(2025, 9, 26),
            decision,
        ),
    ):
        if _one(CommunicationItem, title=title) is None:
            add_communication_item(
                kind=kind,
                title=title,
                url=url,
                published_on=day,
                decision_id=about.id if about else None,
                visibility="public",
            )
    signatory = _one(User, email="signatory@example.org")
    for name, attending in (
        ("Latvijas Pilsoniskā alianse", True),
        ("PROVIDUS", True),
        ("Apeirons", False),
    ):
        _get_or_create(
            Rsvp,
            {"meeting_id": signatory_call.id, "organisation_id": orgs[name].id},
            attending=attending,
            user_id=signatory.id
            if signatory and signatory.organisation_id == orgs[name].id
            else None,
            answered_at=riga_to_utc(dt.date(2025, 9, 30), dt.time(11, 0)),
        )
    september = dt.date(2025, 9, 1)
    if update_for_month(september) is None:
        update = draft_update(september, body_id=council.id, visibility="signatories")
        # published as it was on 1 October; the demo mails no one (seed 004 has real addresses)
        update.status = "published"
        update.published_at = riga_to_utc(dt.date(2025, 10, 1), dt.time(9, 0))
        db.session.flush()

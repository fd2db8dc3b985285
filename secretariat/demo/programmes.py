"""What the council oversees, from seeds 000 and 001: the Ministry of Culture's plan
"Nacionālās identitātes, pilsoniskās sabiedrības un integrācijas politikas īstenošanas
plāns 2019.–2020. gadam" with its report presented to the council on 31.03.2021, and the
delegated task performed by "Zemgales nevalstisko organizāciju atbalsta centrs".

The plan's structure comes from one spreadsheet (data/seed_001_plan.csv) through the
import pipeline: the three directions and nine goals as the seed writes them, and 49
measures, 38 carried out, 10 not funded and 1 cancelled (Covid-19). The seed names only
some measures and implementers; the other measures say in their text that they are
illustrative. Loading twice changes nothing: the plan, the session and the task are found
by their natural keys first.
"""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa

from ..bodies.models import Body
from ..core.dates import riga_to_utc
from ..extensions import db
from ..meetings.models import Meeting
from ..meetings.services import add_agenda_item, create_meeting
from ..organisations.models import Organisation
from ..programmes import services
from ..programmes.imports import apply_structure, plan_structure
from ..programmes.models import DelegatedTask, Plan

SEED_001 = Path(__file__).parent / "data" / "seed_001_plan.csv"
PLAN_TITLE = (
    "Nacionālās identitātes, pilsoniskās sabiedrības un integrācijas politikas "
    "īstenošanas plāns 2019.–2020. gadam"
)
REPORT_TITLE = (
    "Informatīvais ziņojums „Nacionālās identitātes, pilsoniskās sabiedrības un "
    "integrācijas politikas īstenošanas plāna 2019.–2020. gadam izpilde un sasniegtie "
    "rezultāti”"
)
REPORT_DAY = dt.date(2021, 3, 31)
CONCLUSIONS = (
    "Plāns turpināja Nacionālās identitātes, pilsoniskās sabiedrības un integrācijas "
    "politikas pamatnostādnēs 2012.–2018. gadam noteikto uzdevumu īstenošanu, kā arī "
    "sagatavoja pāreju uz jauno – 2021.–2027. gada – plānošanas periodu.",
    "Pilsoniskās sabiedrības attīstības jomā būtiski tika stiprināta valsts budžeta "
    "programma „NVO fonds”, radot iespēju plašākam NVO lokam stiprināt kapacitāti, īstenojot "
    "pilsoniskās sabiedrības attīstībai svarīgus pasākumus un nodrošināt interešu "
    "aizstāvību. Tāpat tika nodrošināts atbalsts NVO līdzdalībai starptautiskos projektos.",
    "Nozīmīgs resurss iedzīvotāju līdzdalības veicināšanai bija „NVO reģionu programma”: "
    "NVO reģionu atbalsta centri bija nozīmīgs informācijas kanāls iedzīvotāju līdzdalībai "
    "politikas plānošanā.",
    "2020. gadā plāna pasākumu īstenošanu ietekmēja Covid-19 izraisītā epidemioloģiskā "
    "situācija; jaunie komunikācijas rīki un pieejas varētu tikt izmantoti arī turpmāk, "
    "ļaujot iesaistīt vairāk dalībnieku.",
)

TASK_TITLE = (
    "Atsevišķu valsts pārvaldes uzdevumu veikšana mazākumtautību līdzdalības veicināšanas jomā"
)
PERFORMER = "Zemgales nevalstisko organizāciju atbalsta centrs"
OBJECTIVES = (
    "Veicināt Zemgales reģiona mazākumtautību nevalstisko organizāciju darbības attīstību, "
    "brīvprātīgā darba popularizēšanu un jauniešu iesaisti.",
    "Sekmēt sadarbību starp dažādu mazākumtautību nevalstiskajām organizācijām, "
    "mazākumtautību nevalstisko organizāciju mijiedarbību ar plašāku sabiedrību, kā arī "
    "veicināt Latvijas mazākumtautību kultūras savpatnības saglabāšanu.",
)
#: name, unit, achieved, note (seed 000 gives the results, not the targets)
INDICATORS = (
    ("Atbalsts organizāciju aprīkojuma / inventāra iegādei", "organizācijas", 10, ""),
    (
        "Nodarbības",
        "nodarbības",
        13,
        "6 apmācības par tiešsaistes pasākumu rīkošanu, 6 latviešu valodas klubiņa "
        "nodarbības ar improvizācijas teātra elementiem, apmācības par MS Teams un MS Office 365.",
    ),
    (
        "Individuālās konsultācijas datorzinībās",
        "konsultācijas",
        50,
        "2020. gada novembrī un decembrī, t. sk. 21 konsultācija klātienē.",
    ),
    (
        "Organizācijas darbības attīstības plānošanas nodarbību cikls",
        "nodarbības",
        3,
        "Darbs ar 4 mazākumtautību organizāciju pārstāvjiem; piedalījās piecu Zemgales "
        "reģiona organizāciju pārstāvji.",
    ),
    ("Saskaņoti jaunu mājas lapu maketi", "maketi", 2, "istok.lv un spatkanne.lv"),
    ("Atbalstītas mazākumtautību organizāciju aktivitātes", "aktivitātes", 15, "7 organizācijām"),
    ("Organizācijas, kurām sadalīti dezinfekcijas līdzekļi", "organizācijas", 11, ""),
)
BENEFICIARIES = (
    (
        "Jelgavas baltkrievu biedrība „Ļanok”",
        "Portatīvais dators, soma datoram ar peli, datora austiņas, atmiņas karte un ārējais "
        "cietais disks",
    ),
    ("Jelgavas krievu biedrība „Istok”", "10 sieviešu krievu tautastērpi"),
    (
        "Latvijas Kazahstānas kultūras centrs „Saule”",
        "Molberti, t. sk. bērnu tāfele, un kancelejas preces glezniecības apmācībām un izstādei",
    ),
    (
        "Slāvu kultūras biedrība „Rodņik”",
        "6 vīriešu zābaku pāri kā tautas tērpa elements un portatīvā skanda",
    ),
    (
        "Jēkabpils Ukraiņu Kultūrizglītojošā biedrība „JAVIR”",
        "Portatīvais dators un ārējais cietais disks",
    ),
    ("Dobeles Vācu kultūras biedrība", "Portatīvais dators, datora soma un datora pele"),
    ("Jēkabpils baltkrievu biedrība „Spatkanne”", "Portatīvais dators, projektors un skandas"),
    (
        "Jelgavas pilsētas un rajona čigānu kultūras biedrība „Romanu čačipen”",
        "5 sieviešu romu tautas tērpi, 2 vīriešu romu tautas tērpu elementu komplekti un "
        "televizors",
    ),
    (
        "Biedrība „Jelgavas nacionālo kultūras biedrību asociācija”",
        "Portatīvais dators un portatīvā skanda",
    ),
    ("Aizkraukles krievu kopiena „LAD”", "Portatīvais dators"),
)
EVALUATION = (
    "Kaut tika atbalstīts mazāks biedrību skaits, bet tika organizēts plašs aktivitāšu "
    "klāsts, kā arī citās aktivitātēs tika organizēts vairāk pasākumu kā plānots "
    "(2. aktivitāte). Papildus sniegta viena konsultācija par mājas lapas uzlabošanas "
    "iespējām un sagatavots biedrības darbības video apkopojums; nodrošināta datu "
    "apkopošana un arhīva izveidošana vienai mazākumtautību biedrībai. Iegādāti "
    "dezinfekcijas līdzekļi, kas tika sadalīti visu 11 organizāciju starpā, kas piedalījās "
    "projekta aktivitātēs."
)


def _organisation(name: str, kind: str, region: str = "") -> Organisation:
    found = db.session.scalar(sa.select(Organisation).where(Organisation.name == name).limit(1))
    if found is None:
        found = Organisation(name=name, kind=kind, region=region, status="active")
        db.session.add(found)
        db.session.flush()
    return found


def _session_2021(council: Body) -> Meeting:
    """The council session of 31.03.2021 where both reports were presented (online, as
    sessions then were)."""
    starts_at = riga_to_utc(REPORT_DAY, dt.time(10))
    session = db.session.scalar(
        sa.select(Meeting).where(
            Meeting.body_id == council.id,
            Meeting.kind == "session",
            Meeting.starts_at == starts_at,
        )
    )
    if session is not None:
        return session
    session = create_meeting(
        body_id=council.id,
        kind="session",
        number="3",  # invented: the March session, after January's and February's
        title="Memoranda padomes sēde",
        starts_at=starts_at,
        ends_at=riga_to_utc(REPORT_DAY, dt.time(12)),
        online_url="https://meet.example.org/memoranda-padome",
        status="held",
        visibility="public",
        description="Demonstrācijas dati: sēde, kurā Kultūras ministrija iepazīstināja "
        "padomi ar plāna izpildi (seed 001).",
    )
    add_agenda_item(
        session,
        "Par Nacionālās identitātes, pilsoniskās sabiedrības un integrācijas politikas "
        "īstenošanas plāna 2019.–2020. gadam izpildi",
        presenter="Kultūras ministrija",
        duration_minutes=40,
    )
    add_agenda_item(
        session,
        "Par deleģētā valsts pārvaldes uzdevuma mazākumtautību līdzdalības veicināšanas "
        "jomā izpildi",
        presenter=PERFORMER,
        duration_minutes=20,
    )
    return session


def load(council: Body) -> None:
    """The plan with its 31.03.2021 report, and the delegated task, once."""
    session = _session_2021(council)
    ministry = _organisation("Kultūras ministrija", "ministry", "Rīga")
    _plan(session, ministry)
    _task(session, ministry)


def _plan(session: Meeting, ministry: Organisation) -> None:
    if db.session.scalar(sa.select(Plan.id).where(Plan.title == PLAN_TITLE)):
        return
    plan = services.create_plan(
        title=PLAN_TITLE,
        first_year=2019,
        last_year=2020,
        responsible_id=ministry.id,
        description="Kultūras ministrijas informatīvais ziņojums par plāna izpildi un "
        "sasniegtajiem rezultātiem, iesniegts NVO un MK sadarbības memoranda īstenošanas "
        "padomei 2021. gada 31. martā.",
        visibility="public",
    )
    import_plan = plan_structure(plan, SEED_001.read_bytes(), SEED_001.name)
    apply_structure(plan, import_plan)
    db.session.expire(plan, ["directions"])
    report = services.present_report(
        plan,
        session.agenda_items[0],
        title=REPORT_TITLE,
        presented_on=REPORT_DAY,
        presenter="Kultūras ministrija",
        conclusions_text="\n".join(CONCLUSIONS),
        visibility="public",
    )
    for text in CONCLUSIONS:
        services.draw_conclusion(report, "finding", text)


def _task(session: Meeting, ministry: Organisation) -> None:
    if db.session.scalar(sa.select(DelegatedTask.id).where(DelegatedTask.title == TASK_TITLE)):
        return
    performer = _organisation(PERFORMER, "ngo", "Zemgale")
    task = services.create_task(
        title=TASK_TITLE,
        delegating_id=ministry.id,
        performer_id=performer.id,
        starts_on=dt.date(2020, 10, 20),
        ends_on=dt.date(2021, 2, 5),
        objectives="\n".join(OBJECTIVES),
        evaluation=EVALUATION,
        visibility="public",
        review_item=session.agenda_items[1],
    )
    for name, unit, achieved, note in INDICATORS:
        services.add_task_row(
            task, "indicators", name=name, unit=unit, achieved=Decimal(achieved), note=note
        )
    for name, received in BENEFICIARIES:
        services.add_task_row(task, "beneficiaries", name=name, received=received)
    services.add_task_row(
        task, "budget", year=2020, planned=Decimal("16000.00"), spent=Decimal("16000.00")
    )
    services.add_task_row(task, "budget", year=2021)

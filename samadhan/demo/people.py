"""The people of the demo: staff of Sitara Home Store and the customers who write in.

Every name, address and number here is invented. Email domains are the
reserved ``example.*`` ones and staff live under ``demo.samadhan.test``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from samadhan.accounts.models import Role
from samadhan.demo.scenario import Script, Topic

WORKSPACE_NAME = "Sitara Home Store"
STAFF_DOMAIN = "demo.samadhan.test"


@dataclass(frozen=True, kw_only=True)
class TeamSpec:
    key: str
    name: str
    topics: tuple[Topic, ...]
    lead: str  # Staff.key of the person notes escalate to


TEAMS: tuple[TeamSpec, ...] = (
    TeamSpec(
        key="orders",
        name="Orders & Delivery",
        topics=(Topic.ORDERS, Topic.DELIVERY, Topic.ACCOUNT),
        lead="rohan",
    ),
    TeamSpec(
        key="payments",
        name="Payments & Warranty",
        topics=(Topic.PAYMENTS, Topic.REFUNDS, Topic.WARRANTY),
        lead="meera",
    ),
)
TEAM_FOR_TOPIC = {topic: team for team in TEAMS for topic in team.topics}


@dataclass(frozen=True, kw_only=True)
class Staff:
    key: str  # the email's local part, and so the preferred @handle
    name: str
    role: Role
    team: str  # TeamSpec.key, or "" for none
    languages: tuple[str, ...]
    topics: tuple[Topic, ...]
    ui_language: str
    # How the first name is written when signing a reply in each language.
    signatures: dict[str, str] = field(default_factory=dict)
    takes_tickets: bool = True

    @property
    def email(self) -> str:
        return f"{self.key}@{STAFF_DOMAIN}"

    def signature(self, language: str) -> str:
        return self.signatures.get(language, self.name.split(" ", 1)[0])


STAFF: tuple[Staff, ...] = (
    Staff(
        key="meera",
        name="Meera Iyer",
        role=Role.ADMIN,
        team="payments",
        languages=("en", "hi", "te"),
        topics=(Topic.PAYMENTS, Topic.REFUNDS, Topic.WARRANTY),
        ui_language="en",
        signatures={"hi": "मीरा", "te": "మీరా"},
        takes_tickets=False,
    ),
    Staff(
        key="rohan",
        name="Rohan Deshpande",
        role=Role.MANAGER,
        team="orders",
        languages=("mr", "hi", "en"),
        topics=(Topic.ORDERS, Topic.DELIVERY, Topic.ACCOUNT),
        ui_language="mr",
        signatures={"hi": "रोहन", "mr": "रोहन"},
        takes_tickets=False,
    ),
    Staff(
        key="lakshmi",
        name="Lakshmi Reddy",
        role=Role.AGENT,
        team="orders",
        languages=("te", "en"),
        topics=(Topic.ORDERS, Topic.DELIVERY, Topic.ACCOUNT),
        ui_language="te",
        signatures={"te": "లక్ష్మి"},
    ),
    Staff(
        key="sameer",
        name="Sameer Patil",
        role=Role.AGENT,
        team="orders",
        languages=("mr", "hi", "en"),
        topics=(Topic.ORDERS, Topic.DELIVERY, Topic.ACCOUNT),
        ui_language="hi",
        signatures={"hi": "समीर", "mr": "समीर"},
    ),
    Staff(
        key="karlis",
        name="Kārlis Vītols",
        role=Role.AGENT,
        team="orders",
        languages=("lv", "en"),
        topics=(Topic.ORDERS, Topic.DELIVERY, Topic.ACCOUNT),
        ui_language="lv",
    ),
    Staff(
        key="pooja",
        name="Pooja Sharma",
        role=Role.AGENT,
        team="payments",
        languages=("hi", "mr", "en"),
        topics=(Topic.PAYMENTS, Topic.REFUNDS, Topic.ACCOUNT),
        ui_language="hi",
        signatures={"hi": "पूजा", "mr": "पूजा"},
    ),
    Staff(
        key="srinivas",
        name="Srinivas Rao",
        role=Role.AGENT,
        team="payments",
        languages=("te", "hi", "en"),
        topics=(Topic.WARRANTY, Topic.PAYMENTS, Topic.REFUNDS),
        ui_language="te",
        signatures={"te": "శ్రీనివాస్", "hi": "श्रीनिवास"},
    ),
    Staff(
        key="ilze",
        name="Ilze Liepiņa",
        role=Role.AGENT,
        team="payments",
        languages=("lv", "en"),
        topics=(Topic.PAYMENTS, Topic.REFUNDS, Topic.WARRANTY),
        ui_language="lv",
    ),
    # Runs the Pune warehouse; reads tickets and answers notes, owns none.
    Staff(
        key="neha",
        name="Neha Joshi",
        role=Role.COLLABORATOR,
        team="orders",
        languages=("mr", "hi", "en"),
        topics=(Topic.DELIVERY,),
        ui_language="mr",
        takes_tickets=False,
    ),
)
STAFF_BY_KEY = {s.key: s for s in STAFF}


@dataclass(frozen=True, kw_only=True)
class OrganizationSpec:
    name: str
    domains: tuple[str, ...]


ORGANIZATIONS: tuple[OrganizationSpec, ...] = (
    OrganizationSpec(name="शर्मा इलेक्ट्रिकल्स", domains=("sharma-electricals.example.com",)),
    OrganizationSpec(name="Deshmukh Caterers", domains=("deshmukh-caterers.example.com",)),
    OrganizationSpec(name="శ్రీ లక్ష్మి టిఫిన్స్", domains=("srilakshmi-tiffins.example.com",)),
    OrganizationSpec(name="SIA Baltijas Biroji", domains=("baltijas-biroji.example.com",)),
    OrganizationSpec(name="Greenleaf Co-working", domains=("greenleaf.example.org",)),
)


@dataclass(frozen=True, kw_only=True)
class Customer:
    name: str
    language: str
    city: str  # as the customer writes it
    email: str = ""
    phone: str = ""
    organization: str = ""
    timezone: str = "Asia/Kolkata"
    currency: str = "INR"
    script: Script = Script.NATIVE


def _customer(
    language: str,
    name: str,
    city: str,
    email: str = "",
    phone: str = "",
    *,
    organization: str = "",
    script: Script = Script.NATIVE,
    timezone: str = "Asia/Kolkata",
    currency: str = "INR",
) -> Customer:
    return Customer(
        name=name,
        language=language,
        city=city,
        email=email,
        phone=phone,
        organization=organization,
        script=script,
        timezone=timezone,
        currency=currency,
    )


def _hi(name: str, city: str, email: str = "", phone: str = "", **kw: Any) -> Customer:
    return _customer("hi", name, city, email, phone, **kw)


def _mr(name: str, city: str, email: str = "", phone: str = "", **kw: Any) -> Customer:
    return _customer("mr", name, city, email, phone, **kw)


def _te(name: str, city: str, email: str = "", phone: str = "", **kw: Any) -> Customer:
    return _customer("te", name, city, email, phone, **kw)


def _lv(name: str, email: str = "", phone: str = "", **kw: Any) -> Customer:
    return _customer("lv", name, "Rīga", email, phone, timezone="Europe/Riga", currency="EUR", **kw)


def _en(name: str, city: str, email: str = "", phone: str = "", **kw: Any) -> Customer:
    return _customer("en", name, city, email, phone, **kw)


_ROMAN = Script.ROMANISED
_PLAIN = Script.NO_DIACRITICS

CUSTOMERS: tuple[Customer, ...] = (
    # Hindi
    _hi("सुनीता वर्मा", "लखनऊ", "sunita.verma@example.com"),
    _hi("राजेश कुमार", "पटना", phone="+91 94310 52817"),
    _hi("अनीता सिंह", "जयपुर", "anita.singh84@example.net"),
    _hi("मोहम्मद आरिफ़", "भोपाल", "arif.mohd@example.com", "+91 98270 33145"),
    _hi(
        "प्रिया शर्मा",
        "इंदौर",
        "priya@sharma-electricals.example.com",
        organization="शर्मा इलेक्ट्रिकल्स",
    ),
    _hi("विकास यादव", "कानपुर", phone="+91 99355 20468"),
    _hi("रेखा मिश्रा", "वाराणसी", "rekha.mishra@example.org"),
    _hi("अमित चौहान", "देहरादून", "amit.chauhan@example.com"),
    _hi("पूनम गुप्ता", "दिल्ली", "poonam.gupta77@example.net", "+91 98110 64209"),
    _hi("Rahul Verma", "Delhi", "rahul.verma.91@example.com", script=_ROMAN),
    _hi("Pinky Yadav", "Gurugram", phone="+91 98730 41592", script=_ROMAN),
    _hi("Sandeep Chaudhary", "Meerut", "sandeep.chaudhary@example.net", script=_ROMAN),
    # Marathi
    _mr("स्नेहा कुलकर्णी", "पुणे", "sneha.kulkarni@example.com"),
    _mr("प्रसाद गोखले", "ठाणे", "prasad.gokhale@example.net", "+91 98200 41736"),
    _mr("अश्विनी पाटील", "कोल्हापूर", phone="+91 94220 17385"),
    _mr(
        "मंगेश देशमुख",
        "नागपूर",
        "mangesh@deshmukh-caterers.example.com",
        organization="Deshmukh Caterers",
    ),
    _mr("सुवर्णा भोसले", "सातारा", "suvarna.bhosale@example.org"),
    _mr("अमोल शिंदे", "नाशिक", "amol.shinde@example.com", "+91 97640 58201"),
    _mr("वैशाली कदम", "मुंबई", "vaishali.kadam@example.net"),
    _mr("सचिन पवार", "सोलापूर", phone="+91 98224 60913"),
    _mr("माधुरी गायकवाड", "सांगली", "madhuri.g@example.com"),
    _mr("ओंकार जाधव", "पुणे", "onkar.jadhav@example.org", "+91 90110 27364"),
    _mr("रोहिणी आपटे", "डोंबिवली", "rohini.apte@example.com"),
    _mr("केदार नाईक", "रत्नागिरी", phone="+91 94230 85170"),
    # Telugu
    _te("రవి తేజ", "హైదరాబాద్", "ravi.teja@example.com"),
    _te("శ్రావణి రెడ్డి", "విజయవాడ", "sravani.reddy@example.net", "+91 98490 31275"),
    _te("సురేష్ బాబు", "గుంటూరు", phone="+91 94400 68213"),
    _te("లావణ్య చౌదరి", "విశాఖపట్నం", "lavanya.chowdary@example.com"),
    _te("కిరణ్ కుమార్", "వరంగల్", "kiran.kumar@example.org", "+91 99890 14520"),
    _te("మాధవి లత", "తిరుపతి", "madhavi.latha@example.com"),
    _te("ప్రవీణ్ గౌడ్", "కరీంనగర్", phone="+91 90000 47318"),
    _te("హరిత నాయుడు", "నెల్లూరు", "haritha.naidu@example.net"),
    _te(
        "రాజశేఖర్ వర్మ",
        "కాకినాడ",
        "rajasekhar@srilakshmi-tiffins.example.com",
        "+91 98661 20734",
        organization="శ్రీ లక్ష్మి టిఫిన్స్",
    ),
    _te("దీపిక రావు", "హైదరాబాద్", "deepika.rao@example.com"),
    _te("నాగరాజు పెద్దిరెడ్డి", "కర్నూలు", phone="+91 94906 52281"),
    _te("స్వాతి మూర్తి", "ఖమ్మం", "swathi.murthy@example.org"),
    # Latvian
    _lv("Ilona Kalniņa", "ilona.kalnina@example.com", "+371 2914 5520"),
    _lv("Jānis Bērziņš", "janis.berzins@example.net"),
    _lv("Anna Ozoliņa", "anna.ozolina@example.com"),
    _lv("Mārtiņš Krūmiņš", phone="+371 2678 3011"),
    _lv("Līga Jansone", "liga.jansone@example.org"),
    _lv("Edgars Pētersons", "edgars.petersons@example.com", "+371 2033 7846"),
    _lv(
        "Dace Kļaviņa",
        "dace.klavina@baltijas-biroji.example.com",
        organization="SIA Baltijas Biroji",
    ),
    _lv("Raimonds Eglītis", "raimonds.eglitis@example.net"),
    _lv("Zane Šmite", "zane.smite@example.com", "+371 2955 0192"),
    _lv("Gints Lacis", "gints.lacis@example.com", script=_PLAIN),
    _lv("Inese Zeltina", phone="+371 2611 4087", script=_PLAIN),
    _lv("Arturs Vanags", "arturs.vanags@example.org", script=_PLAIN),
    # English
    _en("Karthik Subramanian", "Chennai", "karthik.s@example.com"),
    _en("Divya Nair", "Kochi", "divya.nair@example.net", "+91 94470 21836"),
    _en(
        "Aditya Rao",
        "Bengaluru",
        "aditya@greenleaf.example.org",
        organization="Greenleaf Co-working",
    ),
    _en("Farah Khan", "Mumbai", "farah.khan@example.com"),
    _en("Rohit Malhotra", "Gurugram", phone="+91 98100 73625"),
    _en("Sarah Thomas", "Bengaluru", "sarah.thomas@example.net"),
    _en(
        "Vivek Menon",
        "Bengaluru",
        "vivek@greenleaf.example.org",
        "+91 99000 18452",
        organization="Greenleaf Co-working",
    ),
    _en("Ananya Bose", "Kolkata", "ananya.bose@example.com"),
    _en("Michael D'Souza", "Panaji", "michael.dsouza@example.org"),
    _en("Priyanka Iyer", "Pune", "priyanka.iyer@example.com", "+91 98230 56710"),
    _en(
        "Tom Becker",
        "Riga",
        "tom.becker@example.com",
        "+371 2740 1963",
        timezone="Europe/Riga",
        currency="EUR",
    ),
    _en("Olivia Grant", "Riga", "olivia.grant@example.net", timezone="Europe/Riga", currency="EUR"),
)

"""The demo help center: the evaluation set's 42 articles in five languages.

The files in ``demo/kb/articles`` are a copy of ``benchmarks/kb_eval/articles``
(the benchmark keeps its own, so a change to one is deliberate). They load
through the ordinary Markdown import once; a workspace that already has articles
is left as people edited it.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from samadhan.kb.models import Article, Category
from samadhan.kb.services import category_names_set, section_names_set
from samadhan.kb.transfer import kb_import
from samadhan.workspaces.models import Workspace

ARTICLES_DIR = Path(__file__).resolve().parent / "kb" / "articles"

# (position, names by language) per category key of the files.
CATEGORIES: dict[str, tuple[int, dict[str, str]]] = {
    "orders-delivery": (
        1,
        {
            "en": "Orders and delivery",
            "hi": "ऑर्डर और डिलीवरी",
            "mr": "ऑर्डर आणि डिलिव्हरी",
            "te": "ఆర్డర్లు, డెలివరీ",
            "lv": "Pasūtījumi un piegāde",
        },
    ),
    "returns-refunds": (
        2,
        {
            "en": "Returns and refunds",
            "hi": "रिटर्न और रिफ़ंड",
            "mr": "रिटर्न आणि रिफंड",
            "te": "రిటర్న్‌లు, రీఫండ్‌లు",
            "lv": "Atgriešana un atmaksa",
        },
    ),
    "payments": (
        3,
        {
            "en": "Payments",
            "hi": "भुगतान",
            "mr": "पेमेंट",
            "te": "చెల్లింపులు",
            "lv": "Maksājumi",
        },
    ),
    "account": (
        4,
        {
            "en": "Your account",
            "hi": "आपका खाता",
            "mr": "तुमचे खाते",
            "te": "మీ ఖాతా",
            "lv": "Jūsu konts",
        },
    ),
    "warranty-service": (
        5,
        {
            "en": "Warranty and service",
            "hi": "वारंटी और सर्विस",
            "mr": "वॉरंटी आणि सर्व्हिस",
            "te": "వారంటీ, సర్వీస్",
            "lv": "Garantija un serviss",
        },
    ),
    "product-care": (
        6,
        {
            "en": "Product care",
            "hi": "प्रोडक्ट की देखभाल",
            "mr": "उत्पादनाची काळजी",
            "te": "ఉత్పత్తుల సంరక్షణ",
            "lv": "Preču kopšana",
        },
    ),
    "offers-rewards": (
        7,
        {
            "en": "Offers and rewards",
            "hi": "ऑफ़र और रिवॉर्ड",
            "mr": "ऑफर आणि रिवॉर्ड्स",
            "te": "ఆఫర్లు, రివార్డులు",
            "lv": "Piedāvājumi un bonusi",
        },
    ),
    "international": (
        8,
        {
            "en": "International shipping",
            "hi": "अंतरराष्ट्रीय शिपिंग",
            "mr": "आंतरराष्ट्रीय शिपिंग",
            "te": "అంతర్జాతీయ షిప్పింగ్",
            "lv": "Starptautiskā piegāde",
        },
    ),
    "business": (
        9,
        {
            "en": "Business orders",
            "hi": "कारोबारी ऑर्डर",
            "mr": "व्यावसायिक ऑर्डर",
            "te": "వ్యాపార ఆర్డర్లు",
            "lv": "Uzņēmumu pasūtījumi",
        },
    ),
    "support": (
        10,
        {
            "en": "Contact and support hours",
            "hi": "संपर्क और सहायता का समय",
            "mr": "संपर्क आणि सहाय्याची वेळ",
            "te": "సంప్రదింపు, సహాయ సమయాలు",
            "lv": "Saziņa un atbalsta laiks",
        },
    ),
}


def demo_kb_load(*, workspace: Workspace, created: Counter[str]) -> None:
    if Article.objects.filter(workspace=workspace).exists():
        return
    report = kb_import(workspace=workspace, directory=ARTICLES_DIR)
    if report.problems:
        raise RuntimeError(f"the demo articles do not import: {report.problems}")
    created["articles"] += Article.objects.filter(workspace=workspace).count()
    for category in Category.objects.filter(workspace=workspace, key__in=CATEGORIES):
        position, names = CATEGORIES[category.key]
        category.position = position
        category.save(update_fields=["position", "updated_at"])
        category_names_set(category=category, names=names)
        for section in category.sections.all():
            section_names_set(section=section, names=names)

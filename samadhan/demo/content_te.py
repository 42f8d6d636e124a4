"""Telugu conversations of the demo."""

from __future__ import annotations

from samadhan.demo.scenario import Scenario, Topic
from samadhan.tickets.models import Priority

SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        key="te-delivery-late",
        topic=Topic.DELIVERY,
        subject="ఆర్డర్ {order} ఇంకా రాలేదు",
        opening=(
            "నమస్తే,\n\n{date}న {product} ఆర్డర్ చేశాను (ఆర్డర్ నంబర్ {order}). 4-5 రోజుల్లో "
            'వస్తుందని చెప్పారు, కానీ వారం దాటినా రాలేదు. ట్రాకింగ్‌లో మూడు రోజులుగా "{city} '
            'హబ్‌కు చేరింది" అని మాత్రమే చూపిస్తోంది. దయచేసి చూడండి.\n\n{name}'
        ),
        reply=(
            "{name} గారు, నమస్కారం.\n\nఆలస్యానికి క్షమించండి. మీ ఆర్డర్ {order} మా కొరియర్ "
            "భాగస్వామి దగ్గర ఉంది, చివరి స్కాన్ {city} హబ్‌లోనే ఉంది. డెలివరీ చిరునామా, కొరియర్ "
            "వాళ్ళు సంప్రదించడానికి మొబైల్ నంబర్ ఒకసారి కన్ఫర్మ్ చేస్తారా? ఈరోజే కొరియర్‌తో "
            "మాట్లాడతాము.\n\n{agent}\nసితార హోమ్ స్టోర్"
        ),
        follow=(
            "చిరునామా ఆర్డర్‌లో ఉన్నదే — ఇంటి నంబర్ 4-12, శ్రీనగర్ కాలనీ. నంబర్ కూడా అదే, కానీ ఇప్పటివరకు ఎవరూ ఫోన్ చేయలేదు."
        ),
        note=(
            "{@lead} parcel stuck at the {city} hub for 3 days (AWB {tracking}). Courier "
            "escalation raised; please chase their account manager if nothing moves by "
            "tomorrow."
        ),
        resolution=(
            "{name} గారు, నమస్కారం.\n\nశుభవార్త — కొరియర్ వాళ్ళు మీ పార్సెల్‌ను కనుగొన్నారు. "
            "హబ్‌లో తప్పుగా సార్ట్ అయింది; ఇప్పుడు డెలివరీకి బయలుదేరింది, {eta} కల్లా మీకు "
            "అందుతుంది. ట్రాకింగ్ నంబర్: {tracking}. అసౌకర్యానికి మీ డెలివరీ ఛార్జీని తిరిగి "
            "ఇచ్చేశాము.\n\n{agent}"
        ),
        thanks="పార్సెల్ అందింది. చాలా ధన్యవాదాలు!",
        tags=("delivery", "delay"),
        products=("pressure_cooker", "mixer_grinder", "ceiling_fan", "air_fryer"),
    ),
    Scenario(
        key="te-wrong-model",
        topic=Topic.ORDERS,
        subject="తప్పు ప్రోడక్ట్ వచ్చింది",
        opening=(
            "హలో, నేను {product} ఆర్డర్ చేశాను (ఆర్డర్ {order}), కానీ బాక్స్‌లో వేరే మోడల్ "
            "వచ్చింది. బిల్లులో ఉన్న మోడల్ నంబర్‌కి, బాక్స్ మీద ఉన్నదానికి సంబంధం లేదు. ఏం "
            "చేయాలి?"
        ),
        reply=(
            "{name} గారు, నమస్కారం.\n\nపొరపాటుకు క్షమించండి. బాక్స్ మీద ఉన్న లేబుల్‌లో మోడల్ "
            "నంబర్ ఏముందో చెప్పగలరా? అది తెలిసిన వెంటనే ఎక్స్ఛేంజ్ ఏర్పాటు చేస్తాము.\n\n{agent}"
        ),
        follow="లేబుల్ మీద HB-310 అని ఉంది, బిల్లులో HB-220. బాక్స్ ఇంకా తెరవలేదు.",
        note=(
            "{@neha} {order}: HB-310 went out instead of HB-220 — same picking error as last "
            "week. Can you check the bin labels?"
        ),
        resolution=(
            "{name} గారు,\n\n{eta}న కొరియర్ సరైన {product} తీసుకొచ్చి, తప్పుగా వచ్చినదాన్ని అదే "
            "సమయంలో తీసుకెళ్తారు. మీరు ఏమీ చెల్లించనక్కర్లేదు.\n\n{agent}"
        ),
        thanks="సరే, ధన్యవాదాలు.",
        tags=("wrong-item", "exchange"),
        products=("smartwatch", "air_fryer", "mixer_grinder"),
    ),
    Scenario(
        key="te-refund-not-credited",
        topic=Topic.REFUNDS,
        subject="రీఫండ్ ఇంకా అకౌంట్‌లో పడలేదు",
        opening=(
            "నమస్కారం,\n\n{product} రిటర్న్ చేసి పది రోజులైంది (ఆర్డర్ {order}). యాప్‌లో "
            "'రీఫండ్ ప్రాసెస్ అయింది' అని చూపిస్తోంది, కానీ నా బ్యాంక్ అకౌంట్‌లో {amount} ఇంకా "
            "జమ కాలేదు."
        ),
        reply=(
            "{name} గారు, నమస్కారం.\n\nమీ రిటర్న్ మాకు అందింది, రీఫండ్ మా వైపు నుంచి "
            "పంపించాము. బ్యాంక్‌తో చెక్ చేయడానికి — మీరు కార్డ్‌తో చెల్లించారా, లేక UPI "
            "ద్వారానా? UPI అయితే UTR నంబర్ పంపండి.\n\n{agent}"
        ),
        follow="UPI ద్వారా చెల్లించాను. UTR నంబర్ {ref}.",
        note=(
            "{@lead} refund for {order} shows processed on our side but the bank has no credit "
            "for UTR {ref}. Please raise it with the gateway."
        ),
        resolution=(
            "{name} గారు, నమస్కారం.\n\nబ్యాంక్ నుంచి నిర్ధారణ వచ్చింది: {amount} రీఫండ్ మీ "
            "అకౌంట్‌కు పంపబడింది (రిఫరెన్స్ {ref}). 24 గంటల్లో మీ స్టేట్‌మెంట్‌లో కనిపిస్తుంది. "
            "ఆలస్యానికి క్షమించండి.\n\n{agent}"
        ),
        thanks="డబ్బులు వచ్చాయి, థాంక్స్.",
        tags=("refund", "return"),
        products=("mixer_grinder", "air_fryer", "robot_vacuum", "ceiling_fan"),
    ),
    Scenario(
        key="te-warranty-tv",
        topic=Topic.WARRANTY,
        subject="టీవీలో డిస్‌ప్లే రావడం లేదు",
        opening=(
            "నమస్తే, {bought}న కొన్న {product}లో ఇప్పుడు సౌండ్ మాత్రమే వస్తోంది, స్క్రీన్ "
            "పూర్తిగా నల్లగా ఉంది. వారంటీ ఉంది. రిపేర్ కోసం ఎవరినైనా పంపగలరా?"
        ),
        reply=(
            "{name} గారు, నమస్కారం.\n\nమీ టీవీ వారంటీలో ఉంది. టెక్నీషియన్ విజిట్ బుక్ "
            "చేయడానికి, టీవీ వెనుక స్టిక్కర్ మీద ఉన్న సీరియల్ నంబర్, మీకు వీలైన సమయం "
            "పంపండి.\n\n{agent}"
        ),
        follow="సీరియల్ నంబర్ SN{ref}. శని లేదా ఆదివారం ఉదయం అయితే పర్లేదు.",
        note=(
            "{@lead} probably the backlight strip again on this batch. Can the {city} service "
            "partner bring a backlight kit on the first visit?"
        ),
        resolution=(
            "{name} గారు,\n\nటెక్నీషియన్ విజిట్ {eta}న ఉదయం 10 నుంచి 1 గంట మధ్య బుక్ చేశాము. "
            "వారు బ్యాక్‌లైట్ కిట్ తీసుకొస్తారు; వారంటీలో రిపేర్ ఉచితం.\n\n{agent}"
        ),
        thanks="టీవీ మళ్ళీ బాగా పని చేస్తోంది. ధన్యవాదాలు.",
        tags=("warranty", "repair"),
        products=("led_tv",),
    ),
    Scenario(
        key="te-installation",
        topic=Topic.DELIVERY,
        subject="ఇన్‌స్టాలేషన్ ఇంకా జరగలేదు",
        opening=(
            "{date}న {product} డెలివరీ అయింది (ఆర్డర్ {order}). ఫ్రీ ఇన్‌స్టాలేషన్ అన్నారు, "
            "కానీ ఇప్పటివరకు ఎవరూ రాలేదు. ఎప్పుడు వస్తారు?"
        ),
        reply=(
            "{name} గారు, నమస్కారం.\n\nఆలస్యానికి క్షమించండి. టెక్నీషియన్‌ను పంపడానికి మీకు ఏ "
            "రోజు, ఏ సమయం వీలవుతుందో చెప్పండి. గోడకు డ్రిల్లింగ్ చేయడానికి అనుమతి ఉందో లేదో "
            "కూడా తెలియజేయండి.\n\n{agent}"
        ),
        follow="రేపు లేదా ఎల్లుండి సాయంత్రం 5 తర్వాత రావచ్చు. డ్రిల్లింగ్ ఓకే.",
        note=(
            "{@lead} the {city} installation partner never accepted this job. Reassigned to the "
            "backup partner."
        ),
        resolution=(
            "{name} గారు,\n\nటెక్నీషియన్ విజిట్ {eta}న సాయంత్రం 5 నుంచి 7 మధ్య ఖరారైంది. "
            "వచ్చే అరగంట ముందే ఫోన్ చేస్తారు. ఇన్‌స్టాలేషన్‌కు ఎలాంటి ఛార్జీ లేదు.\n\n{agent}"
        ),
        thanks="ఇన్‌స్టాల్ చేశారు, థాంక్యూ.",
        tags=("installation",),
        products=("water_purifier", "led_tv"),
    ),
    Scenario(
        key="te-payment-debited",
        topic=Topic.PAYMENTS,
        subject="డబ్బులు కట్ అయ్యాయి కానీ ఆర్డర్ కాలేదు",
        opening=(
            "నేను {product} కోసం {amount} పేమెంట్ చేశాను. నా అకౌంట్ నుంచి డబ్బులు కట్ అయ్యాయి, "
            "కానీ వెబ్‌సైట్‌లో 'పేమెంట్ ఫెయిల్డ్' అని వచ్చింది. ఆర్డర్ కూడా కనిపించడం లేదు. "
            "ఇప్పుడు ఏం చేయాలి?"
        ),
        reply=(
            "{name} గారు, కంగారు పడకండి, మీ డబ్బు సురక్షితంగా ఉంది. దీన్ని చెక్ చేయడానికి "
            "పేమెంట్ UTR నంబర్, పేమెంట్ చేసిన సమయం పంపండి.\n\n{agent}"
        ),
        follow="UTR నంబర్ {ref}. {date}న రాత్రి సుమారు 9 గంటలకు చేశాను.",
        note=(
            "{@lead} payment {ref} was captured at the gateway but the order callback timed "
            "out. OK to create the order against this payment?"
        ),
        resolution=(
            "{name} గారు, నమస్కారం.\n\nమీ పేమెంట్ మాకు అందింది, కానీ సాంకేతిక సమస్య వల్ల "
            "ఆర్డర్ క్రియేట్ కాలేదు. అదే పేమెంట్‌తో మీ ఆర్డర్ {order} క్రియేట్ చేశాము — మళ్ళీ "
            "చెల్లించనవసరం లేదు. కన్ఫర్మేషన్ ఈమెయిల్ పంపాము.\n\n{agent}"
        ),
        tags=("payment", "upi"),
        priority=Priority.HIGH,
        products=("led_tv", "robot_vacuum", "smartwatch"),
    ),
    Scenario(
        key="te-tracking-stuck",
        topic=Topic.DELIVERY,
        subject="ట్రాకింగ్ అప్‌డేట్ కావడం లేదు",
        opening=(
            "హలో, నా ఆర్డర్ {order} ట్రాకింగ్ ఐదు రోజులుగా 'షిప్ చేయబడింది' దగ్గరే "
            "ఆగిపోయింది. కొరియర్ వెబ్‌సైట్‌లో ఈ నంబర్‌కి ఏ వివరాలూ లేవు. నా పార్సెల్ నిజంగా "
            "బయలుదేరిందా?"
        ),
        reply=(
            "{name} గారు, నమస్కారం.\n\nచెక్ చేస్తున్నాము. మీకు వచ్చిన SMSలో ట్రాకింగ్ నంబర్ "
            "ఏముందో పంపగలరా? కొన్నిసార్లు కొరియర్ కొత్త నంబర్ ఇస్తుంది.\n\n{agent}"
        ),
        follow="SMSలో {tracking} అని ఉంది. కొరియర్ సైట్‌లో అదే కొట్టినా ఏమీ రావడం లేదు.",
        note=(
            "{@neha} was {order} actually handed to the courier? The manifest has AWB "
            "{tracking} but there's no pickup scan."
        ),
        resolution=(
            "{name} గారు,\n\nమా గోడౌన్‌లో పార్సెల్ హ్యాండోవర్ మిస్ అయింది, క్షమించండి. ఈరోజే "
            "కొరియర్‌కు అప్పగించాము; ఈ సాయంత్రం నుంచి ట్రాకింగ్ అప్‌డేట్ అవుతుంది. {eta} కల్లా "
            "మీకు అందుతుంది.\n\n{agent}"
        ),
        thanks="సరే, అప్‌డేట్ వచ్చింది. థాంక్స్.",
        tags=("delivery", "tracking"),
    ),
    Scenario(
        key="te-not-as-described",
        topic=Topic.REFUNDS,
        subject="వెబ్‌సైట్‌లో చెప్పిన ఫీచర్ లేదు, రిటర్న్ చేయాలి",
        opening=(
            "నమస్కారం, వెబ్‌సైట్‌లో {product} గురించి రాసిన ఫీచర్లు అసలు ప్రోడక్ట్‌లో లేవు. "
            "ఆర్డర్ {order}. ఇది నాకు వద్దు, రిటర్న్ చేసి డబ్బులు వెనక్కి కావాలి."
        ),
        reply=(
            "{name} గారు, నమస్కారం.\n\nమీకు నిరాశ కలిగించినందుకు క్షమించండి. రిటర్న్ ప్రాసెస్ "
            "చేయడానికి, ఏ ఫీచర్ లేదో కొంచెం వివరంగా చెప్పగలరా? పికప్‌కు వీలైన సమయం కూడా "
            "చెప్పండి.\n\n{agent}"
        ),
        follow=("వెబ్‌సైట్‌లో తెలుగు భాష సపోర్ట్ ఉందని రాశారు, కానీ సెట్టింగ్స్‌లో ఆ ఆప్షనే లేదు. పికప్ ఉదయం 11 తర్వాత ఎప్పుడైనా."),
        note=(
            "{@lead} the listing for this model claims Telugu language support the firmware "
            "doesn't have. Approving the return; flagging the listing to the catalogue team."
        ),
        resolution=(
            "{name} గారు,\n\nమీ రిటర్న్ ఆమోదించబడింది. పికప్ {eta}న ఉదయం 11 తర్వాత జరుగుతుంది. "
            "ప్రోడక్ట్ మాకు అందిన 48 గంటల్లో {amount} రీఫండ్ ప్రారంభిస్తాము. తప్పు సమాచారానికి "
            "క్షమించండి; వెబ్‌సైట్‌లో వివరణ సరిచేస్తున్నాము.\n\n{agent}"
        ),
        tags=("return", "listing-error"),
        products=("smartwatch", "robot_vacuum"),
    ),
    Scenario(
        key="te-phone-change",
        topic=Topic.ACCOUNT,
        subject="అకౌంట్‌లో మొబైల్ నంబర్ మార్చాలి",
        opening=(
            "నమస్కారం, నా పాత సిమ్ పోయింది. అకౌంట్‌లో ఉన్న మొబైల్ నంబర్ మార్చాలి, కానీ OTP "
            "పాత నంబర్‌కే వెళ్తోంది. ఎలా మార్చాలి? నా ఆర్డర్ {order} డెలివరీ కూడా రావాల్సి "
            "ఉంది."
        ),
        reply=(
            "{name} గారు, నమస్కారం.\n\nమీ భద్రత కోసం, అకౌంట్‌లో ఉన్న ఈమెయిల్ నుంచి ఈ టికెట్‌కు "
            "రిప్లై ఇవ్వండి; అందులో కొత్త మొబైల్ నంబర్, మీ చివరి ఆర్డర్ నంబర్ రాయండి. వెరిఫై "
            "చేసిన వెంటనే నంబర్ మారుస్తాము.\n\n{agent}"
        ),
        follow=(
            "అకౌంట్ ఈమెయిల్ నుంచే రాస్తున్నాను. చివరి ఆర్డర్ నంబర్ {order}. కొత్త నంబర్ 4520 తో "
            "ముగుస్తుంది, పూర్తి నంబర్ ప్రొఫైల్ రిక్వెస్ట్‌లో పెట్టాను."
        ),
        note=(
            "{@lead} identity verified via the account email and last order. The phone change "
            "needs a manager override because the OTP goes to the old SIM."
        ),
        resolution=(
            "{name} గారు,\n\nమీ అకౌంట్‌లో మొబైల్ నంబర్ మార్చాము. ఇకపై OTP కొత్త నంబర్‌కే "
            "వస్తుంది. మీ ఆర్డర్ {order} కోసం కొరియర్ కూడా కొత్త నంబర్‌కే కాల్ చేస్తారు; డెలివరీ "
            "{eta}న.\n\n{agent}"
        ),
        thanks="లాగిన్ అయ్యాను. చాలా థాంక్స్.",
        tags=("account", "otp"),
    ),
    Scenario(
        key="te-bank-offer",
        topic=Topic.PAYMENTS,
        subject="బ్యాంక్ ఆఫర్ డిస్కౌంట్ రాలేదు",
        opening=(
            "సంక్రాంతి సేల్‌లో {product} కొన్నాను (ఆర్డర్ {order}). బ్యాంక్ కార్డ్‌పై 10% "
            "ఇన్‌స్టంట్ డిస్కౌంట్ అని చూపించారు, కానీ పూర్తి {amount} వసూలు చేశారు."
        ),
        reply=(
            "{name} గారు, నమస్కారం.\n\nచెక్ చేస్తాము. మీరు ఏ బ్యాంక్ కార్డ్ వాడారు — క్రెడిట్ "
            "కార్డా, డెబిట్ కార్డా? ఈ ఆఫర్ కొన్ని కార్డులకే వర్తిస్తుంది.\n\n{agent}"
        ),
        follow="SBI క్రెడిట్ కార్డ్. ఆఫర్ పేజీలో SBI క్రెడిట్ కార్డ్ పేరు స్పష్టంగా ఉంది.",
        note=(
            "{@lead} the Sankranti offer rule was missing SBI credit cards for two hours on day "
            "one, and {order} falls in that window. Refund the 10%?"
        ),
        resolution=(
            "{name} గారు,\n\nమీరు చెప్పింది నిజమే — సేల్ మొదటి రోజు కొన్ని గంటలు ఆఫర్ సరిగా "
            "పని చేయలేదు. 10% డిస్కౌంట్ మొత్తాన్ని మీ కార్డ్‌కు తిరిగి పంపించాము; 5-7 పని "
            "దినాల్లో కనిపిస్తుంది.\n\n{agent}"
        ),
        thanks="ధన్యవాదాలు.",
        tags=("offer", "payment"),
        products=("led_tv", "air_fryer", "water_purifier"),
    ),
)

"""Macros and custom fields of the demo workspace."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from samadhan.demo.scenario import PRODUCTS
from samadhan.tickets.models import FieldType


@dataclass(frozen=True, kw_only=True)
class MacroSpec:
    name: str
    actions: dict[str, Any]
    texts: dict[str, str]


_SIGN_LV = "\n\nAr cieņu,\n{{ agent.first_name }}"

MACROS: tuple[MacroSpec, ...] = (
    MacroSpec(
        name="Ask for order number",
        actions={"status": "pending", "add_tags": ["awaiting-customer"]},
        texts={
            "en": "Hi {{ contact.first_name }},\n\nThanks for writing to us. Could you share your "
            "order number? It starts with SH- and is in your confirmation email and under "
            "My orders. As soon as I have it I'll check the details for you.\n\n"
            "{{ agent.first_name }}\n{{ workspace.name }}",
            "hi": "नमस्ते {{ contact.first_name }} जी,\n\nहमें लिखने के लिए धन्यवाद। कृपया अपना "
            "ऑर्डर नंबर बताइए — यह SH- से शुरू होता है और आपको कन्फ़र्मेशन ईमेल में या ऐप के "
            "'मेरे ऑर्डर' में मिल जाएगा। नंबर मिलते ही हम आपका ऑर्डर देख लेंगे।\n\n"
            "{{ agent.first_name }}\n{{ workspace.name }}",
            "mr": "नमस्कार {{ contact.first_name }},\n\nआम्हाला संपर्क केल्याबद्दल धन्यवाद. कृपया "
            "तुमचा ऑर्डर नंबर कळवा — तो SH- ने सुरू होतो आणि कन्फर्मेशन ईमेलमध्ये किंवा ॲपमधील "
            "'माझे ऑर्डर' विभागात दिसेल. नंबर मिळताच आम्ही तपशील तपासून कळवू.\n\n"
            "{{ agent.first_name }}\n{{ workspace.name }}",
            "te": "నమస్కారం {{ contact.first_name }} గారు,\n\nమాకు రాసినందుకు ధన్యవాదాలు. దయచేసి "
            "మీ ఆర్డర్ నంబర్ పంపండి — అది SH- తో మొదలవుతుంది, కన్ఫర్మేషన్ ఈమెయిల్‌లో లేదా "
            "యాప్‌లోని 'నా ఆర్డర్లు' విభాగంలో ఉంటుంది. నంబర్ అందగానే వివరాలు చూసి మీకు "
            "తెలియజేస్తాము.\n\n{{ agent.first_name }}\n{{ workspace.name }}",
            "lv": "Labdien!\n\nPaldies, ka sazinājāties ar mums. Lūdzu, atsūtiet pasūtījuma "
            "numuru — tas sākas ar SH- un ir atrodams apstiprinājuma e-pastā vai sadaļā "
            "“Mani pasūtījumi”. Tiklīdz to saņemsim, pārbaudīsim informāciju." + _SIGN_LV,
        },
    ),
    MacroSpec(
        name="Refund approved",
        actions={"status": "solved", "add_tags": ["refund-approved"]},
        texts={
            "en": "Hi {{ contact.first_name }},\n\nGood news: your refund for ticket "
            "#{{ ticket.number }} has been approved and sent to your original payment method. "
            "Banks usually show it within 5-7 working days. If it hasn't arrived by then, just "
            "reply to this message.\n\n{{ agent.first_name }}",
            "hi": "नमस्ते {{ contact.first_name }} जी,\n\nअच्छी ख़बर है: टिकट #{{ ticket.number }} "
            "का आपका रिफ़ंड मंज़ूर हो गया है और उसी माध्यम पर भेज दिया गया है जिससे आपने भुगतान "
            "किया था। बैंक में पैसे आने में आम तौर पर 5-7 कामकाजी दिन लगते हैं। अगर तब तक न "
            "आएँ, तो बस इस संदेश का जवाब दीजिए।\n\n{{ agent.first_name }}",
            "mr": "नमस्कार {{ contact.first_name }},\n\nआनंदाची बातमी: तिकीट #{{ ticket.number }} "
            "साठीचा तुमचा रिफंड मंजूर झाला आहे आणि ज्या माध्यमातून पेमेंट केले होते त्याच "
            "माध्यमावर पाठवला आहे. बँकेत रक्कम जमा होण्यास साधारणपणे ५-७ कामकाजाचे दिवस लागतात. "
            "तोपर्यंत न आल्यास या संदेशाला उत्तर द्या.\n\n{{ agent.first_name }}",
            "te": "నమస్కారం {{ contact.first_name }} గారు,\n\nశుభవార్త: టికెట్ #{{ ticket.number }} "
            "కు సంబంధించిన మీ రీఫండ్ ఆమోదించబడింది, మీరు చెల్లించిన పద్ధతికే పంపించాము. బ్యాంక్ "
            "ఖాతాలో జమ కావడానికి సాధారణంగా 5-7 పని దినాలు పడుతుంది. అప్పటికీ రాకపోతే ఈ "
            "మెసేజ్‌కి రిప్లై ఇవ్వండి.\n\n{{ agent.first_name }}",
            "lv": "Labdien!\n\nLabas ziņas: naudas atmaksa par pieteikumu #{{ ticket.number }} ir "
            "apstiprināta un nosūtīta uz to pašu maksājuma veidu, ar kuru maksājāt. Parasti "
            "bankā tā parādās 5-7 darba dienu laikā. Ja līdz tam nauda nav saņemta, lūdzu, "
            "atbildiet uz šo ziņu." + _SIGN_LV,
        },
    ),
    MacroSpec(
        name="Delivery delayed — apology",
        actions={"status": "on_hold", "add_tags": ["delivery-delay"]},
        texts={
            "en": "Hi {{ contact.first_name }},\n\nI'm sorry your order is taking longer than "
            "promised. I've checked with our courier partner: the parcel is delayed in transit "
            "and I've asked them to prioritise it. I'll keep ticket #{{ ticket.number }} open "
            "and write to you as soon as it's out for delivery.\n\n{{ agent.first_name }}",
            "hi": "नमस्ते {{ contact.first_name }} जी,\n\nमाफ़ कीजिए, आपके ऑर्डर में वादे से "
            "ज़्यादा समय लग रहा है। हमने कूरियर पार्टनर से बात की है — पार्सल रास्ते में अटका "
            "हुआ है और हमने उसे प्राथमिकता से भेजने को कहा है। टिकट #{{ ticket.number }} खुला "
            "रहेगा, और डिलीवरी के लिए निकलते ही हम आपको बताएँगे।\n\n{{ agent.first_name }}",
            "mr": "नमस्कार {{ contact.first_name }},\n\nतुमच्या ऑर्डरला सांगितलेल्या वेळेपेक्षा "
            "जास्त वेळ लागत आहे, याबद्दल क्षमस्व. आम्ही कुरिअर पार्टनरशी बोललो आहोत — पार्सल "
            "वाटेत अडकले आहे आणि ते प्राधान्याने पाठवण्यास सांगितले आहे. तिकीट "
            "#{{ ticket.number }} सुरू राहील; पार्सल डिलिव्हरीसाठी निघताच आम्ही तुम्हाला "
            "कळवू.\n\n{{ agent.first_name }}",
            "te": "నమస్కారం {{ contact.first_name }} గారు,\n\nమీ ఆర్డర్ చెప్పిన సమయం కంటే "
            "ఆలస్యం అవుతున్నందుకు క్షమించండి. మా కొరియర్ భాగస్వామితో మాట్లాడాము — పార్సెల్ "
            "రవాణాలో ఆలస్యమైంది, దాన్ని ప్రాధాన్యతతో పంపమని కోరాము. టికెట్ #{{ ticket.number }} "
            "తెరిచే ఉంటుంది; డెలివరీకి బయలుదేరగానే మీకు తెలియజేస్తాము.\n\n"
            "{{ agent.first_name }}",
            "lv": "Labdien!\n\nAtvainojamies, ka pasūtījuma piegāde aizkavējas ilgāk, nekā "
            "solīts. Sazinājāmies ar kurjeru: sūtījums ceļā ir aizkavējies, un esam lūguši to "
            "piegādāt prioritāri. Pieteikums #{{ ticket.number }} paliks atvērts, un mēs jums "
            "uzrakstīsim, tiklīdz sūtījums būs ceļā pie jums." + _SIGN_LV,
        },
    ),
    MacroSpec(
        name="Warranty claim steps",
        actions={"status": "pending", "add_tags": ["warranty"]},
        texts={
            "en": "Hi {{ contact.first_name }},\n\nTo register a warranty claim, please reply "
            "with:\n1. the serial number (on the sticker at the back or bottom of the product),\n"
            "2. a photo of the invoice, or the order number,\n3. a short description of the "
            "fault,\n4. two or three time slots that suit you for a technician visit.\n\n"
            "Repairs under warranty are free of charge.\n\n{{ agent.first_name }}",
            "hi": "नमस्ते {{ contact.first_name }} जी,\n\nवारंटी क्लेम दर्ज करने के लिए कृपया ये "
            "जानकारी भेजिए:\n1. सीरियल नंबर (प्रोडक्ट के पीछे या नीचे लगे स्टिकर पर),\n2. बिल "
            "की फ़ोटो या ऑर्डर नंबर,\n3. ख़राबी के बारे में थोड़ा-सा विवरण,\n4. टेक्नीशियन के "
            "आने के लिए आपकी सुविधा के दो-तीन समय।\n\nवारंटी में मरम्मत बिल्कुल मुफ़्त है।\n\n"
            "{{ agent.first_name }}",
            "mr": "नमस्कार {{ contact.first_name }},\n\nवॉरंटी क्लेम नोंदवण्यासाठी कृपया पुढील "
            "माहिती पाठवा:\n१. सीरियल नंबर (उत्पादनाच्या मागे किंवा खाली असलेल्या स्टिकरवर),\n"
            "२. बिलाचा फोटो किंवा ऑर्डर नंबर,\n३. बिघाडाचे थोडक्यात वर्णन,\n४. तंत्रज्ञ "
            "येण्यासाठी तुमच्या सोयीच्या दोन-तीन वेळा.\n\nवॉरंटीमधील दुरुस्ती पूर्णपणे मोफत "
            "आहे.\n\n{{ agent.first_name }}",
            "te": "నమస్కారం {{ contact.first_name }} గారు,\n\nవారంటీ క్లెయిమ్ నమోదు చేయడానికి "  # noqa: RUF001 - Telugu, not a look-alike
            "దయచేసి ఈ వివరాలు పంపండి:\n1. సీరియల్ నంబర్ (ప్రోడక్ట్ వెనుక లేదా కింద ఉన్న "
            "స్టిక్కర్‌పై ఉంటుంది),\n2. బిల్లు ఫోటో లేదా ఆర్డర్ నంబర్,\n3. సమస్య గురించి చిన్న "
            "వివరణ,\n4. టెక్నీషియన్ రావడానికి మీకు వీలైన రెండు మూడు సమయాలు.\n\nవారంటీలో "  # noqa: RUF001 - Telugu, not a look-alike
            "రిపేర్ పూర్తిగా ఉచితం.\n\n{{ agent.first_name }}",
            "lv": "Labdien!\n\nLai reģistrētu garantijas pieteikumu, lūdzu, atsūtiet:\n1. sērijas "
            "numuru (uzlīmē preces aizmugurē vai apakšā),\n2. čeka vai rēķina fotoattēlu vai "
            "pasūtījuma numuru,\n3. īsu bojājuma aprakstu,\n4. divus vai trīs jums ērtus laikus "
            "meistara vizītei.\n\nGarantijas remonts ir bez maksas." + _SIGN_LV,
        },
    ),
    MacroSpec(
        name="Item arrived damaged — ask for photos",
        actions={"status": "pending", "priority": "high", "add_tags": ["damaged"]},
        texts={
            "en": "Hi {{ contact.first_name }},\n\nI'm sorry the item arrived damaged. So we can "
            "replace it quickly, please reply with photos of the damage, of the outer box and of "
            "the shipping label, and keep the packaging until the courier collects the item.\n\n"
            "{{ agent.first_name }}",
            "hi": "नमस्ते {{ contact.first_name }} जी,\n\nहमें अफ़सोस है कि सामान ख़राब हालत में "
            "पहुँचा। जल्दी से बदलने के लिए कृपया नुकसान की, बाहर के डिब्बे की और शिपिंग लेबल की "
            "फ़ोटो भेजिए। कूरियर के सामान ले जाने तक पैकेजिंग संभालकर रखिए।\n\n"
            "{{ agent.first_name }}",
            "mr": "नमस्कार {{ contact.first_name }},\n\nवस्तू खराब अवस्थेत पोहोचली याबद्दल "
            "आम्हाला खेद आहे. ती लवकर बदलून देण्यासाठी कृपया नुकसानीचे, बाहेरच्या खोक्याचे आणि "
            "शिपिंग लेबलचे फोटो पाठवा. कुरिअर वस्तू घेऊन जाईपर्यंत पॅकेजिंग जपून ठेवा.\n\n"
            "{{ agent.first_name }}",
            "te": "నమస్కారం {{ contact.first_name }} గారు,\n\nవస్తువు పాడైన స్థితిలో వచ్చినందుకు "
            "చింతిస్తున్నాము. త్వరగా మార్చి ఇవ్వడానికి దయచేసి డ్యామేజ్, బయటి బాక్స్, షిప్పింగ్ "
            "లేబుల్ ఫోటోలు పంపండి. కొరియర్ వస్తువును తీసుకెళ్ళే వరకు ప్యాకింగ్‌ను జాగ్రత్తగా "
            "ఉంచండి.\n\n{{ agent.first_name }}",
            "lv": "Labdien!\n\nMums ļoti žēl, ka prece tika piegādāta bojāta. Lai to varētu ātri "
            "apmainīt, lūdzu, atsūtiet bojājuma, ārējā iepakojuma un sūtījuma uzlīmes "
            "fotoattēlus un saglabājiet iepakojumu, līdz kurjers preci paņems." + _SIGN_LV,
        },
    ),
    MacroSpec(
        name="Closing — anything else?",
        actions={"status": "solved"},
        texts={
            "en": "Hi {{ contact.first_name }},\n\nI'm marking ticket #{{ ticket.number }} as "
            "solved. If there's anything else we can help with, just reply to this message and "
            "it will reopen.\n\nThank you for shopping with {{ workspace.name }}!\n\n"
            "{{ agent.first_name }}",
            "hi": "नमस्ते {{ contact.first_name }} जी,\n\nहम टिकट #{{ ticket.number }} को हल हुआ "
            "मानकर बंद कर रहे हैं। अगर किसी और चीज़ में मदद चाहिए, तो बस इस संदेश का जवाब "
            "दीजिए — टिकट फिर से खुल जाएगा।\n\n{{ workspace.name }} से ख़रीदारी करने के लिए "
            "धन्यवाद!\n\n{{ agent.first_name }}",
            "mr": "नमस्कार {{ contact.first_name }},\n\nतिकीट #{{ ticket.number }} सुटले म्हणून "
            "आम्ही ते बंद करत आहोत. आणखी कशासाठी मदत हवी असल्यास फक्त या संदेशाला उत्तर द्या — "
            "तिकीट पुन्हा उघडेल.\n\n{{ workspace.name }} मधून खरेदी केल्याबद्दल धन्यवाद!\n\n"
            "{{ agent.first_name }}",
            "te": "నమస్కారం {{ contact.first_name }} గారు,\n\nటికెట్ #{{ ticket.number }} ను "
            "పరిష్కరించినట్లుగా గుర్తిస్తున్నాము. ఇంకేమైనా సహాయం కావాలంటే ఈ మెసేజ్‌కి రిప్లై "
            "ఇవ్వండి — టికెట్ మళ్ళీ తెరుచుకుంటుంది.\n\n{{ workspace.name }} లో షాపింగ్ "
            "చేసినందుకు ధన్యవాదాలు!\n\n{{ agent.first_name }}",
            "lv": "Labdien!\n\nAtzīmējam pieteikumu #{{ ticket.number }} kā atrisinātu. Ja varam "
            "palīdzēt vēl ar ko, vienkārši atbildiet uz šo ziņu, un pieteikums atkal tiks "
            "atvērts.\n\nPaldies, ka iepērkaties veikalā {{ workspace.name }}!" + _SIGN_LV,
        },
    ),
)


@dataclass(frozen=True, kw_only=True)
class FieldSpec:
    key: str
    label: str
    field_type: FieldType
    options: tuple[tuple[str, str], ...] = ()


CUSTOM_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(key="order_number", label="Order number", field_type=FieldType.TEXT),
    FieldSpec(
        key="product",
        label="Product",
        field_type=FieldType.DROPDOWN,
        options=tuple((p.key, p.names["en"][:1].upper() + p.names["en"][1:]) for p in PRODUCTS),
    ),
    FieldSpec(key="purchase_date", label="Purchase date", field_type=FieldType.DATE),
    FieldSpec(key="under_warranty", label="Under warranty", field_type=FieldType.CHECKBOX),
)

"""Marathi conversations of the demo."""

from __future__ import annotations

from samadhan.demo.scenario import Scenario, Topic
from samadhan.tickets.models import Priority

SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        key="mr-delivery-late",
        topic=Topic.DELIVERY,
        subject="ऑर्डर {order} अजून मिळाली नाही",
        opening=(
            "नमस्कार,\n\nमी {date} रोजी {product} ऑर्डर केला होता (ऑर्डर क्रमांक {order}). "
            "वेबसाइटवर ४-५ दिवसांत डिलिव्हरी असे दाखवले होते, पण आठवडा झाला तरी पार्सल आलेले "
            'नाही. ट्रॅकिंगमध्ये दोन दिवसांपासून "{city} हबला पोहोचले" एवढेच दिसत आहे. कृपया '
            "लवकर कळवा.\n\n{name}"
        ),
        reply=(
            "नमस्कार {name},\n\nउशिराबद्दल क्षमस्व. तुमची ऑर्डर {order} आमच्या कुरिअर "
            "पार्टनरकडे आहे आणि शेवटचे स्कॅन {city} हबचेच आहे. कृपया डिलिव्हरीचा पत्ता आणि "
            "कुरिअर संपर्क करू शकेल असा मोबाईल नंबर एकदा कन्फर्म कराल का? आम्ही आजच कुरिअरशी "
            "बोलतो.\n\n{agent}\nसितारा होम स्टोअर"
        ),
        follow=(
            "पत्ता तोच आहे — फ्लॅट नं. ८, गणेश अपार्टमेंट. नंबरही तोच आहे, पण अजून कोणाचाही फोन आलेला नाही."
        ),
        note=(
            "{@lead} parcel stuck at the {city} hub for 3 days (AWB {tracking}). Escalated to "
            "the courier; please follow up with their account manager if it hasn't moved by "
            "tomorrow."
        ),
        resolution=(
            "नमस्कार {name},\n\nआनंदाची बातमी — कुरिअरला तुमचे पार्सल सापडले. ते हबमध्ये "
            "चुकीच्या ठिकाणी गेले होते; आता डिलिव्हरीसाठी निघाले आहे आणि {eta}पर्यंत "
            "तुमच्याकडे पोहोचेल. ट्रॅकिंग नंबर: {tracking}. झालेल्या त्रासाबद्दल आम्ही तुमचे "
            "डिलिव्हरी शुल्क परत केले आहे.\n\n{agent}"
        ),
        thanks="पार्सल मिळाले. खूप खूप धन्यवाद!",
        tags=("delivery", "delay"),
        products=("mixer_grinder", "pressure_cooker", "ceiling_fan", "air_fryer"),
    ),
    Scenario(
        key="mr-dented-cooker",
        topic=Topic.DELIVERY,
        subject="कुकरचे झाकण वाकलेले आहे",
        opening=(
            "नमस्कार, आज ऑर्डर {order} मधला {product} मिळाला. बॉक्स उघडल्यावर पाहिले तर झाकण "
            "एका बाजूने वाकलेले आहे आणि नीट बसत नाही. असा कुकर वापरणे धोकादायक आहे. कृपया "
            "बदलून द्या."
        ),
        reply=(
            "नमस्कार {name},\n\nअसे व्हायला नको होते, क्षमस्व. कृपया वाकलेल्या झाकणाचा आणि "
            "बॉक्सचा फोटो पाठवाल का? फोटो मिळताच आम्ही बदली प्रक्रिया सुरू करू. तोपर्यंत कुकर "
            "वापरू नका.\n\n{agent}"
        ),
        follow="फोटो ईमेलवर पाठवले आहेत. बॉक्स बाहेरून ठीक होता, आतमध्येच झाकण वाकलेले होते.",
        note=(
            "{@neha} {order} madhla cooker lid vaakla aahe, box baherun thik hota mhanje "
            "packing chya aadhich damage. Ya batch che baaki piece check karal ka?"
        ),
        resolution=(
            "नमस्कार {name},\n\nतुमची बदली मंजूर झाली आहे. नवीन {product} आज रवाना होईल आणि "
            "{eta}पर्यंत पोहोचेल. त्याच वेळी कुरिअर वाकलेल्या झाकणाचा कुकर परत घेऊन जाईल.\n\n"
            "{agent}"
        ),
        thanks="धन्यवाद, नवीन कुकर व्यवस्थित आहे.",
        tags=("damaged", "replacement"),
        priority=Priority.HIGH,
        products=("pressure_cooker",),
    ),
    Scenario(
        key="mr-refund-closed-account",
        topic=Topic.REFUNDS,
        subject="रिफंड जुन्या खात्यात गेला",
        opening=(
            "नमस्कार,\n\nमाझ्या रिटर्नचा (ऑर्डर {order}) रिफंड झाला असा मेसेज आला, पण माझ्या "
            "खात्यात {amount} जमा झालेले नाहीत. ॲपमध्ये जुने बँक खाते सेव्ह होते, ते गेल्या "
            "महिन्यात बंद झाले. आता काय करायचे?"
        ),
        reply=(
            "नमस्कार {name},\n\nकाळजी करू नका. बंद खात्यात पाठवलेला रिफंड बँक साधारण ५-७ "
            "दिवसांत आम्हाला परत करते, आणि मग आम्ही तो नवीन खात्यात पाठवू शकतो. कृपया नवीन "
            "खात्याचा नंबर आणि IFSC कोड ॲपमधील 'बँक तपशील' मध्ये अपडेट करून आम्हाला कळवा.\n\n"
            "{agent}"
        ),
        follow="नवीन खाते अपडेट केले आहे — बँक ऑफ महाराष्ट्र.",
        note=(
            "{@lead} refund {ref} bounced back from the closed account today. New bank details "
            "verified in the app — please re-initiate {amount} to the new account."
        ),
        resolution=(
            "नमस्कार {name},\n\nजुन्या खात्यातून रक्कम परत आली आहे आणि आम्ही {amount} चा रिफंड "
            "तुमच्या नवीन बँक ऑफ महाराष्ट्र खात्यात पाठवला आहे (संदर्भ क्रमांक {ref}). २-३ "
            "कामकाजाच्या दिवसांत रक्कम दिसेल.\n\n{agent}"
        ),
        thanks="पैसे आले, धन्यवाद!",
        tags=("refund", "bank-details"),
        products=("mixer_grinder", "air_fryer", "robot_vacuum"),
    ),
    Scenario(
        key="mr-warranty-fan",
        topic=Topic.WARRANTY,
        subject="पंख्याचा आवाज येतो आणि वेग कमी झाला",
        opening=(
            "नमस्कार, {bought} रोजी घेतलेल्या {product} मधून आता खडखड आवाज येतो आणि सर्वात "
            "जास्त वेगावरही हवा कमी येते. वॉरंटी अजून चालू आहे. कृपया तंत्रज्ञ पाठवा."
        ),
        reply=(
            "नमस्कार {name},\n\nतुमचा पंखा वॉरंटीमध्ये आहे. सर्व्हिस व्हिजिट बुक करण्यासाठी "
            "कृपया बिलाचा फोटो किंवा ऑर्डर नंबर आणि तुमच्या सोयीची वेळ कळवा.\n\n{agent}"
        ),
        follow="ऑर्डर नंबर {order}. शनिवारी सकाळी १० ते १२ सोयीचे आहे.",
        note=(
            "{@lead} usually the capacitor on this model — can the {city} service partner carry "
            "one so it's fixed in one visit?"
        ),
        resolution=(
            "नमस्कार {name},\n\nतुमची सर्व्हिस व्हिजिट {eta} रोजी सकाळी १० ते १२ दरम्यान ठरली "
            "आहे. तंत्रज्ञ नवीन कॅपॅसिटर सोबत आणतील; वॉरंटीमुळे दुरुस्ती मोफत आहे.\n\n{agent}"
        ),
        thanks="पंखा आता नीट चालतोय. धन्यवाद.",
        tags=("warranty", "repair"),
        products=("ceiling_fan",),
    ),
    Scenario(
        key="mr-emi",
        topic=Topic.PAYMENTS,
        subject="EMI मध्ये रूपांतर झाले नाही",
        opening=(
            "नमस्कार,\n\nमी {product} क्रेडिट कार्डवर ६ महिन्यांच्या नो-कॉस्ट EMI वर घेतला "
            "(ऑर्डर {order}). पण कार्डच्या स्टेटमेंटमध्ये पूर्ण {amount} एकदम लावले आहेत, EMI "
            "दिसत नाही. कृपया तपासा."
        ),
        reply=(
            "नमस्कार {name},\n\nकधी कधी बँक व्यवहार EMI मध्ये रूपांतरित करायला ७ कामकाजाचे दिवस "
            "घेते. तुमचे कार्ड कोणत्या बँकेचे आहे आणि व्यवहार स्टेटमेंटमध्ये कोणत्या तारखेला "
            "दिसतो, हे कळवाल का?\n\n{agent}"
        ),
        follow="HDFC चे कार्ड आहे. व्यवहार {date} रोजी दिसतोय, आज दहा दिवस झाले.",
        note=(
            "{@lead} the EMI conversion request for {order} never reached the bank — the gateway "
            "shows a plain sale. Can finance raise the conversion with the bank manually?"
        ),
        resolution=(
            "नमस्कार {name},\n\nआम्ही बँकेकडे EMI रूपांतरणाची विनंती पाठवली आणि ती मंजूर झाली "
            "आहे. पुढच्या स्टेटमेंटमध्ये {amount} ऐवजी ६ समान हप्ते दिसतील; कोणतेही व्याज "
            "लागणार नाही.\n\n{agent}"
        ),
        tags=("payment", "emi"),
        products=("led_tv", "robot_vacuum", "water_purifier"),
    ),
    Scenario(
        key="mr-reschedule",
        topic=Topic.DELIVERY,
        subject="डिलिव्हरीची तारीख बदलायची आहे",
        opening=(
            "नमस्कार, माझी ऑर्डर {order} उद्या येणार आहे असा मेसेज आला, पण उद्या आम्ही "
            "बाहेरगावी जात आहोत आणि घरी कोणी नसेल. डिलिव्हरी पुढे ढकलता येईल का?"
        ),
        reply=(
            "नमस्कार {name},\n\nहो, नक्की. तुम्ही परत केव्हा येणार आहात आणि कोणती तारीख व वेळ "
            "सोयीची आहे ते कळवा, म्हणजे आम्ही कुरिअरला तसे कळवू.\n\n{agent}"
        ),
        follow="आम्ही रविवारी संध्याकाळी परत येऊ. सोमवारी किंवा मंगळवारी सकाळी डिलिव्हरी चालेल.",
        note=(
            "{@neha} please hold {order} at the {city} hub instead of sending it out tomorrow — "
            "the customer is away until Sunday."
        ),
        resolution=(
            "नमस्कार {name},\n\nतुमची डिलिव्हरी {eta} रोजी सकाळी ९ ते १२ दरम्यान ठरवली आहे. "
            "तोपर्यंत पार्सल {city} हबमध्ये सुरक्षित राहील.\n\n{agent}"
        ),
        thanks="धन्यवाद, खूप मदत झाली.",
        tags=("delivery", "reschedule"),
        priority=Priority.LOW,
    ),
    Scenario(
        key="mr-return-pickup",
        topic=Topic.REFUNDS,
        subject="रिटर्न पिकअप अजून झाला नाही",
        opening=(
            "नमस्कार,\n\nऑर्डर {order} मधील {product} परत करण्यासाठी {date} रोजी विनंती केली. दोन "
            "वेळा पिकअप ठरला, पण कुरिअरवाला आलाच नाही आणि ॲपमध्ये 'customer not available' "
            "दाखवले. दोन्ही दिवस घरी कोणी ना कोणी होतेच."
        ),
        reply=(
            "नमस्कार {name},\n\nहे चुकीचे झाले, क्षमस्व. आम्ही दुसऱ्या कुरिअर पार्टनरमार्फत "
            "पिकअप ठरवतो. कृपया पिकअपसाठी सोयीची तारीख आणि वेळ कळवा.\n\n{agent}"
        ),
        follow="गुरुवारी दुपारी २ ते ५ जमेल.",
        note=(
            "{@lead} two false 'customer not available' scans on this pickup — moving {order} "
            "to the other courier partner and reporting both scans to the current one."
        ),
        resolution=(
            "नमस्कार {name},\n\nतुमचा पिकअप {eta} रोजी दुपारी २ ते ५ दरम्यान ठरला आहे. पिकअप "
            "झाल्यावर तपासणी करून ४८ तासांत {amount} चा रिफंड सुरू होईल.\n\n{agent}"
        ),
        thanks="ठीक आहे, धन्यवाद.",
        tags=("return", "pickup"),
        products=("mixer_grinder", "air_fryer", "ceiling_fan"),
    ),
    Scenario(
        key="mr-invoice-name",
        topic=Topic.ACCOUNT,
        subject="बिलावर नाव चुकीचे आहे",
        opening=(
            "नमस्कार, ऑर्डर {order} च्या बिलावर माझे नाव चुकीचे छापले आहे. वॉरंटीसाठी बिलावर "
            "योग्य नाव हवे आहे. कृपया दुरुस्त करून नवीन बिल पाठवा."
        ),
        reply=(
            "नमस्कार {name},\n\nनक्कीच. बिलावर नाव नेमके कसे हवे आहे ते कळवाल का? ते तुमच्या "
            "प्रोफाइलमध्येही अपडेट करता येईल.\n\n{agent}"
        ),
        follow="माझ्या प्रोफाइलमध्ये आता योग्य नाव अपडेट केले आहे, तेच बिलावर घ्या.",
        note=(
            "{@lead} invoice name correction for {order} — the customer has fixed the profile; "
            "finance needs to reissue the invoice."
        ),
        resolution=(
            "नमस्कार {name},\n\nदुरुस्त नावासह नवीन बिल तुमच्या ईमेलवर पाठवले आहे, आणि ॲपमधील "
            "'माझे ऑर्डर' मध्येही ते डाउनलोड करता येईल. जुने बिल रद्द केले आहे.\n\n{agent}"
        ),
        thanks="मिळाले, धन्यवाद.",
        tags=("invoice",),
        priority=Priority.LOW,
    ),
    Scenario(
        key="mr-auto-cancelled",
        topic=Topic.ORDERS,
        subject="ऑर्डर आपोआप रद्द झाली",
        opening=(
            "नमस्कार,\n\nमाझी ऑर्डर {order} रद्द झाली असा मेसेज आला. मी ती रद्द केली नव्हती, "
            "आणि पैसेही कापले गेले आहेत. नक्की काय झाले?"
        ),
        reply=(
            "नमस्कार {name},\n\nगैरसोयीबद्दल क्षमस्व. तुमच्या पिन कोडवर डिलिव्हरीची अडचण "
            "दाखवल्याने प्रणालीने ऑर्डर रद्द केली असे दिसते. तुम्हाला {product} अजूनही हवा आहे "
            "का, की पूर्ण रिफंड हवा आहे?\n\n{agent}"
        ),
        follow="मला {product} हवाच आहे. माझ्या ऑफिसच्या पत्त्यावर पाठवता येईल का? ऑफिस याच शहरात आहे.",
        note=(
            "{@lead} the pincode was wrongly marked unserviceable after the courier's pincode "
            "update, so {order} auto-cancelled. Please re-enable it so we can place the order "
            "again on the same payment."
        ),
        resolution=(
            "नमस्कार {name},\n\nपिन कोडची अडचण दूर झाली आहे. आम्ही त्याच पेमेंटवर तुमच्या "
            "ऑफिसच्या पत्त्यावर नवीन ऑर्डर तयार केली आहे; {product} {eta}पर्यंत पोहोचेल. "
            "तुम्हाला पुन्हा पैसे भरावे लागणार नाहीत.\n\n{agent}"
        ),
        thanks="छान, धन्यवाद!",
        tags=("cancellation",),
        products=("mixer_grinder", "ceiling_fan", "pressure_cooker", "air_fryer"),
    ),
    Scenario(
        key="mr-cashback",
        topic=Topic.PAYMENTS,
        subject="कॅशबॅक अजून मिळाला नाही",
        opening=(
            "नमस्कार, दिवाळी ऑफरमध्ये {product} घेतल्यावर ₹३०० कॅशबॅक मिळेल असे सांगितले होते "
            "(ऑर्डर {order}). डिलिव्हरी होऊन दोन आठवडे झाले, पण वॉलेटमध्ये कॅशबॅक आलेला नाही."
        ),
        reply=(
            "नमस्कार {name},\n\nऑफरच्या अटींनुसार रिटर्नची मुदत (१० दिवस) संपल्यानंतर ७ "
            "दिवसांत कॅशबॅक जमा होतो. तुम्ही पेमेंट कोणत्या पद्धतीने केले होते — कार्ड, UPI की "
            "वॉलेट?\n\n{agent}"
        ),
        follow="UPI ने केले होते. ऑफर पेजवर UPI सुद्धा चालेल असे लिहिले होते.",
        note=(
            "{@lead} the cashback job skipped UPI orders from the Diwali sale — {order} is one "
            "of them. Can we credit it by hand and get the job fixed?"
        ),
        resolution=(
            "नमस्कार {name},\n\nतुमचे म्हणणे बरोबर आहे — UPI पेमेंटवरही कॅशबॅक लागू होता. ₹३०० "
            "कॅशबॅक आता तुमच्या वॉलेटमध्ये जमा केला आहे. उशिराबद्दल क्षमस्व.\n\n{agent}"
        ),
        thanks="मिळाला, धन्यवाद.",
        tags=("cashback", "offer"),
        products=("led_tv", "air_fryer", "robot_vacuum"),
    ),
)

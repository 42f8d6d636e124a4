"""Hindi conversations of the demo; three are romanised, as many customers type them."""

from __future__ import annotations

from samadhan.demo.scenario import Scenario, Script, Topic
from samadhan.tickets.models import Priority

_ROMAN = Script.ROMANISED

SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        key="hi-delivery-late",
        topic=Topic.DELIVERY,
        subject="ऑर्डर {order} अभी तक नहीं मिला",
        opening=(
            "नमस्ते,\n\nमैंने {date} को {product} ऑर्डर किया था (ऑर्डर नंबर {order})। वेबसाइट "
            "पर 4-5 दिन में डिलीवरी लिखा था, लेकिन एक हफ़्ते से ज़्यादा हो गया है। ट्रैकिंग में "
            'पिछले तीन दिन से "{city} हब पर पहुँचा" ही दिख रहा है। कृपया बताइए पार्सल कहाँ '
            "है।\n\n{name}"
        ),
        reply=(
            "नमस्ते {name} जी,\n\nदेरी के लिए माफ़ी चाहते हैं। आपका ऑर्डर {order} हमारे कूरियर "
            "पार्टनर के पास है और आख़िरी स्कैन {city} हब का ही है। क्या आप डिलीवरी का पता और "
            "वह मोबाइल नंबर कन्फ़र्म कर देंगे जिस पर कूरियर आपसे बात कर सके? हम आज ही कूरियर "
            "से बात करेंगे।\n\n{agent}\nसितारा होम स्टोर"
        ),
        follow=(
            "पता वही है जो ऑर्डर में है — मकान नंबर 14, गली नंबर 3। नंबर भी वही है, पर अभी तक "
            "किसी का फ़ोन नहीं आया।"
        ),
        note=(
            "{@lead} parcel 4 din se {city} hub pe pada hai (AWB {tracking}). Courier ko "
            "escalation bhej diya hai — kal tak move na ho to please unke account manager se "
            "baat kar lena."
        ),
        resolution=(
            "नमस्ते {name} जी,\n\nअच्छी ख़बर है — कूरियर ने आपका पार्सल ढूँढ लिया है। हब पर "
            "ग़लत जगह छँट गया था; अब डिलीवरी के लिए निकल चुका है और {eta} तक आपके पास पहुँच "
            "जाएगा। ट्रैकिंग नंबर: {tracking}। असुविधा के लिए हमने आपका डिलीवरी चार्ज वापस कर "
            "दिया है।\n\n{agent}"
        ),
        thanks="पार्सल मिल गया। बहुत-बहुत धन्यवाद!",
        tags=("delivery", "delay"),
        products=("mixer_grinder", "pressure_cooker", "ceiling_fan", "air_fryer"),
    ),
    Scenario(
        key="hi-roman-not-arrived",
        topic=Topic.DELIVERY,
        script=_ROMAN,
        subject="mera order abhi tak nahi aaya",
        opening=(
            "Hello, mera order abhi tak nahi aaya. Order no {order} hai, {date} ko {product} "
            "order kiya tha. Tracking mein 3 din se 'out for delivery' dikha raha hai par koi "
            "aaya hi nahi. Kab tak aayega?? Jaldi batao please"
        ),
        reply=(
            "Namaste {name} ji,\n\nAsuvidha ke liye maafi chahte hain. Humne check kiya, aapka "
            "order {order} courier ke paas hai. Kya aap apna poora address aur landmark bhej "
            "sakte hain? Lagta hai courier wale address dhoondh nahi pa rahe.\n\n{agent}"
        ),
        follow=(
            "Address: H.No. 221, Sector 9, {city}, Hanuman mandir ke paas. Dusra number nahi "
            "hai, isi number pe call karwa do, main ghar pe hi hoon."
        ),
        note=(
            "{@lead} delivery boy 3 din se 'customer not available' mark kar raha hai jabki "
            "customer ghar pe hai. Courier pe complaint daal di hai (AWB {tracking})."
        ),
        resolution=(
            "Namaste {name} ji,\n\nCourier se baat ho gayi hai. Aapka parcel {eta} tak pahunch "
            "jayega, aur delivery boy aane se pehle aapko call karega. Tracking number "
            "{tracking} hai.\n\n{agent}"
        ),
        thanks="Mil gaya parcel, thank you!",
        tags=("delivery", "delay"),
        products=("mixer_grinder", "pressure_cooker", "air_fryer", "ceiling_fan"),
    ),
    Scenario(
        key="hi-cancel-refund",
        topic=Topic.REFUNDS,
        subject="ऑर्डर कैंसिल किया, पैसे वापस नहीं आए",
        opening=(
            "नमस्ते,\n\nमैंने {date} को अपना ऑर्डर {order} कैंसिल कर दिया था, और ईमेल में लिखा "
            "था कि {amount} पाँच-सात दिन में वापस आ जाएँगे। दस दिन हो गए, अभी तक खाते में कुछ "
            "नहीं आया। कृपया जल्दी देखिए।"
        ),
        reply=(
            "नमस्ते {name} जी,\n\nआपका रिफ़ंड हमारी तरफ़ से शुरू हो चुका है। आपने भुगतान UPI "
            "से किया था या कार्ड से? अगर UPI से, तो कृपया अपने बैंक स्टेटमेंट से उस ट्रांज़ैक्शन "
            "का UTR नंबर भेज दीजिए ताकि हम बैंक से पता कर सकें।\n\n{agent}"
        ),
        follow="UPI से किया था। UTR नंबर {ref} है।",
        note=(
            "{@lead} {order} ka refund gateway pe 'processed' dikh raha hai par bank ne credit "
            "nahi kiya. UTR {ref} — bank se confirmation le sakte hain?"
        ),
        resolution=(
            "नमस्ते {name} जी,\n\nबैंक से पुष्टि हो गई है: {amount} का रिफ़ंड आपके खाते में भेज "
            "दिया गया है (रेफ़रेंस {ref})। यह 24 घंटे के अंदर आपके स्टेटमेंट में दिखने लगेगा। "
            "देरी के लिए एक बार फिर माफ़ी।\n\n{agent}"
        ),
        thanks="पैसे आ गए हैं, धन्यवाद।",
        tags=("refund", "cancellation"),
        products=("mixer_grinder", "pressure_cooker", "air_fryer", "ceiling_fan"),
    ),
    Scenario(
        key="hi-upi-debited",
        topic=Topic.PAYMENTS,
        subject="पैसे कट गए लेकिन ऑर्डर नहीं हुआ",
        opening=(
            "मैंने {product} ख़रीदने के लिए UPI से {amount} का पेमेंट किया। मेरे खाते से पैसे कट "
            "गए, लेकिन वेबसाइट पर 'पेमेंट फ़ेल' आ गया और कोई ऑर्डर नहीं बना। अब क्या करूँ? "
            "दोबारा पेमेंट करने से डर लग रहा है।"
        ),
        reply=(
            "नमस्ते {name} जी,\n\nचिंता मत कीजिए, आपका पैसा सुरक्षित है। ऐसे मामलों में बैंक आम "
            "तौर पर 3-5 कामकाजी दिनों में रकम अपने-आप लौटा देता है। हम इसे अभी जाँच सकें, "
            "इसके लिए कृपया पेमेंट का UTR नंबर और पेमेंट का समय बता दीजिए।\n\n{agent}"
        ),
        follow="UTR नंबर {ref} है, पेमेंट {date} को शाम क़रीब 7 बजे किया था।",
        note=(
            "{@lead} gateway logs mein payment {ref} 'captured' hai lekin order nahi bana — "
            "callback timeout. Isi payment pe order bana dein ya refund karein?"
        ),
        resolution=(
            "नमस्ते {name} जी,\n\nहमने जाँच कर ली है — आपका पेमेंट हमें मिल गया था, पर तकनीकी "
            "गड़बड़ी से ऑर्डर नहीं बन पाया। हमने उसी पेमेंट पर आपका ऑर्डर {order} बना दिया है, "
            "दोबारा पैसे देने की ज़रूरत नहीं है। कन्फ़र्मेशन ईमेल भेज दिया गया है।\n\n{agent}"
        ),
        thanks="ठीक है, ईमेल आ गया। शुक्रिया।",
        tags=("payment", "upi"),
        priority=Priority.HIGH,
        products=("led_tv", "robot_vacuum", "water_purifier", "air_fryer"),
    ),
    Scenario(
        key="hi-warranty-noise",
        topic=Topic.WARRANTY,
        subject="{product} ठीक से काम नहीं कर रहा",
        opening=(
            "नमस्ते,\n\n{bought} को ख़रीदा हुआ {product} अब ठीक से काम नहीं कर रहा। चलाते ही "
            "बहुत तेज़ आवाज़ आती है और दो-तीन मिनट में जलने जैसी गंध आने लगती है। अभी वारंटी "
            "में है। कृपया किसी को रिपेयर के लिए भेजिए।"
        ),
        reply=(
            "नमस्ते {name} जी,\n\nसुरक्षा के लिए कृपया अभी इसका इस्तेमाल न करें। आपका {product} "
            "12 महीने की वारंटी में है। टेक्नीशियन भेजने के लिए हमें प्रोडक्ट के नीचे लगे "
            "स्टिकर पर लिखा सीरियल नंबर और आपकी सुविधा का समय चाहिए।\n\n{agent}"
        ),
        follow="सीरियल नंबर SN{ref} है। शनिवार या रविवार सुबह 11 बजे के बाद कोई भी समय ठीक है।",
        note=(
            "{@lead} {city} wale service partner ke paas is model ki motor stock mein hai kya? "
            "Pichhle mahine bhi yahi complaint aayi thi."
        ),
        resolution=(
            "नमस्ते {name} जी,\n\nआपकी सर्विस विज़िट {eta} को सुबह 11 से 2 बजे के बीच तय हो गई "
            "है। टेक्नीशियन नई मोटर साथ लाएँगे और वारंटी में मरम्मत मुफ़्त होगी। कृपया बिल की "
            "कॉपी तैयार रखिए।\n\n{agent}"
        ),
        thanks="टेक्नीशियन आए थे, अब ठीक चल रहा है। धन्यवाद।",
        tags=("warranty", "repair"),
        products=("mixer_grinder", "ceiling_fan", "air_fryer", "robot_vacuum"),
    ),
    Scenario(
        key="hi-roman-refund",
        topic=Topic.REFUNDS,
        script=_ROMAN,
        subject="refund kab aayega?",
        opening=(
            "Maine {date} ko {product} return kiya tha, pickup bhi ho gaya. Order {order}. Abhi "
            "tak refund nahi aaya, {amount} ka tha. Kab tak aayega refund?"
        ),
        reply=(
            "Namaste {name} ji,\n\nAapka return hamare warehouse mein pahunch gaya hai. Refund "
            "bhejne se pehle ek baat confirm kar dijiye: aapne payment cash on delivery se kiya "
            "tha na? COD orders ka refund bank account mein jaata hai, isliye account number aur "
            "IFSC code bhej dijiye.\n\n{agent}"
        ),
        follow="Haan COD tha. Account details app mein daal di hain, wahi use kar lo. SBI ka hai.",
        note=(
            "{@lead} COD refund for {order}, bank details app mein verified hain. Finance "
            "approval chahiye, amount {amount}."
        ),
        resolution=(
            "Namaste {name} ji,\n\nAapka {amount} ka refund aapke SBI account mein bhej diya gaya "
            "hai, reference number {ref}. 2-3 working days mein account mein dikh jayega.\n\n"
            "{agent}"
        ),
        thanks="Ok thanks",
        tags=("refund", "cod"),
        products=("air_fryer", "mixer_grinder", "smartwatch"),
    ),
    Scenario(
        key="hi-installation",
        topic=Topic.DELIVERY,
        subject="इंस्टॉलेशन के लिए कोई नहीं आया",
        opening=(
            "नमस्ते,\n\nमेरा {product} {date} को डिलीवर हो गया था (ऑर्डर {order})। ऑर्डर के साथ "
            "मुफ़्त इंस्टॉलेशन था, लेकिन चार दिन बाद भी कोई टेक्नीशियन नहीं आया। डिब्बा ऐसे ही "
            "रखा है। कब तक आएँगे?"
        ),
        reply=(
            "नमस्ते {name} जी,\n\nदेरी के लिए माफ़ी चाहते हैं। इंस्टॉलेशन की रिक्वेस्ट हमें मिल "
            "गई है। कृपया बताइए कि आपको कौन-सा दिन और समय ठीक रहेगा, और क्या दीवार पर लगाने के "
            "लिए ड्रिलिंग की अनुमति है?\n\n{agent}"
        ),
        follow="कल या परसों शाम 5 बजे के बाद ठीक रहेगा। हाँ, ड्रिलिंग कर सकते हैं।",
        note=(
            "{@lead} {city} mein installation partner ne request accept hi nahi ki thi. "
            "Backup partner ko assign kar diya hai."
        ),
        resolution=(
            "नमस्ते {name} जी,\n\nटेक्नीशियन की विज़िट {eta} को शाम 5 से 7 बजे के बीच पक्की हो "
            "गई है। आने से आधा घंटा पहले वे आपको फ़ोन करेंगे। इंस्टॉलेशन का कोई चार्ज नहीं "
            "लगेगा।\n\n{agent}"
        ),
        thanks="ठीक है, धन्यवाद।",
        tags=("installation",),
        products=("water_purifier", "led_tv"),
    ),
    Scenario(
        key="hi-missing-jar",
        topic=Topic.ORDERS,
        subject="डिब्बे में एक जार कम है",
        opening=(
            "नमस्ते, आज {product} की डिलीवरी हुई (ऑर्डर {order})। डिब्बे पर तीन जार लिखे हैं "
            "लेकिन अंदर सिर्फ़ दो हैं, छोटा चटनी वाला जार नहीं है। सील पहले से खुली हुई लग रही "
            "थी।"
        ),
        reply=(
            "नमस्ते {name} जी,\n\nयह हमारी ग़लती है, माफ़ कीजिए। कृपया डिब्बे की और अंदर रखे "
            "सामान की एक फ़ोटो भेज दीजिए, ताकि हम गोदाम में जाँच कर सकें और छोटा जार तुरंत भेज "
            "सकें।\n\n{agent}"
        ),
        follow="फ़ोटो ईमेल पर भेज दी है। बाक़ी सब ठीक है, बस जार नहीं है।",
        note=(
            "{@neha} {order} mein chutney jar missing hai, seal pehle se khuli thi. Returned "
            "stock se repack hua tha kya? Ek jar alag se bhej sakte hain?"
        ),
        resolution=(
            "नमस्ते {name} जी,\n\nछोटा चटनी जार आज अलग पार्सल से भेज दिया गया है, ट्रैकिंग नंबर "
            "{tracking}। यह {eta} तक पहुँच जाएगा। आपको कुछ भी भुगतान नहीं करना है।\n\n{agent}"
        ),
        thanks="जार मिल गया, धन्यवाद।",
        tags=("missing-part",),
        products=("mixer_grinder",),
    ),
    Scenario(
        key="hi-roman-exchange",
        topic=Topic.ORDERS,
        script=_ROMAN,
        subject="galat colour aaya, exchange karna hai",
        opening=(
            "Hi, maine blue colour ka {product} order kiya tha par black wala aa gaya. Order "
            "{order}. Gift dena tha isliye exchange jaldi chahiye. Box abhi khola nahi hai."
        ),
        reply=(
            "Namaste {name} ji,\n\nGalti ke liye maafi. Exchange ho jayega. Bas confirm kar "
            "dijiye ki product unused hai aur original box mein hai, aur pickup ke liye kaunsa "
            "time theek rahega?\n\n{agent}"
        ),
        follow="Haan bilkul unused hai, seal bhi nahi khola. Pickup subah 10 se 1 ke beech kar do.",
        note=(
            "{@neha} blue variant ka stock check karna please, {order} ke liye exchange chahiye. "
            "Customer ko gift dena hai, jaldi dispatch ho sake to accha."
        ),
        resolution=(
            "Namaste {name} ji,\n\nExchange confirm ho gaya hai. {eta} ko subah 10 se 1 ke beech "
            "courier blue {product} le kar aayega aur black wala wapas le jayega. Koi extra "
            "charge nahi hai.\n\n{agent}"
        ),
        thanks="Thank you so much!",
        tags=("wrong-item", "exchange"),
        products=("smartwatch", "air_fryer"),
    ),
    Scenario(
        key="hi-extra-money",
        topic=Topic.DELIVERY,
        subject="डिलीवरी वाले ने ज़्यादा पैसे माँगे",
        opening=(
            "नमस्ते,\n\nआज मेरा ऑर्डर {order} आया। पेमेंट पहले ही ऑनलाइन हो चुका था, फिर भी "
            "डिलीवरी वाले ने 'ऊपर चढ़ाने के चार्ज' के नाम पर ₹50 माँगे, और मना करने पर बदतमीज़ी "
            "से बात की। यह ठीक नहीं है। कृपया इस पर कार्रवाई कीजिए।"
        ),
        reply=(
            "नमस्ते {name} जी,\n\nइस अनुभव के लिए हम सच में शर्मिंदा हैं। हमारी तरफ़ से डिलीवरी "
            "पर कोई अतिरिक्त शुल्क नहीं लिया जाता। शिकायत दर्ज करने के लिए कृपया बताइए कि "
            "डिलीवरी लगभग किस समय हुई, और क्या आपने उन्हें कोई पैसे दिए?\n\n{agent}"
        ),
        follow="दोपहर क़रीब 2 बजे आया था। मैंने ₹50 दे दिए क्योंकि वह सामान देने को तैयार नहीं था।",
        note=(
            "{@lead} {city} mein courier staff ne extra paise maange, AWB {tracking}. Courier ko "
            "formal complaint bhej di hai; ₹50 hum wallet mein refund kar dete hain."
        ),
        resolution=(
            "नमस्ते {name} जी,\n\nहमने कूरियर कंपनी में औपचारिक शिकायत दर्ज करा दी है और "
            "उन्होंने उस कर्मचारी पर कार्रवाई की पुष्टि की है। आपके ₹50 हमने आपके वॉलेट में वापस "
            "डाल दिए हैं। हमें बताने के लिए धन्यवाद।\n\n{agent}"
        ),
        tags=("delivery", "complaint"),
        priority=Priority.HIGH,
    ),
)

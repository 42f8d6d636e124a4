"""Latvian conversations of the demo; in two the customer types without diacritics.

Products appear in the nominative only (in parentheses or as the subject),
so one product name fits every sentence without declension.
"""

from __future__ import annotations

from samadhan.demo.scenario import Scenario, Script, Topic
from samadhan.tickets.models import Priority

_PLAIN = Script.NO_DIACRITICS
_SIGN = "\n\nAr cieņu,\n{agent}"

SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        key="lv-parcel-locker",
        topic=Topic.DELIVERY,
        subject="Sūtījums nav pienācis pakomātā",
        opening=(
            "Labdien!\n\nPasūtīju {date} (pasūtījums {order}), un tika solīts, ka sūtījums būs "
            "pakomātā 3 darba dienu laikā. Pagājusi jau nedēļa, bet īsziņa par saņemšanu nav "
            "atnākusi, un izsekošanā joprojām redzams tikai “Sūtījums reģistrēts”. Lūdzu, "
            "pārbaudiet, kas noticis.\n\n{name}"
        ),
        reply=(
            "Labdien!\n\nAtvainojamies par kavēšanos. Pasūtījums {order} ir nodots kurjeram, bet "
            "pēdējais ieraksts tiešām ir reģistrācija. Lūdzu, apstipriniet, kuru pakomātu "
            "izvēlējāties un uz kuru tālruņa numuru sūtīt īsziņu ar kodu."
            + _SIGN
            + "\nSitara Home Store"
        ),
        follow="Pakomāts pie tirdzniecības centra Purvciemā, tālrunis tas pats, kas profilā.",
        note=(
            "{@lead} parcel {tracking} has been sitting at the courier's sorting centre for 5 "
            "days. Complaint filed; if it hasn't moved by tomorrow, could you call their account "
            "manager?"
        ),
        resolution=(
            "Labdien!\n\nKurjers sūtījumu atrada — tas bija nonācis nepareizā maršrutā. Tagad tas "
            "ir ceļā, un pakomātā tas būs {eta}; kodu saņemsiet īsziņā. Par sagādātajām "
            "neērtībām esam atmaksājuši piegādes maksu." + _SIGN
        ),
        thanks="Paldies, paku saņēmu!",
        tags=("delivery", "parcel-locker"),
    ),
    Scenario(
        key="lv-plain-where-is-it",
        topic=Topic.DELIVERY,
        script=_PLAIN,
        subject="Kur ir mans pasutijums?",
        opening=(
            "Sveiki, pasutiju {date}, pasutijuma nr {order} ({product}). Majaslapa bija "
            "rakstits ka piegade 2-4 dienas, bet vel nekas nav atnacis un neviens nav zvanijis. "
            "Kur ir mans pasutijums??"
        ),
        reply=(
            "Labdien!\n\nAtvainojamies par gaidīšanu. Pasūtījums {order} ir pie kurjera. Lai "
            "kurjers varētu ar jums sazināties, lūdzu, apstipriniet piegādes adresi un tālruņa "
            "numuru." + _SIGN
        ),
        follow=(
            "Adrese ta pati kas pasutijuma, Brivibas iela 101 - 12. Telefons profila ir pareizs."
        ),
        note=(
            "{@lead} the courier marked {tracking} as 'address not found' although the address "
            "is correct. Asked them to call the customer before delivering."
        ),
        resolution=(
            "Labdien!\n\nKurjers bija atzīmējis, ka adrese nav atrasta, lai gan tā ir pareiza. "
            "Esam to izlabojuši: sūtījums tiks piegādāts {eta}, un kurjers jums iepriekš "
            "piezvanīs." + _SIGN
        ),
        thanks="Sanemu, paldies!",
        tags=("delivery", "delay"),
        products=("air_fryer", "smartwatch", "robot_vacuum"),
    ),
    Scenario(
        key="lv-cracked-tv",
        topic=Topic.DELIVERY,
        subject="Televizoram saplīsis ekrāns",
        opening=(
            "Labdien! Šodien saņēmu pasūtījumu {order}. Izsaiņojot redzēju, ka ekrāna stūrī ir "
            "plaisa, un pēc ieslēgšanas pa visu ekrānu iet svītras. Kaste no ārpuses bija "
            "iespiesta, to parādīju arī kurjeram. Lūdzu, apmainiet pret jaunu."
        ),
        reply=(
            "Labdien!\n\nĻoti atvainojamies — tā jaunam televizoram nevajadzētu pienākt. Lai "
            "noformētu bojājuma pieteikumu, lūdzu, atsūtiet plaisas un iespiestās kastes "
            "fotoattēlus. Iepakojumu, lūdzu, saglabājiet — kurjers televizoru paņems atpakaļ "
            "tajā." + _SIGN
        ),
        follow="Fotogrāfijas nosūtīju e-pastā. Kaste ir saglabāta.",
        note=(
            "{@lead} transit damage on {order}; the photos are clear and the dent was shown to "
            "the courier. Requesting approval to replace without waiting for their inspection."
        ),
        resolution=(
            "Labdien!\n\nApmaiņa ir apstiprināta. Jaunais {product} tiks piegādāts {eta}, un "
            "kurjers tajā pašā reizē paņems bojāto." + _SIGN
        ),
        thanks="Paldies par ātro palīdzību!",
        tags=("damaged", "replacement"),
        priority=Priority.URGENT,
        products=("led_tv",),
    ),
    Scenario(
        key="lv-refund",
        topic=Topic.REFUNDS,
        subject="Nav saņemta naudas atmaksa",
        opening=(
            "Labdien!\n\nAtgriezu preci no pasūtījuma {order} ({product}), kurjers to paņēma "
            "{date}. Lietotnē redzams “Atgriešana saņemta”, bet {amount} joprojām nav "
            "atmaksāti. Cik ilgi vēl jāgaida?"
        ),
        reply=(
            "Labdien!\n\nPaldies par pacietību. Prece ir saņemta un pārbaudīta. Lūdzu, norādiet "
            "tās kartes pēdējos četrus ciparus, ar kuru maksājāt — pasūtījumam ir divi "
            "maksājuma mēģinājumi, un vēlamies būt droši, ka atmaksa aiziet uz pareizo "
            "karti." + _SIGN
        ),
        follow="Karte beidzas ar 3390. Otrs mēģinājums neizdevās.",
        note=(
            "{@karlis} vai atceries, vai kurjers šo preci noliktavā nodeva ar nokavēšanos? "
            "Atmaksa {ref} kopš nedēļas nogales stāv statusā “uzsākta”."
        ),
        resolution=(
            "Labdien!\n\nAtmaksa {amount} apmērā ir nosūtīta uz karti, kas beidzas ar 3390 "
            "(atsauce {ref}). Bankā tā parasti parādās 5-7 darba dienu laikā." + _SIGN
        ),
        thanks="Nauda saņemta, paldies.",
        tags=("refund", "return"),
        products=("air_fryer", "smartwatch", "robot_vacuum"),
    ),
    Scenario(
        key="lv-warranty-watch",
        topic=Topic.WARRANTY,
        subject="Viedpulkstenis neuzlādējas",
        opening=(
            "Labdien! {bought} nopirktais {product} vairs neuzlādējas — uzliekot uz lādētāja, "
            "nekas nenotiek. Izmēģināju citu vadu un adapteri. Garantija vēl ir spēkā. Ko darīt?"
        ),
        reply=(
            "Labdien!\n\nŽēl to dzirdēt. Pulkstenim ir 24 mēnešu garantija. Lai noformētu "
            "garantijas pieteikumu, lūdzu, atsūtiet sērijas numuru (tas redzams pulksteņa "
            "aizmugurē) un pasūtījuma numuru vai čeka fotoattēlu." + _SIGN
        ),
        follow="Sērijas numurs SN{ref}, pasūtījums {order}.",
        note=(
            "{@lead} the charging contacts on this batch corrode — third case this month. "
            "Approve a direct replacement instead of a repair?"
        ),
        resolution=(
            "Labdien!\n\nGarantijas pieteikums ir apstiprināts. Remonta vietā jums nosūtīsim "
            "jaunu pulksteni — tas būs pakomātā {eta}. Veco, lūdzu, ielieciet tajā pašā "
            "pakomātā ar atgriešanas kodu, ko saņemsiet īsziņā." + _SIGN
        ),
        thanks="Lieliski, paldies!",
        tags=("warranty", "replacement"),
        products=("smartwatch",),
    ),
    Scenario(
        key="lv-plain-charged-twice",
        topic=Topic.PAYMENTS,
        script=_PLAIN,
        subject="Nauda nonemta divreiz",
        opening=(
            "Labdien, maksajums pirmo reizi neizdevas, tapec maksaju velreiz. Tagad bankas "
            "izraksta redzu divus maksajumus par {amount}, bet pasutijums tikai viens "
            "({order}). Ludzu atmaksajiet lieko!"
        ),
        reply=(
            "Labdien!\n\nAtvainojamies par sagādātajām raizēm. Pirmais maksājums bankā tika "
            "rezervēts, bet mums netika apstiprināts; parasti banka šādu summu atbrīvo 3 darba "
            "dienu laikā. Lūdzu, atsūtiet pirmā maksājuma atsauces numuru no bankas izraksta, "
            "lai varam to pārbaudīt." + _SIGN
        ),
        follow="Atsauces nr {ref}. Jau 4 dienas pagajusas.",
        note=(
            "{@karlis} šim klientam ceļā ir arī piegāde — ja viņš zvana par {order}, maksājuma "
            "jautājumu risinu es."
        ),
        resolution=(
            "Labdien!\n\nJums bija taisnība — pirmais maksājums ({ref}) tika noņemts, bet netika "
            "piesaistīts pasūtījumam. Šodien atmaksājām {amount}; kontā nauda parādīsies 5-7 "
            "darba dienu laikā. Atvainojamies par neērtībām." + _SIGN
        ),
        tags=("payment", "double-charge"),
        priority=Priority.HIGH,
        products=("led_tv", "robot_vacuum", "air_fryer"),
    ),
    Scenario(
        key="lv-company-invoice",
        topic=Topic.PAYMENTS,
        subject="Rēķins uz uzņēmuma vārda",
        opening=(
            "Labdien! Iegādājāmies preci birojam ({product}, pasūtījums {order}), bet rēķins "
            "izrakstīts uz mana vārda. Vai varat izrakstīt rēķinu uz uzņēmumu ar PVN maksātāja "
            "numuru? Grāmatvedībai tas ir vajadzīgs."
        ),
        reply=(
            "Labdien!\n\nProtams. Lūdzu, atsūtiet uzņēmuma pilnu nosaukumu, juridisko adresi un "
            "PVN maksātāja numuru tieši tā, kā tiem jābūt rēķinā." + _SIGN
        ),
        follow="SIA “Ziemeļvējš”, Dzirnavu iela 57, Rīga, LV-1010. PVN nr. LV40003123456.",
        note=(
            "{@lead} invoice reissue for {order} to a VAT-registered company — finance has to "
            "cancel the consumer invoice first."
        ),
        resolution=(
            "Labdien!\n\nLabotais rēķins uz SIA “Ziemeļvējš” ar jūsu PVN maksātāja numuru ir "
            "nosūtīts e-pastā. Sākotnējais rēķins ir anulēts, lai nerastos dublikāts." + _SIGN
        ),
        thanks="Paldies, saņēmām.",
        tags=("invoice", "b2b"),
        priority=Priority.LOW,
        products=("led_tv", "robot_vacuum", "air_fryer"),
    ),
    Scenario(
        key="lv-address-change",
        topic=Topic.ACCOUNT,
        subject="Vēlos mainīt piegādes adresi",
        opening=(
            "Labdien! Šorīt veicu pasūtījumu {order}, bet pamanīju, ka piegādes adrese ir vecā. "
            "Vai to var nomainīt, pirms sūtījums ir izsūtīts?"
        ),
        reply=(
            "Labdien!\n\nJā, pasūtījums vēl nav sapakots. Lūdzu, atsūtiet pilnu jauno adresi ar "
            "pasta indeksu, un es to nomainīšu." + _SIGN
        ),
        follow="Jaunā adrese: Lāčplēša iela 24 - 7, Rīga, LV-1011. Durvju kods 47K.",
        note=(
            "{@neha} address change on {order} — please make sure the old label isn't printed "
            "in tonight's batch."
        ),
        resolution=(
            "Labdien!\n\nAdrese ir nomainīta: pasūtījums {order} tiks piegādāts uz Lāčplēša ielu "
            "24 - 7. Tiklīdz sūtījums būs ceļā, saņemsiet jaunu izsekošanas saiti." + _SIGN
        ),
        thanks="Super, paldies!",
        tags=("address-change",),
    ),
    Scenario(
        key="lv-withdrawal",
        topic=Topic.REFUNDS,
        subject="Vēlos atteikties no pirkuma",
        opening=(
            "Labdien! Pirms nedēļas saņēmām pasūtījumu {order} ({product}), bet pārdomājām — "
            "tas nav tas, ko gaidījām. Vēlos izmantot atteikuma tiesības 14 dienu laikā. Kā to "
            "izdarīt?"
        ),
        reply=(
            "Labdien!\n\nProtams, 14 dienu laikā varat atteikties no pirkuma, nenorādot iemeslu. "
            "Lūdzu, apstipriniet, vai prece ir oriģinālajā iepakojumā, un uzrakstiet, vai "
            "ērtāk to nodot pakomātā vai kurjeram." + _SIGN
        ),
        follow="Jā, viss ir oriģinālajā kastē. Ērtāk būtu pakomātā.",
        note=(
            "{@karlis} vai vari izveidot pakomāta atgriešanas kodu pasūtījumam {order}? Pēc tam "
            "apstiprināšu atmaksu."
        ),
        resolution=(
            "Labdien!\n\nAtgriešanas kods ir nosūtīts īsziņā; preci varat ielikt jebkurā "
            "pakomātā nākamo 7 dienu laikā. Tiklīdz prece būs pie mums, 48 stundu laikā "
            "atmaksāsim {amount}." + _SIGN
        ),
        thanks="Paldies, ieliku pakomātā.",
        tags=("return", "withdrawal"),
        products=("air_fryer", "robot_vacuum", "smartwatch"),
    ),
    Scenario(
        key="lv-login",
        topic=Topic.ACCOUNT,
        subject="Nevaru pieslēgties kontam",
        opening=(
            "Labdien! Nevaru pieslēgties savam kontam — paroles atjaunošanas e-pasts nepienāk, "
            "pārbaudīju arī surogātpasta mapi. Gribu redzēt pasūtījuma {order} statusu."
        ),
        reply=(
            "Labdien!\n\nAtvainojamies par neērtībām. Lūdzu, apstipriniet, ar kuru e-pasta "
            "adresi reģistrējāties — iespējams, kontam piesaistīta cita adrese." + _SIGN
        ),
        follow="Reģistrējos ar darba e-pastu, bet tagad rakstu no personīgā. Varbūt tāpēc.",
        note=(
            "{@lead} the customer registered with a work address that now bounces. Identity "
            "checked against the order details — OK to move the account to the personal email?"
        ),
        resolution=(
            "Labdien!\n\nKontam tagad ir piesaistīta e-pasta adrese, no kuras rakstāt, un uz to "
            "nosūtījām paroles atjaunošanas saiti. Pasūtījums {order} ir ceļā, piegāde paredzēta "
            "{eta}." + _SIGN
        ),
        thanks="Izdevās, paldies!",
        tags=("login", "account"),
    ),
)

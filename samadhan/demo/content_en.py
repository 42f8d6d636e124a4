"""English conversations of the demo."""

from __future__ import annotations

from samadhan.demo.scenario import Scenario, Topic
from samadhan.tickets.models import Priority

SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        key="en-delivery-late",
        topic=Topic.DELIVERY,
        subject="Order {order} not delivered yet",
        opening=(
            "Hi,\n\nI placed order {order} for a new {product} on {date}, and the website said "
            "it would arrive in 3-5 days. It's been over a week and the tracking page hasn't "
            "moved since the parcel reached the {city} hub. Could you please check what's "
            "going on?\n\nThanks,\n{name}"
        ),
        reply=(
            "Hi {name},\n\nSorry about the wait. I can see order {order} is with our courier "
            "partner, but the scan at the {city} hub is the last update. Could you confirm the "
            "delivery address and a phone number the courier can reach you on? I'll chase "
            "them today.\n\n{agent}\nSitara Home Store"
        ),
        follow=(
            "Address is the same as on the order, flat 302. Phone is the one on my account - "
            "nobody has called me though."
        ),
        note=(
            "{@lead} parcel has been sitting at the {city} hub for 4 days (AWB {tracking}). "
            "I've raised an escalation with the courier; can you nudge our account manager "
            "there if nothing moves by tomorrow?"
        ),
        resolution=(
            "Hi {name},\n\nGood news: the courier found your parcel. It had been mis-sorted at "
            "the hub and is out for delivery now, expected {eta}. Tracking number: {tracking}. "
            "I've refunded the delivery charge for the trouble.\n\n{agent}"
        ),
        thanks="Got it this evening. Thanks for sorting it out!",
        tags=("delivery", "delay"),
        products=("ceiling_fan", "air_fryer", "pressure_cooker", "robot_vacuum"),
    ),
    Scenario(
        key="en-wrong-model",
        topic=Topic.ORDERS,
        subject="Received the wrong model",
        opening=(
            "Hello, I ordered the black {product} but the box that came today has a white one "
            "in it, and the model number on the box doesn't match my invoice. Order {order}. "
            "I haven't opened the inner packaging. What should I do?"
        ),
        reply=(
            "Hello {name},\n\nApologies for the mix-up. Could you tell us what the label on the "
            "box says (model number and colour)? As soon as we have it I'll arrange an "
            "exchange.\n\n{agent}"
        ),
        follow=(
            "The label says HB-220 WH, colour white. My invoice says HB-220 BK. I'm home most "
            "days after 4 pm if someone can come then."
        ),
        note=(
            "{@neha} looks like a picking error at Pune: the BK and WH variants are on "
            "neighbouring shelves again. Can you check stock of the black one before I promise "
            "a date?"
        ),
        resolution=(
            "Thanks, {name}. The courier will hand over the black {product} and collect the "
            "white one in the same visit on {eta}, between 4 and 7 pm. There's nothing to "
            "pay.\n\n{agent}"
        ),
        thanks="Perfect, thank you.",
        tags=("wrong-item", "exchange"),
        products=("air_fryer", "mixer_grinder", "smartwatch"),
    ),
    Scenario(
        key="en-damaged-tv",
        topic=Topic.DELIVERY,
        subject="TV arrived with a cracked screen",
        opening=(
            "Hi, the {product} from order {order} was delivered this morning. When we unboxed "
            "it there was a crack running from the bottom left corner, and the screen shows "
            "lines when switched on. The outer box had a dent, which I pointed out to the "
            "delivery person. I need a replacement urgently, it was a gift for my parents."
        ),
        reply=(
            "Hi {name},\n\nI'm really sorry - that's not how a new TV should arrive. To raise "
            "the transit-damage claim I need two things: a photo of the crack and a photo of "
            "the dented box. Please keep the packaging; the courier takes the TV back in "
            "it.\n\n{agent}"
        ),
        follow=(
            "I've emailed both photos just now. The box is still here. Please don't make me "
            "wait two weeks for the replacement."
        ),
        note=(
            "{@lead} transit damage on {order}, photos are clear. Requesting approval to "
            "replace without waiting for the courier's survey - the customer flagged the dent "
            "at delivery."
        ),
        resolution=(
            "Hi {name},\n\nYour replacement is approved. A new {product} leaves our warehouse "
            "today and should reach you on {eta}; wall mounting by our engineer is included. "
            "The courier will collect the damaged set at the same time.\n\n{agent}"
        ),
        thanks="Thank you, that was quicker than I expected.",
        tags=("damaged", "replacement"),
        priority=Priority.URGENT,
        products=("led_tv",),
    ),
    Scenario(
        key="en-refund-pending",
        topic=Topic.REFUNDS,
        subject="Refund for my return still not received",
        opening=(
            "Hello,\n\nI returned the {product} from order {order}; the courier picked it up on "
            "{date}. The app says 'Return received' but the {amount} still hasn't come back to "
            "my card. How long does it take?"
        ),
        reply=(
            "Hello {name},\n\nThanks for your patience. The return has reached us and passed "
            "inspection. Could you tell me the last four digits of the card you paid with? "
            "There are two payment attempts on this order and I want to be sure the refund goes "
            "to the right one.\n\n{agent}"
        ),
        follow="It ends in 4417. The other attempt failed, so it should be this one.",
        note=(
            "{@lead} refund for {order} ({amount}) has been stuck in 'initiated' since the "
            "weekend, gateway ref {ref}. Could you push it from the finance side?"
        ),
        resolution=(
            "Hi {name},\n\nThe refund of {amount} has been processed to your card ending 4417 "
            "(reference {ref}). Banks usually show it within 5-7 working days; if it isn't there "
            "by then, send us this reference and we'll chase the bank with you.\n\n{agent}"
        ),
        thanks="Received it today. Thanks!",
        tags=("refund", "return"),
        products=("mixer_grinder", "air_fryer", "smartwatch", "water_purifier"),
    ),
    Scenario(
        key="en-double-charge",
        topic=Topic.PAYMENTS,
        subject="Charged twice for one order",
        opening=(
            "Hi, my payment for order {order} failed the first time so I tried again. Now I "
            "see two debits of {amount} on my bank statement but only one order in my account. "
            "Please refund the extra one."
        ),
        reply=(
            "Hi {name},\n\nSorry for the worry. The first attempt was debited at your bank but "
            "never confirmed to us; these usually reverse on their own within 3 working days. "
            "Could you send the transaction reference of the first debit from your statement so "
            "I can check it against our gateway?\n\n{agent}"
        ),
        follow="The reference is {ref}. It's been four days already.",
        note=(
            "{@lead} confirmed with the gateway: {ref} was captured but never linked to "
            "{order}, and the auto-reversal didn't happen. Please approve a manual refund."
        ),
        resolution=(
            "Hi {name},\n\nYou were right - the first payment ({ref}) was captured but never "
            "linked to your order. We've refunded {amount} manually today; it should show in "
            "your account within 5-7 working days. Sorry for the hassle.\n\n{agent}"
        ),
        tags=("payment", "double-charge"),
        priority=Priority.HIGH,
        products=("led_tv", "robot_vacuum", "water_purifier"),
    ),
    Scenario(
        key="en-warranty-repair",
        topic=Topic.WARRANTY,
        subject="My {product} stopped working",
        opening=(
            "Hi,\n\nThe {product} I bought on {bought} has stopped working. It switches on for a "
            "few seconds, hums and then goes off. I've tried a different socket. It should still "
            "be under warranty - what do I do?"
        ),
        reply=(
            "Hi {name},\n\nSorry to hear that. Yes, it's covered for 12 months from purchase. To "
            "book a service visit, could you send me the serial number (on the sticker at the "
            "bottom or back) and a convenient time for the technician?\n\n{agent}"
        ),
        follow="Serial number is SN{ref}. Any weekday morning works, I work from home.",
        note=(
            "{@lead} can we check whether the service partner in {city} has the motor in "
            "stock? The last two tickets for this model needed a new one."
        ),
        resolution=(
            "Hi {name},\n\nYour service visit is booked for {eta}, between 10 am and 1 pm. The "
            "technician will carry a replacement motor, and the repair is free under warranty. "
            "Please keep the invoice handy.\n\n{agent}"
        ),
        thanks="The technician came and it's working again. Thanks.",
        tags=("warranty", "repair"),
        products=("ceiling_fan", "mixer_grinder", "air_fryer", "robot_vacuum"),
    ),
    Scenario(
        key="en-change-address",
        topic=Topic.ACCOUNT,
        subject="Change delivery address",
        opening=(
            "Hi, I placed order {order} this morning but I've just realised it will go to my old "
            "address. Can you change it to my office in {city} before it ships?"
        ),
        reply=(
            "Hi {name},\n\nNo problem, the order hasn't been packed yet. Please reply with the "
            "full new address including the postal code and a landmark, and I'll update "
            "it.\n\n{agent}"
        ),
        follow=(
            "Unit 12, second floor, Lakeview Business Centre, {city}. Landmark: opposite the "
            "metro station. Reception is open 9 to 6."
        ),
        note=(
            "{@neha} address change on {order} - please make sure the old label doesn't get "
            "printed in tonight's batch."
        ),
        resolution=(
            "Done, {name}. Order {order} will now go to Lakeview Business Centre, {city}. You'll "
            "get a new tracking link by SMS once it ships.\n\n{agent}"
        ),
        thanks="Great, thanks for the quick help.",
        tags=("address-change",),
    ),
    Scenario(
        key="en-company-invoice",
        topic=Topic.PAYMENTS,
        subject="Invoice in our company's name",
        opening=(
            "Hello, I bought a new {product} for our office (order {order}) but the invoice is in "
            "my personal name. Could you reissue it in the company's name with our tax number? "
            "Our accounts team needs it to claim input credit."
        ),
        reply=(
            "Hi {name},\n\nSure. Please send the registered company name, billing address and "
            "tax registration number exactly as they should appear on the invoice.\n\n{agent}"
        ),
        follow=(
            "Registered name: Northwind Interiors Pvt Ltd. Tax ID: 29ABCDE1234F1Z5. Billing "
            "address: 2nd floor, 14 Residency Road, {city}."
        ),
        note=(
            "{@lead} invoice reissue for {order} in a company name - needs finance sign-off "
            "since the original was a consumer invoice."
        ),
        resolution=(
            "Hi {name},\n\nThe revised invoice for order {order} is attached to the email we "
            "just sent, in the name of Northwind Interiors Pvt Ltd with your tax ID. The "
            "original invoice has been cancelled so there's no duplicate.\n\n{agent}"
        ),
        tags=("invoice", "b2b"),
        priority=Priority.LOW,
        products=("water_purifier", "led_tv", "robot_vacuum"),
    ),
    Scenario(
        key="en-coupon",
        topic=Topic.PAYMENTS,
        subject="Discount code not applied",
        opening=(
            "Hi, I used the code WELCOME10 when ordering a new {product} (order {order}) and the "
            "cart showed the discount, but my invoice has the full price of {amount}. Can you "
            "check?"
        ),
        reply=(
            "Hi {name},\n\nLet me look into it. Did you pay by card or with a wallet? Some codes "
            "don't combine with wallet offers and the discount gets dropped at the payment "
            "step.\n\n{agent}"
        ),
        follow="I paid by card. The code definitely showed up before I clicked Pay.",
        note=(
            "{@lead} checkout bug again? The code was accepted in the cart and dropped at "
            "payment on a card order. Logging it for the web team; refunding the difference "
            "meanwhile."
        ),
        resolution=(
            "Hi {name},\n\nYou're right, the discount should have been applied. We've refunded "
            "the 10% difference to your card today and emailed a corrected invoice. Sorry for "
            "the confusion.\n\n{agent}"
        ),
        thanks="Thanks, appreciate it.",
        tags=("coupon", "payment"),
        products=("smartwatch", "air_fryer", "pressure_cooker"),
    ),
    Scenario(
        key="en-login-otp",
        topic=Topic.ACCOUNT,
        subject="Not receiving the OTP to log in",
        opening=(
            "I can't log in to my account - the OTP never arrives on my phone. I've tried five "
            "times since yesterday. I need to check the status of my order {order}."
        ),
        reply=(
            "Hi {name},\n\nSorry about that. Could you confirm the last four digits of the phone "
            "number on your account, and whether you have DND or SMS spam filtering "
            "switched on?\n\n{agent}"
        ),
        follow=(
            "Last four digits are 2817. No DND as far as I know. I signed up with my phone, so "
            "I can't use email to log in either."
        ),
        note=(
            "{@lead} the SMS provider shows 'delivered' for this number but the customer gets "
            "nothing - third report this week from the same operator. Can you raise it with the "
            "provider?"
        ),
        resolution=(
            "Hi {name},\n\nWe've turned on WhatsApp codes for your account: on the login page, "
            "choose 'Send code on WhatsApp'. Meanwhile, your order {order} is on its way and "
            "expected {eta}.\n\n{agent}"
        ),
        thanks="That worked, I'm in. Thanks.",
        tags=("login", "otp"),
    ),
)

"""Seeded generator of the demo data set: comments, posts, profiles, ad metrics and exports."""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import random
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

from bot.models import PLATFORMS

DEFAULT_SEED = 20261125
NOW = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
COMMENTS_FROM = datetime(2026, 10, 26, tzinfo=UTC)
COMMENTS_UNTIL = datetime(2026, 11, 25, 7, 59, tzinfo=UTC)
POSTS_FROM = date(2026, 9, 1)
POSTS_UNTIL = date(2026, 11, 24)
ADS_FROM = date(2026, 9, 20)
ADS_UNTIL = date(2026, 11, 24)
MONTH_START = date(2026, 11, 1)
HOURLY_DAYS = (date(2026, 11, 23), date(2026, 11, 24))
TODAY = NOW.date()
EXPORT_DAYS = tuple(date(2026, 11, 1) + timedelta(days=i) for i in range(7))
CANONICAL_HEADER = (
    "date", "platform", "account", "campaign", "adset", "ad", "impressions", "clicks",
    "spend", "conversions", "revenue", "leads", "reach", "currency",
)  # fmt: skip

Record = dict[str, Any]


# --------------------------------------------------------------------------------------------
# Brands
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Product:
    name: str
    short: str
    price: str
    sizes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Brand:
    id: str
    name: str
    voice: str
    sign_off: str
    handles: dict[str, str]
    languages: tuple[str, ...]
    currency: str
    products: tuple[Product, ...]
    issues: tuple[str, ...]
    cities: tuple[str, ...]
    staff: tuple[str, ...]
    order_formats: tuple[str, ...]
    shipping_fee: str
    faq: tuple[tuple[str, str], ...]
    good_tags: tuple[str, ...]
    plain_tags: tuple[str, ...]
    weak_tags: tuple[str, ...]
    happy_tags: tuple[str, ...]
    unhappy_tags: tuple[str, ...]
    emoji: tuple[str, ...]
    foreign_langs: tuple[tuple[str, float], ...]
    foreign_share: float
    weight: float
    bio: str
    link: str
    contact: str
    category: str
    post_lines: tuple[str, ...]
    linkedin_lines: tuple[str, ...]


ALPENGLOW = Brand(
    id="alpenglow",
    name="Alpenglow Outfitters",
    voice="friendly",
    sign_off="— Mia, Alpenglow crew",
    handles={
        "instagram": "alpenglow.outfitters",
        "facebook": "AlpenglowOutfitters",
        "x": "alpenglow",
        "youtube": "@AlpenglowOutfitters",
        "tiktok": "alpenglow.outfitters",
        "linkedin": "alpenglow-outfitters",
    },
    languages=("en", "de"),
    currency="USD",
    products=(
        Product("Ridgeline Down Jacket", "Ridgeline", "$389", ("XS", "S", "M", "L", "XL")),
        Product("Nordwand Shell Jacket", "Nordwand shell", "$279", ("S", "M", "L", "XL")),
        Product("Tarn 2P Tent", "Tarn 2P", "$449"),
        Product("Tarn 3P Tent", "Tarn 3P", "$529"),
        Product("Scree Hiking Boots", "Scree boots", "$219", ("EU 42", "EU 44", "US 9.5")),
        Product("Talus Trail Runners", "Talus runners", "$159", ("EU 38", "EU 43", "US 11")),
        Product("Cirque 45L Backpack", "Cirque 45", "$239", ("S/M", "M/L")),
        Product("Col 28L Daypack", "Col daypack", "$129"),
        Product("Firn Sleeping Bag", "Firn bag", "$299", ("regular", "long")),
        Product("Glimmer Headlamp", "Glimmer headlamp", "$49"),
    ),
    issues=(
        "the main zip broke on day two",
        "the zipper pull snapped off",
        "the hood seam leaks in proper rain",
        "one of the tent poles cracked on the first night",
        "the sole is already peeling at the toe",
        "the hip belt buckle cracked",
        "the shoulder strap stitching came loose",
        "the down has clumped after one wash",
        "the rainfly arrived with a tear in it",
        "the laces frayed within a month",
    ),
    cities=("Boulder", "Denver", "Portland", "Seattle", "Bend", "Salt Lake City"),
    staff=("Jonah", "Priya", "Carlos", "Megan"),
    order_formats=("AG-{n6}", "#{n6}", "AG{n6}"),
    shipping_fee="$12",
    faq=(
        (
            "Do you ship to Canada?",
            "Yes! Canadian orders ship from our Denver warehouse and usually arrive in 5–8 "
            "working days. Duties are included at checkout, so there are no surprise fees "
            "at the door.",
        ),
        (
            "How do your jackets fit?",
            "Our jackets have an active fit: close enough to layer under a shell, roomy enough "
            "for a fleece. Between sizes? Size up in the Ridgeline and stay true to size in "
            "the Nordwand.",
        ),
        (
            "What is your returns policy?",
            "Unworn gear can come back within 60 days for a full refund. Anything with a "
            "defect is covered by our two-year warranty — just send us your order number.",
        ),
        (
            "My zip broke — can you fix it?",
            "Zip repairs are free, for life. Email a photo and your order number to "
            "help@alpenglow.example and we'll send you a prepaid repair label.",
        ),
        (
            "Are the Scree boots waterproof?",
            "They are: a waterproof membrane plus sealed seams. For river crossings or a full "
            "day of rain we'd still pack gaiters.",
        ),
        (
            "When is the Tarn 3P back in stock?",
            "The next batch lands in early December. Hit 'notify me' on the product page and "
            "we'll email you the day it's back.",
        ),
        (
            "Do you have a store near me?",
            "We have shops in Boulder, Denver, Portland and Seattle. Opening hours are on the "
            "Stores page of our website.",
        ),
    ),
    good_tags=("trailtested", "hikingculture", "backcountry"),
    plain_tags=(
        "alpenglowoutfitters",
        "outdoorgear",
        "camping",
        "hiking",
        "mountainlife",
        "wintergear",
        "layering",
    ),
    weak_tags=("sale", "newarrivals", "giftideas"),
    happy_tags=("alpenglowcrew", "trailtime", "mountainmornings"),
    unhappy_tags=("gearfail", "customerservice", "stillwaiting"),
    emoji=("🏔️", "⛺", "🥾", "🎒"),
    foreign_langs=(("de", 0.55), ("es", 0.15), ("fr", 0.1), ("it", 0.1), ("pt", 0.1)),
    foreign_share=0.07,
    weight=0.36,
    bio="Gear for long days outside. Free zip repairs for life. 🏔️",
    link="https://alpenglow.example",
    contact="help@alpenglow.example",
    category="Outdoor & Sporting Goods",
    post_lines=(
        "First snow on the ridge and the {P} is ready for it. What's your go-to winter layer?",
        "Packing list for a three-day hut trek: everything here fits in the {P}.",
        "We pitched the Tarn 2P in 60 km/h gusts so you don't have to. It held.",
        "Trail tip: re-proof your shell once a season. Here's how, in under a minute.",
        "Meet Priya, who fixes around 40 zips a week in our Denver repair shop.",
        "New colours just landed for the {P}.",
        "Clear skies all weekend. Where are you heading?",
        "Your photos from October, part two. Tag us to be in the next round.",
        "How we test the {P}: 200 km of scree before anything ships.",
        "Layering for sub-zero mornings, explained in three pieces.",
        "Sunrise from the tent door never gets old.",
        "Repair, don't replace: send us anything with a broken zip and we'll fix it free.",
    ),
    linkedin_lines=(
        "Our repair programme fixed over 3,000 items this year instead of sending them to "
        "landfill. Here's what we learned.",
        "We're hiring: a warehouse lead in Denver and a product developer for footwear.",
        "Why we publish the factory list for every product we sell.",
        "Black Friday: the web shop closes for the day and the whole team is paid to go outside.",
        "Welcome to our new Head of Sustainability, Ana Ferreira.",
    ),
)

KETTLECRUMB = Brand(
    id="kettlecrumb",
    name="Kettle & Crumb",
    voice="playful",
    sign_off="— Sam & the Crumb crew ☕",
    handles={
        "instagram": "kettleandcrumb",
        "facebook": "KettleAndCrumb",
        "x": "kettlecrumb",
        "youtube": "@KettleAndCrumb",
        "tiktok": "kettleandcrumb",
        "linkedin": "kettle-and-crumb",
    },
    languages=("en",),
    currency="GBP",
    products=(
        Product("Harbour Blend", "Harbour Blend", "£9.50", ("250g", "1kg")),
        Product("Night Owl Espresso", "Night Owl", "£10.50", ("250g", "1kg")),
        Product("Sunday Decaf", "Sunday Decaf", "£9.95", ("250g",)),
        Product("Guji Single Origin", "Guji", "£12.00", ("250g",)),
        Product("Cold Brew Cans", "cold brew cans", "£2.60"),
        Product("Brew Club Subscription", "Brew Club", "£16 a month"),
        Product("Oat Flat White", "oat flat white", "£3.40"),
        Product("Cardamom Bun", "cardamom buns", "£3.20"),
        Product("V60 Starter Kit", "V60 kit", "£34"),
    ),
    issues=(
        "the bag split open in the box",
        "the beans tasted stale",
        "I got espresso grind instead of whole bean",
        "I was charged twice for the subscription",
        "the box went to my old address even though I updated it",
        "the cold brew cans arrived dented and leaking",
        "the app won't let me pause my subscription",
        "my loyalty stamps vanished from the app",
        "the parcel had someone else's order in it",
    ),
    cities=(
        "Leeds",
        "Bristol",
        "Manchester",
        "Edinburgh",
        "Brighton",
        "Glasgow",
        "York",
        "Cardiff",
    ),
    staff=("Ellie", "Marcus", "Aisha", "Rory"),
    order_formats=("KC{n5}", "#KC{n5}", "KC-{n5}"),
    shipping_fee="£4.95",
    faq=(
        (
            "What are your café opening hours?",
            "Most cafés open 7:30–18:00 on weekdays and 8:30–17:00 at weekends. Bristol and "
            "Leeds stay open until 20:00 on Fridays — every café's hours are on its page.",
        ),
        (
            "Can I pause or skip my Brew Club subscription?",
            "Yep! Head to 'My Brew Club' and hit pause or skip, any time up to two days before "
            "your next roast date. No fees, no guilt.",
        ),
        (
            "Do you sell whole bean and ground?",
            "Every coffee comes whole bean or ground for espresso, filter, cafetière or moka "
            "pot. Pick your grind on the product page or in your subscription settings.",
        ),
        (
            "Do you have dairy-free options?",
            "Oat, soya and coconut are free at every café, and there's a vegan cardamom bun on "
            "weekends (while they last!).",
        ),
        (
            "Do you ship outside the UK?",
            "Beans ship to the UK, Ireland and most of the EU. The cafés are UK-only for now.",
        ),
        (
            "How fresh are the beans?",
            "We roast every Monday and Thursday and post within 48 hours of roasting. The "
            "roast date is printed on every bag.",
        ),
        (
            "Can I bring my dog?",
            "Dogs are welcome in all our cafés. There's a water bowl by the counter, and "
            "sometimes a biscuit.",
        ),
    ),
    good_tags=("latteart", "coffeelovers", "specialtycoffee"),
    plain_tags=("kettleandcrumb", "coffee", "flatwhite", "baking", "brewclub", "coffeetime"),
    weak_tags=("mondaymotivation", "competition", "giveaway"),
    happy_tags=("coffeetime", "brewclub", "flatwhitefriday"),
    unhappy_tags=("stillwaiting", "customerservice", "notimpressed"),
    emoji=("☕", "🥐", "🫘"),
    foreign_langs=(("es", 0.35), ("pt", 0.25), ("it", 0.2), ("fr", 0.2)),
    foreign_share=0.055,
    weight=0.33,
    bio="Small-batch roasters & 8 neighbourhood cafés. Brew Club ships every other Thursday ☕",
    link="https://kettleandcrumb.example",
    contact="hello@kettleandcrumb.example",
    category="Coffee Shop",
    post_lines=(
        "Roast day! This week's {P} smells like toffee and orange peel.",
        "Cardamom buns out of the oven at 7:30 sharp. Who's coming?",
        "Dialling in espresso at home, in three steps.",
        "Brew Club members: your December box has a surprise in it. That's all we're saying.",
        "New café alert: Cardiff opens its doors on Saturday!",
        "Cold brew, but make it November. Still counts.",
        "Latte art fails from this week's barista training. Brace yourselves.",
        "The {P}, three ways: V60, AeroPress, moka pot.",
        "Rainy day in {city}. Window seats are free.",
        "Meet Ellie, head roaster and owner of the loudest laugh in Leeds.",
        "The oat flat white that launched a thousand DMs.",
        "Sunday Decaf: all of the taste, none of the 3am ceiling staring.",
    ),
    linkedin_lines=(
        "Every one of our baristas is now paid at least the Real Living Wage. Here's why it "
        "made business sense.",
        "Office coffee, done properly: our workplace programme now serves 140 teams.",
        "We're hiring shift leads in Cardiff and Glasgow.",
        "What we learned opening our eighth café.",
    ),
)

LUMORA = Brand(
    id="lumora",
    name="Lumora Skin",
    voice="formal",
    sign_off="— The Lumora Skin care team",
    handles={
        "instagram": "lumora.skin",
        "facebook": "LumoraSkin",
        "x": "LumoraSkin",
        "youtube": "@LumoraSkin",
        "tiktok": "lumoraskin",
        "linkedin": "lumora-skin",
    },
    languages=("en", "fr"),
    currency="EUR",
    products=(
        Product("Vitamin C Serum 15%", "Vitamin C serum", "€39", ("15ml", "30ml")),
        Product("Daily Veil SPF50", "Daily Veil", "€29", ("50ml", "the travel size")),
        Product("Tinted Veil SPF30", "Tinted Veil", "€32", ("shade 1", "shade 3")),
        Product("Barrier Balm Moisturiser", "Barrier Balm", "€34", ("50ml", "100ml")),
        Product("Night Renewal Retinal Serum", "Night Renewal serum", "€45", ("30ml",)),
        Product("Hydra Mist Toner", "Hydra Mist", "€22", ("100ml", "200ml")),
        Product("Gentle Cleansing Milk", "cleansing milk", "€19", ("150ml",)),
        Product("Eye Revive Cream", "Eye Revive", "€36"),
    ),
    issues=(
        "it gave me a rash on my cheeks",
        "it stings every time I apply it",
        "it broke me out along my jaw",
        "the pump stopped working after a week",
        "the bottle leaked all over the box",
        "it turned orange within a month",
        "it leaves a white cast on my skin",
        "my skin went red and itchy",
        "the seal on the tube was already broken",
    ),
    cities=("Paris", "Lyon", "Brussels", "Amsterdam", "Berlin", "Milan", "Dublin", "Vienna"),
    staff=("Camille", "Hélène", "Julien", "Inès"),
    order_formats=("LUM-{n6}", "LUM{n6}", "#{n6}"),
    shipping_fee="€6.90",
    faq=(
        (
            "Is the Vitamin C Serum suitable for sensitive skin?",
            "The serum contains 15% ascorbic acid, which some sensitive skin finds intense. "
            "We recommend a 48-hour patch test and starting with use every other evening.",
        ),
        (
            "Are your products fragrance-free?",
            "All Lumora Skin products are free from added fragrance and essential oils. The "
            "full ingredient list is published on each product page.",
        ),
        (
            "Can I use the retinal serum during pregnancy?",
            "We advise against retinoids, including Night Renewal, during pregnancy or while "
            "breastfeeding. Please ask your doctor for advice on your routine.",
        ),
        (
            "Are your products vegan and cruelty-free?",
            "Yes. Our formulas contain no animal-derived ingredients and are not tested on "
            "animals at any stage.",
        ),
        (
            "What should I do if I have a reaction?",
            "Please stop using the product and rinse with cool water. Send our care team your "
            "order number and a photo; we will refund you in full and our safety assessor "
            "will review the case.",
        ),
        (
            "Which countries do you deliver to?",
            "We deliver to every EU country, the United Kingdom, Switzerland and Norway. "
            "Orders placed before 14:00 CET on a working day leave the same day.",
        ),
        (
            "Does Daily Veil SPF50 leave a white cast?",
            "Daily Veil spreads clear on most skin tones. For deeper skin tones we recommend "
            "Tinted Veil SPF30, available in three shades.",
        ),
        (
            "Can I combine the Vitamin C Serum with retinal?",
            "Yes, in separate routines: the Vitamin C Serum in the morning under SPF, and "
            "Night Renewal in the evening.",
        ),
    ),
    good_tags=("skincarescience", "spfeveryday", "sensitiveskin"),
    plain_tags=("lumoraskin", "skincare", "skincareroutine", "vitaminc", "glowingskin", "spf"),
    weak_tags=("beautydeals", "giveaway", "selfcaresunday"),
    happy_tags=("skincareroutine", "glowingskin", "spfeveryday"),
    unhappy_tags=("skincarefail", "stillwaiting", "customerservice"),
    emoji=("✨", "🧴", "🌞"),
    foreign_langs=(("fr", 0.45), ("it", 0.2), ("de", 0.15), ("es", 0.1), ("pt", 0.1)),
    foreign_share=0.09,
    weight=0.31,
    bio="Clinically tested skincare, formulated in Lyon. Fragrance-free, always.",
    link="https://lumora.example",
    contact="care@lumora.example",
    category="Health/Beauty",
    post_lines=(
        "The {P}: formulated for daily use and tested on sensitive skin.",
        "Vitamin C, explained: why concentration and packaging both matter.",
        "Your questions about retinal, answered by our pharmacist.",
        "SPF every day, even in November. Yes, really.",
        "Texture check: the {P}.",
        "A three-step evening routine for dehydrated skin.",
        "Behind the scenes at our Lyon laboratory.",
        "How to patch test a new product properly.",
        "The {P} is back in stock in every size.",
        "Winter routine: fewer steps, more barrier support.",
        "Ingredient spotlight: niacinamide.",
        "We asked 200 customers how the {P} changed their routine.",
    ),
    linkedin_lines=(
        "Lumora Skin has completed its third independent clinical study on tolerance in "
        "sensitive skin.",
        "We are recruiting a regulatory affairs specialist in Lyon.",
        "Our packaging is now 85% recycled material. The remaining 15% is the hardest part.",
        "Why we publish the full INCI list and the concentration of every active.",
    ),
)

BRANDS: tuple[Brand, ...] = (ALPENGLOW, KETTLECRUMB, LUMORA)
BRAND_BY_ID = {b.id: b for b in BRANDS}

# Slots that only make sense for one brand; templates using them are tagged with that brand.
BRAND_SLOTS: dict[str, tuple[str, ...]] = {
    "jacket": ("Ridgeline", "Nordwand shell", "Ridgeline jacket"),
    "tent": ("Tarn 2P", "Tarn 3P", "Tarn tent"),
    "pack": ("Cirque 45", "Col daypack", "Cirque pack"),
    "bootsize": ("EU 43", "US 10", "UK 9.5", "EU 39", "US 8"),
    "place": (
        "the Tetons",
        "Mount Hood",
        "the Dolomites",
        "Zion",
        "the Cascades",
        "Lake Tahoe",
        "the Wind Rivers",
    ),
    "bean": ("Harbour Blend", "Night Owl", "Guji", "Sunday Decaf"),
    "serum": ("Vitamin C serum", "Night Renewal serum"),
    "skin": ("combination", "dry", "oily", "sensitive", "acne-prone"),
}

COUNTRIES = (
    "Canada",
    "Australia",
    "Norway",
    "Ireland",
    "Switzerland",
    "New Zealand",
    "Japan",
    "Mexico",
    "Iceland",
    "Germany",
    "the US",
    "South Africa",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
POS_EMOJI = ("😍", "🔥", "🙌", "❤️", "👏", "✨", "😊", "💯", "🥰", "🤩")
NEG_EMOJI = ("😡", "😤", "🙄", "👎", "😒", "💔", "😩", "😠")
NEU_EMOJI = ("🤔", "🙏", "👀")


# --------------------------------------------------------------------------------------------
# Comment templates
# --------------------------------------------------------------------------------------------

A, K, L = "alpenglow", "kettlecrumb", "lumora"
SENTIMENTS = {"pos": "positive", "neu": "neutral", "neg": "negative"}


@dataclass(frozen=True, slots=True)
class Tpl:
    text: str
    intents: tuple[str, ...]
    sentiment: str
    only: tuple[str, ...] = ()


def _t(text: str, intents: str, sentiment: str, only: str = "") -> Tpl:
    brands = tuple(only.split(",")) if only else ()
    return Tpl(text, tuple(intents.split("+")), SENTIMENTS[sentiment], brands)


QUESTIONS = (
    _t("How long does shipping to {country} usually take?", "question", "neu"),
    _t("Is the {p} back in stock anytime soon?", "question", "neu"),
    _t("When is the {p} coming back? It's been sold out for ages", "question", "neu"),
    _t("How much is the {p}?", "question", "neu"),
    _t("Is there a discount code for first orders?", "question", "neu"),
    _t("Any plans for a Black Friday sale this year?", "question", "neu"),
    _t("Does the {p} come in other colours?", "question", "neu"),
    _t("What's the difference between the {p} and the {p2}?", "question", "neu"),
    _t("Can I pay with a gift card online or only in store?", "question", "neu"),
    _t("Is there a student discount?", "question", "neu"),
    _t("Do you have a shop in {city}?", "question", "neu"),
    _t("How do I track an order? I can't find the link anywhere", "question", "neu"),
    _t("What's the return window if something doesn't work out?", "question", "neu"),
    _t("Is this the new version of the {p} or last year's?", "question", "neu"),
    _t("Where was this filmed? 😍", "question", "pos"),
    _t("what song is this?", "question", "neu"),
    _t("Do you offer gift wrapping?", "question", "neu"),
    _t("Where is the {p} made?", "question", "neu"),
    _t("Is the packaging plastic free?", "question", "neu"),
    _t("Are prices the same in store and online?", "question", "neu"),
    _t("Do the Scree boots run small? I'm usually a {bootsize}", "question", "neu", A),
    _t("I'm {height}cm and {weight}kg, would you go M or L in the {jacket}?", "question", "neu", A),
    _t(
        "Is the {jacket} warm enough for -15°C or do I need a layer under it?", "question", "neu", A
    ),
    _t("How much does the {tent} weigh packed?", "question", "neu", A),
    _t("Will the {pack} fit as cabin baggage?", "question", "neu", A),
    _t("Are the Scree boots fully waterproof or just water resistant?", "question", "neu", A),
    _t("Is there a women's fit for the {jacket}?", "question", "neu", A),
    _t("What's the hydrostatic head on the {tent} fly?", "question", "neu", A),
    _t("Can you wash the Firn bag in a normal machine?", "question", "neu", A),
    _t("what time does the {city} store open on sundays?", "question", "neu", A),
    _t("Is the Glimmer headlamp rechargeable by USB-C?", "question", "neu", A),
    _t("What time does the {city} café open on {day}s?", "question", "neu", K),
    _t("Are you open on Boxing Day?", "question", "neu", K),
    _t("Is the {city} café dog friendly?", "question", "neu", K),
    _t("Is oat milk extra or included?", "question", "neu", K),
    _t("Which beans would you recommend for a moka pot?", "question", "neu", K),
    _t("Can I change the grind on my subscription?", "question", "neu", K),
    _t("How many shots go in a large flat white?", "question", "neu", K),
    _t("Is the {bean} good as filter or only as espresso?", "question", "neu", K),
    _t("Any vegan bakes at the {city} café?", "question", "neu", K),
    _t("Do the cold brew cans have sugar in them?", "question", "neu", K),
    _t("Are you hiring baristas in {city}?", "question", "neu", K),
    _t("How long do the beans stay fresh once opened?", "question", "neu", K),
    _t("Is the {p} fragrance free?", "question", "neu", L),
    _t("Can I use the {serum} together with retinol?", "question", "neu", L),
    _t("Is the {p} safe to use while pregnant?", "question", "neu", L),
    _t("Does the {p} contain niacinamide?", "question", "neu", L),
    _t("What's the PA rating on Daily Veil SPF50?", "question", "neu", L),
    _t("Is it non-comedogenic? My skin is {skin}", "question", "neu", L),
    _t("Vegan and cruelty free?", "question", "neu", L),
    _t("Serum before or after moisturiser?", "question", "neu", L),
    _t("How long does one bottle of the {p} last with daily use?", "question", "neu", L),
    _t("Would the {p} work for {skin} skin?", "question", "neu", L),
    _t("Is the Tinted Veil available in a deeper shade?", "question", "neu", L),
)

COMPLAINTS = (
    _t("Bought the {p} {weeks} weeks ago and {issue}. Not impressed.", "complaint", "neg"),
    _t("{Issue}. For the price I expected a lot better.", "complaint", "neg"),
    _t("Still waiting on my delivery, it's been {days} days", "complaint", "neg"),
    _t("Ordered on the {date}, nothing yet, and tracking hasn't moved since", "complaint", "neg"),
    _t("Emailed your support three times this week and not a single answer", "complaint", "neg"),
    _t("Got the wrong item. Ordered the {p}, received the {p2}.", "complaint", "neg"),
    _t("Really disappointed with the quality lately", "complaint", "neg"),
    _t("The {p} used to be great, the new version just isn't the same", "complaint", "neg"),
    _t("{price} for the {p}? Prices keep going up and the quality doesn't", "complaint", "neg"),
    _t("Great, another week without my order. Love that for me 🙃", "complaint", "neg"),
    _t("Checkout on your website keeps failing, tried three different cards", "complaint", "neg"),
    _t("Why did delivery go up to {fee}?", "complaint+question", "neg"),
    _t("Your courier left my parcel out in the rain. Everything soaked.", "complaint", "neg"),
    _t("Unsubscribed twice and I still get five emails a day from you", "complaint", "neg"),
    _t("The discount code from this post doesn't work", "complaint", "neg"),
    _t("Ad says free shipping, checkout says otherwise. Which is it?", "complaint+question", "neg"),
    _t("Staff at the {city} shop were really rude to my mum today. Not okay.", "complaint", "neg"),
    _t(
        "Asked a simple question in the {city} store and got an eye roll. Won't be back.",
        "complaint",
        "neg",
    ),
    _t("My {p} arrived and {issue}. Gutted, it was for a trip next week.", "complaint", "neg", A),
    _t(
        "Second Tarn tent with a cracked pole. Is this a known problem?",
        "complaint+question",
        "neg",
        A,
    ),
    _t(
        "The zip on my {jacket} broke on the first cold morning. Dealbreaker.",
        "complaint",
        "neg",
        A,
    ),
    _t("Broken zip again. Third jacket from you with the same problem.", "complaint", "neg", A),
    _t("Your size chart is way off, the L fits like an M", "complaint", "neg", A),
    _t(
        "Waited 25 minutes for a flat white at the {city} café on {day} and it came out lukewarm",
        "complaint",
        "neg",
        K,
    ),
    _t(
        "The barista in {city} this morning was so rude. No need for that attitude at 8am.",
        "complaint",
        "neg",
        K,
    ),
    _t("Charged twice for this month's Brew Club. Not cool.", "complaint", "neg", K),
    _t("Bring back the old Harbour Blend, the new roast tastes burnt", "complaint", "neg", K),
    _t("Tables at the {city} café are always sticky lately", "complaint", "neg", K),
    _t("The app logged me out and now my stamps are gone", "complaint", "neg", K),
    _t("Used the {p} for a week and {issue}.", "complaint", "neg", L),
    _t(
        "The {serum} gave me a rash. I followed the instructions and patch tested.",
        "complaint",
        "neg",
        L,
    ),
    _t(
        "Very disappointed. The Vitamin C serum oxidised within three weeks of opening.",
        "complaint",
        "neg",
        L,
    ),
    _t(
        "Daily Veil left a white cast on me, clearly not tested on darker skin",
        "complaint",
        "neg",
        L,
    ),
    _t("The pump on my {p} stopped working halfway through the bottle", "complaint", "neg", L),
)

PRAISE = (
    _t("Absolutely love my {p}!", "praise", "pos"),
    _t("The {p} is worth every penny", "praise", "pos"),
    _t("Customer service sorted my problem in a day, thank you {staff}!", "praise", "pos"),
    _t("This is the content I follow you for", "praise", "pos"),
    _t("Obsessed with this", "praise", "pos"),
    _t("Best purchase I made this year, no contest", "praise", "pos"),
    _t("Just left the {city} shop, {staff} was so helpful", "praise", "pos"),
    _t("10/10 would recommend", "praise", "pos"),
    _t("Gorgeous shot!", "praise", "pos"),
    _t("Finally a brand that actually listens to feedback", "praise", "pos"),
    _t("You never miss", "praise", "pos"),
    _t("Bought the {p} on a whim and now I tell everyone about it", "praise", "pos"),
    _t("My second {p} and I'd happily buy a third", "praise", "pos"),
    _t("Ordered Monday, arrived Tuesday. Impressive.", "praise", "pos"),
    _t("The packaging alone made my day", "praise", "pos"),
    _t("Love seeing the behind the scenes, such a lovely team", "praise", "pos"),
    _t("the lighting in this 👌", "praise", "pos"),
    _t(
        "Took the {tent} to {place} last weekend and stayed bone dry through a proper storm",
        "praise",
        "pos",
        A,
    ),
    _t("The Scree boots needed zero break-in, did 20km on day one", "praise", "pos", A),
    _t(
        "Sent my old jacket in for a zip repair and it came back in a week, free. That's how you "
        "keep customers",
        "praise",
        "pos",
        A,
    ),
    _t("My {jacket} has survived {n} winters and still looks new", "praise", "pos", A),
    _t(
        "The Cirque carried everything for a four-day hut trip and my hips never hurt once",
        "praise",
        "pos",
        A,
    ),
    _t("The cardamom buns at the {city} café are dangerously good", "praise", "pos", K),
    _t("Brew Club is the best thing that lands on my doormat every month", "praise", "pos", K),
    _t("Night Owl espresso is my whole personality now", "praise", "pos", K),
    _t(
        "{staff} at {city} remembered my order after two visits. Love this place.",
        "praise",
        "pos",
        K,
    ),
    _t("Best oat flat white in {city}, no debate", "praise", "pos", K),
    _t("The Guji as a V60 is unreal, blueberries everywhere", "praise", "pos", K),
    _t("My skin has never looked this even, the {p} is wonderful", "praise", "pos", L),
    _t("Daily Veil is the first SPF that doesn't sting my eyes", "praise", "pos", L),
    _t("Three weeks into the {serum} and the dark spots are visibly lighter", "praise", "pos", L),
    _t("Thank you for publishing the full ingredient list, so rare", "praise", "pos", L),
    _t(
        "Your care team handled my reaction so professionally. Full refund and a follow-up call.",
        "praise",
        "pos",
        L,
    ),
    _t("The Barrier Balm saved my skin this winter", "praise", "pos", L),
)

PURCHASE = (
    _t("Where can I buy the {p} in {city}?", "purchase_intent+question", "neu"),
    _t("take my money", "purchase_intent", "pos"),
    _t("Need this in my life", "purchase_intent", "pos"),
    _t("Do you ship to {country}?", "purchase_intent+question", "neu"),
    _t("Adding the {p} to my Christmas list right now", "purchase_intent", "pos"),
    _t("Is the {p} available in {size}? Want to order today", "purchase_intent+question", "neu"),
    _t("Just ordered two, can't wait!", "purchase_intent", "pos"),
    _t("Will the {p} be in the Black Friday sale? Ready to buy", "purchase_intent+question", "neu"),
    _t("{friend} we need this", "purchase_intent", "pos"),
    _t(
        "Is the {p} in any shops or online only? Want to see it before I buy",
        "purchase_intent+question",
        "neu",
    ),
    _t("Do you sell gift cards? Want to get one for my sister", "purchase_intent+question", "neu"),
    _t("Can I pre-order the {p}?", "purchase_intent+question", "neu"),
    _t("Payday is Friday and the {p} is mine", "purchase_intent", "pos"),
    _t("How do I get one of these shipped to {country}?", "purchase_intent+question", "neu"),
    _t("Link to buy?", "purchase_intent+question", "neu"),
    _t("ok I'm convinced, ordering the {p} tonight", "purchase_intent", "pos"),
    _t("Shut up and take my money", "purchase_intent", "pos"),
)

SUPPORT = (
    _t(
        "Hi, order {order} says delivered but nothing arrived. Can someone help?",
        "support_request+complaint",
        "neg",
    ),
    _t(
        "Can you check order {order}? Tracking hasn't updated since {day}", "support_request", "neu"
    ),
    _t(
        "I need to change the delivery address on order {order}, I've moved",
        "support_request",
        "neu",
    ),
    _t(
        "Order {order}: I was charged twice, please refund one of the payments",
        "support_request+complaint",
        "neg",
    ),
    _t("Please cancel order {order}, I picked the wrong size", "support_request", "neu"),
    _t(
        "DM'd you about {order} {days} days ago, still no reply", "support_request+complaint", "neg"
    ),
    _t(
        "Could someone call me back about order {order}? The phone line just rings out",
        "support_request+complaint",
        "neg",
    ),
    _t(
        "How do I return the {p} from order {order}? The returns form keeps erroring",
        "support_request+complaint",
        "neg",
    ),
    _t("Can I swap the {p} to {size} instead? Order {order}", "support_request", "neu"),
    _t("Need a VAT invoice for order {order} please", "support_request", "neu"),
    _t("{Issue}. Order {order}. What are my options?", "support_request+complaint", "neg"),
    _t(
        "Refund for {order} was approved {weeks} weeks ago and still hasn't reached my card",
        "support_request+complaint",
        "neg",
    ),
    _t("Could you add a gift note to order {order}? Forgot at checkout", "support_request", "neu"),
    _t(
        "Order {order} arrived without the {p}. Can you send it?",
        "support_request+complaint",
        "neg",
    ),
)

SPAM = (
    _t("Check out my channel for daily {topic} tips!! 🔥🔥", "spam", "neu"),
    _t("follow for follow? 🙌 #f4f #followback", "spam", "neu"),
    _t("Nice post! Check my profile for a surprise 😘", "spam", "neu"),
    _t("Earn $500 a day from home, no experience needed, link in bio 💵", "spam", "neu"),
    _t("Get 10k real followers in 24 hours ⏩ {link}", "spam", "neu"),
    _t("Want to go viral? Send this to {bot} 🚀", "spam", "neu"),
    _t("Free phone giveaway!! claim yours here → {link}", "spam", "neu"),
    _t("{brandname} clearance 80% off today only → {fakeshop}", "spam", "neu"),
    _t("DM me for a paid collab 💌 ambassador spots open", "spam", "neu"),
    _t("Crypto signals with 94% accuracy, join free: {link}", "spam", "neu"),
    _t("{mentions}", "spam", "neu"),
    _t("{mentions} look at this!!", "spam", "neu"),
    _t("My sugar daddy pays me weekly, message {bot} to get one too 💸", "spam", "neu"),
    _t("I made $12,000 last month trading from my phone. Ask me how 👉 {link}", "spam", "neu"),
)
SPAM_YOUTUBE = (_t("sub4sub anyone? I always sub back", "spam", "neu"),)
SPAM_LINKEDIN = (
    _t("I help brands like yours 10x their leads. DM me to find out how", "spam", "neu"),
    _t(
        "Great post! We offer offshore SEO services at very low prices, contact {link}",
        "spam",
        "neu",
    ),
)
EMOJI_SPAM = ("💸💸💸👉👉👉", "💰🚀📈💰🚀📈", "👉👉 🔥🔥")

ABUSE = (
    _t("what a clown company lol 🤡", "abuse", "neg"),
    _t("whoever runs this account is an idiot", "abuse", "neg"),
    _t("shut up and fix your website", "abuse+complaint", "neg"),
    _t("Imagine being this useless", "abuse", "neg"),
    _t("{friend} nobody asked, loser", "abuse", "neg"),
    _t("This ad is dumb and so are you", "abuse", "neg"),
    _t("worst brand ever, you're all clowns", "abuse+complaint", "neg"),
    _t("Stop posting this garbage, morons", "abuse", "neg"),
    _t("{staff} from the {city} shop is a moron", "abuse", "neg"),
    _t("get a real job 🙄", "abuse", "neg"),
    _t("you people are pathetic", "abuse", "neg"),
    _t("ratio + you're a joke", "abuse", "neg"),
)

NEGATED = (
    _t("Honestly this isn't stupid at all, it's a really clever design", "praise", "pos"),
    _t("Not a scam at all, got my refund within two days", "praise", "pos"),
    _t("The {p} is not garbage, you just got a faulty one. Mine has been perfect", "praise", "pos"),
    _t(
        "I don't think you guys are clowns at all, the service has been great every time",
        "praise",
        "pos",
    ),
    _t("People calling this useless clearly haven't tried it, mine is brilliant", "praise", "pos"),
    _t("No idiots here, just a team that knows what they're doing 👏", "praise", "pos"),
    _t("Never once had a rude reply from this team", "praise", "pos"),
    _t("not bad at all actually", "praise", "pos"),
    _t("Not stupid at all, people just don't read the size guide", "other", "neu"),
)

OTHER = (
    _t("first 🙋", "other", "neu"),
    _t("who's here from the ad?", "other", "neu"),
    _t("{friend} 👀", "other", "neu"),
    _t("{friend} this is the one I told you about", "other", "neu"),
    _t("Tagging {friend} for the trip", "other", "neu"),
    _t("Happy Friday everyone!", "other", "pos"),
    _t("lol the dog at the end 😂", "other", "pos"),
    _t("Saw this on my feed three times today", "other", "neu"),
    _t("interesting", "other", "neu"),
    _t("Commenting for the algorithm", "other", "neu"),
    _t("Watching this at 3am for some reason", "other", "neu"),
    _t("same energy as my Monday", "other", "neu"),
    _t("can't believe it's almost December", "other", "neu"),
    _t("{friend} remember when we tried this?", "other", "neu"),
    _t("My cat just walked across the keyboard while I watched this", "other", "neu"),
)

EMOJI_ONLY = (
    _t("😍😍😍", "praise", "pos"),
    _t("🔥🔥", "praise", "pos"),
    _t("👏👏👏", "praise", "pos"),
    _t("❤️", "praise", "pos"),
    _t("🙌", "praise", "pos"),
    _t("👀", "other", "neu"),
    _t("😂😂", "other", "pos"),
    _t("", "other", "neu"),
    _t("😡😡", "complaint", "neg"),
)

MIXED = (
    _t("Love the {p} but {issue}", "complaint+praise", "neg"),
    _t("Great product, terrible delivery. Took {days} days.", "complaint+praise", "neg"),
    _t("The {p} is lovely, shame the customer service isn't", "complaint+praise", "neg"),
)

LINKEDIN = (
    _t("Congratulations to the whole team on this milestone!", "praise", "pos"),
    _t("Great insights, thanks for sharing", "praise", "pos"),
    _t("Interesting read. How do you measure the impact of this?", "question", "neu"),
    _t("Are you hiring for marketing roles in {city}?", "question", "neu"),
    _t("Proud to have been part of this project", "other", "pos"),
    _t("Would love to connect and learn more about your supply chain", "other", "neu"),
    _t(
        "Is there a wholesale programme for independent retailers?",
        "question+purchase_intent",
        "neu",
    ),
    _t("Agree, sustainability has to be more than a slogan", "other", "pos"),
    _t("Applied for a role here two weeks ago and never heard back", "complaint", "neg"),
    _t("Love the transparency in this post", "praise", "pos"),
    _t("What does the onboarding look like for new store managers?", "question", "neu"),
    _t("Shared with my team, very relevant for us", "other", "pos"),
    _t("Brilliant to see this, {staff} and the team have worked so hard on it", "praise", "pos"),
    _t("Do you partner with universities for internships in {city}?", "question", "neu"),
    _t("Which certification body audits your suppliers?", "question", "neu"),
    _t(
        "Having managed a store in {city}, I can say the culture here is genuinely good",
        "praise",
        "pos",
    ),
    _t(
        "Would your team be open to speaking at our retail conference in {city} next spring?",
        "other",
        "neu",
    ),
    _t("Nice work. Curious how this affected return rates?", "question", "neu"),
    _t("This is the kind of update I wish more brands posted", "praise", "pos"),
    _t("Left the company last year and still recommend it to friends", "praise", "pos"),
    _t(
        "The interview process took {weeks} weeks and ended with a generic email. Room to improve.",
        "complaint",
        "neg",
    ),
    _t("Happy to see {brandname} growing, congratulations", "praise", "pos"),
    _t("How do you handle procurement for the {city} location?", "question", "neu"),
    _t(
        "Our office has used the workplace coffee programme for a year, zero complaints",
        "praise",
        "pos",
        K,
    ),
    _t("Looking forward to the full report", "other", "pos"),
    _t("Do you have a B2B contact for bulk orders?", "question+purchase_intent", "neu"),
)

FOREIGN: dict[str, tuple[Tpl, ...]] = {
    "es": (
        _t("¿Hacen envíos a México?", "purchase_intent+question", "neu"),
        _t("Me encanta el {p}, lo uso todos los días 😍", "praise", "pos"),
        _t(
            "Mi pedido {order} lleva {days} días sin llegar. ¿Alguien me puede ayudar?",
            "complaint+support_request",
            "neg",
        ),
        _t("¿Dónde lo puedo comprar en Madrid?", "purchase_intent+question", "neu"),
        _t("Muy mala experiencia, el {p} llegó roto y nadie responde", "complaint", "neg"),
        _t("¿Tienen tienda física en Barcelona?", "question", "neu"),
        _t("Qué bonito, lo quiero ya", "purchase_intent", "pos"),
        _t("¿El {p} viene en otros colores?", "question", "neu"),
    ),
    "de": (
        _t("Versendet ihr auch nach Österreich?", "purchase_intent+question", "neu"),
        _t("Mit dem {p} bin ich total zufrieden, seit zwei Jahren im Einsatz 👍", "praise", "pos"),
        _t(
            "Meine Bestellung {order} ist seit {days} Tagen unterwegs. Könnt ihr bitte "
            "nachschauen?",
            "support_request",
            "neu",
        ),
        _t("Reißverschluss nach einer Woche kaputt. Echt enttäuschend.", "complaint", "neg", A),
        _t("Fällt die Größe beim {p} eher klein aus?", "question", "neu"),
        _t("Gibt es auch einen Laden in München?", "question", "neu"),
        _t("Super Qualität, klare Kaufempfehlung!", "praise", "pos"),
        _t("Der Kundenservice antwortet seit zwei Wochen nicht. So nicht.", "complaint", "neg"),
    ),
    "fr": (
        _t("Est-ce que vous livrez au Canada ?", "purchase_intent+question", "neu"),
        _t("J'adore le {p}, je le recommande à tout le monde ✨", "praise", "pos"),
        _t("Le {p} m'a donné des rougeurs, je suis très déçue.", "complaint", "neg", L),
        _t(
            "Ma commande {order} n'est toujours pas arrivée après {days} jours.",
            "complaint+support_request",
            "neg",
        ),
        _t("Est-il adapté aux peaux sensibles ?", "question", "neu", L),
        _t("Où peut-on l'acheter à Lyon ?", "purchase_intent+question", "neu"),
        _t("Quel est le prix en euros ?", "question", "neu"),
        _t("Service client au top, merci !", "praise", "pos"),
        _t("Colis arrivé abîmé, le {p} était inutilisable.", "complaint", "neg"),
    ),
    "pt": (
        _t("Vocês entregam no Brasil?", "purchase_intent+question", "neu"),
        _t("Amei! Qualidade incrível 😍", "praise", "pos"),
        _t(
            "Meu pedido {order} ainda não chegou, já faz {days} dias",
            "complaint+support_request",
            "neg",
        ),
        _t("Qual é o preço em reais?", "question", "neu"),
        _t("Produto chegou com defeito, muito decepcionada", "complaint", "neg"),
        _t("Quero muito! Onde compro em Lisboa?", "purchase_intent+question", "pos"),
    ),
    "it": (
        _t("Spedite anche in Italia?", "purchase_intent+question", "neu"),
        _t("Bellissimo, lo adoro! ❤️", "praise", "pos"),
        _t(
            "Il mio ordine {order} non è ancora arrivato, potete aiutarmi?",
            "complaint+support_request",
            "neg",
        ),
        _t("Che taglia mi consigliate? Sono alta 1,70", "question", "neu", A),
        _t("Servizio clienti pessimo, nessuna risposta da una settimana", "complaint", "neg"),
        _t("Il {p} è fantastico, lo ricomprerei subito", "praise", "pos"),
    ),
}

# The exact same text posted by several bot accounts, as spam waves do.
REPEATED_SPAM = (
    "🔥 I turned $300 into $5,400 in one week trading crypto. DM @coinmentor.rae to learn how 📈",
    "Promote this on @viral.boost.hub and watch it blow up 🚀🚀",
    "Follow me and I'll follow back instantly 💯 f4f",
)

REPLIES_TO_QUESTION = (
    _t("+1, would like to know too", "question", "neu"),
    _t("Following, same question", "question", "neu"),
    _t("Good question, I've been wondering the same", "question", "neu"),
    _t("{friend} you asked me this yesterday 😂", "other", "pos"),
    _t("It's all in the FAQ on their website", "other", "neu"),
    _t("I'm 182cm and the M fits fine with a fleece underneath", "other", "neu", A),
    _t("Ordered to Canada last month, took about a week", "other", "neu", A),
    _t("The Denver shop has them in stock, I was there yesterday", "other", "neu", A),
    _t("Bristol opens at 7:30 on weekdays, I'm there most mornings", "other", "neu", K),
    _t("Harbour Blend works really well in a moka pot", "other", "pos", K),
    _t("Oat is free, they stopped charging for it last year", "other", "neu", K),
    _t("I use it with retinol on alternate nights, no problems so far", "other", "neu", L),
    _t("It's fragrance free, I checked the ingredient list", "other", "neu", L),
    _t("Patch test first, that's what my dermatologist told me", "other", "neu", L),
)
REPLIES_TO_COMPLAINT = (
    _t("same here, {days} days and nothing", "complaint", "neg"),
    _t("That's awful, hope they sort it out for you", "other", "neg"),
    _t("Had the same issue, they replaced it once I emailed photos", "other", "neu"),
    _t("mine too!! what is going on", "complaint", "neg"),
    _t("Try emailing them directly, the DMs are slow", "other", "neu"),
    _t("Same thing happened to me with the {p} last month", "complaint", "neg"),
    _t(
        "Ugh, sorry. Took {days} days to get a reply but they did refund me in the end",
        "other",
        "neu",
    ),
    _t("This is why I stopped ordering online", "complaint", "neg"),
    _t("{friend} isn't this what happened to you too?", "other", "neu"),
    _t("Did you ever get it sorted? Still waiting on mine", "complaint", "neg"),
)
REPLIES_TO_PRAISE = (
    _t("agreed! mine's still going strong", "praise", "pos"),
    _t("100%", "praise", "pos"),
    _t("this is so true", "praise", "pos"),
    _t("Can confirm, love mine too", "praise", "pos"),
    _t("Same, the {p} is my favourite too", "praise", "pos"),
    _t("Couldn't agree more", "praise", "pos"),
    _t("Good to know, might get one then", "purchase_intent", "pos"),
)
REPLIES_TO_ABUSE = (
    _t("calm down, it's just an ad", "other", "neu"),
    _t("you're the clown here mate", "abuse", "neg"),
    _t("reported", "other", "neu"),
)
REPLIES_TO_SPAM = (
    _t("reported 🙄", "other", "neg"),
    _t("bots everywhere in these comments", "other", "neg"),
)
REPLIES_TO_OTHER = (
    _t("😂😂", "other", "pos"),
    _t("{friend} lol", "other", "neu"),
    _t("haha same", "other", "neu"),
    _t("{friend} 😂", "other", "pos"),
    _t("ha, true", "other", "neu"),
)
# voice -> (answers to questions, apologies for complaints)
BRAND_REPLIES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "friendly": (
        (
            "Hey! Just sent you a DM with all the details 🙌 {sign_off}",
            "Great question! Check your DMs, we've sent you everything {sign_off}",
            "Hi there! We've messaged you privately with the answer 😊 {sign_off}",
        ),
        (
            "So sorry to hear this! Could you DM us your order number? We'll sort it out today. "
            "{sign_off}",
            "Oh no, that's not the experience we want for you. Sending you a DM now so we can "
            "fix it. {sign_off}",
        ),
    ),
    "playful": (
        (
            "Ooh good one! Sliding into your DMs with the answer ☕ {sign_off}",
            "We love a curious mind. Answer's waiting in your DMs! {sign_off}",
        ),
        (
            "Oh no, that's not the vibe we want! DM us your order number and we'll make it right. "
            "{sign_off}",
            "That's a proper bad day and we're sorry. Pop us a DM and we'll get it sorted. "
            "{sign_off}",
        ),
    ),
    "formal": (
        (
            "Thank you for your question. We have sent you a private message with the details. "
            "{sign_off}",
            "Thank you for your interest. Our care team has replied to you by private message. "
            "{sign_off}",
        ),
        (
            "We are sorry to read this. Please send us your order number by private message so "
            "that our care team can assist you. {sign_off}",
            "We apologise for this experience. A member of our care team has contacted you by "
            "private message. {sign_off}",
        ),
    ),
}

TENT_SAGA = (
    "I've held off posting this publicly for a month, but I've run out of other options, so "
    "here is the whole story of order {order}, in the hope that someone at Alpenglow reads it "
    "from start to finish.",
    "October 2: ordered the Tarn 3P tent and the Firn sleeping bag for a week in the Tetons "
    "planned for mid-October. Paid $24.95 for express shipping because the website promised "
    "delivery in two to three working days.",
    "October 6: tracking still said 'label created'. Emailed support and got the automatic "
    "reply saying someone would be in touch within 24 hours.",
    "October 8: nobody was in touch. Called the phone line, waited 47 minutes, then the call "
    "dropped. Called again and was told the warehouse was 'catching up after a system "
    "migration' and that my parcel would leave that day.",
    "October 9: the website still showed the Tarn 3P as 'in stock, ships in 24 hours', which "
    "is the reason I ordered it in the first place. I mention this because other people in "
    "these comments seem to have had the same experience.",
    "October 11: the parcel finally arrived, four days before the trip. The sleeping bag was "
    "fine. The tent box was crushed on one corner and one of the main poles was snapped clean "
    "in two.",
    "October 11, evening: sent photos of the box and the pole through the contact form, with "
    "the order number, and asked for a replacement pole or a replacement tent, whichever was "
    "faster.",
    "October 13: no answer. Sent the same photos by email. Got a ticket number (58213) and the "
    "same automatic reply.",
    "October 14: called again. A very friendly person named Carlos said a replacement pole set "
    "would go out by express that afternoon and that he would email me the tracking number. I "
    "thanked him and honestly felt better.",
    "October 16: no tracking number. Left for the trip with a tent borrowed from a friend, "
    "which leaked, but that part is not your fault.",
    "October 20: while I was away, I got a marketing email announcing '20% off tents this "
    "weekend'. The same tent I was still waiting to have fixed. I know marketing and support "
    "are different teams, but it stung.",
    "October 24: back home, still nothing from you. Replied to the ticket asking where the "
    "pole set was. No reply.",
    "October 29: got an email asking me to 'rate my support experience'. I rated it and wrote "
    "a short explanation. No reply to that either.",
    "October 31: my partner called on my behalf while I was at work and was told that support "
    "can only speak to the account holder. Fair enough, but then please call the account "
    "holder back, which nobody did.",
    "November 3: called and was told there was no record of a replacement being sent and that "
    "the ticket had been closed as 'resolved'. The person on the phone could not tell me who "
    "closed it or why.",
    "November 3, later: I found the original packing slip, which lists the pole set as "
    "'back-ordered'. So the tent left your warehouse incomplete, and the broken pole may not "
    "even have been the first problem. Nobody mentioned this on any of the calls, and it "
    "would have changed what I asked for.",
    "November 4: asked for a full refund of the tent instead, since by now I don't trust a "
    "replacement to turn up. Was told a refund needs the tent to be returned first, and that "
    "a return label would be emailed.",
    "November 7: the return label arrived. Dropped the tent at the courier the same day and "
    "kept the receipt. Tracking shows it reached your Denver warehouse on November 12.",
    "November 10: sent a message here on Facebook. Got a reply saying 'sorry to hear that, "
    "please email help@alpenglow.example', which is exactly where all of this started.",
    "November 12: the courier's tracking shows the parcel signed for at 09:14 by 'DOCK 3'. I "
    "have a screenshot of that, and of the drop-off receipt, if anyone needs them.",
    "November 15: emailed to confirm you had the tent and to ask when the refund would be "
    "processed. Automatic reply again.",
    "November 17: the chat on the website said my refund was 'in progress' and then closed "
    "the chat before I could ask for a date. I asked again in a new chat and got the same "
    "sentence, word for word.",
    "November 19: the refund still wasn't on my card. Called, and was told refunds 'can take "
    "up to 10 working days after inspection', but nobody could tell me whether the inspection "
    "had happened.",
    "November 23: still no refund, still no reply to the ticket, and the tent is sitting in "
    "your warehouse. That's $529 for the tent plus $24.95 of express shipping for a delivery "
    "that was anything but express.",
    "To be clear, I'm not angry with the people on the phone, who were polite every time and "
    "clearly don't have the tools to fix this. I've bought from you for six years: two "
    "jackets, a pair of Scree boots and two packs. I've recommended you to friends, and the "
    "boots are still the best I've owned. But this has been the worst customer experience "
    "I've had with any company, and I've now spent more hours on the phone with you than I "
    "spent in the tent I never got to use.",
    "What I'm asking for is simple: refund the $529 for the tent and the $24.95 express "
    "shipping to the original card, and have someone who can see the whole history email me "
    "— not another automatic reply. Order {order}, ticket 58213. Thank you to whoever reads "
    "this far.",
)

SERUM_REVIEW = (
    "I've been meaning to write a proper comment on this video for a while because it answered "
    "most of what I was unsure about, so here is my experience after ten weeks, in case it "
    "helps anyone who is still deciding.",
    "Skin type: combination, dehydrated cheeks, an oily T-zone and redness around the nose. "
    "Previous routine: a drugstore vitamin C that turned brown within a month, and a heavy "
    "moisturiser that broke me out along the jaw.",
    "Weeks one and two: I followed the advice from the video and used the Vitamin C Serum 15% "
    "every other morning. It tingled slightly for about a minute the first three times and "
    "then not at all. No breakouts, no flaking, nothing dramatic either way.",
    "Weeks three to six: moved to every morning, always under Daily Veil SPF50. This is where "
    "I started noticing a difference. The redness around my nose calmed down, and the two "
    "marks left over from a breakout in the summer faded noticeably. My partner commented on "
    "it without me asking, which never happens.",
    "Weeks seven to ten: the texture of my skin is smoother and makeup sits better. I also "
    "noticed that the serum has not changed colour at all, even though the bottle sits in a "
    "bathroom that gets quite warm. The airless pump makes a real difference compared with "
    "the dropper bottle I used before.",
    "A note on application, since people ask about it in the comments: two pumps are enough "
    "for face and neck. I wait about a minute before moisturiser, otherwise it pills under "
    "the Barrier Balm. On the two days I skipped sunscreen, the redness came back a little "
    "the next day, which convinced me to stop skipping.",
    "Things I would change: the bottle is small for the price, and I would love a bigger size "
    "with a refill option. The pump also leaves a little product in the bottom that you can't "
    "get out without opening it.",
    "Overall it's the first vitamin C I've finished and immediately reordered. Thank you for "
    "explaining the science instead of just showing before-and-after photos.",
    "One question for the team: is it fine to keep using the Vitamin C Serum in the morning "
    "once I start Night Renewal in the evening, or should I space them out for the first few "
    "weeks? And does Daily Veil need reapplying after two hours if I'm indoors all day?",
)

BREWCLUB_RANT = (
    "I've been a Brew Club member since the very first box, so please read this as feedback "
    "from someone who wants you to do well, not as someone looking for a fight.",
    "The email about the new pricing arrived on a Friday evening and the new price applied to "
    "the box that was charged on Monday. That is not enough notice. Going from £14 to £16 a "
    "month is a big jump, and it came together with the end of free delivery for members, so "
    "in practice my box now costs me almost £21.",
    "On top of that, the last three boxes were all medium-dark roasts even though my profile "
    "is set to 'light and fruity'. I emailed about it in September and was told the roasting "
    "schedule had changed for the autumn. Fine, but then tell members before charging them "
    "for coffee they didn't choose.",
    "I also tried to pause the subscription for December because I'm travelling, and the app "
    "kept showing an error. In the end I had to email, and it took five days to get an "
    "answer, by which point the December box had already been charged.",
    "The cafés are still lovely and the staff in Leeds are brilliant, which is why this is "
    "frustrating. The subscription used to feel like being part of something. Right now it "
    "feels like a bill.",
    "Some concrete suggestions, since complaining without ideas isn't useful. Give members at "
    "least a month's notice of any price change, and let people who have been members for "
    "over a year keep the old price for three months, like plenty of subscriptions do.",
    "Let us rate each box in the app, so the roasting team can see when a profile and a box "
    "don't match. A thumbs up or down would already help.",
    "And please fix the pause button, or at least put a plain email address on the error "
    "screen so people aren't stuck going round between the app and the FAQ.",
    "I know costs have gone up for everyone, and I'd pay £16 without a second thought if the "
    "box felt chosen for me again. It's the combination of a higher price, less choice and "
    "no way to talk to anyone that's the problem, not the two pounds.",
    "I'll give it until the new year, but if the boxes keep ignoring my preferences and the "
    "app keeps failing, I'll be cancelling, and I know at least four people from my office "
    "who signed up because of me and feel the same way.",
)


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------


def _clip(x: float, lo: float, hi: float) -> float:
    return max(lo, min(hi, x))


def _poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    if lam > 40:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit = math.exp(-lam)
    k = 0
    p = rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def _allocate(total: int, weights: Sequence[float]) -> list[int]:
    """Split an integer total in proportion to weights; the parts add up exactly to total."""
    s = sum(weights)
    if total <= 0 or s <= 0:
        return [0] * len(weights)
    raw = [total * w / s for w in weights]
    parts = [math.floor(r) for r in raw]
    rest = total - sum(parts)
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - parts[i]), i))
    for i in order[:rest]:
        parts[i] += 1
    return parts


def _when(value: str) -> datetime:
    return datetime.fromisoformat(value)


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _iso(t: datetime) -> str:
    return t.astimezone(UTC).replace(microsecond=0).isoformat()


def _money(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def _hundredths(value: int) -> str:
    """Conversions are kept in hundredths; whole numbers print without decimals."""
    if value % 100 == 0:
        return str(value // 100)
    return f"{value // 100}.{value % 100:02d}"


def _dump_jsonl(records: Sequence[Record]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def _dump_csv(rows: Sequence[Sequence[str]], delimiter: str = ",", quote_all: bool = False) -> str:
    buf = io.StringIO()
    writer = csv.writer(
        buf,
        delimiter=delimiter,
        lineterminator="\n",
        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
    )
    writer.writerows(rows)
    return buf.getvalue()


def _q(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))


# --------------------------------------------------------------------------------------------
# People
# --------------------------------------------------------------------------------------------

FIRST_NAMES = (
    "Anna", "Tom", "Sophie", "Marcus", "Priya", "Jonas", "Lena", "Mateo", "Chloe", "Omar",
    "Hannah", "Lucas", "Aisha", "Ben", "Mia", "Noah", "Zoe", "Felix", "Isla", "Ravi", "Emma",
    "Leo", "Sara", "Kai", "Nina", "Owen", "Yuki", "Liam", "Grace", "Ethan", "Maya", "Finn",
    "Ella", "Sam", "Amara", "Jack", "Lily", "Diego", "Freya", "Hugo", "Ines", "Kofi", "Laura",
    "Max", "Nora", "Oscar", "Paula", "Rosa", "Theo", "Vera", "Will", "Ada", "Bruno", "Clara",
    "Dev", "Elif", "Gus", "Hana", "Ivan", "Jade",
)  # fmt: skip
LAST_NAMES = (
    "Keller", "Brown", "Okafor", "Nguyen", "Schmidt", "Rossi", "Dubois", "Silva", "Murphy",
    "Kowalski", "Patel", "Hansen", "Garcia", "Lindqvist", "Novak", "Walsh", "Moreau", "Jensen",
    "Fischer", "Costa", "Ahmed", "Clarke", "Bauer", "Sato", "Morgan", "Ferreira", "Weber",
    "Kaur", "Evans", "Nilsson", "Romero", "Wright", "Berg", "Hughes", "Larsen", "Meyer",
    "Rahman", "Shaw", "Vogel", "Young",
)  # fmt: skip
HANDLE_WORDS = (
    "hikes", "trails", "summit", "outdoors", "wild", "peaks", "trek", "alpine", "brews",
    "coffee", "beans", "latte", "bakes", "roast", "glow", "skin", "selfcare", "radiance",
    "daily", "life", "eats", "travels", "films", "studio", "runs", "makes",
)  # fmt: skip
BOT_WORDS = (
    "crypto", "promo", "growth", "boost", "viral", "earn", "cash", "fx", "signals", "likes",
    "followers", "deals", "rich", "profit", "invest",
)  # fmt: skip
SPAM_TOPICS = ("crypto", "trading", "fitness", "make-money-online", "forex", "dropshipping")


@dataclass(frozen=True, slots=True)
class Author:
    handle: str
    followers: int


def _handle(rng: random.Random, platform: str) -> str:
    first = rng.choice(FIRST_NAMES)
    last = rng.choice(LAST_NAMES)
    word = rng.choice(HANDLE_WORDS)
    num = str(rng.randint(1, 99) if rng.random() < 0.6 else rng.randint(1960, 2009))
    if platform == "instagram":
        pattern = rng.choice(
            [
                f"{first}.{word}",
                f"{first}_{last}",
                f"{first}{last}{num}",
                f"{word}.with.{first}",
                f"the.{first}.{word}",
                f"{first}.{last}_",
            ]
        )
        return pattern.lower()
    if platform == "x":
        return rng.choice(
            [
                f"{first}{last}",
                f"{first.lower()}_{word}",
                f"{first}{word.title()}{num}",
                f"{first.lower()}{last[0].lower()}{num}",
            ]
        )
    if platform == "tiktok":
        if rng.random() < 0.12:
            return f"user{rng.randint(10_000_000, 9_999_999_999)}"
        return rng.choice(
            [f"{first}{word}{num}", f"{first}.{last}", f"{word}by{first}", f"{first}_{word}"]
        ).lower()
    if platform == "youtube":
        if rng.random() < 0.12:
            tail = "".join(rng.choice("abcdefghijkmnpqrstuvwxyz0123456789") for _ in range(9))
            return f"@user-{tail}"
        return rng.choice(
            [f"@{first}{last}", f"@{first.lower()}-{word}-{num}", f"@{first}{word.title()}"]
        )
    return f"{first} {last}"


def _followers(rng: random.Random, platform: str) -> int:
    if platform == "facebook":
        return 0  # the Graph API does not expose a commenter's followers
    centre = 6.0 if platform == "linkedin" else 5.0
    value = math.exp(rng.gauss(centre, 1.45))
    return int(_clip(value, 0, 45_000))


class People:
    """Pools of commenters and spam bots per platform, with stable follower counts."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.regular: dict[str, list[Author]] = {}
        self.bots: dict[str, list[Author]] = {}
        self.weights: dict[str, list[float]] = {}
        for platform in PLATFORMS:
            seen: set[str] = set()
            pool: list[Author] = []
            while len(pool) < 520:
                handle = _handle(rng, platform)
                if handle in seen:
                    continue
                seen.add(handle)
                pool.append(Author(handle, _followers(rng, platform)))
            self.regular[platform] = pool
            # A few regulars comment a lot, most only once or twice.
            self.weights[platform] = [1.0 / (i + 1) ** 0.55 for i in range(len(pool))]
            bots: list[Author] = []
            while len(bots) < 40:
                handle = self._bot_handle(platform)
                if handle in seen:
                    continue
                seen.add(handle)
                bots.append(Author(handle, 0 if platform == "facebook" else rng.randint(3, 2400)))
            self.bots[platform] = bots

    def _bot_handle(self, platform: str) -> str:
        rng = self.rng
        a, b = rng.sample(BOT_WORDS, 2)
        num = rng.randint(1, 9999)
        if platform in ("facebook", "linkedin"):
            return f"{rng.choice(FIRST_NAMES)} {a.title()}{b.title()}"
        sep = "" if platform == "x" else rng.choice([".", "_"])
        name = f"{a}{sep}{b}{sep}{num}" if rng.random() < 0.7 else f"{a}{b}{rng.randint(1, 99)}"
        return f"@{name}" if platform == "youtube" else name

    def pick(self, platform: str) -> Author:
        return self.rng.choices(self.regular[platform], self.weights[platform])[0]

    def bot(self, platform: str) -> Author:
        return self.rng.choice(self.bots[platform])

    def bot_mention(self, platform: str) -> str:
        handle = self.rng.choice(self.bots[platform]).handle
        return handle if handle.startswith("@") else f"@{handle}"

    def mention(self, platform: str) -> str:
        handle = self.rng.choice(self.regular[platform]).handle
        if platform in ("facebook", "linkedin"):
            return handle
        return handle if handle.startswith("@") else f"@{handle}"


# --------------------------------------------------------------------------------------------
# Slot filling
# --------------------------------------------------------------------------------------------

_SLOT = re.compile(r"\{(\w+)\}")


class Filler:
    """Fills `{slot}` placeholders; a slot repeated in one text gets the same value."""

    def __init__(self, rng: random.Random, brand: Brand, platform: str, people: People) -> None:
        self.rng = rng
        self.brand = brand
        self.platform = platform
        self.people = people

    def fill(self, text: str) -> str:
        cache: dict[str, str] = {}
        product: list[Product] = []
        sized = "size" in _SLOT.findall(text)
        return self._fill(text, cache, product, sized)

    def _fill(self, text: str, cache: dict[str, str], product: list[Product], sized: bool) -> str:
        def sub(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in cache:
                cache[name] = self._fill(self._slot(name, product, sized), cache, product, sized)
            return cache[name]

        return _SLOT.sub(sub, text)

    def _product(self, product: list[Product], sized: bool) -> Product:
        if not product:
            pool = [p for p in self.brand.products if p.sizes] if sized else self.brand.products
            product.append(self.rng.choice(pool))
        return product[0]

    def order(self) -> str:
        rng = self.rng
        fmt = rng.choice(self.brand.order_formats)
        return fmt.format(n6=rng.randint(100_000, 399_999), n5=rng.randint(10_000, 89_999))

    def _slot(self, name: str, product: list[Product], sized: bool) -> str:
        rng = self.rng
        brand = self.brand
        if name == "p":
            return self._product(product, sized).short
        if name == "P":
            return self._product(product, sized).name
        if name == "p2":
            first = self._product(product, sized)
            return rng.choice([p for p in brand.products if p != first]).short
        if name == "price":
            return self._product(product, sized).price
        if name == "size":
            return rng.choice(self._product(product, True).sizes)
        if name in ("issue", "Issue"):
            issue = rng.choice(brand.issues)
            return issue[0].upper() + issue[1:] if name == "Issue" else issue
        simple: dict[str, Callable[[], str]] = {
            "order": self.order,
            "days": lambda: str(rng.randint(5, 24)),
            "weeks": lambda: str(rng.randint(2, 6)),
            "n": lambda: rng.choice(["two", "three", "four", "five"]),
            "date": lambda: rng.choice(["3rd", "5th", "8th", "10th", "12th", "14th", "2nd"]),
            "city": lambda: rng.choice(brand.cities),
            "country": lambda: rng.choice(COUNTRIES),
            "height": lambda: str(rng.randint(158, 196)),
            "weight": lambda: str(rng.randint(52, 98)),
            "staff": lambda: rng.choice(brand.staff),
            "day": lambda: rng.choice(WEEKDAYS),
            "friend": lambda: self.people.mention(self.platform),
            "bot": lambda: self.people.bot_mention(self.platform),
            "link": self._link,
            "fakeshop": lambda: f"{brand.id}-outlet-{rng.randint(10, 99)}.example",
            "topic": lambda: rng.choice(SPAM_TOPICS),
            "mentions": lambda: " ".join(
                self.people.mention(self.platform) for _ in range(rng.randint(5, 8))
            ),
            "brandname": lambda: brand.name,
            "fee": lambda: brand.shipping_fee,
        }
        if name in simple:
            return simple[name]()
        if name in BRAND_SLOTS:
            return rng.choice(BRAND_SLOTS[name])
        raise KeyError(f"unknown slot {name!r}")

    def _link(self) -> str:
        rng = self.rng
        code = "".join(
            rng.choice("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
            for _ in range(7)
        )
        return rng.choice(
            [
                f"bit.ly/{code}",
                f"https://{rng.choice(BOT_WORDS)}-{rng.choice(BOT_WORDS)}.example/{code}",
                f"t.me/{rng.choice(BOT_WORDS)}{rng.randint(10, 999)}",
                f"https://tinyurl.example/{code}",
            ]
        )


# --------------------------------------------------------------------------------------------
# Posts
# --------------------------------------------------------------------------------------------

POSTS_PER_PROFILE = {
    "instagram": 20,
    "facebook": 14,
    "x": 22,
    "youtube": 8,
    "tiktok": 18,
    "linkedin": 10,
}
FORMATS: dict[str, tuple[tuple[str, float], ...]] = {
    "instagram": (("image", 0.3), ("carousel", 0.3), ("reel", 0.36), ("story", 0.04)),
    "facebook": (("image", 0.35), ("video", 0.15), ("reel", 0.2), ("link", 0.2), ("text", 0.1)),
    "x": (("text", 0.4), ("image", 0.35), ("video", 0.15), ("link", 0.1)),
    "youtube": (("video", 0.5), ("short", 0.45), ("live", 0.05)),
    "tiktok": (("video", 0.92), ("live", 0.08)),
    "linkedin": (("text", 0.3), ("image", 0.3), ("carousel", 0.2), ("video", 0.1), ("link", 0.1)),
}
FORMAT_REACH = {
    "reel": 2.3,
    "short": 2.1,
    "video": 1.25,
    "carousel": 1.2,
    "image": 1.0,
    "text": 0.75,
    "link": 0.6,
    "story": 0.45,
    "live": 0.7,
}
# UTC hour at which each platform's audience engages most.
BEST_HOUR = {"instagram": 18, "facebook": 12, "x": 8, "youtube": 17, "tiktok": 20, "linkedin": 7}
REACH_SHARE = {
    "instagram": 0.22,
    "facebook": 0.07,
    "x": 0.12,
    "youtube": 0.35,
    "tiktok": 0.9,
    "linkedin": 0.15,
}
LIKE_RATE = {
    "instagram": 0.06,
    "facebook": 0.025,
    "x": 0.02,
    "youtube": 0.045,
    "tiktok": 0.08,
    "linkedin": 0.03,
}
SAVE_RATE = {
    "instagram": 0.012,
    "facebook": 0.002,
    "x": 0.003,
    "youtube": 0.004,
    "tiktok": 0.009,
    "linkedin": 0.002,
}
TAG_COUNT = {
    "instagram": (3, 6),
    "facebook": (0, 2),
    "x": (0, 2),
    "youtube": (0, 3),
    "tiktok": (2, 4),
    "linkedin": (1, 3),
}
GOOD_TAG_LIFT = 1.45
WEAK_TAG_LIFT = 0.75

# (followers on 2026-09-01, weekly growth)
PROFILE_BASE: dict[tuple[str, str], tuple[int, float]] = {
    (A, "instagram"): (48_200, 0.008), (A, "facebook"): (31_400, 0.002),
    (A, "x"): (9_800, 0.001), (A, "youtube"): (12_400, 0.012),
    (A, "tiktok"): (22_100, 0.025), (A, "linkedin"): (4_150, 0.01),
    (K, "instagram"): (36_700, 0.006), (K, "facebook"): (18_300, 0.001),
    (K, "x"): (6_240, -0.006), (K, "youtube"): (2_080, 0.004),
    (K, "tiktok"): (58_900, 0.03), (K, "linkedin"): (1_930, 0.009),
    (L, "instagram"): (124_500, 0.007), (L, "facebook"): (22_600, -0.002),
    (L, "x"): (3_420, 0.0), (L, "youtube"): (8_850, 0.009),
    (L, "tiktok"): (41_300, 0.02), (L, "linkedin"): (6_720, 0.011),
}  # fmt: skip


def _trend_followers(brand: str, platform: str, t: datetime) -> float:
    base, growth = PROFILE_BASE[(brand, platform)]
    weeks = (t - datetime(2026, 9, 1, tzinfo=UTC)).total_seconds() / (7 * 86400)
    return float(base * (1 + growth) ** weeks)


@dataclass(slots=True)
class Post:
    id: str
    platform: str
    brand: str
    published: datetime
    format: str
    text: str
    hashtags: list[str]
    impressions: int = 0
    reach: int = 0
    likes: int = 0
    comments: int = 0
    shares: int = 0
    saves: int = 0
    clicks: int = 0
    standout: bool = False

    def record(self) -> Record:
        return {
            "id": self.id,
            "platform": self.platform,
            "brand": self.brand,
            "published_at": _iso(self.published),
            "format": self.format,
            "text": self.text,
            "hashtags": self.hashtags,
            "impressions": self.impressions,
            "reach": self.reach,
            "likes": self.likes,
            "comments": self.comments,
            "shares": self.shares,
            "saves": self.saves,
            "clicks": self.clicks,
        }


_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


class Ids:
    """Platform-shaped ids (snowflakes carry their timestamp), unique per platform."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: dict[str, set[str]] = defaultdict(set)
        self.page_ids = {
            b.id: str(rng.randrange(100_000_000_000_000, 999_999_999_999_999)) for b in BRANDS
        }

    def _unique(self, namespace: str, make: Callable[[], str]) -> str:
        while True:
            value = make()
            if value not in self.used[namespace]:
                self.used[namespace].add(value)
                return value

    def _snowflake(self, t: datetime) -> int:
        ms = int(t.timestamp() * 1000) + self.rng.randrange(1000)
        return ((ms - 1_288_834_974_657) << 22) | self.rng.randrange(1 << 22)

    def _b64(self, n: int) -> str:
        return "".join(self.rng.choice(_B64) for _ in range(n))

    def post(self, platform: str, brand: str, t: datetime) -> str:
        rng = self.rng
        makers: dict[str, Callable[[], str]] = {
            "instagram": lambda: str(rng.randrange(17_900_000_000_000_000, 18_100_000_000_000_000)),
            "facebook": lambda: f"{self.page_ids[brand]}_{rng.randrange(10**15, 10**16)}",
            "x": lambda: str(self._snowflake(t)),
            "youtube": lambda: self._b64(11),
            "tiktok": lambda: str((int(t.timestamp()) << 32) | rng.randrange(1 << 32)),
            "linkedin": lambda: f"urn:li:activity:{self._snowflake(t)}",
        }
        return self._unique(f"post:{platform}", makers[platform])

    def comment(self, post: Post, t: datetime) -> str:
        rng = self.rng
        makers: dict[str, Callable[[], str]] = {
            "instagram": lambda: str(rng.randrange(17_840_000_000_000_000, 18_099_999_999_999_999)),
            "facebook": lambda: f"{post.id.split('_')[1]}_{rng.randrange(10**15, 10**16)}",
            "x": lambda: str(self._snowflake(t)),
            "youtube": lambda: "Ug" + rng.choice("wxyz") + self._b64(19) + "4AaABAg",
            "tiktok": lambda: str((int(t.timestamp()) << 32) | rng.randrange(1 << 32)),
            "linkedin": lambda: (
                f"urn:li:comment:(activity:{post.id.rsplit(':', 1)[1]},{self._snowflake(t)})"
            ),
        }
        return self._unique(f"comment:{post.platform}", makers[post.platform])


def _hour_affinity(hour: int, best: int) -> float:
    d = min(abs(hour - best), 24 - abs(hour - best))
    return math.exp(-(d * d) / (2 * 1.6 * 1.6))


def _pick_weighted(rng: random.Random, options: Sequence[tuple[str, float]]) -> str:
    return rng.choices([o for o, _ in options], [w for _, w in options])[0]


def generate_posts(rng: random.Random, ids: Ids, people: People) -> list[Post]:
    posts: list[Post] = []
    days = _days(POSTS_FROM, POSTS_UNTIL)
    for brand in BRANDS:
        for platform in PLATFORMS:
            n = POSTS_PER_PROFILE[platform]
            chosen = sorted(rng.sample(range(len(days)), n))
            filler = Filler(rng, brand, platform, people)
            lines = (
                brand.linkedin_lines + brand.post_lines[:4]
                if platform == "linkedin"
                else (brand.post_lines)
            )
            for index in chosen:
                day = days[index]
                best = BEST_HOUR[platform]
                if rng.random() < 0.55:
                    hour = (best + rng.choice([-1, 0, 0, 1])) % 24
                else:
                    hour = rng.randint(6, 21)
                minute = rng.choice([0, 0, 15, 30, 30, 45, rng.randint(0, 59)])
                published = datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)
                fmt = _pick_weighted(rng, FORMATS[platform])
                lo, hi = TAG_COUNT[platform]
                tags: list[str] = []
                count = rng.randint(lo, hi)
                if count and rng.random() < 0.45:
                    tags.append(rng.choice(brand.good_tags))
                if count > 1 and rng.random() < 0.3:
                    tags.append(rng.choice(brand.weak_tags))
                while len(tags) < count:
                    tag = rng.choice(brand.plain_tags)
                    if tag not in tags:
                        tags.append(tag)
                rng.shuffle(tags)
                text = filler.fill(rng.choice(lines))
                if tags and platform != "youtube":  # YouTube keeps tags out of the text
                    text += " " + " ".join(f"#{t}" for t in tags)
                post = Post(
                    ids.post(platform, brand.id, published),
                    platform,
                    brand.id,
                    published,
                    fmt,
                    text,
                    tags,
                )
                posts.append(post)
    _choose_standouts(rng, posts)
    for post in posts:
        _post_metrics(rng, post, BRAND_BY_ID[post.brand])
    posts.sort(key=lambda p: (p.published, p.platform, p.id))
    return posts


def _choose_standouts(rng: random.Random, posts: list[Post]) -> None:
    window = [
        p
        for p in posts
        if datetime(2026, 11, 4, tzinfo=UTC) <= p.published < datetime(2026, 11, 22, tzinfo=UTC)
        and p.format in ("reel", "short", "video", "carousel")
        and p.platform not in ("linkedin", "x")
    ]
    for brand, count in ((A, 3), (K, 3), (L, 2)):
        pool = [p for p in window if p.brand == brand]
        platforms_used: set[str] = set()
        rng.shuffle(pool)
        for post in pool:
            if post.platform in platforms_used:
                continue
            post.standout = True
            platforms_used.add(post.platform)
            if len(platforms_used) == count:
                break


def _post_metrics(rng: random.Random, post: Post, brand: Brand) -> None:
    platform = post.platform
    followers = _trend_followers(post.brand, platform, post.published)
    fit = _hour_affinity(post.published.hour, BEST_HOUR[platform])
    lift = 1.0
    for tag in post.hashtags:
        if tag in brand.good_tags:
            lift *= GOOD_TAG_LIFT
        elif tag in brand.weak_tags:
            lift *= WEAK_TAG_LIFT
    fmt_lift = 1.0 if platform == "tiktok" and post.format == "video" else FORMAT_REACH[post.format]
    reach = followers * REACH_SHARE[platform] * fmt_lift * (0.7 + 0.6 * fit) * lift
    reach *= math.exp(rng.gauss(0, 0.28))
    if platform == "linkedin" and post.published.weekday() >= 5:
        reach *= 0.55
    rate = LIKE_RATE[platform] * (0.7 + 0.6 * fit) * math.exp(rng.gauss(0, 0.2))
    if post.standout:
        reach *= rng.uniform(3.8, 5.5)
        rate *= rng.uniform(1.6, 1.9)
    post.reach = max(30, round(reach))
    post.impressions = round(post.reach * rng.uniform(1.12, 1.55))
    post.likes = round(post.reach * rate)
    post.comments = round(post.reach * rate * rng.uniform(0.03, 0.08))
    post.shares = round(post.reach * rate * rng.uniform(0.04, 0.15))
    save_rate = SAVE_RATE[platform] * (2.0 if post.format == "carousel" else 1.0)
    keenness = rate / LIKE_RATE[platform]
    post.saves = round(post.reach * save_rate * rng.uniform(0.6, 1.4) * keenness)
    click_rate = {"link": 0.025, "text": 0.004}.get(post.format, 0.003)
    if platform in ("linkedin", "facebook"):
        click_rate *= 2
    post.clicks = round(post.reach * click_rate * rng.uniform(0.6, 1.4))


# --------------------------------------------------------------------------------------------
# Comments
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Comment:
    platform: str
    brand: str
    post: Post
    id: str
    author: str
    followers: int
    text: str
    created: datetime
    intents: tuple[str, ...]
    sentiment: str
    lang: str
    lang_field: str | None = None
    parent_id: str | None = None
    category: str = ""
    note: str = ""

    def record(self) -> Record:
        created = (
            self.created.strftime("%Y-%m-%dT%H:%M:%S.000Z")
            if self.platform == "x"
            else _iso(self.created)
        )
        rec: Record = {
            "id": self.id,
            "platform": self.platform,
            "brand": self.brand,
            "post_id": self.post.id,
            "parent_id": self.parent_id,
            "author": self.author,
            "author_followers": self.followers,
            "text": self.text,
            "created_at": created,
        }
        # TikTok's export leaves out url and lang entirely; the others send null.
        if self.platform != "tiktok":
            rec["url"] = self._url()
            rec["lang"] = self.lang_field
        return rec

    def _url(self) -> str | None:
        if self.platform == "x":
            return f"https://x.com/{self.author}/status/{self.id}"
        if self.platform == "youtube":
            return f"https://www.youtube.com/watch?v={self.post.id}&lc={self.id}"
        if self.platform == "facebook":
            return f"https://www.facebook.com/{self.post.id}?comment_id={self.id.split('_')[1]}"
        return None

    def label(self) -> Record:
        return {
            "platform": self.platform,
            "id": self.id,
            "intents": list(self.intents),
            "sentiment": self.sentiment,
            "lang": self.lang,
        }


CATEGORY_WEIGHTS: dict[str, float] = {
    "question": 20, "complaint": 13, "praise": 19, "purchase": 9, "support": 7, "spam": 8,
    "abuse": 3, "negated": 1.5, "other": 8, "emoji": 4, "praise_question": 3,
    "mixed": 1.5,
}  # fmt: skip
PLATFORM_BIAS: dict[str, dict[str, float]] = {
    "instagram": {"praise": 1.2, "emoji": 1.5, "spam": 1.1},
    "facebook": {"support": 1.7, "complaint": 1.3, "emoji": 0.6},
    "x": {"complaint": 1.6, "abuse": 1.6, "emoji": 0.5, "support": 1.2},
    "youtube": {"question": 1.25, "spam": 1.4, "emoji": 0.7},
    "tiktok": {"spam": 1.5, "emoji": 2.0, "other": 1.4, "support": 0.5},
    "linkedin": {"linkedin": 110, "spam": 0.4, "abuse": 0.1, "emoji": 0.2, "support": 0.5},
}
BANKS: dict[str, tuple[Tpl, ...]] = {
    "question": QUESTIONS, "complaint": COMPLAINTS, "praise": PRAISE, "purchase": PURCHASE,
    "support": SUPPORT, "spam": SPAM, "abuse": ABUSE, "negated": NEGATED, "other": OTHER,
    "emoji": EMOJI_ONLY, "mixed": MIXED, "linkedin": LINKEDIN,
}  # fmt: skip
PLATFORM_WEIGHTS = {
    "instagram": 0.24,
    "facebook": 0.17,
    "x": 0.16,
    "youtube": 0.13,
    "tiktok": 0.19,
    "linkedin": 0.11,
}
TOP_LEVEL_COMMENTS = 1730
REPLY_COMMENTS = 240


def _bank(category: str, brand: Brand, platform: str) -> list[Tpl]:
    bank = list(BANKS[category])
    if category == "spam":
        if platform == "youtube":
            bank += SPAM_YOUTUBE
        if platform == "linkedin":
            bank += SPAM_LINKEDIN
    return [t for t in bank if not t.only or brand.id in t.only]


def _merge_sentiment(a: str, b: str) -> str:
    if "negative" in (a, b):
        return "negative"
    if "positive" in (a, b):
        return "positive"
    return "neutral"


def _is_emoji_only(text: str) -> bool:
    return not any(ch.isalnum() for ch in text)


def _decorate(rng: random.Random, text: str, tpl: Tpl, brand: Brand, platform: str) -> str:
    """Add the noise people add: casing, dropped punctuation, emojis, hashtags."""
    if not text or _is_emoji_only(text):
        return text
    out = text
    casual = platform not in ("linkedin",)
    if casual and rng.random() < 0.22 and "{order}" not in tpl.text:
        out = out.lower()
    if out.endswith(".") and rng.random() < 0.3:
        out = out[:-1]
    if tpl.sentiment == "positive" and rng.random() < 0.4:
        pool = POS_EMOJI + brand.emoji
        out += " " + "".join(rng.choice(pool) for _ in range(rng.randint(1, 3)))
    elif tpl.sentiment == "negative" and "spam" not in tpl.intents and rng.random() < 0.25:
        out += " " + rng.choice(NEG_EMOJI)
    elif tpl.sentiment == "neutral" and "question" in tpl.intents and rng.random() < 0.08:
        out += " " + rng.choice(NEU_EMOJI)
    if casual and "spam" not in tpl.intents and rng.random() < 0.07:
        tags = brand.unhappy_tags if tpl.sentiment == "negative" else brand.happy_tags
        out += " #" + rng.choice(tags)
    if tpl.sentiment == "positive" and rng.random() < 0.08 and out[-1].isalpha():
        out += "!!"
    if platform in ("facebook", "linkedin") and "question" in tpl.intents and rng.random() < 0.3:
        out = rng.choice(["Hi, ", "Hello! ", "Hey team, ", "Quick question: "]) + out
    return out


class CommentMaker:
    def __init__(self, rng: random.Random, posts: list[Post], ids: Ids, people: People) -> None:
        self.rng = rng
        self.ids = ids
        self.people = people
        self.by_profile: dict[tuple[str, str], list[Post]] = defaultdict(list)
        for post in posts:
            if post.format != "story" and post.published < COMMENTS_UNTIL - timedelta(hours=1):
                self.by_profile[(post.brand, post.platform)].append(post)
        self.comments: list[Comment] = []

    # -- placement ---------------------------------------------------------------------------

    def place(self, brand: str, platform: str) -> tuple[Post, datetime]:
        rng = self.rng
        posts = self.by_profile[(brand, platform)]
        recent = [p for p in posts if p.published >= COMMENTS_FROM - timedelta(days=5)]
        if recent and rng.random() < 0.82:
            post = rng.choices(recent, [p.reach for p in recent])[0]
            for _ in range(40):
                mean_hours = 14 if rng.random() < 0.8 else 96
                t = post.published + timedelta(hours=2 / 60 + rng.expovariate(1 / mean_hours))
                if COMMENTS_FROM <= t < COMMENTS_UNTIL:
                    return post, t.replace(microsecond=0)
        else:
            post = rng.choice(posts)
        start = max(COMMENTS_FROM, post.published + timedelta(minutes=5))
        t = start + (COMMENTS_UNTIL - start) * rng.random()
        return post, t.replace(microsecond=0)

    def add(
        self,
        brand: Brand,
        platform: str,
        author: Author,
        text: str,
        intents: Sequence[str],
        sentiment: str,
        lang: str,
        category: str,
        *,
        lang_field: str | None = None,
        post: Post | None = None,
        created: datetime | None = None,
        parent: Comment | None = None,
        note: str = "",
    ) -> Comment:
        if post is None or created is None:
            post, created = self.place(brand.id, platform)
        comment = Comment(
            platform=platform,
            brand=brand.id,
            post=post,
            id=self.ids.comment(post, created),
            author=author.handle,
            followers=author.followers,
            text=text,
            created=created,
            intents=tuple(sorted(set(intents))),
            sentiment=sentiment,
            lang=lang,
            lang_field=lang_field,
            parent_id=parent.id if parent else None,
            category=category,
            note=note,
        )
        self.comments.append(comment)
        return comment

    # -- ordinary comments -------------------------------------------------------------------

    def ordinary(self, brand: Brand, platform: str) -> None:
        rng = self.rng
        filler = Filler(rng, brand, platform, self.people)
        if platform != "linkedin" and rng.random() < brand.foreign_share:
            lang = _pick_weighted(rng, brand.foreign_langs)
            bank = [t for t in FOREIGN[lang] if not t.only or brand.id in t.only]
            tpl = rng.choice(bank)
            text = filler.fill(tpl.text)
            # Platforms detect a language only some of the time; x always says.
            field_lang = lang if platform == "x" or rng.random() < 0.45 else None
            self.add(
                brand,
                platform,
                self.people.pick(platform),
                text,
                tpl.intents,
                tpl.sentiment,
                lang,
                "foreign",
                lang_field=field_lang,
            )
            return
        bias = PLATFORM_BIAS[platform]
        categories = [*CATEGORY_WEIGHTS, "linkedin"]
        weights = [CATEGORY_WEIGHTS[c] * bias.get(c, 1.0) for c in CATEGORY_WEIGHTS]
        weights.append(bias.get("linkedin", 0.0))
        category = rng.choices(categories, weights)[0]
        if category == "praise_question":
            first = rng.choice(_bank("praise", brand, platform))
            second = rng.choice(_bank("question", brand, platform))
            text = filler.fill(first.text).rstrip(".!") + "! " + filler.fill(second.text)
            tpl = Tpl(
                text, first.intents + second.intents, _merge_sentiment(first.sentiment, "positive")
            )
        else:
            tpl = rng.choice(_bank(category, brand, platform))
            text = filler.fill(tpl.text)
        if category == "spam" and rng.random() < 0.12:
            text = rng.choice(EMOJI_SPAM)
        text = _decorate(rng, text, tpl, brand, platform)
        lang = "und" if _is_emoji_only(text) else "en"
        if platform == "x" and rng.random() < 0.65:
            text = f"@{brand.handles['x']} {text}"
        author = self.people.bot(platform) if category == "spam" else self.people.pick(platform)
        field_lang = lang if platform == "x" and lang == "en" else None
        self.add(
            brand,
            platform,
            author,
            text,
            tpl.intents,
            tpl.sentiment,
            lang,
            category,
            lang_field=field_lang,
        )

    # -- replies -----------------------------------------------------------------------------

    def replies(self, count: int) -> None:
        rng = self.rng
        weights_by_category = {
            "question": 3.0,
            "complaint": 3.0,
            "support": 2.5,
            "praise": 1.0,
            "abuse": 2.0,
            "spam": 0.4,
            "other": 0.6,
            "mixed": 2.0,
            "purchase": 1.5,
            "notable": 4.0,
        }
        parents = [c for c in self.comments if c.parent_id is None]
        weights = [weights_by_category.get(c.category, 0.5) for c in parents]
        made = 0
        while made < count:
            parent = rng.choices(parents, weights)[0]
            created = parent.created + timedelta(minutes=3 + rng.expovariate(1 / 360))
            created = created.replace(microsecond=0)
            if created >= COMMENTS_UNTIL:
                continue
            brand = BRAND_BY_ID[parent.brand]
            platform = parent.platform
            filler = Filler(rng, brand, platform, self.people)
            intents = set(parent.intents)
            if intents & {"question", "support_request", "complaint"} and rng.random() < 0.3:
                asks, sorries = BRAND_REPLIES[brand.voice]
                template = rng.choice(sorries if "complaint" in intents else asks)
                text = template.format(sign_off=brand.sign_off)
                author = Author(brand.handles[platform], 0)
                self.add(
                    brand,
                    platform,
                    author,
                    text,
                    ("other",),
                    "neutral",
                    "en",
                    "brand",
                    lang_field="en" if platform == "x" else None,
                    post=parent.post,
                    created=created,
                    parent=parent,
                )
                made += 1
                continue
            if "spam" in intents:
                bank: Sequence[Tpl] = REPLIES_TO_SPAM
            elif "abuse" in intents:
                bank = REPLIES_TO_ABUSE
            elif intents & {"complaint", "support_request"}:
                bank = REPLIES_TO_COMPLAINT
            elif "question" in intents:
                bank = REPLIES_TO_QUESTION
            elif "praise" in intents or "purchase_intent" in intents:
                bank = REPLIES_TO_PRAISE
            else:
                bank = REPLIES_TO_OTHER
            pool = [t for t in bank if not t.only or brand.id in t.only]
            tpl = rng.choice(pool)
            text = filler.fill(tpl.text)
            lang = "und" if _is_emoji_only(text) else "en"
            if platform in ("instagram", "youtube", "tiktok") and rng.random() < 0.5:
                at = parent.author if parent.author.startswith("@") else f"@{parent.author}"
                text = f"{at} {text}"
            self.add(
                brand,
                platform,
                self.people.pick(platform),
                text,
                tpl.intents,
                tpl.sentiment,
                lang,
                "reply",
                post=parent.post,
                created=created,
                parent=parent,
                lang_field="en" if platform == "x" and lang == "en" else None,
            )
            made += 1


@dataclass(frozen=True, slots=True)
class Special:
    brand: str
    platform: str
    author: str
    followers: int
    text: str
    intents: str
    sentiment: str
    note: str
    lang: str = "en"


SPECIALS = (
    Special(
        K,
        "x",
        "FinnEatsLondon",
        412_300,
        "@kettlecrumb Three weeks and still no refund for the Brew Club box you charged me "
        "twice for (KC48817). Not a good look for a brand I've recommended to my followers.",
        "complaint+support_request",
        "neg",
        "big_account_complaint",
    ),
    Special(
        L,
        "tiktok",
        "glowwithdani",
        873_000,
        "your vitamin c serum gave me a rash all over my cheeks and nobody answers my DMs. "
        "full video about this going up tomorrow",
        "complaint",
        "neg",
        "big_account_complaint",
    ),
    Special(
        A,
        "youtube",
        "@SummitSamFilms",
        186_400,
        "Paid $389 for the Ridgeline and the main zip broke on the very first trip. I used to "
        "recommend you in every gear video. Really disappointed.",
        "complaint",
        "neg",
        "big_account_complaint",
    ),
    Special(
        A,
        "instagram",
        "wild.ways.journal",
        54_800,
        "Visited your Boulder store today and the staff treated us like we were wasting their "
        "time. Expected better from a brand that talks so much about community.",
        "complaint",
        "neg",
        "big_account_complaint",
    ),
    Special(
        L,
        "instagram",
        "dr.amara.skin",
        238_000,
        "Formulation-wise the Vitamin C Serum 15% is one of the better ones I've reviewed "
        "this year. Stable packaging, sensible pH, no added fragrance.",
        "praise",
        "pos",
        "big_account_praise",
    ),
    Special(
        K,
        "tiktok",
        "brewtok.jules",
        96_500,
        "ok the cold brew cans are actually elite. ordering a crate for the office",
        "praise+purchase_intent",
        "pos",
        "big_account_praise",
    ),
    Special(
        L,
        "youtube",
        "@SkinDiariesWithNoor",
        512_000,
        "Is Night Renewal safe to use alongside azelaic acid? A lot of my viewers are asking.",
        "question",
        "neu",
        "big_account_question",
    ),
    Special(
        A,
        "x",
        "TrailMixTara",
        71_200,
        "@alpenglow repaired my six-year-old jacket for free. This is how you earn loyalty.",
        "praise",
        "pos",
        "big_account_praise",
    ),
    Special(
        L,
        "instagram",
        "nadia.reads.labels",
        12_400,
        "<b>bold</b> claim, but Daily Veil SPF50 really is the only sunscreen that doesn't "
        "pill under my makeup",
        "praise",
        "pos",
        "hazard_html",
    ),
    Special(
        K,
        "facebook",
        "Rhiannon Pryce",
        0,
        "Scones & jam & a flat white at Kettle & Crumb Leeds = perfect Sunday ☕",
        "praise",
        "pos",
        "hazard_ampersand",
    ),
    Special(
        A,
        "youtube",
        "@xss-tester-42",
        17,
        "<script>alert(1)</script>",
        "spam",
        "neu",
        "hazard_script",
        "und",
    ),
    Special(
        L,
        "x",
        "glowfreebies_",
        212,
        "<!channel> FREE Lumora gift sets for the first 100 people → lumora-giveaway.example/claim",
        "spam",
        "neu",
        "hazard_slack_broadcast",
    ),
    Special(
        A,
        "facebook",
        "Derek Hollis",
        0,
        "@channel @here my order AG-208841 still hasn't shipped after three weeks, is anyone "
        "reading these?",
        "complaint+support_request",
        "neg",
        "hazard_broadcast_mention",
    ),
    Special(
        K,
        "instagram",
        "kate.on.the.go",
        640,
        "@here who else is still waiting on a refund from these guys? 😤",
        "complaint",
        "neg",
        "hazard_broadcast_mention",
    ),
    Special(
        L,
        "linkedin",
        "Margaux Lefèvre",
        2_310,
        "R&D team deserves a raise, the reformulated Barrier Balm is a real step up",
        "praise",
        "pos",
        "hazard_ampersand",
    ),
    Special(
        K,
        "tiktok",
        "bunhunter.bri",
        880,
        "I &lt;3 the cardamom buns",
        "praise",
        "pos",
        "hazard_html_entity",
    ),
    Special(
        A,
        "x",
        "PeakBaggerPete",
        3_900,
        "@alpenglow *BEST* boots _ever_, ~not even close~ `10/10`",
        "praise",
        "pos",
        "hazard_markdown",
    ),
    Special(
        K,
        "youtube",
        "@CafeHopperUK",
        4_700,
        "Tom & Jerry level chaos in the Bristol café today but the staff kept smiling <3",
        "praise",
        "pos",
        "hazard_ampersand",
    ),
    Special(
        L,
        "facebook",
        "Lumora Refund Centre",
        0,
        '<a href="https://lumora-refunds.example">Click here to claim your refund</a>',
        "spam",
        "neu",
        "hazard_html_link",
    ),
    Special(
        A,
        "instagram",
        "jo.outside",
        830,
        "Love it!\n\nBut where's the size guide?\nCan't find it anywhere",
        "praise+question",
        "pos",
        "hazard_multiline",
    ),
)

LONG_COMMENTS = (
    (A, "facebook", "Martina Oyelaran", 0, TENT_SAGA, "complaint+support_request", "neg"),
    (L, "youtube", "@MonikaTriesThings", 2_140, SERUM_REVIEW, "praise+question", "pos"),
    (K, "instagram", "leeds.latte.log", 1_380, BREWCLUB_RANT, "complaint", "neg"),
)


def generate_comments(
    rng: random.Random, posts: list[Post], ids: Ids, people: People
) -> list[Comment]:
    maker = CommentMaker(rng, posts, ids, people)
    brands = list(BRANDS)
    for _ in range(TOP_LEVEL_COMMENTS):
        brand = rng.choices(brands, [b.weight for b in brands])[0]
        platform = rng.choices(list(PLATFORM_WEIGHTS), list(PLATFORM_WEIGHTS.values()))[0]
        maker.ordinary(brand, platform)
    for sp in SPECIALS:
        maker.add(
            BRAND_BY_ID[sp.brand],
            sp.platform,
            Author(sp.author, sp.followers),
            sp.text,
            sp.intents.split("+"),
            SENTIMENTS[sp.sentiment],
            sp.lang,
            "notable",
            lang_field="en" if sp.platform == "x" else None,
            note=sp.note,
        )
    for brand_id, platform, author, followers, parts, intents, sentiment in LONG_COMMENTS:
        brand = BRAND_BY_ID[brand_id]
        order = Filler(rng, brand, platform, people).order()
        text = "\n\n".join(parts).replace("{order}", order)
        maker.add(
            brand,
            platform,
            Author(author, followers),
            text,
            intents.split("+"),
            SENTIMENTS[sentiment],
            "en",
            "notable",
            note="long_comment",
        )
    for text in REPEATED_SPAM:
        for _ in range(rng.randint(4, 6)):
            brand = rng.choices(brands, [b.weight for b in brands])[0]
            platform = rng.choice(["instagram", "tiktok", "youtube", "x", "facebook"])
            maker.add(
                brand,
                platform,
                people.bot(platform),
                text,
                ("spam",),
                "neutral",
                "en",
                "spam",
                note="repeated_spam",
            )
    maker.replies(REPLY_COMMENTS)
    comments = sorted(maker.comments, key=lambda c: (c.created, c.platform, c.id))
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for c in comments:
        counts[(c.platform, c.post.id)] += 1
    for post in posts:
        seen = counts.get((post.platform, post.id), 0)
        if seen:
            # The platform's count covers comments our export never saw (deleted, hidden).
            post.comments = max(post.comments, seen + rng.randint(0, 6))
    return comments


# --------------------------------------------------------------------------------------------
# Profiles
# --------------------------------------------------------------------------------------------

SNAPSHOT_DAYS = tuple(date(2026, 9, 7) + timedelta(weeks=i) for i in range(12))
MISSING_SNAPSHOTS = {
    (K, "youtube"): (date(2026, 10, 12),),
    (L, "x"): (date(2026, 10, 26), date(2026, 11, 2)),
    (A, "linkedin"): (date(2026, 9, 21),),
}
ALWAYS = (date(2000, 1, 1), date(2100, 1, 1))
# (brand, platform) -> field -> (from, until) during which the field is missing.
PROFILE_GAPS: dict[tuple[str, str], dict[str, tuple[date, date]]] = {
    (A, "linkedin"): {"contact": ALWAYS, "category": ALWAYS},
    (A, "tiktok"): {"link": (ALWAYS[0], date(2026, 10, 19))},
    (A, "youtube"): {"bio": ALWAYS},
    (K, "x"): {"has_avatar": (date(2026, 11, 9), ALWAYS[1])},
    (K, "facebook"): {"category": ALWAYS},
    (K, "tiktok"): {"link": ALWAYS},
    (K, "instagram"): {"contact": ALWAYS},
    (L, "x"): {"bio": ALWAYS, "link": ALWAYS},
    (L, "youtube"): {"has_avatar": ALWAYS},
    (L, "linkedin"): {"link": ALWAYS},
    (L, "tiktok"): {"category": ALWAYS, "bio": (date(2026, 11, 2), ALWAYS[1])},
}
LINKEDIN_CATEGORY = {
    A: "Retail",
    K: "Food and Beverage Services",
    L: "Personal Care Product Manufacturing",
}
BASE_POSTS_COUNT = {
    "instagram": (600, 1400),
    "facebook": (900, 2200),
    "x": (2000, 6000),
    "youtube": (60, 240),
    "tiktok": (120, 420),
    "linkedin": (80, 300),
}


def generate_profiles(rng: random.Random, posts: list[Post]) -> list[Record]:
    records: list[Record] = []
    for brand in BRANDS:
        for platform in PLATFORMS:
            key = (brand.id, platform)
            profile_posts = [p for p in posts if p.brand == brand.id and p.platform == platform]
            base_count = rng.randint(*BASE_POSTS_COUNT[platform])
            gaps = PROFILE_GAPS.get(key, {})
            for day in SNAPSHOT_DAYS:
                if day in MISSING_SNAPSHOTS.get(key, ()):
                    continue
                captured = datetime(
                    day.year,
                    day.month,
                    day.day,
                    6,
                    rng.randint(0, 9),
                    rng.randint(0, 59),
                    tzinfo=UTC,
                )
                followers = _trend_followers(brand.id, platform, captured)
                for post in profile_posts:
                    if post.standout and post.published < captured:
                        # A post that took off brings followers with it.
                        followers *= 1 + 0.03 * min(1.0, (captured - post.published).days / 3)
                followers *= math.exp(rng.gauss(0, 0.002))
                values: Record = {
                    "bio": brand.bio,
                    "link": brand.link,
                    "contact": brand.contact,
                    "category": LINKEDIN_CATEGORY[brand.id]
                    if platform == "linkedin"
                    else brand.category,
                }
                rec: Record = {
                    "platform": platform,
                    "brand": brand.id,
                    "handle": brand.handles[platform],
                    "captured_at": _iso(captured),
                    "followers": round(followers),
                    "posts_count": base_count + sum(p.published < captured for p in profile_posts),
                }
                for name, value in values.items():
                    start, end = gaps.get(name, (None, None))
                    missing = start is not None and end is not None and start <= day < end
                    if not missing:
                        rec[name] = value
                    elif platform not in ("x", "tiktok"):
                        rec[name] = None  # these exports say null; x and tiktok omit the key
                start, end = gaps.get("has_avatar", (None, None))
                rec["has_avatar"] = not (
                    start is not None and end is not None and start <= day < end
                )
                records.append(rec)
    records.sort(key=lambda r: (r["captured_at"], r["brand"], r["platform"]))
    return records


# --------------------------------------------------------------------------------------------
# Ads
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AdSpec:
    name: str
    share: float
    start: date = ADS_FROM
    end: date = date.max  # runs until stopped


@dataclass(frozen=True, slots=True)
class AdSetSpec:
    name: str
    share: float
    ads: tuple[AdSpec, ...] = ()


@dataclass(frozen=True, slots=True)
class CampaignSpec:
    platform: str
    account: str
    name: str
    brand: str
    objective: str
    currency: str
    target_cpa: float
    target_roas: float | None
    daily_budget: float
    monthly_budget: float
    cpm: float
    ctr: float
    perf: float
    adsets: tuple[AdSetSpec, ...]
    start: date = ADS_FROM
    freq: float | None = 1.25
    weekend_spend: float = 1.0
    level: str = "ad"


def _ads(*names: str | tuple[str, float] | AdSpec) -> tuple[AdSpec, ...]:
    out: list[AdSpec] = []
    for n in names:
        if isinstance(n, AdSpec):
            out.append(n)
        elif isinstance(n, tuple):
            out.append(AdSpec(n[0], n[1]))
        else:
            out.append(AdSpec(n, 1.0))
    return tuple(out)


C_LATE = "AG | Prospecting | Insulated Jackets"
C_FATIGUE = "AG | Retargeting | Winter Jackets"
C_WINNER = "AG | TikTok | Trail Boots Creators"
C_OVERSPEND = "KC | Prospecting | Brew Club Subscription"
C_OUTAGE = "KC | TikTok | Cold Brew Spark Ads"
C_SPIKE = "LUM | Prospecting | Vitamin C Serum"
C_UNDER = "LUM | Search | Sunscreen SPF50"
C_SMALL_RESTATE = "LUM | Retargeting | Skincare Bundles"
FATIGUE_ADSET, FATIGUE_AD = "Site visitors 30d", "Parka carousel v2"
WINNER_ADSET = "Hikers 25-44"

SPIKE_WINDOW = (date(2026, 11, 21), date(2026, 11, 24))
FATIGUE_WINDOW = (date(2026, 11, 11), date(2026, 11, 24))
PACING_WINDOW = (MONTH_START, ADS_UNTIL)
OUTAGE_WINDOW = (date(2026, 11, 22), date(2026, 11, 24))
WINNER_WINDOW = (date(2026, 11, 11), date(2026, 11, 24))
LATE_WINDOW = (date(2026, 11, 19), date(2026, 11, 22))
LATE_SHARE = {
    date(2026, 11, 19): 0.55,
    date(2026, 11, 20): 0.48,
    date(2026, 11, 21): 0.42,
    date(2026, 11, 22): 0.36,
}
OVERSPEND_FACTOR = 1.35
UNDERDELIVERY_FACTOR = 0.40
SPIKE_PERF = 2.05
WINNER_PERF = 0.6

CAMPAIGNS: tuple[CampaignSpec, ...] = (
    CampaignSpec(
        "meta",
        "alpenglow-meta",
        C_LATE,
        A,
        "purchases",
        "USD",
        45.0,
        3.2,
        600.0,
        18_000.0,
        cpm=14.0,
        ctr=0.011,
        perf=0.9,
        adsets=(
            AdSetSpec(
                "Broad US 25-54",
                0.5,
                _ads(
                    ("Ridgeline hero video", 0.6),
                    AdSpec("Ridgeline UGC review", 0.4, end=date(2026, 11, 5)),
                ),
            ),
            AdSetSpec(
                "Lookalike 2% purchasers",
                0.5,
                _ads(
                    ("Ridgeline hero video", 0.55),
                    AdSpec("Snowfield static", 0.45, start=date(2026, 10, 5)),
                ),
            ),
        ),
    ),
    CampaignSpec(
        "meta",
        "alpenglow-meta",
        C_FATIGUE,
        A,
        "purchases",
        "USD",
        30.0,
        5.0,
        180.0,
        5_400.0,
        cpm=19.0,
        ctr=0.019,
        perf=0.9,
        freq=1.4,
        adsets=(
            AdSetSpec(FATIGUE_ADSET, 0.65, _ads((FATIGUE_AD, 0.55), ("Free repairs static", 0.45))),
            AdSetSpec("Cart abandoners 7d", 0.35, _ads("Cart reminder DPA")),
        ),
    ),
    CampaignSpec(
        "meta",
        "alpenglow-meta",
        "AG | Leads | Trail Newsletter",
        A,
        "leads",
        "USD",
        6.5,
        None,
        90.0,
        2_700.0,
        cpm=9.0,
        ctr=0.014,
        perf=0.9,
        freq=1.2,
        adsets=(
            AdSetSpec(
                "Hiking interests US+CA",
                1.0,
                _ads(("Free trail guide lead form", 0.6), ("Winter skills checklist", 0.4)),
            ),
        ),
    ),
    CampaignSpec(
        "google",
        "alpenglow-google",
        "AG | Search | Brand",
        A,
        "purchases",
        "USD",
        18.0,
        8.0,
        150.0,
        4_500.0,
        cpm=108.0,
        ctr=0.12,
        perf=0.9,
        freq=None,
        adsets=(
            AdSetSpec("Brand exact", 0.7, _ads(("RSA brand A", 0.55), ("RSA brand B", 0.45))),
            AdSetSpec("Brand + product", 0.3, _ads("RSA brand product")),
        ),
    ),
    CampaignSpec(
        "google",
        "alpenglow-google",
        "AG | Shopping | Tents & Backpacks",
        A,
        "purchases",
        "USD",
        55.0,
        3.0,
        320.0,
        9_600.0,
        cpm=7.7,
        ctr=0.011,
        perf=0.92,
        freq=None,
        adsets=(
            AdSetSpec("Tents", 0.55, _ads("Tarn product group")),
            AdSetSpec(
                "Backpacks", 0.45, _ads(("Cirque product group", 0.6), ("Col product group", 0.4))
            ),
        ),
    ),
    CampaignSpec(
        "tiktok",
        "alpenglow-tiktok",
        C_WINNER,
        A,
        "purchases",
        "USD",
        40.0,
        2.8,
        250.0,
        7_500.0,
        cpm=7.5,
        ctr=0.009,
        perf=0.92,
        freq=1.3,
        adsets=(
            AdSetSpec(
                WINNER_ADSET,
                0.35,
                _ads(("Creator: river crossing", 0.6), ("Creator: unboxing", 0.4)),
            ),
            AdSetSpec("Broad 18-54", 0.35, _ads("Scree boots 15s")),
            AdSetSpec(
                "Interest: camping",
                0.30,
                _ads(("Scree boots 15s", 0.5), ("Creator: river crossing", 0.5)),
            ),
        ),
    ),
    CampaignSpec(
        "meta",
        "kettlecrumb-meta",
        C_OVERSPEND,
        K,
        "purchases",
        "GBP",
        24.0,
        2.2,
        250.0,
        7_500.0,
        cpm=8.5,
        ctr=0.012,
        perf=0.9,
        adsets=(
            AdSetSpec(
                "Coffee lovers UK",
                0.55,
                _ads(("Roast day reel", 0.6), ("First bag free static", 0.4)),
            ),
            AdSetSpec(
                "Lookalike subscribers 1%",
                0.45,
                _ads(("Roast day reel", 0.5), ("Barista tips carousel", 0.5)),
            ),
        ),
    ),
    CampaignSpec(
        "meta",
        "kettlecrumb-meta",
        "KC | Retargeting | Cart Abandoners",
        K,
        "purchases",
        "GBP",
        15.0,
        4.0,
        70.0,
        2_100.0,
        cpm=12.0,
        ctr=0.018,
        perf=0.9,
        freq=1.5,
        adsets=(
            AdSetSpec(
                "Cart 14d", 1.0, _ads(("Free shipping reminder", 0.6), ("Bean quiz carousel", 0.4))
            ),
        ),
    ),
    CampaignSpec(
        "meta",
        "kettlecrumb-meta",
        "KC | Local | Café Openings",
        K,
        "leads",
        "GBP",
        3.5,
        None,
        60.0,
        1_800.0,
        cpm=6.0,
        ctr=0.015,
        perf=0.9,
        start=date(2026, 10, 12),
        adsets=(
            AdSetSpec(
                "Cardiff 10km", 0.6, _ads(("Opening day voucher", 0.6), ("Cardamom bun video", 0.4))
            ),
            AdSetSpec("Glasgow 10km", 0.4, _ads("Opening day voucher")),
        ),
    ),
    CampaignSpec(
        "google",
        "kettlecrumb-google",
        "KC | Search | Coffee Beans",
        K,
        "purchases",
        "GBP",
        20.0,
        2.5,
        140.0,
        4_200.0,
        cpm=35.75,
        ctr=0.065,
        perf=0.9,
        freq=None,
        level="adset",
        adsets=(
            AdSetSpec("Buy coffee beans online", 0.45),
            AdSetSpec("Espresso beans", 0.3),
            AdSetSpec("Coffee subscription", 0.25),
        ),
    ),
    CampaignSpec(
        "google",
        "kettlecrumb-google",
        "KC | Search | Office Coffee",
        K,
        "leads",
        "GBP",
        38.0,
        None,
        80.0,
        1_950.0,
        cpm=94.5,
        ctr=0.045,
        perf=0.9,
        freq=None,
        weekend_spend=0.45,
        level="adset",
        adsets=(AdSetSpec("Office coffee supplier", 0.6), AdSetSpec("Coffee for workplaces", 0.4)),
    ),
    CampaignSpec(
        "tiktok",
        "kettlecrumb-tiktok",
        C_OUTAGE,
        K,
        "purchases",
        "GBP",
        14.0,
        2.4,
        160.0,
        4_800.0,
        cpm=6.0,
        ctr=0.01,
        perf=0.9,
        freq=1.3,
        adsets=(
            AdSetSpec(
                "Gen Z coffee UK",
                0.6,
                _ads(("Spark: cold brew hack", 0.55), ("Spark: can drop", 0.45)),
            ),
            AdSetSpec("Broad UK", 0.4, _ads("Cold brew 9s loop")),
        ),
    ),
    CampaignSpec(
        "meta",
        "lumora-meta",
        C_SPIKE,
        L,
        "purchases",
        "EUR",
        30.0,
        2.6,
        450.0,
        13_500.0,
        cpm=11.0,
        ctr=0.012,
        perf=0.9,
        adsets=(
            AdSetSpec(
                "Women 25-45 FR BE",
                0.5,
                _ads(
                    ("Serum texture reel", 0.6),
                    AdSpec("Dermatologist quote static", 0.4, end=date(2026, 10, 31)),
                ),
            ),
            AdSetSpec(
                "Advantage+ audience",
                0.5,
                _ads(
                    ("Serum texture reel", 0.5),
                    AdSpec("Before and after carousel", 0.5, start=date(2026, 10, 20)),
                ),
            ),
        ),
    ),
    CampaignSpec(
        "meta",
        "lumora-meta",
        C_SMALL_RESTATE,
        L,
        "purchases",
        "EUR",
        22.0,
        4.5,
        120.0,
        3_600.0,
        cpm=15.0,
        ctr=0.017,
        perf=0.96,
        freq=1.45,
        adsets=(AdSetSpec("Viewed product 30d", 1.0, _ads("Routine bundle DPA")),),
    ),
    CampaignSpec(
        "meta",
        "lumora-meta",
        "LUM | Leads | Skin Consultation",
        L,
        "leads",
        "EUR",
        9.0,
        None,
        100.0,
        3_000.0,
        cpm=10.0,
        ctr=0.011,
        perf=0.88,
        adsets=(
            AdSetSpec(
                "Paris + Lyon 25km",
                1.0,
                _ads(("Book a free consultation", 0.6), ("Meet our pharmacists", 0.4)),
            ),
        ),
    ),
    CampaignSpec(
        "google",
        "lumora-google",
        C_UNDER,
        L,
        "purchases",
        "EUR",
        26.0,
        2.4,
        300.0,
        9_000.0,
        cpm=56.0,
        ctr=0.07,
        perf=0.9,
        freq=None,
        adsets=(
            AdSetSpec(
                "SPF50 generic", 0.7, _ads(("RSA sunscreen A", 0.5), ("RSA sunscreen B", 0.5))
            ),
            AdSetSpec("Mineral sunscreen", 0.3, _ads("RSA mineral")),
        ),
    ),
    CampaignSpec(
        "google",
        "lumora-google",
        "LUM | PMax | Moisturiser",
        L,
        "purchases",
        "EUR",
        28.0,
        3.0,
        200.0,
        6_000.0,
        cpm=6.75,
        ctr=0.015,
        perf=0.93,
        freq=None,
        adsets=(AdSetSpec("Asset group: Barrier Balm", 1.0, _ads("Barrier Balm assets")),),
    ),
    CampaignSpec(
        "tiktok",
        "lumora-tiktok",
        "LUM | TikTok | Routine UGC",
        L,
        "purchases",
        "EUR",
        27.0,
        2.2,
        180.0,
        5_400.0,
        cpm=6.5,
        ctr=0.0095,
        perf=0.9,
        freq=1.3,
        adsets=(
            AdSetSpec(
                "Skincare interest 18-34",
                0.6,
                _ads(("UGC: morning routine", 0.55), ("UGC: SPF myths", 0.45)),
            ),
            AdSetSpec("Broad FR DE", 0.4, _ads("UGC: morning routine")),
        ),
    ),
)
CAMPAIGN_BY_NAME = {c.name: c for c in CAMPAIGNS}
HOURLY_CAMPAIGNS = (C_WINNER, C_OVERSPEND, C_OUTAGE, C_SPIKE)

# (cpm multiplier, conversion-rate multiplier) by weekday, Monday first.
WEEKDAY_EFFECT: dict[str, tuple[tuple[float, float], ...]] = {
    A: ((1, 1), (1, 1), (1, 1), (1, 1), (1, 1.05), (0.94, 1.12), (0.94, 1.12)),
    K: ((1, 1.08), (1, 1), (1, 1), (1, 1), (1, 1), (0.96, 0.9), (0.96, 0.9)),
    L: ((1, 1), (1, 1.04), (1, 1.04), (1, 1.04), (1, 1), (0.92, 0.88), (0.92, 0.88)),
}


@dataclass(slots=True)
class AdRow:
    bucket: str
    platform: str
    account: str
    campaign: str
    adset: str
    ad: str
    impressions: int
    clicks: int
    spend_c: int
    conv_c: int
    revenue_c: int
    leads_c: int
    reach: int | None
    currency: str

    @property
    def key(self) -> tuple[str, str, str, str, str, str]:
        return (self.bucket, self.platform, self.account, self.campaign, self.adset, self.ad)

    def cells(self) -> list[str]:
        return [
            self.bucket,
            self.platform,
            self.account,
            self.campaign,
            self.adset,
            self.ad,
            str(self.impressions),
            str(self.clicks),
            _money(self.spend_c),
            _hundredths(self.conv_c),
            _money(self.revenue_c),
            _hundredths(self.leads_c),
            "" if self.reach is None else str(self.reach),
            self.currency,
        ]

    def copy(self) -> AdRow:
        return replace(self)


@dataclass(slots=True)
class Unit:
    adset: str
    ad: str
    share: float
    start: date
    end: date
    cpm_mult: float
    ctr_mult: float
    cvr_mult: float
    freq_mult: float
    aov: float


@dataclass(slots=True)
class AdData:
    daily: list[AdRow] = field(default_factory=list)
    restated: list[AdRow] = field(default_factory=list)
    hourly: list[AdRow] = field(default_factory=list)


def _units(rng: random.Random, spec: CampaignSpec) -> list[Unit]:
    units: list[Unit] = []
    aov = (spec.target_roas or 0.0) * spec.target_cpa * rng.uniform(1.0, 1.12)
    for adset in spec.adsets:
        ads = adset.ads if spec.level == "ad" else (AdSpec("", 1.0),)
        total = sum(a.share for a in ads)
        group: list[Unit] = []
        for ad in ads:
            planted = ad.name == FATIGUE_AD
            group.append(
                Unit(
                    adset=adset.name,
                    ad=ad.name,
                    share=adset.share * ad.share / total,
                    start=max(ad.start, spec.start),
                    end=ad.end,
                    cpm_mult=_clip(rng.gauss(1, 0.06), 0.85, 1.15),
                    ctr_mult=1.0 if planted else _clip(rng.gauss(1, 0.1), 0.8, 1.2),
                    cvr_mult=_clip(rng.gauss(1, 0.08), 0.85, 1.15),
                    freq_mult=1.0 if planted else _clip(rng.gauss(1, 0.05), 0.9, 1.1),
                    aov=aov,
                )
            )
        # Ads differ from each other, but each ad set as a whole lands on its planned CPA, so the
        # planted incidents are measured against a known baseline.
        efficiency = sum(u.share * u.ctr_mult * u.cvr_mult / u.cpm_mult for u in group)
        efficiency /= sum(u.share for u in group)
        for u in group:
            u.cvr_mult /= efficiency
        units.extend(group)
    return units


def _in(day: date, window: tuple[date, date]) -> bool:
    # An incident that lasts to the last full day is still going on this morning.
    last = TODAY if window[1] == ADS_UNTIL else window[1]
    return window[0] <= day <= last


def _progress(day: date, window: tuple[date, date]) -> float:
    return min(1.0, (day - window[0]).days / max(1, (window[1] - window[0]).days))


def _campaign_rows(seed: int, spec: CampaignSpec) -> tuple[list[AdRow], list[AdRow], list[AdRow]]:
    """Daily rows of one campaign as first reported, the rows restated later, and today's
    (partial, so only ever shown split into hours) rows."""
    rng = random.Random(f"{seed}/ads/{spec.name}")
    units = _units(rng, spec)
    base_cpc = spec.cpm / (1000 * spec.ctr)
    first_seen: list[AdRow] = []
    restated: list[AdRow] = []
    today: list[AdRow] = []
    for day in _days(spec.start, TODAY):
        cpm_wd, cvr_wd = WEEKDAY_EFFECT[spec.brand][day.weekday()]
        season = 1.0
        if spec.platform in ("meta", "tiktok"):
            # Pre-Black-Friday auctions get dearer, but shoppers convert better too.
            season = 1 + 0.08 * _clip((day - date(2026, 11, 17)).days / 7, 0, 1)
        if spec.platform == "google":
            factor = _clip(rng.gauss(0.975, 0.02), 0.92, 1.0)
        else:
            factor = _clip(rng.gauss(0.965, 0.02), 0.9, 1.0)
        if day.weekday() >= 5:
            factor *= spec.weekend_spend
        cvr_extra = 1.0
        if spec.name == C_OVERSPEND and _in(day, PACING_WINDOW):
            factor = OVERSPEND_FACTOR * _clip(rng.gauss(1, 0.02), 0.95, 1.05)
            cvr_extra = 0.95  # scaling past the plan costs a little efficiency
        if spec.name == C_UNDER and _in(day, PACING_WINDOW):
            factor = UNDERDELIVERY_FACTOR * _clip(rng.gauss(1, 0.06), 0.85, 1.15)
        if spec.name == C_WINNER and _in(day, WINNER_WINDOW):
            factor = _clip(rng.gauss(0.995, 0.003), 0.985, 1.0)
        active = [u for u in units if u.start <= day <= u.end]
        shares = [u.share for u in active]
        if spec.name == C_WINNER and _in(day, WINNER_WINDOW):
            won = 0.35 + 0.30 * _progress(day, WINNER_WINDOW)
            base_won = sum(u.share for u in active if u.adset == WINNER_ADSET)
            base_rest = sum(u.share for u in active if u.adset != WINNER_ADSET)
            shares = [
                u.share / base_won * won
                if u.adset == WINNER_ADSET
                else u.share / base_rest * (1 - won)
                for u in active
            ]
        weights = [s * _clip(rng.gauss(1, 0.07), 0.8, 1.2) for s in shares]
        spends = _allocate(round(spec.daily_budget * factor * 100), weights)
        for unit, spend_c in zip(active, spends, strict=True):
            perf = spec.perf
            ctr_mult = unit.ctr_mult
            cvr_mult = unit.cvr_mult * cvr_wd * season * cvr_extra
            cpm_mult = unit.cpm_mult * cpm_wd * season
            freq = (spec.freq or 1.0) * unit.freq_mult * _clip(rng.gauss(1, 0.03), 0.92, 1.08)
            steady = False
            if spec.name == C_SPIKE and _in(day, SPIKE_WINDOW):
                perf, steady = SPIKE_PERF, True
            if spec.name == C_WINNER and unit.adset == WINNER_ADSET and _in(day, WINNER_WINDOW):
                perf, steady = WINNER_PERF, True
            if spec.name == C_LATE and _in(day, LATE_WINDOW):
                steady = True
            if unit.ad == FATIGUE_AD:
                if _in(day, FATIGUE_WINDOW):
                    t = _progress(day, FATIGUE_WINDOW)
                    freq = (1.4 + 1.8 * t) * _clip(rng.gauss(1, 0.01), 0.98, 1.02)
                    ctr_mult *= 1 - 0.62 * t**1.5  # wear-out speeds up as frequency climbs
                    cvr_mult *= 1 + 0.4 * t  # the few who still click are keener
                    cpm_mult *= 1 + 0.15 * t
                else:
                    freq = 1.4 * _clip(rng.gauss(1, 0.015), 0.97, 1.03)
            spend = spend_c / 100
            cpm = spec.cpm * cpm_mult * _clip(rng.gauss(1, 0.05), 0.88, 1.12)
            impressions = round(spend / cpm * 1000)
            ctr = spec.ctr * ctr_mult * _clip(rng.gauss(1, 0.06), 0.85, 1.15)
            clicks = min(impressions, round(impressions * ctr))
            cvr = base_cpc / (spec.target_cpa * perf) * cvr_mult
            lam = clicks * cvr
            conversions = (
                max(0, round(lam * _clip(rng.gauss(1, 0.05), 0.9, 1.1)))
                if steady
                else _poisson(rng, lam)
            )
            conv_c = conversions * 100
            if spec.level == "adset" and conversions:
                # Google's data-driven attribution hands out fractions of conversions.
                conv_c = round(conversions * rng.uniform(0.9, 1.05) * 100)
            revenue_c = 0
            if spec.objective == "purchases" and conv_c:
                revenue_c = round(conv_c * unit.aov * _clip(rng.gauss(1, 0.08), 0.8, 1.2))
            if spec.name == C_OUTAGE and _in(day, OUTAGE_WINDOW):
                conv_c, revenue_c = 0, 0
            reach = None
            if spec.freq is not None:
                reach = min(impressions, max(1, round(impressions / freq))) if impressions else 0
            row = AdRow(
                bucket=day.isoformat(),
                platform=spec.platform,
                account=spec.account,
                campaign=spec.name,
                adset=unit.adset,
                ad=unit.ad,
                impressions=impressions,
                clicks=clicks,
                spend_c=spend_c,
                conv_c=conv_c,
                revenue_c=revenue_c,
                leads_c=conv_c if spec.objective == "leads" else 0,
                reach=reach,
                currency=spec.currency,
            )
            shown = row
            if spec.name == C_LATE and _in(day, LATE_WINDOW):
                shown = row.copy()
                shown.conv_c = round(row.conv_c / 100 * LATE_SHARE[day]) * 100
                shown.revenue_c = (row.revenue_c * shown.conv_c // row.conv_c) if row.conv_c else 0
                restated.append(row)
            elif (
                spec.name == C_SMALL_RESTATE
                and date(2026, 11, 20) <= day <= LATE_WINDOW[1]
                and row.conv_c >= 300
            ):
                shown = row.copy()
                late = rng.choice([1, 1, 2]) * 100
                shown.conv_c = row.conv_c - late
                shown.revenue_c = row.revenue_c * shown.conv_c // row.conv_c
                restated.append(row)
            (today if day == TODAY else first_seen).append(shown)
    return first_seen, restated, today


# Share of a day's delivery in each UTC hour.
HOUR_CURVE = {
    "meta": (0.35, 0.25, 0.2, 0.18, 0.2, 0.3, 0.5, 0.7, 0.85, 0.9, 0.95, 1.0, 1.05, 1.0, 0.95,
             0.95, 1.0, 1.1, 1.25, 1.4, 1.45, 1.3, 0.95, 0.6),
    "tiktok": (0.5, 0.35, 0.25, 0.2, 0.2, 0.25, 0.35, 0.5, 0.6, 0.7, 0.75, 0.85, 0.95, 0.9,
               0.9, 0.95, 1.05, 1.2, 1.4, 1.6, 1.75, 1.65, 1.3, 0.85),
}  # fmt: skip


def _split_hourly(rng: random.Random, row: AdRow) -> list[AdRow]:
    curve = HOUR_CURVE[row.platform]
    weights = [w * _clip(rng.gauss(1, 0.12), 0.7, 1.3) for w in curve]
    impressions = _allocate(row.impressions, weights)
    spend = _allocate(row.spend_c, impressions)
    clicks = _allocate(row.clicks, impressions)
    conv_units = _allocate(row.conv_c // 100, clicks)
    revenue = _allocate(row.revenue_c, conv_units)
    day = date.fromisoformat(row.bucket)
    out: list[AdRow] = []
    for h in range(24):
        hour = datetime(day.year, day.month, day.day, h, tzinfo=UTC)
        reach = None
        if row.reach is not None:
            reach = min(impressions[h], round(impressions[h] / rng.uniform(1.01, 1.06)))
        out.append(
            AdRow(
                bucket=hour.isoformat(),
                platform=row.platform,
                account=row.account,
                campaign=row.campaign,
                adset=row.adset,
                ad=row.ad,
                impressions=impressions[h],
                clicks=clicks[h],
                spend_c=spend[h],
                conv_c=conv_units[h] * 100,
                revenue_c=revenue[h],
                leads_c=conv_units[h] * 100 if row.leads_c else 0,
                reach=reach,
                currency=row.currency,
            )
        )
    return out


def generate_ads(seed: int) -> AdData:
    data = AdData()
    today: list[AdRow] = []
    for spec in CAMPAIGNS:
        first_seen, restated, partial = _campaign_rows(seed, spec)
        data.daily.extend(first_seen)
        data.restated.extend(restated)
        today.extend(partial)
    data.daily.sort(key=lambda r: r.key)
    data.restated.sort(key=lambda r: r.key)
    today.sort(key=lambda r: r.key)
    rng = random.Random(f"{seed}/hourly")
    for row in data.daily:
        if row.campaign in HOURLY_CAMPAIGNS and date.fromisoformat(row.bucket) in HOURLY_DAYS:
            data.hourly.extend(_split_hourly(rng, row))
    # The hourly feed also has this morning's complete hours, so it is fresh at NOW.
    for row in today:
        if row.campaign in HOURLY_CAMPAIGNS:
            done = NOW.replace(minute=0, second=0, microsecond=0)
            data.hourly.extend(h for h in _split_hourly(rng, row) if _when(h.bucket) < done)
    data.hourly.sort(key=lambda r: r.key)
    return data


# --------------------------------------------------------------------------------------------
# Ad exports (the drop folder)
# --------------------------------------------------------------------------------------------

META_RESULT = {
    "purchases": "actions:offsite_conversion.fb_pixel_purchase",
    "leads": "actions:onsite_conversion.lead_grouped",
}


def _export_rows(data: AdData, account: str) -> list[AdRow]:
    days = {d.isoformat() for d in EXPORT_DAYS}
    return [r for r in data.daily if r.account == account and r.bucket in days]


def _meta_export(data: AdData) -> str:
    header = [
        "Reporting starts",
        "Reporting ends",
        "Day",
        "Campaign name",
        "Ad set name",
        "Ad name",
        "Impressions",
        "Reach",
        "Frequency",
        "Link clicks",
        "Amount spent (USD)",
        "Results",
        "Result indicator",
        "Purchases conversion value",
    ]
    rows: list[list[str]] = [header]
    for r in _export_rows(data, "alpenglow-meta"):
        objective = CAMPAIGN_BY_NAME[r.campaign].objective
        reach = r.reach or 0
        rows.append(
            [
                r.bucket,
                r.bucket,
                r.bucket,
                r.campaign,
                r.adset,
                r.ad,
                str(r.impressions),
                str(reach),
                f"{r.impressions / reach:.2f}" if reach else "",
                str(r.clicks),
                _money(r.spend_c),
                _hundredths(r.conv_c),
                META_RESULT[objective],
                _money(r.revenue_c) if objective == "purchases" else "",
            ]
        )
    return _dump_csv(rows)


def _fr_int(n: int) -> str:
    return f"{n:,}".replace(",", " ")


def _fr_money(cents: int) -> str:
    return f"{_fr_int(cents // 100)},{cents % 100:02d}"


def _meta_export_fr(data: AdData) -> str:
    header = [
        "Début des rapports",
        "Fin des rapports",
        "Jour",
        "Nom de la campagne",
        "Nom de l’ensemble de publicités",
        "Nom de la publicité",
        "Impressions",
        "Couverture",
        "Répétition",
        "Clics sur un lien",
        "Montant dépensé (EUR)",
        "Résultats",
        "Indicateur de résultats",
        "Valeur de conversion des achats",
    ]
    rows: list[list[str]] = [header]
    for r in _export_rows(data, "lumora-meta"):
        objective = CAMPAIGN_BY_NAME[r.campaign].objective
        reach = r.reach or 0
        rows.append(
            [
                r.bucket,
                r.bucket,
                r.bucket,
                r.campaign,
                r.adset,
                r.ad,
                _fr_int(r.impressions),
                _fr_int(reach),
                f"{r.impressions / reach:.2f}".replace(".", ",") if reach else "",
                _fr_int(r.clicks),
                _fr_money(r.spend_c),
                _fr_int(r.conv_c // 100),
                META_RESULT[objective],
                _fr_money(r.revenue_c) if objective == "purchases" else "",
            ]
        )
    return _dump_csv(rows, delimiter=";", quote_all=True)


def _g_money(cents: int) -> str:
    return f"{cents // 100:,}.{cents % 100:02d}"


def _google_export(data: AdData) -> str:
    rows_in = _export_rows(data, "kettlecrumb-google")
    first, last = EXPORT_DAYS[0], EXPORT_DAYS[-1]

    def long_date(d: date) -> str:
        return f"{d.strftime('%B')} {d.day}, {d.year}"

    out = io.StringIO()
    out.write("Ad group report\n")
    out.write(f'"{long_date(first)} - {long_date(last)}"\n')
    header = [
        "Day",
        "Campaign",
        "Ad group",
        "Impr.",
        "Clicks",
        "CTR",
        "Avg. CPC",
        "Cost",
        "Conversions",
        "Conv. value",
        "Currency code",
    ]

    def line(
        label: list[str],
        impr: int,
        clicks: int,
        cost: int,
        conv: int,
        value: int | None,
        currency: str,
    ) -> list[str]:
        return [
            *label,
            f"{impr:,}",
            f"{clicks:,}",
            f"{clicks / impr * 100:.2f}%" if impr else " --",
            _g_money(round(cost / clicks)) if clicks else " --",
            _g_money(cost),
            f"{conv / 100:,.2f}",
            " --" if value is None else _g_money(value),
            currency,
        ]

    rows: list[list[str]] = [header]
    for r in rows_in:
        leads = CAMPAIGN_BY_NAME[r.campaign].objective == "leads"
        rows.append(
            line(
                [r.bucket, r.campaign, r.adset],
                r.impressions,
                r.clicks,
                r.spend_c,
                r.conv_c,
                None if leads else r.revenue_c,
                r.currency,
            )
        )
    impr = sum(r.impressions for r in rows_in)
    clicks = sum(r.clicks for r in rows_in)
    cost = sum(r.spend_c for r in rows_in)
    conv = sum(r.conv_c for r in rows_in)
    value = sum(r.revenue_c for r in rows_in)
    for label in ("Total: Filtered ad groups", "Total: Search", "Total: Account"):
        rows.append(line([label, " --", " --"], impr, clicks, cost, conv, value, "GBP"))
    out.write(_dump_csv(rows))
    return out.getvalue()


# --------------------------------------------------------------------------------------------
# Incidents
# --------------------------------------------------------------------------------------------


def _sum(rows: Sequence[AdRow], attr: str) -> float:
    return float(sum(getattr(r, attr) for r in rows))


def _select(
    rows: Sequence[AdRow], campaign: str, first: date, last: date, adset: str = "", ad: str = ""
) -> list[AdRow]:
    return [
        r
        for r in rows
        if r.campaign == campaign
        and first.isoformat() <= r.bucket <= last.isoformat()
        and (not adset or r.adset == adset)
        and (not ad or r.ad == ad)
    ]


def _incident(
    kind: str,
    spec: CampaignSpec,
    window: tuple[date, date],
    alert: str | None,
    description: str,
    adset: str = "",
    ad: str = "",
) -> Record:
    rec: Record = {
        "id": f"{kind.replace('_', '-')}-{spec.account}",
        "kind": kind,
        "platform": spec.platform,
        "account": spec.account,
        "campaign": spec.name,
        "adset": adset,
        "ad": ad,
        "start": window[0],
        "end": window[1],
        "expected_alert": alert,
        "description": description,
    }
    if alert is None:
        rec["must_not_fire"] = "CPASpike"
    return rec


def build_incidents(data: AdData) -> list[Record]:
    daily = data.daily
    out: list[Record] = []
    day = timedelta(days=1)

    spec = CAMPAIGN_BY_NAME[C_SPIKE]
    w = _select(daily, C_SPIKE, *SPIKE_WINDOW)
    before = _select(daily, C_SPIKE, SPIKE_WINDOW[0] - 14 * day, SPIKE_WINDOW[0] - day)
    cpa = _sum(w, "spend_c") / _sum(w, "conv_c")
    cpa0 = _sum(before, "spend_c") / _sum(before, "conv_c")
    out.append(
        _incident(
            "cpa_spike",
            spec,
            SPIKE_WINDOW,
            "CPASpike",
            f"CPA was {cpa:.2f} EUR over {SPIKE_WINDOW[0]}..{SPIKE_WINDOW[1]} "
            f"({cpa / spec.target_cpa:.2f}x the {spec.target_cpa:.2f} EUR target) against "
            f"{cpa0:.2f} EUR ({cpa0 / spec.target_cpa:.2f}x) over the 14 days before, with spend "
            f"steady at about {_sum(w, 'spend_c') / 400:.0f} EUR a day.",
        )
    )

    spec = CAMPAIGN_BY_NAME[C_FATIGUE]
    w = _select(daily, C_FATIGUE, *FATIGUE_WINDOW, adset=FATIGUE_ADSET, ad=FATIGUE_AD)
    head, tail = w[:3], w[-3:]
    ctr0 = _sum(head, "clicks") / _sum(head, "impressions")
    ctr1 = _sum(tail, "clicks") / _sum(tail, "impressions")
    f0 = w[0].impressions / (w[0].reach or 1)
    f1 = w[-1].impressions / (w[-1].reach or 1)
    out.append(
        _incident(
            "ctr_decay_fatigue",
            spec,
            FATIGUE_WINDOW,
            "CreativeFatigue",
            f"CTR fell from {ctr0:.2%} (first 3 days) to {ctr1:.2%} (last 3 days) while daily "
            f"frequency (impressions/reach) rose from {f0:.2f} on {FATIGUE_WINDOW[0]} to {f1:.2f} "
            f"on {FATIGUE_WINDOW[1]}.",
            adset=FATIGUE_ADSET,
            ad=FATIGUE_AD,
        )
    )

    elapsed = (PACING_WINDOW[1] - PACING_WINDOW[0]).days + 1
    for name, kind, alert in (
        (C_OVERSPEND, "overspend_pacing", "BudgetOverspend"),
        (C_UNDER, "underdelivery", "BudgetUnderdelivery"),
    ):
        spec = CAMPAIGN_BY_NAME[name]
        w = _select(daily, name, *PACING_WINDOW)
        mtd = _sum(w, "spend_c") / 100
        pace = spec.monthly_budget * elapsed / 30
        out.append(
            _incident(
                kind,
                spec,
                PACING_WINDOW,
                alert,
                f"Month-to-date spend on {PACING_WINDOW[1]} is {mtd:,.2f} {spec.currency} "
                f"against a pace of {pace:,.2f} {spec.currency} "
                f"({spec.monthly_budget:,.0f} monthly budget x "
                f"{elapsed}/30 days), i.e. {mtd / pace:.0%} of pace; daily budget "
                f"{spec.daily_budget:.0f} {spec.currency}.",
            )
        )

    spec = CAMPAIGN_BY_NAME[C_OUTAGE]
    w = _select(daily, C_OUTAGE, *OUTAGE_WINDOW)
    prev = _select(daily, C_OUTAGE, OUTAGE_WINDOW[0] - 7 * day, OUTAGE_WINDOW[0] - day)
    n = (OUTAGE_WINDOW[1] - OUTAGE_WINDOW[0]).days + 1
    out.append(
        _incident(
            "tracking_outage",
            spec,
            OUTAGE_WINDOW,
            "TrackingOutage",
            f"Conversions are 0 on each day {OUTAGE_WINDOW[0]}..{OUTAGE_WINDOW[1]} while clicks "
            f"({_sum(w, 'clicks') / n:.0f}/day) and spend "
            f"({_sum(w, 'spend_c') / 100 / n:.2f} GBP/day) "
            f"hold at the previous week's level ({_sum(prev, 'clicks') / 7:.0f} clicks, "
            f"{_sum(prev, 'spend_c') / 700:.2f} GBP and {_sum(prev, 'conv_c') / 700:.1f} "
            f"conversions a day).",
        )
    )

    spec = CAMPAIGN_BY_NAME[C_WINNER]
    w = _select(daily, C_WINNER, *WINNER_WINDOW, adset=WINNER_ADSET)
    camp = _select(daily, C_WINNER, *WINNER_WINDOW)
    cpa = _sum(w, "spend_c") / _sum(w, "conv_c")
    mid = (WINNER_WINDOW[0] + 7 * day).isoformat()
    c1 = _sum([r for r in w if r.bucket < mid], "conv_c") / 700
    c2 = _sum([r for r in w if r.bucket >= mid], "conv_c") / 700
    cap = _sum(camp, "spend_c") / 100 / (14 * spec.daily_budget)
    out.append(
        _incident(
            "winner",
            spec,
            WINNER_WINDOW,
            "ScaleWinner",
            f"Ad set '{WINNER_ADSET}' ran at CPA {cpa:.2f} USD "
            f"({cpa / spec.target_cpa:.2f}x the {spec.target_cpa:.0f} USD target) over "
            f"{WINNER_WINDOW[0]}..{WINNER_WINDOW[1]}, conversions rising from {c1:.1f}/day in the "
            f"first week to {c2:.1f}/day in the second, while campaign spend sat at {cap:.1%} "
            f"of its "
            f"{spec.daily_budget:.0f} USD daily budget.",
            adset=WINNER_ADSET,
        )
    )

    spec = CAMPAIGN_BY_NAME[C_LATE]
    w = _select(daily, C_LATE, *LATE_WINDOW)
    r = _select(data.restated, C_LATE, *LATE_WINDOW)
    spend = _sum(w, "spend_c") / 100
    conv_d, conv_r = _sum(w, "conv_c") / 100, _sum(r, "conv_c") / 100
    out.append(
        _incident(
            "late_conversions",
            spec,
            LATE_WINDOW,
            None,
            f"daily.csv shows {conv_d:.0f} conversions over {LATE_WINDOW[0]}..{LATE_WINDOW[1]} "
            f"(CPA {spend / conv_d:.2f} USD, {spend / conv_d / spec.target_cpa:.2f}x the "
            f"{spec.target_cpa:.0f} USD target); restated.csv raises them to {conv_r:.0f} "
            f"(CPA {spend / conv_r:.2f} USD, {spend / conv_r / spec.target_cpa:.2f}x), so no CPA "
            f"alert should fire once the restatement is read.",
        )
    )
    return out


# --------------------------------------------------------------------------------------------
# Workspace and manifest
# --------------------------------------------------------------------------------------------


def _workspace_yaml() -> str:
    lines = [
        "# Demo workspace for socialpulse. Generated by `python -m tools.samples`; change the",
        "# generator (tools/samples.py) rather than editing this file by hand.",
        "timezone: Europe/Berlin",
        "brands:",
    ]
    for b in BRANDS:
        handles = ", ".join(f"{p}: {_q(b.handles[p])}" for p in PLATFORMS)
        lines += [
            f"  - id: {b.id}",
            f"    name: {_q(b.name)}",
            f"    voice: {b.voice}",
            f"    sign_off: {_q(b.sign_off)}",
            f"    handles: {{{handles}}}",
            "    review_receiver: console",
            "    faq:",
        ]
        for question, answer in b.faq:
            lines += [f"      - question: {_q(question)}", f"        answer: {_q(answer)}"]
        lines.append(f"    languages: [{', '.join(b.languages)}]")
    lines.append("campaigns:")
    for c in CAMPAIGNS:
        lines += [
            f"  - platform: {c.platform}",
            f"    account: {c.account}",
            f"    campaign: {_q(c.name)}",
            f"    brand: {c.brand}",
            f"    objective: {c.objective}",
            f"    target_cpa: {c.target_cpa}",
        ]
        if c.target_roas is not None:
            lines.append(f"    target_roas: {c.target_roas}")
        lines += [f"    monthly_budget: {c.monthly_budget}", f"    daily_budget: {c.daily_budget}"]
    lines += [
        "receivers:",
        "  - {name: console, kind: console}",
        "route:",
        "  receiver: console",
        "  group_by: [alertname, campaign]",
        "  group_wait: 30s",
        "  group_interval: 5m",
        "  repeat_interval: 4h",
        "  routes: []",
        "schedules:",
        '  - {receiver: console, at: "08:30", days: [mon, tue, wed, thu, fri], '
        "timezone: Europe/Berlin}",
        "people:",
        "  - {name: Demo Reviewer, console: demo, role: admin, brands: []}",
        "feeds:",
        "  poll_interval: 1s",
        "  watch:",
        "    - {path: comments.jsonl, kind: comments}",
        "    - {path: posts.jsonl, kind: posts}",
        "    - {path: profiles.jsonl, kind: profiles}",
        "    - {path: ads/daily.csv, kind: ad_metrics}",
        "    - {path: ads/hourly.csv, kind: ad_metrics}",
        "    - {path: ads/restated.csv, kind: ad_metrics}",
        "  drop_folder: exports",
    ]
    return "\n".join(lines) + "\n"


BAD_COMMENTS = (
    (
        '{"id": "bad-ok-1", "platform": "instagram", "brand": "lumora", "post_id": "p-bad-1", '
        '"author": "valid.line", "author_followers": 10, "text": "A valid line before the broken '
        'ones", "created_at": "2026-11-20T10:00:00+00:00"}',
        "valid",
    ),
    (
        '{"id": "bad-2", "platform": "instagram", "brand": "lumora", "post_id": "p-bad-1", '
        '"author": "cut.off", "text": "this line stops in the mid',
        "truncated JSON",
    ),
    (
        '{"id": "bad-3", "platform": "facebook", "brand": "alpenglow", "post_id": "p-bad-2", '
        '"text": "no author field here", "created_at": "2026-11-20T10:05:00+00:00"}',
        "missing required field: author",
    ),
    (
        '{"id": "bad-4", "platform": "x", "brand": "kettlecrumb", "post_id": "p-bad-3", '
        '"author": "NoOffset", "text": "timestamp has no offset", '
        '"created_at": "2026-11-20T10:10:00"}',
        "timestamp without offset",
    ),
    (
        '{"id": "bad-5", "platform": "youtube", "brand": "alpenglow", "post_id": "p-bad-4", '
        '"author": "@WrongType", "author_followers": "12k", "text": "followers is a string", '
        '"created_at": "2026-11-20T10:15:00+00:00"}',
        "wrong type: author_followers is a string",
    ),
    (
        '{"id": 6, "platform": "tiktok", "brand": "lumora", "post_id": "p-bad-5", '
        '"author": "numeric.id", "text": 42, "created_at": "2026-11-20T10:20:00+00:00"}',
        "wrong type: id and text are numbers",
    ),
    (
        '{"id": "bad-ok-7", "platform": "linkedin", "brand": "alpenglow", "post_id": "p-bad-6", '
        '"author": "Valid After", "text": "A valid line after the broken ones", '
        '"created_at": "2026-11-20T10:25:00Z"}',
        "valid",
    ),
)
BAD_DAILY = (
    (
        [
            "2026-11-20",
            "meta",
            "qa-sandbox",
            "QA | Bad rows",
            "Set",
            "Ad ok",
            "1000",
            "20",
            "12.50",
            "1",
            "40.00",
            "0",
            "800",
            "USD",
        ],
        "valid",
    ),
    (
        [
            "2026-11-20",
            "meta",
            "qa-sandbox",
            "QA | Bad rows",
            "Set",
            "Ad negative",
            "1000",
            "-5",
            "12.50",
            "1",
            "40.00",
            "0",
            "800",
            "USD",
        ],
        "negative clicks",
    ),
    (
        [
            "2026-11-20",
            "meta",
            "qa-sandbox",
            "QA | Bad rows",
            "Set",
            "Ad text",
            "1,2o4",
            "20",
            "12.50",
            "1",
            "40.00",
            "0",
            "800",
            "USD",
        ],
        "text in a number (impressions)",
    ),
    (
        [
            "2026-11-20",
            "meta",
            "qa-sandbox",
            "QA | Bad rows",
            "Set",
            "Ad too many clicks",
            "100",
            "250",
            "12.50",
            "1",
            "40.00",
            "0",
            "90",
            "USD",
        ],
        "clicks > impressions",
    ),
    (
        [
            "2026-11-31",
            "meta",
            "qa-sandbox",
            "QA | Bad rows",
            "Set",
            "Ad bad date",
            "1000",
            "20",
            "12.50",
            "1",
            "40.00",
            "0",
            "800",
            "USD",
        ],
        "bad date (2026-11-31)",
    ),
    (
        [
            "2026-11-21",
            "meta",
            "qa-sandbox",
            "QA | Bad rows",
            "Set",
            "Ad ok",
            "1100",
            "22",
            "13.10",
            "2",
            "75.00",
            "0",
            "870",
            "USD",
        ],
        "valid",
    ),
)


class _PlainDumper(yaml.SafeDumper):
    """Writes repeated values out in full instead of as YAML anchors and aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _manifest(
    seed: int, counts: Record, incidents: list[Record], comments: list[Comment], posts: list[Post]
) -> str:
    notable = [
        {
            "platform": c.platform,
            "id": c.id,
            "brand": c.brand,
            "author": c.author,
            "author_followers": c.followers,
            "note": c.note,
            "chars": len(c.text),
        }
        for c in comments
        if c.note and c.note != "repeated_spam"
    ]
    standouts = [
        {
            "platform": p.platform,
            "id": p.id,
            "brand": p.brand,
            "format": p.format,
            "published_at": _iso(p.published),
            "reach": p.reach,
            "engagement_rate": round((p.likes + p.comments + p.shares + p.saves) / p.reach, 4),
        }
        for p in posts
        if p.standout
    ]
    data: Record = {
        "generator": "python -m tools.samples",
        "seed": seed,
        "now": _iso(NOW),
        "counts": counts,
        "incidents": incidents,
        "exports": [
            {
                "file": "exports/meta-alpenglow-meta-2026-11.csv",
                "format": "Meta Ads Manager 'Export table data', English headers, comma separated",
                "account": "alpenglow-meta",
                "days": f"{EXPORT_DAYS[0]}..{EXPORT_DAYS[-1]}",
                "level": "ad",
                "currency": "USD",
                "contents": "every alpenglow-meta ad row of daily.csv for those days, same "
                "numbers (Results = conversions, Link clicks = clicks); importing it adds no "
                "new keys. Purchases conversion value is empty for the lead-gen campaign.",
            },
            {
                "file": "exports/google-kettlecrumb-google-2026-11.csv",
                "format": "Google Ads UI download: title line, quoted date range, header, "
                "thousands separators, CTR as text, ' --' for missing values, three trailing "
                "'Total: ...' rows",
                "account": "kettlecrumb-google",
                "days": f"{EXPORT_DAYS[0]}..{EXPORT_DAYS[-1]}",
                "level": "adset",
                "currency": "GBP",
                "contents": "every kettlecrumb-google ad-group row of daily.csv for those days, "
                "same numbers; kettlecrumb-google reports at ad-group level in daily.csv too "
                "(ad is blank), so importing it adds no new keys. Conv. value is ' --' for the "
                "lead-gen campaign.",
            },
            {
                "file": "exports/fr/meta-lumora-meta-2026-11.csv",
                "format": "Meta Ads Manager export in the French locale: ';' separated, every "
                "field quoted, French headers (Jour, Nom de la campagne, Nom de l’ensemble de "
                "publicités, Nom de la publicité, Couverture, Répétition, Clics sur un lien, "
                "Montant dépensé (EUR), Résultats, Indicateur de résultats, Valeur de "
                "conversion des achats), numbers like '1 234,56' (plain space)",
                "account": "lumora-meta",
                "days": f"{EXPORT_DAYS[0]}..{EXPORT_DAYS[-1]}",
                "level": "ad",
                "currency": "EUR",
                "contents": "every lumora-meta ad row of daily.csv for those days, same numbers.",
            },
        ],
        "ads": {
            "daily": "ad-level rows (adset and ad set) for every ad on every day it runs, except "
            "kettlecrumb-google, which reports at ad-group level (ad blank). Google rows have "
            "no reach (blank). leads = conversions for lead-gen campaigns, 0 otherwise; revenue "
            "is 0 for lead-gen. Dates are account days.",
            "hourly": f"the daily rows of {', '.join(HOURLY_CAMPAIGNS)} for "
            f"{HOURLY_DAYS[0]} and {HOURLY_DAYS[1]}, split into 24 UTC hours, plus the complete "
            f"hours of {TODAY} before {NOW:%H:%M}Z (today's partial day is not in daily.csv; "
            "ongoing incidents continue in it). For the full days, impressions, "
            "clicks, spend, conversions and revenue add up exactly to the daily row (reach "
            "does not add up, as reach never does).",
            "restated": "full replacement rows for keys already in daily.csv (same impressions, "
            "clicks, spend and reach; more conversions and revenue): the late_conversions "
            f"incident plus a few small restatements of '{C_SMALL_RESTATE}'.",
        },
        "labels": {
            "file": "comments.labels.jsonl",
            "intents": {
                "question": "asks for general information (product, shipping, hours, price, "
                "stock, ingredients)",
                "complaint": "reports a problem or dissatisfaction",
                "praise": "positive feedback about the brand, product, staff or post",
                "purchase_intent": "signals wanting to buy (incl. 'where can I buy', 'do you "
                "ship to ...')",
                "support_request": "needs action on the writer's own order or account",
                "spam": "bots, link bait, follow-for-follow, crypto bait, mention bombs, "
                "phishing, script injection",
                "abuse": "insults or harassment of the brand, staff or other commenters",
                "other": "none of the above (tags of friends, chit-chat, stickers, brand replies)",
            },
            "notes": "lang is the language of the text: ISO 639-1, or 'und' for emoji-only and "
            "empty (sticker) comments and pure markup. Negated insults ('not stupid at all') are "
            "not abuse. Praise-plus-complaint comments are labelled negative. Comments written "
            "by the brand's own handle (replies) are other/neutral. The comment's own `lang` "
            "field is set only sometimes (x always; others for some non-English comments; "
            "tiktok omits url and lang).",
        },
        "notable_comments": notable,
        "standout_posts": standouts,
        "profiles": {
            "snapshots": f"weekly, Mondays {SNAPSHOT_DAYS[0]}..{SNAPSHOT_DAYS[-1]} ~06:0x UTC",
            "missing_snapshots": [
                {"brand": b, "platform": p, "days": list(days)}
                for (b, p), days in MISSING_SNAPSHOTS.items()
            ],
            "gaps": [
                {
                    "brand": b,
                    "platform": p,
                    "field": f,
                    "from": None if span[0] == ALWAYS[0] else span[0],
                    "until": None if span[1] == ALWAYS[1] else span[1],
                }
                for (b, p), fields in PROFILE_GAPS.items()
                for f, span in fields.items()
            ],
            "note": "a missing field is null, except on x and tiktok, where the key is absent",
        },
        "bad_files": {
            "bad/comments.bad.jsonl": [
                {"line": i + 1, "expect": reason} for i, (_, reason) in enumerate(BAD_COMMENTS)
            ],
            "bad/daily.bad.csv": [
                {"line": i + 2, "expect": reason} for i, (_, reason) in enumerate(BAD_DAILY)
            ],
        },
    }
    head = "# What the sample data contains and what was planted in it. Generated; do not edit.\n"
    return head + yaml.dump(
        data, Dumper=_PlainDumper, sort_keys=False, allow_unicode=True, width=100
    )


# --------------------------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------------------------


def generate(out_dir: Path, seed: int = DEFAULT_SEED) -> None:
    """Write the whole sample data set under out_dir; the same seed gives the same bytes."""
    out_dir = Path(out_dir)
    people = People(random.Random(f"{seed}/people"))
    ids = Ids(random.Random(f"{seed}/ids"))
    posts = generate_posts(random.Random(f"{seed}/posts"), ids, people)
    comments = generate_comments(random.Random(f"{seed}/comments"), posts, ids, people)
    profiles = generate_profiles(random.Random(f"{seed}/profiles"), posts)
    ads = generate_ads(seed)
    incidents = build_incidents(ads)

    _write(out_dir / "comments.jsonl", _dump_jsonl([c.record() for c in comments]))
    _write(out_dir / "comments.labels.jsonl", _dump_jsonl([c.label() for c in comments]))
    _write(out_dir / "posts.jsonl", _dump_jsonl([p.record() for p in posts]))
    _write(out_dir / "profiles.jsonl", _dump_jsonl(profiles))
    header = list(CANONICAL_HEADER)
    _write(out_dir / "ads" / "daily.csv", _dump_csv([header, *(r.cells() for r in ads.daily)]))
    _write(
        out_dir / "ads" / "hourly.csv",
        _dump_csv([["hour", *header[1:]], *(r.cells() for r in ads.hourly)]),
    )
    _write(
        out_dir / "ads" / "restated.csv", _dump_csv([header, *(r.cells() for r in ads.restated)])
    )
    _write(out_dir / "exports" / "meta-alpenglow-meta-2026-11.csv", _meta_export(ads))
    _write(out_dir / "exports" / "google-kettlecrumb-google-2026-11.csv", _google_export(ads))
    _write(out_dir / "exports" / "fr" / "meta-lumora-meta-2026-11.csv", _meta_export_fr(ads))
    _write(out_dir / "bad" / "comments.bad.jsonl", "".join(f"{line}\n" for line, _ in BAD_COMMENTS))
    _write(
        out_dir / "bad" / "daily.bad.csv", _dump_csv([header, *(cells for cells, _ in BAD_DAILY)])
    )
    _write(out_dir / "workspace.yaml", _workspace_yaml())
    counts: Record = {
        "comments": len(comments),
        "replies": sum(c.parent_id is not None for c in comments),
        "non_english_comments": sum(c.lang not in ("en", "und") for c in comments),
        "posts": len(posts),
        "profile_snapshots": len(profiles),
        "daily_rows": len(ads.daily),
        "hourly_rows": len(ads.hourly),
        "restated_rows": len(ads.restated),
        "campaigns": len(CAMPAIGNS),
    }
    _write(out_dir / "manifest.yaml", _manifest(seed, counts, incidents, comments, posts))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.samples", description=__doc__)
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(__file__).resolve().parents[1] / "samples",
        help="directory to write into (default: the repository's samples/)",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    args = parser.parse_args(argv)
    generate(args.out, args.seed)
    print(f"sample data written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

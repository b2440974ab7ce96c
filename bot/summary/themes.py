"""What customers ask and complain about, as the themes a marketing team talks in."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

__all__ = ["THEMES", "themes_of", "top_themes"]

# Word stems per theme, comma-separated, in the languages the brands answer in (en, de, fr,
# es, it). A stem matches at the start of a word, so "deliver" also finds "delivery" and
# "delivered"; one ending in "$" only as a whole word, so "card$" is not found in "cardamom".
THEMES: dict[str, str] = {
    "delivery": "deliver, shipping, ship$, ships$, shipped, courier, parcel, package, arriv,"
    " dispatch, track, postage, liefer, versand, paket, livraison, livr, colis, envío, envio,"
    " entrega, spedizion, arrivat",
    "orders": "order, bestell, commande, pedido, ordine, invoice, rechnung",
    "refunds & returns": "refund, return, exchange, money back, erstatt, rückgabe, umtausch,"
    " rembours, retour, reembols, devoluci, rimbors, reso$",
    "price & offers": "price, pricing, expensive, cost$, costs$, discount, code$, coupon, sale$,"
    " black friday, cheap, how much, preis, teuer, rabatt, prix, cher$, precio, caro$, prezzo",
    "quality & defects": "quality, broke, broken, crack, defect, faulty, stopped working,"
    " doesn't work, does not work, ripped, tear$, leak, zip$, fell apart, qualität, kaputt,"
    " qualité, cassé, calidad, roto$, qualità, rotto",
    "sizing & fit": "size, sizing, fit$, fits$, small$, large$, größe, taille, talla, taglia",
    "stock": "stock, sold out, restock, available, availability, back in, verfügbar,"
    " disponible, disponibil, esaurit, agotad",
    "checkout & payment": "checkout, payment, pay$, card$, cards$, paypal, klarna, zahlung,"
    " paiement, pago$, pagamento",
    "customer service": "support, customer service, no answer, no reply, not a single answer,"
    " ignored, nobody, no one, emailed, email, respond, kundenservice, service client, servicio,"
    " servizio, risposta",
    "subscription": "subscri, unsubscri, brew club, pause$, skip$, abo$, abonn, suscrip,"
    " abbonament",
    "stores & hours": "store$, stores$, shop$, shops$, café, cafe$, opening, hours$, near me,"
    " location, filiale, laden, magasin, tienda, negozio",
    "ingredients & use": "ingredient, sensitive, fragrance, vegan, cruelty, reaction, rash$,"
    " pregnan, allerg, dairy, gluten, waterproof, material, inhaltsstoff, ingrédient",
}


def _pattern(stems: str) -> re.Pattern[str]:
    parts = []
    for stem in (s.strip() for s in stems.split(",")):
        whole = stem.endswith("$")
        parts.append(r"(?<!\w)" + re.escape(stem.rstrip("$")) + (r"(?!\w)" if whole else ""))
    return re.compile("|".join(parts), re.IGNORECASE)


_PATTERNS: dict[str, re.Pattern[str]] = {theme: _pattern(s) for theme, s in THEMES.items()}


def themes_of(text: str) -> tuple[str, ...]:
    """The themes a comment touches, in THEMES order."""
    return tuple(theme for theme, pattern in _PATTERNS.items() if pattern.search(text))


def top_themes(texts: Iterable[str], limit: int = 3) -> list[tuple[str, int]]:
    """The most common themes as (theme, comments), most first; ties in THEMES order."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(themes_of(text))
    order = list(THEMES)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], order.index(item[0])))
    return ranked[:limit]

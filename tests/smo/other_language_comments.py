"""Comments in German, Spanish and languages without cues, written to trip the engine up.

Each is labelled with what a community manager reads in it: ``complaint`` (something is wrong),
``mixed`` (kind words, then something wrong), ``sarcasm`` (praise that means the opposite),
``question`` (asked, often without a "?"), ``praise`` (nothing wrong). ``DEV`` is what the cues
were written against; ``CHECK`` was written at the same time and only measured, never tuned on.
"""

from __future__ import annotations

from typing import Literal

__all__ = ["CHECK", "DEV", "NEGATIVE", "Case"]

Kind = Literal["complaint", "mixed", "sarcasm", "question", "praise"]
Case = tuple[str, str, Kind]  # language, text, kind

# The kinds a reply must never thank or cheer.
NEGATIVE: frozenset[str] = frozenset({"complaint", "mixed", "sarcasm"})

DEV: tuple[Case, ...] = (
    # German
    ("de", "Die App stürzt immer noch ab, jedes Mal beim Öffnen", "complaint"),
    ("de", "Funktioniert seit Tagen nicht mehr, langsam reicht es mir", "complaint"),
    ("de", "Drei Mails geschrieben und keine Antwort bekommen", "complaint"),
    ("de", "Meine Bestellung ist seit zwei Wochen unterwegs und nichts passiert", "complaint"),
    ("de", "Ich wurde doppelt belastet und niemand meldet sich bei mir", "complaint"),
    ("de", "Das Ladekabel war schon nach einer Woche hinüber", "complaint"),
    ("de", "Seit dem letzten Update lässt sich die App gar nicht mehr starten", "complaint"),
    ("de", "Der Kundenservice ist eine absolute Katastrophe", "complaint"),
    ("de", "Nett gemeint, aber das Paket ist leider immer noch nicht da", "mixed"),
    ("de", "Tolles Design, aber der Akku hält keinen halben Tag", "mixed"),
    ("de", "Super Produkt, leider ständig Verbindungsabbrüche", "mixed"),
    ("de", "Na toll, schon wieder Wartungsarbeiten am Wochenende", "sarcasm"),
    ("de", "Danke für gar nichts, echt klasse Service", "sarcasm"),
    ("de", "Wann kommt die neue Kollektion in die Läden", "question"),
    ("de", "Gibt es die Jacke auch in Größe M", "question"),
    ("de", "Vielen Dank für die schnelle Lieferung, alles bestens!", "praise"),
    ("de", "Ich liebe eure neuen Sorten, weiter so", "praise"),
    # Spanish
    ("es", "La aplicación sigue sin funcionar desde ayer", "complaint"),
    ("es", "Llevo una semana escribiendo y nadie me contesta", "complaint"),
    ("es", "Me cobraron dos veces el mismo pedido y nadie responde", "complaint"),
    ("es", "El pedido aún no ha llegado y ya pasaron diez días", "complaint"),
    ("es", "Se me cae la conexión cada cinco minutos, es imposible trabajar así", "complaint"),
    ("es", "Pésima atención al cliente, no vuelvo a comprar", "complaint"),
    ("es", "El producto llegó en mal estado y la caja abierta", "complaint"),
    ("es", "Muy bonito todo, pero el envío tardó un mes", "mixed"),
    ("es", "Me encanta la marca, lástima que la talla venga tan pequeña", "mixed"),
    ("es", "Qué maravilla, otra vez sin servicio toda la tarde", "sarcasm"),
    ("es", "Genial, tercera vez que me cancelan el vuelo", "sarcasm"),
    ("es", "Cuándo vuelven a tener stock de las zapatillas blancas", "question"),
    ("es", "Hacen envíos a Canarias", "question"),
    ("es", "Muchas gracias por la ayuda, todo resuelto", "praise"),
    ("es", "Me encantó el pedido, llegó rapidísimo", "praise"),
    # Languages without cues
    ("fr", "Toujours aucune réponse du service client, c'est inadmissible", "complaint"),
    ("fr", "Merci beaucoup, la commande est arrivée en parfait état", "praise"),
    ("it", "Il pacco non è mai arrivato e nessuno risponde alle mail", "complaint"),
    ("it", "Bellissimo prodotto, lo consiglio a tutti", "praise"),
    ("pt", "Já liguei três vezes e ninguém resolve o meu problema", "complaint"),
    ("pt", "Adorei o atendimento, muito obrigada", "praise"),
    ("ja", "電話サポートに問い合わせたが直らなかった。買い替えるしかない", "complaint"),
    ("ja", "いつも美味しいです。ありがとうございます", "praise"),
    ("nl", "Mijn bestelling is nog steeds niet aangekomen na drie weken", "complaint"),
)

CHECK: tuple[Case, ...] = (
    # German
    ("de", "Bei mir hängt sich das Gerät ständig auf", "complaint"),
    ("de", "Warte jetzt seit einer Woche auf eine Rückmeldung vom Support", "complaint"),
    ("de", "Die Rückerstattung ist bis heute nicht eingegangen", "complaint"),
    ("de", "Schon wieder eine falsche Rechnung bekommen", "complaint"),
    ("de", "Der Kühlschrank macht seit der Reparatur komische Geräusche", "complaint"),
    ("de", "Keiner geht ans Telefon, die Hotline ist ein Witz", "complaint"),
    ("de", "Eigentlich mag ich eure Produkte, aber diesmal war die Qualität mies", "mixed"),
    ("de", "Schöne Farben, nur leider nach dem ersten Waschen ausgeblichen", "mixed"),
    ("de", "Wirklich großartig, wie lange man hier in der Warteschleife hängt", "sarcasm"),
    ("de", "Kann man die Bestellung noch ändern", "question"),
    ("de", "Ihr seid die Besten, danke für den tollen Abend!", "praise"),
    # Spanish
    ("es", "No me deja iniciar sesión desde la actualización", "complaint"),
    ("es", "Sigo sin recibir el reembolso que me prometieron", "complaint"),
    ("es", "Me han cobrado una cuota que nunca contraté", "complaint"),
    ("es", "Nadie me da una solución, ya estoy harta", "complaint"),
    ("es", "La batería dura menos de dos horas, una vergüenza", "complaint"),
    ("es", "El sabor está bien pero el precio es un abuso", "mixed"),
    ("es", "Buen producto, aunque la entrega fue un desastre", "mixed"),
    ("es", "Gracias por nada, de verdad", "sarcasm"),
    ("es", "Me pueden decir si abren el domingo", "question"),
    ("es", "Sois los mejores, gracias por todo", "praise"),
    # Languages without cues
    ("fr", "Application inutilisable depuis la mise à jour", "complaint"),
    ("fr", "J'adore vos produits, continuez comme ça", "praise"),
    ("it", "Mi avete addebitato due volte l'abbonamento", "complaint"),
    ("pt", "O produto veio com defeito e não consigo trocar", "complaint"),
    ("ja", "注文した商品がまだ届きません。いつ届きますか", "complaint"),
    ("nl", "Top service, heel erg bedankt", "praise"),
)

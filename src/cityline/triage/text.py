"""Text handling shared by every triage step: folding, tokens, stems, language.

Residents type on phones, speak to a voice line that transcribes them, and mix
languages. Everything here is deliberately forgiving: accents are folded (people
often leave them out), apostrophes are dropped ("there's" -> "theres"), and stems
let "potholes", "pothole" and "baches"/"bache" meet.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

SUPPORTED_LANGUAGES = ("en", "es")

_TOKEN = re.compile(r"[a-z0-9]+")
_APOSTROPHE = re.compile(r"['\u2019`]")

# Short, hand-written function-word lists. They serve two purposes: language
# detection (which list does the text hit more) and dropping words that carry
# no meaning for ranking. Content words such as "no" or "not" are kept out of
# the stop lists on purpose because the emergency step reads negation.
STOPWORDS = {
    "en": frozenset(
        """a an the and or but if of at by for with about against between into through during
        before after above below to from up down in out on off over under again further then once
        here there when where why how all any both each few more most other some such only own same
        so than too very s t can will just don should now i me my myself we our ours ourselves you
        your yours yourself yourselves he him his himself she her hers herself it its itself they
        them their theirs themselves what which who whom this that these those am is are was were be
        been being have has had having do does did doing would could ought im youre hes shes its
        were theyre ive youve weve theyve id youd hed shed wed theyd ill youll hell shell well
        theyll isnt arent wasnt werent hasnt havent hadnt doesnt dont didnt wont wouldnt shant
        shouldnt cant cannot couldnt mustnt lets thats whos whats heres theres whens wheres whys
        hows also please thank thanks hi hello get got like one would us via etc st ave""".split()
    ),
    "es": frozenset(
        """de la que el en y a los del se las por un para con una su al lo como mas pero sus le ya o
        este esta estan estoy ha me si porque esta entre cuando muy sin sobre tambien fue
        habia era hasta desde donde quien todo nos durante todos uno les ni contra otros ese eso
        ante ellos e esto mi antes algunos que unos yo otro otras otra el tanto esa estos mucho
        quienes nada muchos cual poco ella estar estas algunas algo nosotros mis tu te ti tus ellas
        nosotras vosotros vosotras os mio mia mios mias tuyo tuya tuyos tuyas suyo suya suyos suyas
        nuestro nuestra nuestros nuestras vuestro vuestra vuestros vuestras esos esas estoy estas
        esta estamos estais estan este estes estemos esteis esten hay es son soy eres somos sois
        ser fue fueron era eran he has han hemos hola gracias favor por aqui alli ahi""".split()
    ),
}

# Words that say "this is Spanish" or "this is English" for detection. Kept apart
# from the stop lists so a short text like "bache en la calle" is still caught.
_LANGUAGE_MARKERS = {
    "es": frozenset(
        """el la los las del de que en y un una por para con mi su hay esta estan es son no se
        calle casa cerca frente hace desde donde cuando porque tengo tiene muy mucho basura
        agua luz arbol perro carro coche vecino vecinos necesito quiero como cual cuando
        ayuda esquina acera banqueta""".split()
    ),
    "en": frozenset(
        """the a an of in on at is are was were there my our your this that and with for to from
        it has have not no street house near by car tree dog need want how when what where which
        please help water light trash neighbor sidewalk corner""".split()
    ),
}

_STEMMERS = {
    "en": snowballstemmer.stemmer("english"),
    "es": snowballstemmer.stemmer("spanish"),
}


def fold(text: str) -> str:
    """Lower-case and strip accents, so "Semáforo" and "semaforo" are one word."""
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def tokens(text: str) -> list[str]:
    """Folded word tokens; apostrophes are removed so contractions stay one token."""
    return _TOKEN.findall(_APOSTROPHE.sub("", fold(text)))


@lru_cache(maxsize=200_000)
def stem(token: str, language: str) -> str:
    stemmer = _STEMMERS.get(language, _STEMMERS["en"])
    return stemmer.stemWord(token)


def content_stems(text: str, language: str) -> list[str]:
    """Stems of the words that carry meaning (stop words and numbers dropped)."""
    stop = STOPWORDS.get(language, STOPWORDS["en"])
    return [stem(t, language) for t in tokens(text) if t not in stop and not t.isdigit() and len(t) > 1]


def detect_language(text: str, default: str = "en") -> str:
    """Guess English or Spanish from marker words and Spanish punctuation.

    A 311 line hears both languages; this only has to choose between the two
    the city supports, so counting common words is enough and costs microseconds.
    """
    if "¿" in text or "¡" in text or "ñ" in text.lower():
        return "es"
    words = tokens(text)
    if not words:
        return default
    es = sum(1 for w in words if w in _LANGUAGE_MARKERS["es"])
    en = sum(1 for w in words if w in _LANGUAGE_MARKERS["en"])
    if es > en:
        return "es"
    if en > es:
        return "en"
    return default

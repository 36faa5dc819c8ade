"""Is this a police, fire or medical emergency in progress?

This step runs before anything else and is built for recall: missing a real
emergency is far worse than asking one extra question. It answers

* ``yes``   - tell the resident to hang up and dial 911 now (no case is opened);
* ``maybe`` - ask one question ("is anyone in danger right now?") and let the
  resident's answer decide, through :func:`resolve_danger_answer`;
* ``no``    - carry on with the question or the report.

The rules follow the chief complaints that 911 dispatch protocols are organised
around (fire, gas, electrical hazard, breathing, consciousness, bleeding,
violence, crashes with injuries, people or animals trapped, water entering a
home), written in the words residents use in English and Spanish. Two things
keep ordinary 311 reports from being sent to 911:

* compounds that contain an emergency word but name a thing ("fire hydrant",
  "fire station", "smoke detector", "fireworks", "dead deer") are removed first;
* a signal in a sentence that speaks of a risk ("could", "before someone gets
  hurt", "hazard") or of the past ("last week", "since Friday") is lowered one
  level: the resident is describing a dangerous condition, not an emergency.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import fold

YES, MAYBE, NO = "yes", "maybe", "no"
_LEVEL_ORDER = {NO: 0, MAYBE: 1, YES: 2}

# Categories name the kind of help, so channels and advice can be specific.
FIRE, GAS, ELECTRICAL, MEDICAL, VIOLENCE, CRASH, FLOODING, DANGER = (
    "fire",
    "gas",
    "electrical",
    "medical",
    "violence",
    "crash",
    "flooding",
    "danger",
)


@dataclass(frozen=True)
class EmergencyCheck:
    """The emergency step's answer, in the resident's language."""

    level: str  # 'yes' | 'maybe' | 'no'
    reason: str  # the words that triggered it, for the agent and the log
    category: str  # fire, gas, electrical, medical, violence, crash, flooding, danger; '' for no
    advice: str  # what to say or show the resident; '' for no
    question: str  # the one question to ask for 'maybe'; '' otherwise

    @property
    def is_emergency(self) -> bool:
        return self.level == YES


# --- words ---------------------------------------------------------------------------

_PERSON = (
    r"(?:someone|somebody|anyone|person|people|man|men|woman|women|guy|lady|girl|boy|kid|kids|child|"
    r"children|baby|toddler|he|she|hes|shes|him|her|they|theyre|them|i|im|me|we|us|my \w+|"
    r"his \w+|her \w+|our \w+|husband|wife|son|daughter|mother|father|mom|dad|neighbor|friend|"
    r"boyfriend|girlfriend|brother|sister|grandma|grandpa|grandmother|grandfather|officer|"
    r"driver|pedestrian|cyclist|student|elderly \w+|old \w+)"
)
_ANIMAL = (
    r"(?:deer|raccoon|raccoons|possum|opossum|skunk|squirrel|squirrels|bird|birds|pigeon|goose|"
    r"geese|duck|rat|rats|mouse|mice|cat|cats|kitten|kittens|dog|dogs|puppy|animal|animals|"
    r"fox|coyote|rabbit|groundhog|snake|cow|horse|venado|perro|perros|gato|gatos|animal|animales|"
    r"mapache|zarigueya|paloma|pajaro|rata|ratas)"
)
_STRUCTURE = (
    r"(?:house|home|building|apartment|apt|garage|kitchen|roof|basement|attic|shed|store|shop|"
    r"restaurant|school|church|car|vehicle|truck|bus|van|trailer|dumpster|tree|pole|transformer|"
    r"field|brush|grass|woods|yard|porch|room|bedroom|hallway|stairwell|unit|duplex|barn)"
)

# Compounds that name a thing, removed before matching. Each is an everyday 311
# subject that merely contains an emergency word.
_BENIGN = [
    r"fire ?hydrants?",
    r"fire ?(?:station|house|department|dept|fighters?|men|marshal|lane|lanes|zone)s?",
    r"fire ?(?:escape|place|pit|works?|wood|alarm inspection|code|extinguishers?|proof|truck access)s?",
    r"fire ?hazards?",
    r"fire ?risks?",
    r"fire ?trap",
    r"camp ?fires?",
    r"bon ?fires?",
    r"fireworks?",
    r"firecrackers?",
    r"(?:shot|shooting|set|setting|going|let|letting) off",
    r"smoke (?:detectors?|alarms?|shops?|free)",
    r"(?:detector|alarm) (?:chirping|beeping|battery)",
    r"smok(?:e|es|ing) (?:weed|pot|cigarettes?|cigars?|marijuana|crack|meth|speed|drugs|hookah|vape)",
    r"(?:no|non) smoking",
    r"second ?hand smoke",
    r"cigarette smoke",
    r"smoke breaks?",
    r"gas (?:station|stations|prices?|cans?|powered|blower|blowers|mower|mowers|bill|company|grill)",
    r"gasolinera",
    r"estacion de (?:gas|bomberos)",
    r"bomberos? voluntarios",
    r"dead ?(?:end|ends|tree|trees|branch|branches|limb|limbs|grass|bush|bushes|shrubs?|leaves|battery|"
    r"batteries|bolt|spot|zone|stop|lights?|bulbs?|plants?|lawn|sod|weeds)",
    r"dead " + _ANIMAL,
    _ANIMAL + r" (?:is |was |that is |thats )?(?:dead|deceased|killed)",
    r"(?:injured|hurt|sick|wounded|bleeding|limping) " + _ANIMAL,
    _ANIMAL + r" fights?",
    r"(?:people|men|women|guys|kids|they|he|she|who|someone|somebody|person|tenants?|neighbors?) (?:smoke|smoking|smokes)",
    _ANIMAL + r" (?:is |was |that is |thats |appears |seems )?(?:injured|hurt|sick|wounded|limping)",
    r"burn(?:ing|s|ed)? (?:trash|garbage|leaves|brush|tires|yard waste|wood) (?:in|on) (?:a|the|their|his|her) "
    r"(?:barrel|pit|backyard|yard|grill)",
    r"quem(?:ando|an|a|o)? (?:la |las |los )?(?:basura|hojas|ramas|llantas)",
    r"fuegos artificiales",
    r"cohetes",
    r"detector(?:es)? de humo",
    r"alarmas? de humo",
    r"(?:venado|animal|perro|gato|mapache|zarigueya|pajaro|paloma) muert[oa]s?",
    r"callejon sin salida",
    r"boca de (?:incendio|riego)",
    r"(?:water|gas|sewer) main (?:break|repair|work)s? (?:from|last|yesterday)",
    r"crash(?:ed|es)? (?:course|pad)",
    r"shot ?clock",
    r"shooting (?:hoops|baskets|range|star)",
    r"smoking (?:section|area)",
    r"lights? out",
    r"power ?washing",
]
_BENIGN_RE = re.compile(r"\b(?:" + "|".join(_BENIGN) + r")\b")

# A risk or a wish, not an event: "could cause a fire", "before someone gets hurt".
_HYPOTHETICAL_RE = re.compile(
    r"\b(?:could|might|may|would|will|going to (?:get|be|cause)|gonna get|can easily|potential(?:ly)?|possible|possibly|risk|risks|hazard|"
    r"hazardous|hazzard|waiting to happen|before (?:someone|somebody|anyone|a child|a kid|a person|"
    r"people|it)|in case|prevent|likely|afraid|worried|concern|concerned|if (?:someone|somebody|a|it|"
    r"there|the|you)|lead to|cause|causing|danger of|trip|tripping|fall into|puede|podria|pueda|"
    r"peligro de|riesgo|antes de que|no one|nobody|no injuries|nadie)\b"
)
# A past event reported now: a call-taker records it, 911 cannot help.
_PAST_RE = re.compile(
    r"\b(?:last (?:week|month|year|night|weekend|summer|winter|spring|fall|time)|yesterday|"
    r"(?:days|weeks|months|years) ago|the other day|earlier this (?:week|month|year)|since "
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|last|january|february|march|"
    r"april|may|june|july|august|september|october|november|december)|in (?:january|february|"
    r"march|april|june|july|august|september|october|november|december)|occurred|was repaired|"
    r"were repaired|burned down|burnt down|la semana pasada|el mes pasado|ayer|hace (?:dias|"
    r"semanas|meses|anos)|report a|reporting a past|follow up|follow-up|case number|reported)\b"
)


@dataclass(frozen=True)
class _Rule:
    pattern: re.Pattern[str]
    level: str
    category: str


def _rules(level: str, category: str, *patterns: str) -> list[_Rule]:
    return [_Rule(re.compile(r"\b(?:" + p + r")\b"), level, category) for p in patterns]


_P = _PERSON
_RULES: list[_Rule] = [
    # ---- fire and smoke
    *_rules(
        YES,
        FIRE,
        _STRUCTURE
        + r"s? (?:is |are |was |just |has |have )*(?:on fire|burning|in flames|caught fire|catching fire|engulfed)",
        r"(?:is|are|theres|there is|theres a|there is a|got a|have a|has a|see a|saw a|a|big|huge|house|"
        r"structure|kitchen|grease|brush|grass|car|vehicle|electrical|apartment|building|garage|street|"
        r"dumpster|trash can|wild) fire (?:here|in|at|inside|on|next|behind|across|near|spreading|right|now|"
        r"going|started|coming|out of)",
        r"(?:there is|theres|is a|got a|have a) fire$",
        r"on fire",
        r"in flames",
        r"flames (?:coming|shooting|everywhere|out)",
        r"caught (?:on )?fire",
        r"catching fire",
        r"set (?:on )?fire",
        r"set fire to",
        r"(?:building|house|apartment) fire",
        r"smoke (?:is )?(?:coming|pouring|billowing|rising|filling|everywhere|inside|from (?:the|a|my|our) "
        + _STRUCTURE
        + r")",
        r"(?:full of|filled with|filling with|lots of|thick|black|heavy) smoke",
        r"explo(?:ded|sion|sions|de|ding)",
        r"blew up",
        r"blown up",
        r"bomb",
        r"incendio",
        r"(?:hay |un |se |esta |estan )(?:fuego|quemando|incendiando)",
        r"en llamas",
        r"se (?:esta |estan )?quema(?:ndo|n)? (?:la|el|mi|una|un) (?:casa|edificio|carro|coche|apartamento|cocina)",
        r"humo (?:saliendo|sale|por todas|negro|dentro|en (?:la|mi) casa)|lleno de humo|mucho humo",
        r"explosion|exploto|estallo",
    ),
    *_rules(
        MAYBE,
        FIRE,
        r"fire",
        r"fuego",
        r"smoke",
        r"burning",
        r"humo",
        r"quemando",
        r"(?:smell|smells|smelling) (?:like |of )?(?:something )?(?:burning|smoke)",
    ),
    # ---- gas
    *_rules(
        YES,
        GAS,
        r"(?:smell|smells|smelled|smelling|odor|odour|stench|whiff|reek|reeks) (?:of |like )?(?:natural |propane )?gas",
        r"gas (?:smell|smells|odor|odour|leak|leaking|leaks|is leaking|escaping|line (?:broke|broken|hit|cut|leak))",
        r"(?:leaking|leaky|broken|ruptured|hit a|hit the) gas(?: line| pipe| main| meter)?",
        r"carbon monoxide",
        r"co (?:alarm|detector)s? (?:going off|is going off|beeping|went off)",
        r"(?:huele|olor|oliendo)(?: mucho| fuerte| bien)? a gas",
        r"fuga de gas",
        r"escape de gas",
        r"monoxido de carbono",
        r"gas (?:esta )?(?:saliendo|escapando)",
    ),
    *_rules(
        MAYBE,
        GAS,
        r"gas leak",
        r"propane",
        r"fumes",
        r"chemical (?:smell|spill|leak)",
        r"smell\w* (?:of |like )?gas\w*",
    ),
    # ---- electrical
    *_rules(
        YES,
        ELECTRICAL,
        r"(?:power|electric|electrical|utility|live|hot|high voltage|telephone|phone|cable)? ?(?:line|lines|wire|wires|"
        r"cable|cables|pole|poles) (?:is |are |was |has |have |just |came |come |fell |fallen )*(?:down|fell|fallen|"
        r"on the (?:ground|street|road|car|sidewalk|house)|sparking|arcing|smoking|on fire|burning|snapped|"
        r"hanging low|hanging down|laying|lying)",
        r"(?:downed|fallen|snapped|broken|live|sparking|arcing) (?:power |electric |electrical |utility )?"
        r"(?:line|lines|wire|wires|cable|cables|pole|poles)",
        r"(?:wire|wires|line|lines|cable|cables) down",
        r"spark(?:s|ing)",
        r"arcing",
        r"transformer (?:blew|exploded|fire|on fire|sparking|smoking|explosion)",
        r"electrocut\w*",
        r"cables? (?:electricos? )?(?:caidos?|en el suelo|sueltos?|colgando)",
        r"chispas",
        r"chispeando",
        r"echando chispas",
        r"poste (?:caido|cayo)",
        r"se cayo (?:un|el) (?:cable|poste)",
    ),
    *_rules(MAYBE, ELECTRICAL, r"exposed (?:live )?wir(?:e|es|ing)", r"wires? hanging", r"cables? colgando"),
    # ---- medical
    *_rules(
        YES,
        MEDICAL,
        r"not breathing",
        r"(?:isnt|is not|stopped|cant|cannot|can not|trouble|difficulty|hard time|struggling) breath\w*",
        r"no (?:esta )?respir\w*",
        r"no puede respirar",
        r"unconscious",
        r"unresponsive",
        r"passed out",
        r"not responding",
        r"wont wake",
        r"cant wake",
        r"not moving",
        r"inconsciente",
        r"desmayad[oa]",
        r"no responde",
        r"se desmayo",
        _P + r" (?:has |just |suddenly )?(?:collapsed|fainted|fell down and)",
        r"heart attack",
        r"cardiac arrest",
        r"stroke",
        r"seizure\w*",
        r"convulsi\w*",
        r"chok(?:e|es|ing|ed)(?! (?:hazard|point))",
        r"atragant\w*",
        r"ahog(?:a|ando|o|andose)\w*",
        r"overdos\w*",
        r"\bod(?:ing|d|ed)\b",
        r"sobredosis",
        r"drown\w*",
        r"bleeding (?:badly|heavily|a lot|out|everywhere|profusely|bad)",
        r"lots? of blood",
        r"(?:blood|bleeding) (?:everywhere|from (?:his|her|my|the) (?:head|neck|chest))",
        r"sangr(?:ando|a) mucho",
        r"mucha sangre",
        r"eyes (?:are )?rolling",
        r"turning blue",
        r"anaphyla\w*",
        r"allergic reaction",
        r"chest pains?",
        r"dolor (?:de|en el) pecho",
        r"ataque (?:al|cardiaco|del) corazon",
        r"infarto",
        r"(?:in labor|giving birth|having (?:a|the|her) baby)",
        r"dando a luz",
        r"(?:cant|cannot|unable to|can not) get up",
        r"no (?:se )?puede levantar",
        r"dead body",
        r"(?:a |the )?body (?:in|on|lying|laying|found)",
        _P + r" (?:is |looks |seems )?dead",
        r"(?:think|looks like) (?:he|she|they|someone|somebody) (?:is |are )?dead",
        r"cadaver",
        r"(?:hombre|mujer|persona|senor|senora|nino|joven) muert[oa]",
        r"cuerpo (?:tirado|sin vida)",
        r"suicid\w*",
        r"kill (?:myself|himself|herself|themselves)",
        r"jump(?:ing)? off",
        r"matarme",
        r"hit by a (?:car|truck|bus|vehicle|train|driver)",
        r"(?:got|been|was|just) (?:hit|run over) by",
        r"atropell\w*",
        r"(?:bitten|attacked|mauled) by",
        r"(?:dog|dogs|pit ?bull|bear|animal) (?:is |are )?(?:attacking|attacked|"
        r"mauling|biting) (?:me|him|her|us|them|a (?:man|woman|child|kid|person|boy|girl)|my|someone|somebody)",
        r"(?:me|le|lo|la) (?:mordio|ataco) (?:un|el|los)",
        r"(?:badly|seriously|severely|really) (?:hurt|injured|burned)",
        _P + r" (?:is |are |got |was |has been |have been |just got )(?:hurt|injured|burned|bleeding)",
        r"(?:herid[oa]s?|lastimad[oa]s?) (?:grave|de gravedad|y sangrando)|(?:esta|estan) (?:herid|lastimad)\w*",
        r"need (?:an )?ambulance",
        r"call (?:an )?ambulance",
        r"send (?:an )?ambulance",
        r"ambulancia",
        r"cpr",
        r"(?:fell|fallen) (?:from|off) (?:a |the )?(?:roof|ladder|balcony|window|building|bridge)",
        r"fell (?:in|into) (?:the |a )?(?:water|river|lake|pool|pond|creek|well|manhole|hole|canal)",
    ),
    *_rules(
        MAYBE,
        MEDICAL,
        r"injur\w*",
        r"hurt",
        r"bleeding",
        r"blood",
        r"herid[oa]s?",
        r"lastimad[oa]s?",
        r"sangre",
        r"bitten",
        r"bit (?:me|him|her|my)",
        r"mordi\w*",
        r"sick person",
        r"needs? (?:medical|a doctor|medical attention)",
        r"(?:fell|fallen) down",
        r"se cayo",
        r"trapped",
        r"atrapad[oa]s?",
        r"stuck in (?:a |the )?elevator",
    ),
    # ---- violence and crime in progress
    *_rules(
        YES,
        VIOLENCE,
        r"(?:been|got|was|were|just|is|are|being|getting|get) (?:shot|stabbed|attacked|assaulted|raped|robbed|mugged|"
        r"kidnapped|abducted|jumped|beaten|beat up|strangled|choked|threatened with)",
        r"shot (?:me|him|her|them|us|at (?:me|us|him|her|them|people)|someone|somebody|my|his|her|a (?:man|woman|kid))",
        r"shots? (?:fired|being fired)",
        r"(?:gun ?shots?|gunfire|gun ?point)",
        r"shooting (?:at|in|on|outside|inside|going)",
        r"(?:active )?shoot(?:er|ing)",
        r"officer down",
        r"stab\w*",
        r"knif(?:e|ed|ing)",
        r"(?:has|with|pulled|waving|holding|pointing|got) (?:a |his |her )?"
        r"(?:gun|guns|knife|knives|weapon|pistol|rifle|machete|bat)",
        r"(?:they|he|she|man|men|guy) (?:had|have|has) (?:guns|a gun|weapons|a weapon|knives|a knife)",
        r"raped?",
        r"sexual(?:ly)? assault\w*",
        r"molest\w*",
        r"kidnap\w*",
        r"abduct\w*",
        r"strangl\w*",
        r"murder\w*",
        r"homicide",
        r"(?:kill|killed|killing) (?:me|him|her|them|us|my|someone|somebody)",
        r"(?:threaten\w*|going|trying|wants) to kill",
        r"domestic (?:violence|abuse|assault)",
        r"(?:beating|hitting|punching|kicking|choking|attacking|assaulting|hurting) (?:me|him|her|them|us|my|his|"
        r"her|a (?:man|woman|kid|child|girl|boy)|someone|somebody|each other)",
        r"(?:break|breaking|broke|broken|busted) (?:into|in) (?:my|our|the|a|his|her) (?:house|home|apartment|apt|"
        r"car|place|room|building|unit|door|window)",
        r"(?:someone|somebody|a man|a guy|people|intruder|stranger|they) (?:is |are )?(?:in|inside) (?:my|our) "
        r"(?:house|home|apartment|apt|place|room|building|backyard|garage)",
        r"(?:trying|tried) to (?:break|get) in(?:to)?",
        r"breaking in",
        r"intruder",
        r"prowler",
        r"burglar\w*",
        r"robbery",
        r"robbing",
        r"home invasion",
        r"hold ?up",
        r"held up",
        r"(?:missing|lost|disappeared|wandered off|taken) (?:a |my |our |his |her |the )?(?:child|kid|son|daughter|"
        r"baby|toddler|boy|girl|grandson|granddaughter|children|kids|grandma|grandpa|grandmother|grandfather|father|"
        r"mother|husband|wife|sister|brother)",
        r"(?:child|kid|son|daughter|baby|toddler|boy|girl|grandson|granddaughter|children|kids|person|grandma|grandpa|"
        r"grandmother|grandfather|husband|wife|father|mother) (?:is |are |has been |have been |went |has gone )?"
        r"(?:missing|lost|disappeared|gone)",
        _P + r" (?:has|have|had) been missing",
        r"amber alert",
        r"tied up",
        r"hostage\w*",
        r"held against",
        r"(?:dispar\w*|balacera|balazos?|baleado|baleada|tiroteo|tiros)",
        r"apunal\w*",
        r"acuchill\w*",
        r"navaja",
        r"(?:me|le|la|lo|nos) (?:esta|estan) (?:pegando|golpeando|atacando|amenazando)",
        r"violencia domestica",
        r"violaci\w*|violaron|viola",
        r"abuso sexual",
        r"secuestr\w*",
        r"(?:nino|nina|hijo|hija|bebe|ninos) (?:esta |estan )?(?:perdid|desaparecid|extraviad)\w*",
        r"desaparecid\w*",
        r"(?:entraron|entrando|metiendose|se metio|se metieron) (?:a|en) (?:mi|la|nuestra) "
        r"(?:casa|apartamento|departamento)",
        r"ladron\w* en (?:mi|la) casa",
        r"(?:un|una) (?:pistola|arma)",
        r"(?:mataron|matar|asesin)\w*",
        r"me quiere matar",
    ),
    *_rules(
        MAYBE,
        VIOLENCE,
        r"fight\w*",
        r"brawl",
        r"gun\w*",
        r"weapon\w*",
        r"threat\w*",
        r"assault\w*",
        r"attack\w*",
        r"robbed",
        r"stole\w*",
        r"stolen",
        r"arrest\w*",
        r"peleando",
        r"pelea",
        r"amenaz\w*",
        r"robando",
        r"robaron",
        r"following me",
        r"stalk\w*",
        r"screaming for help",
        r"(?:a|the) (?:child|kid|baby|toddler|woman|girl|boy|person) (?:is )?(?:screaming|crying) in (?:a|the|his|her) "
        r"(?:car|trunk|van|truck)",
        r"(?:is|are) (?:a |an )?(?:woman|man|person|someone|people|child|kids?|family) (?:inside|trapped|under)",
    ),
    # ---- crashes
    *_rules(
        YES,
        CRASH,
        r"(?:crash|crashed|accident|collision|wreck|rollover|rolled over|flipped|overturned|hit) .{0,60}"
        r"(?:injur\w*|hurt|bleeding|trapped|pinned|unconscious|ambulance|not moving|on fire)",
        r"(?:injur\w*|hurt|bleeding|trapped|pinned) .{0,40}(?:crash|accident|collision|wreck)",
        r"(?:plane|car|truck|bus|train|vehicle|helicopter) (?:just )?crash(?:ed)? into",
        r"(?:plane|helicopter|airplane|aeroplane) crash\w*",
        r"(?:choque|accidente) (?:con|y) (?:heridos|lesionados|personas atrapadas)",
        r"chocaron .{0,40}herid\w*",
    ),
    *_rules(
        MAYBE,
        CRASH,
        r"(?:car|auto|traffic|motor vehicle|vehicle) (?:crash|accident|collision|wreck)",
        r"(?:just|has been) (?:a |an )?(?:crash|accident|collision|wreck)",
        r"hit and run",
        r"crashed",
        r"choque",
        r"chocaron",
        r"accidente de (?:auto|carro|coche|transito)",
    ),
    # ---- water entering a home
    *_rules(
        YES,
        FLOODING,
        r"water (?:is |was )?(?:coming|pouring|gushing|rushing|flowing|flooding|pooring|getting) (?:in|into|inside) "
        r"(?:my|our|the|his|her) (?:house|home|apartment|apt|building|unit|living room|bedroom|room)",
        r"(?:house|home|apartment|apt|living room|bedroom|first floor) (?:is |are )?(?:flooding|flooded|under water|"
        r"underwater|filling with water)",
        r"(?:flooding|flooded) (?:my|our) (?:house|home|apartment|apt)",
        r"(?:se (?:esta|estan) inundando|inundandose|se inundo) (?:mi|la|nuestra) (?:casa|apartamento|departamento)",
        r"(?:mi|la|nuestra) (?:casa|apartamento|departamento) (?:se (?:esta )?)?inund\w*",
        r"agua (?:esta |estan )?(?:entrando|metiendose|se mete|se esta metiendo) (?:a|en) (?:mi|la|nuestra) "
        r"(?:casa|apartamento|departamento)",
        r"(?:car|cars|vehicle|people|person|someone) (?:is |are )?(?:stuck|trapped) in (?:the )?(?:flood|water)",
        r"swept away",
    ),
    *_rules(
        MAYBE,
        FLOODING,
        r"basement (?:is )?(?:flooding|flooded)",
        r"water (?:coming|pouring|gushing|rushing) (?:into|in)",
        r"flood(?:ing)? (?:in|into) (?:my|our|the) (?:house|home|basement|apartment)",
        r"inundacion",
        r"inundando",
    ),
    # ---- a child, a person or an animal in immediate danger
    *_rules(
        YES,
        DANGER,
        r"(?:child|kid|baby|toddler|infant|dog|dogs|puppy|cat|animal|pet|person|someone|somebody|elderly) "
        r"(?:is |was |are |were |been |just )*(?:locked|left|trapped|stuck) (?:alone )?(?:in|inside) (?:a |the |their |"
        r"his |her )?(?:hot )?(?:car|vehicle|truck|van)",
        r"(?:child|kid|baby|toddler|person|someone|somebody|man|woman) (?:is |was )?(?:trapped|pinned|stuck) "
        r"(?:in|under|inside|on)",
        r"(?:child|kid|baby|toddler) (?:is |was )?(?:alone )?(?:in|on|walking in|playing in|running in) (?:the |a )?"
        r"(?:road|street|highway|traffic|roof|ledge|river|lake)",
        r"(?:trapped|pinned) (?:in|under|inside)",
        r"(?:nino|nina|bebe|perro|persona) (?:encerrad|atrapad)\w* (?:en|dentro)",
        r"someone help",
        r"hurry",
        r"send help",
        r"auxilio",
        r"socorro",
        r"need (?:help|the police|police|the fire department|fire department|an officer|officers) (?:now|right now|"
        r"immediately|asap|here)",
        r"manden (?:ayuda|una ambulancia)",
        r"llamen? (?:a )?(?:los bomberos|una ambulancia|al 911)",
    ),
    *_rules(
        MAYBE,
        DANGER,
        r"emergency",
        r"emergencia",
        r"urgent(?:e|ly)? help",
        r"life threatening",
        r"in danger",
        r"en peligro",
        r"(?:in|on) (?:the )?(?:roof|ledge|bridge) and",
        r"(?:child|kid|toddler|baby) (?:alone|unattended|left alone)",
        r"danger now",
        r"help me",
        r"help us",
        r"please help (?:me|him|her)",
        r"send someone",
        r"need someone here",
        r"(?:cant|cannot|can not) get (?:him|her|them|it|out|the \w+ out)",
        r"call (?:the )?(?:police|cops|fire department)",
        r"ayudenme",
        r"ayudeme",
        r"manden a la policia",
        r"llamen? (?:a )?la policia",
    ),
]


def _sentences(folded: str) -> list[str]:
    parts = re.split(r"[.!?;\n]+|\s-\s|,\s(?:but|and then)\s", folded)
    return [
        " ".join(re.findall(r"[a-z0-9]+", part.replace("'", "").replace("\u2019", "")))
        for part in parts
        if part.strip()
    ]


def detect(text: str, language: str = "en", emergency_number: str = "911") -> EmergencyCheck:
    """Check one resident text. Runs in well under a millisecond; safe to call on every message."""
    best_level, best_category, best_reason = NO, "", ""
    best_score = (0, 0)
    for sentence in _sentences(fold(text)):
        cleaned = _BENIGN_RE.sub(" ", sentence)
        if not cleaned.strip():
            continue
        hypothetical = bool(_HYPOTHETICAL_RE.search(sentence))
        past = bool(_PAST_RE.search(sentence))
        for rule in _RULES:
            match = rule.pattern.search(cleaned)
            if match is None:
                continue
            level = rule.level
            if hypothetical or past:
                # A risk or a past event is a dangerous condition for the city,
                # not an emergency in progress: lower one step.
                level = MAYBE if level == YES else NO
            if level == NO:
                continue
            score = (_LEVEL_ORDER[level], _LEVEL_ORDER[rule.level])
            if score > best_score:
                best_score = score
                best_level, best_category, best_reason = level, rule.category, match.group(0).strip()
            if best_score == (2, 2):
                break
        if best_score == (2, 2):
            break
    return _check(best_level, best_category, best_reason, language, emergency_number)


# --- what to say -------------------------------------------------------------------

DANGER_QUESTION = {
    "en": "Is anyone in danger right now? Please answer yes or no.",
    "es": "¿Hay alguien en peligro en este momento? Por favor, responda sí o no.",
}

_ADVICE = {
    "en": {
        "": "This sounds like an emergency. Hang up and call {n} now.",
        FIRE: "Get everyone out, stay out, and call {n} now.",
        GAS: "Leave the building now. Do not switch lights or appliances on or off. Call {n} from outside.",
        ELECTRICAL: "Stay at least 35 feet (10 meters) away from the wire and anything it touches, and call {n} now.",
        MEDICAL: "Call {n} now and stay with the person.",
        VIOLENCE: "Get to a safe place and call {n} now.",
        CRASH: "Call {n} now. Do not move anyone who is hurt unless they are in more danger where they are.",
        FLOODING: "Get to higher ground, stay out of the water, and call {n} now.",
        DANGER: "Call {n} now.",
    },
    "es": {
        "": "Esto parece una emergencia. Cuelgue y llame al {n} ahora.",
        FIRE: "Saque a todos, no vuelva a entrar y llame al {n} ahora.",
        GAS: "Salga del edificio ahora. No encienda ni apague luces ni aparatos. Llame al {n} desde afuera.",
        ELECTRICAL: "Manténgase a por lo menos 10 metros del cable y de todo lo que toque, y llame al {n} ahora.",
        MEDICAL: "Llame al {n} ahora y quédese con la persona.",
        VIOLENCE: "Vaya a un lugar seguro y llame al {n} ahora.",
        CRASH: "Llame al {n} ahora. No mueva a los heridos a menos que corran más peligro donde están.",
        FLOODING: "Vaya a un lugar más alto, no se meta al agua y llame al {n} ahora.",
        DANGER: "Llame al {n} ahora.",
    },
}

_REASON_TEXT = {
    "en": {YES: "emergency words: “{r}”", MAYBE: "possible emergency: “{r}”", NO: ""},
    "es": {YES: "palabras de emergencia: «{r}»", MAYBE: "posible emergencia: «{r}»", NO: ""},
}


def _check(level: str, category: str, reason: str, language: str, number: str) -> EmergencyCheck:
    lang = language if language in _ADVICE else "en"
    if level == NO:
        return EmergencyCheck(NO, "", "", "", "")
    advice = _ADVICE[lang].get(category, _ADVICE[lang][""]).format(n=number)
    question = DANGER_QUESTION[lang] if level == MAYBE else ""
    return EmergencyCheck(level, _REASON_TEXT[lang][level].format(r=reason), category, advice, question)


_SERVICE_REASON = {
    "en": "sounds like “{s}”, which the city handles as an emergency",
    "es": "parece «{s}», que la ciudad atiende como emergencia",
}


def raise_for_service(
    check: EmergencyCheck, service_name: str, notice: str, language: str, emergency_number: str = "911"
) -> EmergencyCheck:
    """At least ``maybe`` when the text likely matches a service type the city treats as an emergency.

    The rules read words; a city's catalog knows more (its ``gas-smell`` or
    ``downed-power-line`` type answers "dial 911" around the clock). A report
    that ranks such a type high is asked the danger question even when no rule
    fired; the type's own emergency notice becomes the advice.
    """
    if check.level != NO:
        return check
    lang = language if language in _ADVICE else "en"
    base = _check(MAYBE, "", service_name, lang, emergency_number)
    return EmergencyCheck(MAYBE, _SERVICE_REASON[lang].format(s=service_name), "", notice or base.advice, base.question)


_YES_ANSWERS = frozenset(
    [
        "yes",
        "y",
        "yeah",
        "yep",
        "yup",
        "ya",
        "sure",
        "correct",
        "right",
        "affirmative",
        "true",
        "1",
        "si",
        "s",
        "claro",
        "afirmativo",
        "cierto",
        "correcto",
        "help",
        "ayuda",
        "auxilio",
        "socorro",
        "danger",
        "peligro",
        "hurry",
    ]
)
_NO_ANSWERS = frozenset(
    [
        "no",
        "n",
        "nope",
        "nah",
        "negative",
        "false",
        "0",
        "nadie",
        "nobody",
        "none",
        "fine",
        "ok",
        "okay",
        "bien",
        "safe",
    ]
)
_UNSURE = re.compile(r"\b(?:not sure|dont know|do not know|unsure|maybe|no se|quizas|tal vez|puede ser)\b")


def resolve_danger_answer(
    answer: str | bool | None,
    language: str = "en",
    category: str = "",
    emergency_number: str = "911",
) -> EmergencyCheck:
    """Turn the resident's answer to :data:`DANGER_QUESTION` into the decision.

    Every channel calls this with whatever the resident gave: a button (bool),
    a keypad digit ("1" yes, "2" no), a spoken or typed word in English or
    Spanish. "Not sure" counts as yes, because public-safety advice is to call
    911 when in doubt. An answer that is neither yes, no nor unsure stays
    ``maybe``: the channel asks once more or hands the contact to a person.
    """
    if isinstance(answer, bool):
        level = YES if answer else NO
    else:
        folded = fold(answer or "").strip()
        words = re.findall(r"[a-z0-9]+", folded)
        if not words:
            level = MAYBE
        elif _UNSURE.search(" ".join(words)) or words[0] in _YES_ANSWERS:
            level = YES
        elif words[0] in _NO_ANSWERS or words[0] == "2":
            # "no, but there is a fire" still goes to 911 below.
            level = NO
            again = detect(answer or "", language, emergency_number)
            if again.level == YES and len(words) > 2:
                return again
        else:
            # A sentence instead of yes/no: read it like a report.
            again = detect(answer or "", language, emergency_number)
            if again.level != NO:
                return _check(YES, again.category or category, again.reason, language, emergency_number)
            level = MAYBE
    reason = {"en": "answer to the danger question", "es": "respuesta a la pregunta de peligro"}
    lang = language if language in _ADVICE else "en"
    check = _check(level, category, "", lang, emergency_number)
    return EmergencyCheck(
        check.level, reason[lang] if level != NO else "", check.category, check.advice, check.question
    )

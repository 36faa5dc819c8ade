"""Hand-written word knowledge: a Spanish-English lexicon and a 311 thesaurus.

Both are written from general knowledge of how residents describe city problems,
not from any city's case records. They are catalog-independent: they relate words
to words, never words to a particular city's service codes, so they help any
catalog a city loads.

* ``SPANISH_TO_ENGLISH`` lets a Spanish report reach an English-only catalog and
  the English word embeddings: "hay un bache enorme" gains "pothole".
* ``THESAURUS`` adds the plain words a catalog tends to use for the words
  residents use: "music blasting" gains "noise", "tent" gains "encampment".
"""

from __future__ import annotations

from functools import lru_cache

from .text import fold, stem


def _table(text: str) -> dict[str, str]:
    """Parse ``word: english words`` lines; one line per entry keeps diffs readable."""
    table: dict[str, str] = {}
    for line in text.strip().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        left, right = line.split(":", 1)
        for word in left.split(","):
            table[fold(word.strip())] = right.strip()
    return table


SPANISH_TO_ENGLISH = _table(
    """
    # streets and traffic
    bache, baches, hoyo, hoyos, hueco, huecos, pozo: pothole hole
    calle, calles, avenida, camino: street road
    carretera, autopista: highway road
    pavimento, asfalto: pavement asphalt
    grieta, grietas, rajadura: crack
    hundimiento, hundido, socavon: sinkhole sinking
    acera, aceras, banqueta, banquetas, vereda: sidewalk
    bordillo, cordon, cuneta: curb
    rampa: ramp
    tropezar, tropiezo: trip
    farola, farolas, farol, alumbrado, poste, lampara, foco, bombilla: streetlight light lamp pole
    luz, luces: light
    apagada, apagado, apagadas, oscura, oscuro, oscuras: out dark
    parpadea, parpadeando, parpadeante: flickering
    semaforo, semaforos: traffic signal light
    senal, senales, letrero, rotulo, disco: sign
    pare: stop sign
    cruce, peatonal, cebra, paso peatonal: crosswalk crossing
    pintura, marcas, lineas, rayas: paint marking lines
    nieve, nevada: snow
    hielo, congelado, helado, resbaloso, resbaladizo: ice icy
    quitanieves, palear, sal: plow shovel salt
    # parking and vehicles
    estacionado, estacionada, estacionados, parqueado, aparcado, estaciona, estacionan: parked parking
    estacionamiento, aparcamiento, parqueo: parking
    entrada, cochera, garaje, acceso: driveway
    bloqueando, bloquea, bloqueado, tapando, obstruyendo: blocking blocked
    hidrante, boca: hydrant
    carro, carros, coche, coches, auto, autos, vehiculo, vehiculos, camioneta: car vehicle
    camion, camiones: truck
    abandonado, abandonada, abandonados: abandoned
    placas, placa, matricula: plates
    chatarra: junk
    # trash
    basura, desechos, desperdicios: trash garbage
    recogieron, recoger, recogida, recoleccion, recolectaron, pasaron, paso, vinieron: pickup collection
    reciclaje, reciclables, reciclar: recycling
    contenedor, contenedores, bote, botes, cubo, tacho, carrito: cart bin can
    muebles, mueble, sofa, colchon, colchones, llantas, neumaticos, escombros: furniture mattress tires debris
    tiraron, tiran, botaron, arrojaron, vertido: dumped dumping
    tirada, tirado, tirados, tiradas: lying
    tenemos, tengo, tiene, tienen: have
    desperdigada, regada: litter
    # neighborhood
    grafiti, grafitis, pintadas, pintas, graffiti: graffiti
    ruido, ruidoso, ruidosa, ruidos, escandalo, bulla: noise loud
    musica: music
    fiesta, fiestas: party
    ladrando, ladra, ladridos: barking
    campamento, carpa, carpas, tienda, tiendas: encampment tent
    indigente, indigentes, desamparado, desamparados, personas, persona: homeless person
    duermen, durmiendo: sleeping
    pasto, cesped, hierba, maleza, yerba, monte: grass weeds
    alto, alta, altos, altas: high tall
    crecido, crecida, crecidos, crecidas: overgrown tall
    propiedad, lote, terreno, baldio: property lot vacant
    casa, vivienda, hogar: house home
    edificio: building
    perro, perros, gato, gatos, animal, animales, mapache, zarigueya: dog cat animal
    muerto, muerta, muertos: dead
    mordio, mordida, mordido: bite bitten
    callejero, callejeros, suelto, sueltos: stray loose
    # trees and parks
    arbol, arboles: tree
    rama, ramas: branch limb
    raices: roots
    tronco: trunk
    podar, poda: trim prune
    caido, caida, caidos, caidas, derribado: fallen down
    parque, parques, plaza: park
    juegos, columpio, columpios, tobogan, resbaladilla: playground swing slide
    banco, banca, bancas: bench
    cancha, canchas: court field
    bano, banos: restroom
    # water
    agua: water
    fuga, gotea, goteando, escape, perdida: leak leaking
    tuberia, tubo, caneria, matriz: pipe main
    drenaje, desague, alcantarilla, alcantarillado, coladera, sumidero: drain sewer storm drain
    tapado, tapada, atascado, obstruido: clogged
    inundacion, inundado, inundada, inundando, encharcado, charco: flooding flooded puddle
    aguas negras, negras, cloaca: sewage
    olor, huele, apesta, peste: smell odor
    medidor, contador: meter
    presion: pressure
    sabe, sabor: taste
    cafe, turbia, turbio, sucia, sucio: brown dirty
    llave, grifo, regadera: tap faucet shower
    sin, nada: no without
    velocidad, rapido, carreras, arrancones: speeding speed
    # emergencies
    fuego, incendio, llamas, ardiendo, quemando, quema: fire burning flames
    humo: smoke
    gas: gas
    cable, cables, alambre, linea, lineas: wire line
    electrico, electrica, luz: power electric
    chispas, chispeando, chisporroteando: sparking sparks
    herido, herida, heridos, lastimado, lastimada: hurt injured
    sangre, sangrando: blood bleeding
    inconsciente, desmayado, desmayada, desmayo: unconscious fainted
    respira, respirar, respirando: breathing
    choque, chocaron, accidente, atropellado, atropellaron: crash accident hit
    pelea, peleando, golpeando, golpes, golpeo: fight beating
    arma, pistola, cuchillo, disparos, balazos, tiros: weapon gun knife shots
    robo, robando, ladron, asalto: robbery burglar assault
    nino, nina, ninos, bebe: child baby
    peligro, peligroso, peligrosa: danger dangerous
    ayuda, auxilio, socorro: help
    emergencia: emergency
    tumbo, tumbaron, derribaron, chocaron contra: knocked down
    carril, carriles: lane
    tapa, tapas: lid cover
    registro, alcantarilla: manhole
    llevaron, levantaron: picked collected
    sillon, sofa, refrigerador, refri, lavadora, estufa: couch refrigerator appliance bulky
    bolsa, bolsas: bags
    jardin, patio: yard
    monton, pila: pile
    derrumba, derrumbando, derrumbe, colapsa, colapsando: collapsing collapse
    falta, faltante: missing
    # phrases residents use (matched on adjacent words, before single words)
    senal de alto, senal de pare, letrero de alto, disco pare: stop sign
    senal de transito, senal de trafico, letrero de la calle: traffic sign
    luz roja, luz verde, semaforo peatonal, boton peatonal: traffic signal
    poste de luz, luz de la calle, luces de la calle, alumbrado publico, lampara de la calle: streetlight
    no paso, no pasaron, no vino, no vinieron, no recogieron, no la recogieron, no se llevaron, se saltaron: missed pickup collection
    camion de la basura, camion de basura, dia de basura, dia de recoleccion: trash pickup collection
    camion del reciclaje, camion de reciclaje, dia de reciclaje: recycling pickup collection
    bote de basura, bote de reciclaje, contenedor de basura, carrito de basura, tapa del bote: trash cart bin
    basura tirada, tiraron basura, tiran basura, tiradero, tiradero clandestino, vertedero: dumping litter
    sin agua, nada de agua, no hay agua, no tenemos agua, no sale agua: no water
    poca presion, baja presion, presion del agua: low water pressure
    fuga de agua, tubo roto, tuberia rota, caneria rota, se rompio la tuberia, agua brotando: water leak main break
    aguas negras, aguas residuales, drenaje tapado, coladera tapada, alcantarilla tapada, huele a drenaje, huele a caño: sewer backup drain
    carro abandonado, coche abandonado, auto abandonado, vehiculo abandonado, sin placas, placas vencidas, no se ha movido: abandoned vehicle
    doble fila, mal estacionado, mal estacionados, estacionado en la banqueta, tapando la entrada, bloqueando la entrada, bloquea mi cochera, frente a mi cochera: parking blocked driveway
    musica alta, musica fuerte, muy fuerte, toda la noche, fiesta ruidosa, ladra mucho, ladra toda: noise loud
    casa de campana, casas de campana, sin hogar, sin techo, personas sin hogar, duermen en la calle, durmiendo en la banqueta, viven en la calle: homeless encampment tent
    perro suelto, perros sueltos, perro bravo, perro agresivo, animal muerto, perro muerto, gato muerto: animal
    arbol caido, rama caida, ramas caidas, se cayo un arbol, se cayo una rama: fallen tree branch
    pasto alto, hierba alta, zacate alto, monte alto, maleza alta: tall grass weeds overgrown
    banqueta rota, banqueta levantada, acera rota, acera levantada: sidewalk damage
    casa abandonada, casa vacia, edificio abandonado, lote baldio, terreno baldio: vacant building property
    quitanieves, no han pasado el quitanieves, no han limpiado la nieve: snow plow
    # more words
    zacate, hierbas: grass weeds
    yonke, deshuesadero: junk vehicle
    llanta, llantas, neumatico: tire
    ponchada, ponchadas, ponche, revento, revento: flat tire
    desmoronando, desmorona, desmoronado: crumbling pavement
    cuadra, manzana: block
    esquina, esquinas: corner
    alguien: someone
    # everyday words whose stems meet a 311 word ("hoy" is not "hoyo")
    hoy: today
    pasa, pasan: happens
    grafitero, grafiteros, rayaron, rayones, rayado, rayada, pintarrajeado: graffiti vandalism
    vandalismo, vandalizaron, vandalos: vandalism
    bocina, bocinas, claxon, pitando, bocinazos: horn noise
    alarma, alarmas: alarm
    gritos, gritando, gritan: yelling
    ratas, raton, ratones, roedores, cucarachas, plaga, plagas, mosquitos, zancudos, abejas, avispas: rats pests
    culebra, vibora, serpiente, zorrillo, coyote, tlacuache: wild animal
    banca, bancas, resbaladilla, subibaja, cancha, canchas, alberca, piscina, sendero, senderos: park
    juegos infantiles, area de juegos: playground
    columpio, columpios: swing playground
    cochera, cocheras: driveway
    tapando, obstruyendo: blocking
    multa, multas, grua: ticket tow
    reciclables, carton: recycling
    colchon, colchones, sillon, sillones, sofa, muebles, escombro, escombros: mattress furniture debris
    recoger, recolectar: pick up
    vencida, vencidas, vencido: expired
    tirado, tirada: lying
    olor, olores, hedor, peste, apesta: smell odor
    charcos, encharcamiento, anegado: puddle flooding
    nevada, nevadas, nieve: snow
    congelada, congelado, escarcha: ice icy
    # services and questions
    horario, horarios, hora, horas: hours time
    cuando, cuanto, donde, como, que: when how where what
    pagar, pago: pay
    factura, recibo, cobro, cuenta: bill
    permiso, licencia: permit license
    multa: ticket fine
    reportar, reporte, queja, denuncia: report complaint
    arreglar, arreglen, reparar, reparen, componer: fix repair
    roto, rota, rotos, rotas, danado, danada, descompuesto: broken damaged
    dia, dias, semana: day week
    ciudad, municipio, ayuntamiento: city
    """
)

# Resident words and phrases -> words a catalog is likely to use for the same
# thing, written from general knowledge of 311 categories (not from any city's
# case records). Keys are matched after stemming, so "blasting" and "blasts" both
# reach "noise"; two-word keys ("stop sign", "no plates") are matched on adjacent
# words. Only relations a call-taker would take for granted.
THESAURUS = _table(
    """
    # --- streets ---
    hole, holes, crater, craters, divot, divots, rut, ruts, pothole, potholes, sinkhole, sinkholes, chuckhole: pothole road pavement
    sink hole, cave in, caved in, road damage, damaged road, broken asphalt, road surface, uneven road, bumpy road: pothole road pavement
    asphalt, blacktop, tar, bumpy, alignment, axle, suspension, swerve, swerving, sunken, sinking, dip, dips: pothole road pavement
    paving, repave, repaving, resurface, resurfacing, patch, patched, patching, milling, trench: pavement road
    manhole, utility cut, steel plate: road pavement
    lamp, lamps, lamppost, lampposts, bulb, bulbs, streetlight, streetlights, streetlamp, streetlamps, lighting: streetlight light
    light pole, lamp post, street lamp, light out, lights out, burned out, burnt out, no lights, pitch black, on during the day, light is out: streetlight light out
    dark, darkness, unlit, flicker, flickers, flickering, blinking, cycling, dim: streetlight light out
    signal, signals, stoplight, stoplights, intersection, arrow, timing: traffic signal
    traffic light, traffic lights, stop light, red light, green light, walk signal, pedestrian signal, crossing signal, push button, turn arrow, signal timing: traffic signal light
    stop sign, yield sign, street sign, name sign, speed limit, one way, no parking sign, parking sign, sign post, signpost, sign pole, signage: traffic sign
    crosswalk, crosswalks, striping, stripes, lanes, lane, markings, paint lines, faded lines, road markings, lane markings, zebra: marking crosswalk traffic
    speeding, speed, speeders, speed bump, speed hump, traffic calming, mirror, guardrail, guard rail: traffic sign
    # --- sidewalks ---
    sidewalk, sidewalks, curb, curbs, curbing, walkway, pavers, brick, bricks, slab, slabs: sidewalk curb
    uplifted, lifted, heaved, heaving, raised, uneven, tripping, tripped, trip hazard, broken sidewalk, cracked sidewalk, sidewalk crack: sidewalk curb damage
    wheelchair, ramp, ramps, curb cut, curb ramp, handicap ramp, ada, stroller, walker: sidewalk ramp
    # --- snow ---
    snow, snowy, snowed, snowing, snowfall, blizzard, drift, drifts, snowbank, snowbanks, plow, plowed, plowing, plows, snowplow, unplowed: snow plow
    ice, icy, iced, icing, sleet, slush, slushy, frozen, slippery, slick, black ice, shovel, shoveled, shoveling, unshoveled, salt, salted, salting, sand, sanded: snow ice
    # --- parking and vehicles ---
    car, cars, truck, trucks, van, vans, suv, vehicle, vehicles, boat, trailer, trailers, rv, camper, motorcycle, moped, scooter: vehicle car
    parked, parking, doubleparked, double parked, double parking, illegally parked, parked illegally, parked in, parked on, parked across: parking vehicle
    driveway, driveways, my driveway, blocked driveway, blocking driveway, blocking my driveway, blocking the driveway, hydrant, tow, towed, towing, ticket, tickets, ticketed, enforcement: parking vehicle
    no standing, no parking, bus stop, bus lane, bike lane, loading zone, handicap spot, handicapped spot, handicap space, accessible spot, meter, meters, overtime, time limit, placard, permit parking, commercial vehicle, idling: parking vehicle
    abandoned, derelict, junked, wrecked, totaled, stripped, rusted, rusting, inoperable, unregistered: abandoned vehicle
    no plates, missing plates, no plate, no tags, expired plates, expired registration, expired inspection, registration, license plate, license plates: abandoned vehicle registration
    junk car, junk vehicle, abandoned car, abandoned vehicle, has not moved, hasnt moved, not moved, never moves, flat tires, broken windows, covered in dust, sitting for: abandoned vehicle
    # --- trash and recycling ---
    garbage, rubbish, refuse: trash garbage
    bins, bin, cart, carts, toter, toters, can, cans, tote, lid, lids, container, containers, dumpster, dumpsters: trash cart bin collection
    pickup, pick up, picked up, collected, collection, collect, pick, missed, skipped, not picked, wasnt picked, didnt pick, never came, truck came: pickup collection missed
    garbage truck, trash truck, sanitation, sanitation truck, trash day, garbage day, recycling day, collection day, schedule, scheduled: pickup collection trash
    recycle, recyclables, recycling, compost, composting, organics, cardboard boxes, yard waste, leaf bags, leaves bags, brush pickup, christmas tree: recycling collection pickup
    bulky, bulk, large item, large items, appliance, appliances, white goods, tv, television, microwave, fridge, refrigerator, freezer, washer, dryer, stove: bulky item pickup collection
    new cart, replacement cart, broken cart, damaged cart, stolen cart, missing cart, new bin, replacement bin, broken bin, extra cart: cart bin collection
    litter, littered, littering, debris, junk, mess, messy, filthy, dirty, unsanitary, sweep, sweeping, street cleaning, street sweeping: litter debris
    dumped, dumping, dump, dumps, illegal dumping, illegally dumped, discarded: dumping debris litter
    mattress, mattresses, couch, couches, sofa, sofas, furniture, chair, chairs, tires, construction debris, bags of trash, trash bags, garbage bags: dumping debris furniture
    overflowing, overflow, overflows, overflowing can, public trash can, trash can, litter basket, litter can, broken glass, glass, bottles, cigarette butts, needles, syringes, condoms, food waste: litter trash
    # --- graffiti ---
    graffiti, grafitti, graffitti, grafiti, tag, tagged, tagging, tagger, taggers, spray, spraypaint, spray paint, spray painted, painted, scribbled, scrawled, etched, etching, stickers, defaced, vandalism, vandalized, vandals: graffiti vandalism
    # --- noise ---
    noise, noises, noisy, loud, louder, loudly, music, stereo, bass, speaker, speakers, boombox, boom box, blasting, blaring, booming, party, parties, partying, karaoke, dj: noise loud
    yelling, screaming, shouting, banging, stomping, pounding, hammering, jackhammer, drilling, honking, horn, horns, alarm, alarms, generator, leaf blower, muffler, revving, exhaust: noise loud
    all night, late night, after hours, cant sleep, can not sleep, middle of the night, every night, 2am, 3am, 4am, bar, club, nightclub, lounge: noise loud
    barking, bark, barks, howling, howl, whining, crowing, rooster: noise dog animal
    construction, construction noise, construction work, working early, working late, weekend work: noise construction
    # --- homelessness ---
    homeless, unhoused, houseless, vagrant, vagrants, vagrancy, transient, transients, encampment, encampments, squatter, squatters, squatting: encampment homeless
    tent, tents, tarp, tarps, camp, camps, camping, campers, shanty, lean to: encampment tent homeless
    sleeping, sleeps, lying, laying, passed out, living in a tent, living on the street, living outside, living in a car, panhandling, panhandler, panhandlers, begging, loitering, loiterers: homeless person
    belongings, possessions, bedding, blanket, blankets, sleeping bag, sleeping bags, cardboard, shopping cart, shopping carts, pile of belongings: homeless encampment belongings
    addict, addicts, junkie, junkies, drug, drugs, drug use, using drugs, smoking crack, needles, syringes, outreach, mental, wellness check, welfare check: homeless person
    # --- buildings and code ---
    property, properties, yard, yards, backyard, rental, landlord, tenant, tenants, owner, homeowner: property
    vacant, boarded, boarded up, condemned, dilapidated, deteriorated, derelict building, abandoned house, abandoned building, vacant house, vacant lot, blight, blighted, eyesore: property code vacant building
    violation, violations, code, permit, permits, unpermitted, no permit, without permit, illegal construction, illegal conversion, illegal apartment, zoning, inspection, inspector, hoarding, hoarder, overcrowded, occupancy: code violation property
    roof, porch, fence, siding, shed, garage, windows, gutters, foundation, collapsing, unsafe, unsafe structure, no heat, no hot water, mold, peeling paint: property building code
    # --- animals ---
    dog, dogs, puppy, puppies, pitbull, pit bull, cat, cats, kitten, kittens, feral, pet, pets: animal dog cat
    raccoon, raccoons, possum, possums, opossum, skunk, skunks, squirrel, squirrels, bat, bats, coyote, coyotes, fox, deer, geese, goose, bird, birds, pigeon, pigeons, snake, snakes, wildlife: animal wildlife
    rats, rat, mice, mouse, rodent, rodents, infestation, infested, roaches, cockroaches, mosquito, mosquitoes, mosquitos, bees, wasps, hornets, bedbugs, pests, vermin, exterminator: animal pests rats
    stray, strays, loose, leash, unleashed, off leash, running loose, at large, bite, bitten, vicious, aggressive, attacked, rabid, rabies, cruelty, neglect, neglected, abused, chained: animal dog stray
    dead, carcass, carcasses, roadkill, decomposing, dead animal, dead cat, dead dog, dead bird, dead raccoon, dead deer: dead animal
    poop, feces, droppings, dog waste: animal waste
    # --- trees and vegetation ---
    tree, trees, branch, branches, limb, limbs, stump, stumps, roots, root, trunk, canopy, sapling: tree
    fallen tree, tree down, downed tree, tree fell, fell down, uprooted, leaning, dead tree, dying tree, rotten, hanging limb, broken branch, broken limb, low branches, low hanging, overhanging: tree branch limb fallen
    trim, trimming, trimmed, prune, pruning, pruned, cut back, tree pit, tree well, plant a tree, new tree, planting, street tree: tree trim
    overgrown, overgrowth, bushes, bush, brush, hedge, hedges, shrubs, shrub, weeds, weed, grass, tall grass, high grass, long grass, mow, mowed, mowing, unmowed, lawn, vines, ivy, vegetation, foliage, leaves: vegetation overgrown weeds grass
    # --- parks ---
    park, parks, playground, playgrounds, play area, swing, swings, slide, slides, jungle gym, monkey bars, sandbox, splash pad, spray park, sprinkler, sprinklers: park playground
    field, fields, ballfield, baseball, softball, soccer, football, court, courts, basketball, tennis, pickleball, hoop, hoops, net, nets, dugout, bleachers, track: park field court recreation
    bench, benches, picnic, pavilion, gazebo, restroom, restrooms, bathroom, bathrooms, comfort station, fountain, water fountain, drinking fountain, pool, pools, beach, boardwalk, pier: park restroom bench
    trail, trails, path, paths, walking path, bike path, greenway, dog park, skate park, recreation, rec center, playground equipment, park equipment, park bench: park trail recreation
    # --- water and sewer ---
    leak, leaks, leaking, leaky, gushing, spurting, bubbling, running water, water running, water leak, water main, main break, broken main, burst, burst pipe, pipe, pipes: water leak main
    hydrant, hydrants, fire hydrant, open hydrant, hydrant leaking, hydrant open: hydrant water
    no water, low pressure, water pressure, pressure, discolored, discolored water, brown water, rusty water, cloudy water, water quality, meter, water meter, meter box, curb stop, shutoff: water
    sewer, sewers, sewage, septic, backup, backed up, backing up, sewer backup, sewer smell, odor, odors, smell, smells, stench, stink, stinks, stinky: sewer odor water
    drain, drains, storm drain, catch basin, catch basins, basin, basins, grate, grates, inlet, culvert, culverts, ditch, ditches, gutter, clogged, clog, blocked drain, clogged drain: drain storm sewer
    flood, flooding, flooded, floods, puddle, puddles, ponding, standing water, pooling, pooled, water in the street, washed out, erosion: flooding drain water
    """
)


@lru_cache(maxsize=50_000)
def spanish_to_english(word: str) -> str:
    """English words for one folded Spanish word, or ''."""
    hit = SPANISH_TO_ENGLISH.get(word)
    if hit is not None:
        return hit
    return _SPANISH_BY_STEM.get(stem(word, "es"), "")


@lru_cache(maxsize=50_000)
def expand_english(stemmed: str) -> tuple[str, ...]:
    """Extra English words for one English stem, from the thesaurus."""
    return _THESAURUS_BY_STEM.get(stemmed, ())


def expand_phrase(stems: tuple[str, ...]) -> tuple[str, ...]:
    """Extra English words for a run of two to four stems ("stop sign", "no plates"), or ()."""
    return _PHRASES_BY_STEMS.get(stems, ())


def spanish_phrase(words: tuple[str, ...]) -> str:
    """English words for two to four folded Spanish words ("aguas negras", "sin placas"), or ''."""
    return _SPANISH_PHRASES.get(tuple(stem(w, "es") for w in words), "")


PHRASE_LENGTHS = (4, 3, 2)

_SPANISH_BY_STEM = {stem(word, "es"): english for word, english in SPANISH_TO_ENGLISH.items() if " " not in word}
_SPANISH_PHRASES = {
    tuple(stem(w, "es") for w in phrase.split()): english
    for phrase, english in SPANISH_TO_ENGLISH.items()
    if " " in phrase
}
_THESAURUS_BY_STEM: dict[str, tuple[str, ...]] = {}
_PHRASES_BY_STEMS: dict[tuple[str, ...], tuple[str, ...]] = {}
for _word, _related in THESAURUS.items():
    _parts = tuple(stem(w, "en") for w in _word.split())
    _table_for = _THESAURUS_BY_STEM if len(_parts) == 1 else _PHRASES_BY_STEMS
    _key = _parts[0] if len(_parts) == 1 else _parts
    _table_for[_key] = tuple(dict.fromkeys(_table_for.get(_key, ()) + tuple(_related.split())))
# The first halves of the thesaurus's one-word compounds ("side" of "sidewalk"): only a
# word in this set can start a compound typed as two words, so most pairs are never stemmed.
COMPOUND_HEADS = frozenset(
    word[:i] for word in THESAURUS if " " not in word and word.isalpha() for i in range(2, len(word) - 1)
)

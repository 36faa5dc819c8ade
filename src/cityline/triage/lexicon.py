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
    calle, calles, avenida, carretera, camino: street road
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
    alto, crecido, crecida: tall overgrown stop
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
    # services and questions
    horario, horarios, hora, horas: hours time
    cuando, cuanto, donde, como, que: when how where what
    pagar, pago, factura, recibo: pay bill
    permiso, licencia: permit license
    multa: ticket fine
    reportar, reporte, queja, denuncia: report complaint
    arreglar, arreglen, reparar, reparen, componer: fix repair
    roto, rota, rotos, rotas, danado, danada, descompuesto: broken damaged
    dia, dias, semana: day week
    ciudad, municipio, ayuntamiento: city
    """
)

# Resident word -> words a catalog is likely to use. Entries are stems of the
# English words on the left, matched after stemming, so "blasting" and "blasts"
# both reach "noise". Only relations a call-taker would take for granted.
THESAURUS = _table(
    """
    music, stereo, bass, speaker, speakers, blasting, blaring, partying, party, parties: noise loud
    loud, yelling, screaming, shouting, banging, honking, alarm, alarms, construction: noise
    barking, bark, barks, howling: noise dog animal
    tent, tents, camp, camping, campers, tarp, tarps: encampment homeless
    homeless, unhoused, vagrant, vagrants, sleeping, squatting, squatters, belongings, panhandling: encampment homeless
    needles, syringes: encampment litter
    person, persons, individual, individuals, lying, laying, sleeps, bedding, blanket, blankets, cardboard, loitering: homeless
    addict, addicts, junkie, junkies, drug, drugs, shopping: homeless
    bulky, appliance, appliances, tv, television, microwave, fridge, refrigerator, sticker, stickers, curbside: pickup collection bulky
    hole, holes, crater, craters, divot, rut, ruts, pothole, potholes, sinkhole: pothole road pavement
    paving, repave, repaving, resurface, resurfacing, patch, patched: pavement road
    lamp, lamps, lamppost, lampposts, bulb: streetlight light
    dark, darkness, unlit: streetlight light out
    signal, signals, stoplight, stoplights, intersection: traffic signal
    crosswalk, crosswalks, striping, stripes, lanes, lane: marking crosswalk traffic
    speeding, speed, speeders: traffic sign
    car, cars, truck, trucks, van, suv, vehicle, vehicles, boat, trailer, rv: vehicle car
    parked, parking, doubleparked, blocking, blocked, driveway, hydrant, tow: parking vehicle
    plates, plate, tags, registration, unregistered, flat, flats, rusted, wrecked, junk: abandoned vehicle
    trash, garbage, rubbish, refuse, bins, bin, cart, carts, toter, dumpster: trash collection
    pickup, collected, collection, collect, picked: pickup trash collection
    recycle, recyclables, recycling, compost, yard: recycling collection
    litter, littered, littering, debris, junk, mess, dumped, dumping, dump, mattress, couch, sofa, furniture, tires: litter dumping debris
    overflowing, overflow: trash litter
    tagged, tagging, tag, spray, spraypaint, painted, vandalism, vandalized: graffiti
    dog, dogs, cat, cats, raccoon, raccoons, rats, rat, mice, rodent, rodents, possum, opossum, skunk, bird, birds, deer, coyote, squirrel, bees, wasps: animal
    stray, strays, leash, unleashed, bite, bitten: animal dog
    dead, carcass, roadkill: dead animal
    tree, trees, branch, branches, limb, limbs, stump, stumps, roots, trunk, leaves: tree vegetation
    trim, trimming, prune, pruning, overgrown, bushes, brush, hedge, shrubs, weeds, grass, mow, mowing, vines: vegetation overgrown
    park, parks, playground, swing, swings, slide, bench, benches, field, court, courts, trail, trails, beach, pool, restroom, restrooms, bathroom, fountain: park playground
    sidewalk, sidewalks, curb, curbs, walkway, pavers, brick, bricks, uplifted, raised, heaved, uneven, tripping, trip: sidewalk curb
    wheelchair, ramp, ramps, ada: sidewalk ramp
    snow, snowy, plow, plowed, plowing, unplowed, shovel, shoveled, unshoveled, salt, salted, slush, icy, ice, sleet: snow ice
    water, leak, leaking, leaks, gushing, flooding, flooded, flood, puddle, puddles, ponding: water
    drain, drains, storm, catch, basin, basins, culvert, gutter, gutters, manhole, clogged: drain sewer water
    sewer, sewage, septic, backup, overflow: sewer water
    hydrant: hydrant water
    building, buildings, house, houses, property, yard, lot, vacant, boarded, condemned, rental, landlord, roof, porch, fence, siding, shed: property code
    violation, violations, permit, unpermitted, illegal, zoning, inspection, inspector, junk: code violation
    rodents, infestation, mold, unsanitary: code property
    sign, signs, stop, yield, pole: sign
    streetlight, streetlights, streetlamp: streetlight light
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


_SPANISH_BY_STEM = {stem(word, "es"): english for word, english in SPANISH_TO_ENGLISH.items() if " " not in word}
_THESAURUS_BY_STEM: dict[str, tuple[str, ...]] = {}
for _word, _related in THESAURUS.items():
    _key = stem(_word, "en")
    _THESAURUS_BY_STEM[_key] = tuple(dict.fromkeys(_THESAURUS_BY_STEM.get(_key, ()) + tuple(_related.split())))

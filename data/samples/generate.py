#!/usr/bin/python3
# SPDX-License-Identifier: CC0-1.0
"""Generate Sonde's synthetic sample datasets.

Every value in the CSV files next to this script is invented here, from a
fixed random seed, with the Python 3 standard library only: no data is
downloaded and no real person, flat or product is described.

    /usr/bin/python3 data/samples/generate.py            # rewrite data/samples/*.csv
    /usr/bin/python3 data/samples/generate.py -o DIR     # write them into DIR instead

The output is byte-identical on every run and on every machine (the tests
in tests/data/ check this), so edit this script, re-run it and commit the
script and the CSV files together.
"""

import argparse
import csv
import datetime
import io
import math
import os
import random
import sys

SEED = 20261123
FILES = ("students.csv", "housing.csv", "reviews.csv")


# ---------------------------------------------------------------------------
# helpers


def logistic(x):
    return 1.0 / (1.0 + math.exp(-x))


def clamp(x, lo, hi):
    return lo if x < lo else hi if x > hi else x


def fmt(x, digits):
    """Format a float with a fixed number of decimals, never '-0.0'."""
    s = "{:.{}f}".format(x, digits)
    if s.startswith("-") and float(s) == 0.0:
        s = s[1:]
    return s


def maybe_missing(rng, value, rate, missing=""):
    return missing if rng.random() < rate else value


def yes_no(flag):
    return "yes" if flag else "no"


def to_csv(header, rows):
    """RFC 4180 CSV text: comma, fields quoted only when needed, LF endings."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=",", quotechar='"',
                        quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(row)
    return buf.getvalue()


# ---------------------------------------------------------------------------
# students.csv: will a student pass the year?

PROGRAMMES = ["Data science", "Informatique", "Mathématiques", "Biologie"]
PROGRAMME_WEIGHTS = [35, 30, 20, 15]
PROGRAMME_EFFECT = {"Data science": 0.2, "Informatique": 0.0,
                    "Mathématiques": -0.3, "Biologie": 0.1}
STUDENT_CITIES = ["Paris", "Lyon", "Marseille", "Toulouse", "Lille",
                  "Bordeaux", "Nantes", "Strasbourg", "Rennes", "Montpellier"]
STUDENT_CITY_WEIGHTS = [24, 14, 10, 10, 9, 8, 8, 6, 6, 5]

N_STUDENTS = 592          # distinct students; 8 exact duplicates make 600 rows
N_STUDENT_DUPLICATES = 8


def make_students(rng):
    header = ["student_id", "age", "programme", "hours_studied_per_week",
              "attendance_rate", "previous_grade", "has_internship",
              "scholarship", "enrolment_date", "city", "passed"]
    rows = []
    for i in range(1, N_STUDENTS + 1):
        age = 18 + int(abs(rng.gauss(0, 2.6)))
        if rng.random() < 0.06:
            age += rng.randint(5, 20)       # a few mature students
        programme = rng.choices(PROGRAMMES, PROGRAMME_WEIGHTS)[0]
        hours = clamp(rng.gauss(14, 6), 0.5, 40)
        attendance = clamp(rng.betavariate(8, 2), 0.2, 1.0)
        previous = clamp(rng.gauss(11.5, 2.8), 2, 19.5)
        internship = rng.random() < 0.3
        scholarship = rng.random() < 0.35
        year = rng.choice([2021, 2022, 2023, 2024])
        start = datetime.date(year, 9, 1)
        enrolment = start + datetime.timedelta(days=int(abs(rng.gauss(0, 12))))
        if rng.random() < 0.05:             # late enrolments, in January
            enrolment = datetime.date(year + 1, 1, rng.randint(3, 25))
        city = rng.choices(STUDENT_CITIES, STUDENT_CITY_WEIGHTS)[0]

        # The truth the models should find: hours, attendance and the previous
        # grade matter most; an internship helps a little; noise does the rest.
        z = (-7.4 + 0.11 * hours + 3.6 * attendance + 0.32 * previous
             + 0.5 * internship + PROGRAMME_EFFECT[programme]
             + rng.gauss(0, 0.6))
        passed = rng.random() < logistic(z)

        rows.append([
            "S{:04d}".format(i),
            maybe_missing(rng, str(age), 0.04),
            programme,
            maybe_missing(rng, fmt(hours, 1), 0.06),
            maybe_missing(rng, fmt(attendance, 2), 0.03),
            maybe_missing(rng, fmt(previous, 1), 0.07),
            yes_no(internship),
            maybe_missing(rng, yes_no(scholarship), 0.05),
            enrolment.isoformat(),
            maybe_missing(rng, city, 0.02),
            yes_no(passed),
        ])

    # Deliberate quality problems, for the Quality pane to find.
    # 1. Impossible ages (a typo of 23, and a 2 instead of 20).
    rows[41][1] = "230"
    rows[377][1] = "2"
    # 2. Inconsistent case in a category.
    data_science = [k for k, row in enumerate(rows) if row[2] == "Data science"]
    for k in data_science[5::40][:5]:
        rows[k][2] = "data science"
    # 3. Exact duplicate rows (the same student entered twice), placed
    #    somewhere after the original.
    picks = rng.sample(range(N_STUDENTS), N_STUDENT_DUPLICATES)
    for p in picks:
        copy = list(rows[p])
        where = rng.randint(p + 1, len(rows))
        rows.insert(where, copy)
    return header, rows


# ---------------------------------------------------------------------------
# housing.csv: what is a flat or a house worth?

HOUSING_CITIES = ["Paris", "Lyon", "Bordeaux", "Nantes", "Lille",
                  "Toulouse", "Marseille", "Saint-Étienne"]
HOUSING_CITY_WEIGHTS = [20, 15, 12, 12, 11, 11, 11, 8]
PRICE_PER_M2 = {"Paris": 10200, "Lyon": 5000, "Bordeaux": 4600,
                "Nantes": 3900, "Lille": 3500, "Toulouse": 3600,
                "Marseille": 3500, "Saint-Étienne": 1500}
DISTRICTS = ["Centre", "Nord", "Sud", "Est", "Ouest"]
ENERGY_CLASSES = ["A", "B", "C", "D", "E", "F", "G"]
ENERGY_FACTOR = {"A": 0.10, "B": 0.07, "C": 0.04, "D": 0.0,
                 "E": -0.04, "F": -0.09, "G": -0.14}
N_HOUSING = 500


def make_housing(rng):
    header = ["listing_id", "city", "district", "surface_m2", "rooms",
              "year_built", "distance_to_centre_km", "energy_class",
              "has_balcony", "price_eur"]
    rows = []
    for i in range(1, N_HOUSING + 1):
        city = rng.choices(HOUSING_CITIES, HOUSING_CITY_WEIGHTS)[0]
        surface = clamp(rng.lognormvariate(math.log(62), 0.42), 14, 260)
        rooms = int(clamp(round(surface / 23 + rng.gauss(0, 0.6)), 1, 9))
        r = rng.random()
        if r < 0.25:
            year = rng.randint(1850, 1939)
        elif r < 0.75:
            year = rng.randint(1945, 1999)
        else:
            year = rng.randint(2000, 2024)
        if city == "Paris":
            distance = clamp(rng.expovariate(1 / 3.2), 0.2, 14)
        else:
            distance = clamp(rng.expovariate(1 / 4.5), 0.2, 20)
        district = "Centre" if distance < 1.5 else rng.choice(DISTRICTS[1:])
        # Newer buildings are better insulated, with plenty of exceptions.
        energy_index = (6 - (year - 1850) / 175 * 6) + rng.gauss(0, 1.1)
        energy = ENERGY_CLASSES[int(clamp(round(energy_index), 0, 6))]
        balcony = rng.random() < (0.55 if year >= 1960 else 0.25)

        # The truth: roughly linear in the surface, at a price per m2 that
        # depends on the city, less far from the centre, plus small effects.
        price = (surface * PRICE_PER_M2[city] * (1 + ENERGY_FACTOR[energy])
                 - 2600 * distance * PRICE_PER_M2[city] / 4000
                 + 9000 * balcony
                 + 15000)
        price *= 1 + rng.gauss(0, 0.09)
        price = max(price, 25000)
        rows.append([
            "L{:04d}".format(i), city, district, surface, rooms, year,
            distance, energy, balcony, price,
        ])

    # Outliers: a few exceptional properties (castle-like, or with a view),
    # and two prices typed with an extra zero.
    for k in rng.sample(range(N_HOUSING), 5):
        rows[k][9] *= rng.uniform(2.4, 3.6)
    for k in rng.sample(range(N_HOUSING), 2):
        rows[k][9] *= 10

    out = []
    for (lid, city, district, surface, rooms, year, distance, energy,
         balcony, price) in rows:
        out.append([
            lid,
            city,
            maybe_missing(rng, district, 0.03, "NA"),
            maybe_missing(rng, fmt(surface, 1), 0.03, "NA"),
            maybe_missing(rng, str(rooms), 0.02, "NA"),
            maybe_missing(rng, str(year), 0.05, "NA"),
            maybe_missing(rng, fmt(distance, 1), 0.02, "NA"),
            maybe_missing(rng, energy, 0.07, "NA"),
            maybe_missing(rng, yes_no(balcony), 0.03, "NA"),
            str(int(round(price / 100.0)) * 100),
        ])
    return header, out


# ---------------------------------------------------------------------------
# reviews.csv: is this review positive, negative or neutral?

# French nouns carry their gender ("m"/"f") so that articles, demonstratives
# and adjectives agree: "cette veste est parfaite", "cet imperméable".
PRODUCTS = {
    "books": {
        "en": ["book", "novel", "cookbook", "comic", "travel guide"],
        "fr": [("livre", "m"), ("roman", "m"), ("livre de cuisine", "m"),
               ("bande dessinée", "f"), ("guide de voyage", "m")],
    },
    "electronics": {
        "en": ["headset", "charger", "keyboard", "speaker", "phone case"],
        "fr": [("casque", "m"), ("chargeur", "m"), ("clavier", "m"),
               ("enceinte", "f"), ("coque de téléphone", "f")],
    },
    "kitchen": {
        "en": ["kettle", "frying pan", "coffee maker", "knife set", "blender"],
        "fr": [("bouilloire", "f"), ("poêle", "f"), ("cafetière", "f"),
               ("set de couteaux", "m"), ("mixeur", "m")],
    },
    "clothing": {
        "en": ["jacket", "pair of shoes", "T-shirt", "scarf", "raincoat"],
        "fr": [("veste", "f"), ("paire de chaussures", "f"), ("T-shirt", "m"),
               ("écharpe", "f"), ("imperméable", "m")],
    },
    "toys": {
        "en": ["board game", "puzzle", "building set", "plush toy", "kite"],
        "fr": [("jeu de société", "m"), ("puzzle", "m"),
               ("jeu de construction", "m"), ("peluche", "f"),
               ("cerf-volant", "m")],
    },
}
CATEGORIES = list(PRODUCTS)

ASPECTS = {
    "en": ["the quality", "the price", "the delivery", "the packaging",
           "the size", "the design", "the manual"],
    "fr": [("qualité", "f"), ("prix", "m"), ("livraison", "f"),
           ("emballage", "m"), ("taille", "f"), ("design", "m"),
           ("notice", "f")],
}

# Placeholders. English: {p} product, {P} capitalised, {A}/{a} aspect, {b} a
# brand-like nickname. French also: {le} {ce} {un} {mon} {Le} {Ce} {Un}
# (determiner + noun), {LeA} (article alone, before an adjective), {x} ("e"
# when the product is feminine), {il}/{Il} (pronoun), {y} ("e" when the
# aspect is feminine).
OPENINGS = {
    ("en", "positive"): [
        "I love this {p}.",
        "Great {p}, exactly as described.",
        "Really happy with this {p}!",
        "This {p} is excellent.",
        "Bought this {p} for my sister, and she loves it.",
        "Five stars for the \"{b}\" {p}.",
        "Best {p} I have owned so far.",
    ],
    ("en", "neutral"): [
        "The {p} is okay.",
        "It's an average {p}, nothing special.",
        "This {p} does the job, more or less.",
        "Not bad, not great: a fairly ordinary {p}.",
        "The \"{b}\" {p} is fine, I suppose.",
        "Decent {p} for everyday use.",
    ],
    ("en", "negative"): [
        "Very disappointed with this {p}.",
        "This {p} broke after two days.",
        "Do not buy this {p}.",
        "The {p} looks nothing like the photos.",
        "Terrible {p}, a complete waste of money.",
        "The so-called \"premium\" {p} feels cheap.",
        "I returned the {p} the same week.",
    ],
    ("fr", "positive"): [
        "J'adore {ce}, {il} est parfait{x}.",
        "Excellent{x} {p}, conforme à la description.",
        "Très contente de {mon} !",
        "{Ce} est vraiment top.",
        "Offert{x} à mon frère, et il l'adore.",
        "Cinq étoiles pour {le} « {b} », presque \"parfait{x}\".",
        "{LeA} meilleur{x} {p} que j'aie acheté{x}.",
    ],
    ("fr", "neutral"): [
        "{Le} est correct{x}.",
        "{Un} dans la moyenne, sans plus.",
        "{Ce} fait le travail, plus ou moins.",
        "Ni bien ni mal : {un} assez ordinaire.",
        "{Le} \"{b}\" est convenable.",
        "{P} honnête pour un usage quotidien.",
    ],
    ("fr", "negative"): [
        "Très déçu par {ce}.",
        "{Ce} s'est cassé{x} au bout de deux jours.",
        "N'achetez pas {ce}.",
        "{Le} ne ressemble pas du tout aux photos.",
        "{P} décevant{x}, de l'argent jeté par les fenêtres.",
        "{Le} soi-disant \"haut de gamme\" fait bon marché.",
        "J'ai renvoyé {le} dans la semaine.",
    ],
}

DETAILS = {
    ("en", "positive"): [
        "{A} is better than I expected.",
        "{A} is perfect, and it arrived early.",
        "Good value for money.",
        "Solid, well made, and easy to use.",
        "My kids use it every day.",
    ],
    ("en", "neutral"): [
        "{A} is acceptable, but could be better.",
        "{A} was fine; the rest is average.",
        "It works, although I expected a bit more.",
        "Delivery was on time.",
        "Some good points, some bad points.",
    ],
    ("en", "negative"): [
        "{A} is awful.",
        "{A} was a problem, and customer service never answered.",
        "It fell apart within two weeks.",
        "Cheap materials, poor finish.",
        "The seller said \"no refunds\", which is unacceptable.",
    ],
    ("fr", "positive"): [
        "{A} est meilleur{y} que prévu.",
        "{A} est parfait{y}, et la livraison a été rapide.",
        "Très bon rapport qualité-prix.",
        "Solide, bien fini, facile à utiliser.",
        "Mes enfants s'en servent tous les jours.",
    ],
    ("fr", "neutral"): [
        "{A} est acceptable, mais pourrait être mieux.",
        "Rien à signaler pour {a} ; le reste est moyen.",
        "Ça marche, même si j'attendais un peu plus.",
        "Livraison dans les délais.",
        "Des points positifs, des points négatifs.",
    ],
    ("fr", "negative"): [
        "{A} laisse vraiment à désirer.",
        "Problème avec {a}, et le service client ne répond pas.",
        "{Il} n'a pas tenu deux semaines.",
        "Matériaux bon marché, finitions médiocres.",
        "Le vendeur m'a répondu \"pas de remboursement\", inadmissible.",
    ],
}

CLOSINGS = {
    ("en", "positive"): ["Highly recommended!", "Would buy again.", "", "",
                         "Thanks!"],
    ("en", "neutral"): ["Maybe.", "We'll see over time.", "", "",
                        "Three stars."],
    ("en", "negative"): ["Avoid.", "Never again.", "", "",
                         "One star is too many."],
    ("fr", "positive"): ["Je recommande !", "Je rachèterai.", "", "",
                         "Merci !"],
    ("fr", "neutral"): ["À voir sur la durée.", "Bof.", "", "",
                        "Trois étoiles."],
    ("fr", "negative"): ["À éviter.", "Plus jamais.", "", "",
                         "Une étoile, c'est déjà trop."],
}

NICKNAMES = ["Nova", "Atlas", "Zen", "Pixel", "Alto", "Luma", "Orbit", "Kiwi"]
SENTIMENTS = ["positive", "neutral", "negative"]
SENTIMENT_WEIGHTS = [45, 20, 35]
# P(rating | sentiment), ratings 1..5: mostly consistent, sometimes not.
RATING_WEIGHTS = {
    "positive": [1, 1, 6, 40, 52],
    "neutral": [3, 25, 55, 15, 2],
    "negative": [55, 35, 8, 1, 1],
}
N_REVIEWS = 400


def capitalise(s):
    return s[:1].upper() + s[1:]


def starts_with_vowel(word):
    return word[:1].lower() in "aeiouyéèêàâîôûh"


def french_forms(noun, gender):
    """Determiner + noun forms of a French noun, in both cases."""
    fem = gender == "f"
    vowel = starts_with_vowel(noun)
    forms = {
        "p": noun,
        "le": ("l'" if vowel else "la " if fem else "le ") + noun,
        "ce": ("cette " if fem else "cet " if vowel else "ce ") + noun,
        "un": ("une " if fem else "un ") + noun,
        "mon": ("ma " if fem and not vowel else "mon ") + noun,
        "LeA": "La" if fem else "Le",
        "x": "e" if fem else "",
        "il": "elle" if fem else "il",
    }
    for key in ("p", "le", "ce", "un", "il"):
        forms[capitalise(key)] = capitalise(forms[key])
    return forms


def fill(template, lang, product, aspect, nickname):
    if lang == "fr":
        words = french_forms(*product)
        noun, gender = aspect
        words["a"] = french_forms(noun, gender)["le"]
        words["A"] = capitalise(words["a"])
        words["y"] = "e" if gender == "f" else ""
    else:
        words = {"p": product, "P": capitalise(product), "a": aspect,
                 "A": capitalise(aspect)}
    words["b"] = nickname
    return template.format(**words)


def make_reviews(rng):
    header = ["review_id", "category", "language", "text", "rating",
              "sentiment"]
    rows = []
    for i in range(1, N_REVIEWS + 1):
        category = rng.choice(CATEGORIES)
        lang = "fr" if rng.random() < 0.55 else "en"
        sentiment = rng.choices(SENTIMENTS, SENTIMENT_WEIGHTS)[0]
        rating = rng.choices([1, 2, 3, 4, 5], RATING_WEIGHTS[sentiment])[0]
        product = rng.choice(PRODUCTS[category][lang])
        aspect = rng.choice(ASPECTS[lang])
        nickname = rng.choice(NICKNAMES)
        key = (lang, sentiment)
        parts = [fill(rng.choice(OPENINGS[key]), lang, product, aspect,
                      nickname)]
        if rng.random() < 0.8:
            parts.append(fill(rng.choice(DETAILS[key]), lang, product,
                              aspect, nickname))
        if rng.random() < 0.12:
            # A contrasting remark makes the task less trivial.
            other = "negative" if sentiment == "positive" else "positive"
            contrast = fill(rng.choice(DETAILS[(lang, other)]), lang,
                            product, aspect, nickname)
            word = "Mais" if lang == "fr" else "But"
            parts.append(word + " " + contrast[:1].lower() + contrast[1:])
        closing = rng.choice(CLOSINGS[key])
        if closing:
            parts.append(closing)
        text = " ".join(parts)
        rows.append(["R{:04d}".format(i), category, lang, text, str(rating),
                     sentiment])
    return header, rows


# ---------------------------------------------------------------------------


def generate():
    """Return {file name: CSV text}. Each file has its own seeded stream so
    that changing one dataset never changes the others."""
    out = {}
    for offset, (name, maker) in enumerate((("students.csv", make_students),
                                            ("housing.csv", make_housing),
                                            ("reviews.csv", make_reviews))):
        rng = random.Random(SEED + offset)
        header, rows = maker(rng)
        out[name] = to_csv(header, rows)
    return out


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output-dir",
                        default=os.path.dirname(os.path.abspath(__file__)),
                        help="directory to write the CSV files into "
                             "(default: next to this script)")
    args = parser.parse_args(argv)
    os.makedirs(args.output_dir, exist_ok=True)
    for name, text in generate().items():
        path = os.path.join(args.output_dir, name)
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Fixed words that go into the kits, one catalogue per language (lesson text lives in the YAML).

A word that depends on a number is a (singular, plural) pair and is called with ``count``; the language's
plural rule (Babel's CLDR data) picks the form, as a gettext catalogue's ``ngettext`` would.
"""
from __future__ import annotations

import functools
from types import MappingProxyType

from babel import Locale

#: Kit languages: code → BCP 47 tag written into the files.
LANGUAGES = MappingProxyType({"nl": "nl-NL", "en": "en-GB"})

#: Language names for messages to designers.
LANGUAGE_NAMES = MappingProxyType({"nl": "Dutch", "en": "English"})

_CATALOGUES: dict[str, dict[str, str]] = {
    "nl": {
        "name": "Naam",
        "class": "Groep/klas",
        "date": "Datum",
        "page": "Pagina {page} van {pages}",
        "worksheet": "Werkblad",
        "answers": "Antwoorden en lesplan",
        "teacher_only": "Voor de leerkracht",
        "true": "Waar",
        "false": "Niet waar",
        "safe": "Veilig",
        "not_safe": "Niet veilig",
        "tick_one": "Zet een kruisje bij het goede antwoord.",
        "answer": "Antwoord",
        "explanation": "Uitleg",
        "model_answer": "Voorbeeldantwoord",
        "word_bank": "Kies uit",
        "goals": "Lesdoelen",
        "goal_knowledge": "Kennis",
        "goal_skills": "Vaardigheden",
        "goal_attitude": "Houding",
        "keywords": "Kernwoorden",
        "materials": "Materialen",
        "preparation": "Voorbereiding",
        "lesson_plan": "Lesverloop",
        "minutes": "min.",
        "minutes_total": ("{count} minuut", "{count} minuten"),
        "activity": "Activiteit",
        "time": "Tijd",
        "safeguarding": "Veiligheid in de klas",
        "ground_rules": "Afspraken met de klas",
        "disclosure": "Als een leerling iets vertelt",
        "distance": "Afstand houden",
        "discussion_tips": "Tips voor het gesprek",
        "short_period": "Korter lesuur?",
        "ground_rules_slide": "Onze afspraken",
        "ground_rules_notes": (
            "Bespreek de afspraken voordat de les begint, en vraag of iedereen ermee akkoord is. Zeg erbij: "
            "wat klasgenoten hier vertellen, vertellen we niet verder. Maar als ik me zorgen maak over jouw "
            "veiligheid, moet ik dat vertellen aan iemand die kan helpen. Niemand hoeft iets over zichzelf te vertellen."
        ),
        "exercise": "Opdracht {number}",
        "answer_key": "Antwoorden",
        "sources": "Bronnen",
        "reviewed": "Inhoud gecontroleerd op {date}",
        "help": "Hier vind je hulp",
        "phone": "Telefoon",
        "emergency": "Bij direct gevaar: bel {phone}",
        "quiz_answer": "Het antwoord",
        "chat_alt": "Verzonnen chat in {app} met {contact}",
        "request_alt": "Verzonnen vriendschapsverzoek van {name}",
        "quiz_options_alt": "Antwoordkeuzes",
        "right_answer": "Goed antwoord",
        "qr_alt": "QR-code naar {url}",
        "mutual_friends": ("{count} gezamenlijke vriend", "{count} gezamenlijke vrienden"),
        "age_years": ("{count} jaar", "{count} jaar"),
        "request_accept": "Accepteren",
        "request_decline": "Weigeren",
        "notes_minutes": "Tijd: {minutes} min.",
        "true_false_header": "Zet een kruisje: waar of niet waar?",
        "match_instruction": "Trek een lijn van links naar rechts.",
        "sort_instruction": "Zet een kruisje: veilig of niet veilig?",
        "logo_alt": "Logo van de school",
        "placeholder_school": "[naam van de school]",
        "placeholder_teacher": "[uw naam]",
        "placeholder_class": "[groep of klas]",
        "placeholder_lesson_date": "[datum van de les]",
        "placeholder_email": "[uw e-mailadres]",
        "placeholder_phone": "[uw telefoonnummer]",
        "placeholder_date": "[datum]",
        "sort_cards_instruction": "Knip de kaartjes achter in dit werkblad uit. Leg elk kaartje in het goede vak.",
        "cards_title": "Kaartjes bij opdracht {number}",
        "cut_along_line": "Knip langs de stippellijnen.",
        "statement": "Zin",
        "situation": "Wat gebeurt er?",
        "left": "Links",
        "right": "Rechts",
        "open_instruction": "Lees wat er gebeurt. Schrijf op wat jij zou doen.",
        "fill_instruction": "Vul elke zin aan met een woord uit het kader.",
        "version": "versie {version}",
        "about_lesson": "Over deze les",
        "term": "Woord",
        "meaning": "Betekenis",
        "prepare_and_materials": "Voorbereiding en materialen",
        "time_span": "{start}–{end} min.",
        "help_for_teacher": "Hulp en doorverwijzen",
        "safeguarding_lead": "Aandachtsfunctionaris op school",
    },
    "en": {
        "name": "Name",
        "class": "Class",
        "date": "Date",
        "page": "Page {page} of {pages}",
        "worksheet": "Worksheet",
        "answers": "Answers and lesson plan",
        "teacher_only": "For the teacher",
        "true": "True",
        "false": "False",
        "safe": "Safe",
        "not_safe": "Not safe",
        "tick_one": "Tick the right answer.",
        "answer": "Answer",
        "explanation": "Why",
        "model_answer": "Model answer",
        "word_bank": "Choose from",
        "goals": "Learning goals",
        "goal_knowledge": "Knowledge",
        "goal_skills": "Skills",
        "goal_attitude": "Attitude",
        "keywords": "Key words",
        "materials": "Materials",
        "preparation": "Preparation",
        "lesson_plan": "Lesson plan",
        "minutes": "min",
        "minutes_total": ("{count} minute", "{count} minutes"),
        "activity": "Activity",
        "time": "Time",
        "safeguarding": "Safeguarding",
        "ground_rules": "Ground rules for the class",
        "disclosure": "If a pupil tells you something",
        "distance": "Keeping distance",
        "discussion_tips": "Tips for the discussion",
        "short_period": "Shorter period?",
        "ground_rules_slide": "Our ground rules",
        "ground_rules_notes": (
            "Go through the ground rules before the lesson starts and check that everyone agrees. Add: we don't "
            "repeat what classmates say here. But if I'm worried about your safety, I have to tell someone who "
            "can help. Nobody has to say anything about themselves."
        ),
        "exercise": "Exercise {number}",
        "answer_key": "Answers",
        "sources": "Sources",
        "reviewed": "Content reviewed on {date}",
        "help": "Where to get help",
        "phone": "Phone",
        "emergency": "In an emergency: call {phone}",
        "quiz_answer": "The answer",
        "chat_alt": "Made-up chat in {app} with {contact}",
        "request_alt": "Made-up friend request from {name}",
        "quiz_options_alt": "Answer options",
        "right_answer": "Right answer",
        "qr_alt": "QR code for {url}",
        "mutual_friends": ("{count} mutual friend", "{count} mutual friends"),
        "age_years": ("{count} year old", "{count} years old"),
        "request_accept": "Accept",
        "request_decline": "Decline",
        "notes_minutes": "Time: {minutes} min",
        "true_false_header": "Tick: true or false?",
        "match_instruction": "Draw a line from left to right.",
        "sort_instruction": "Tick: safe or not safe?",
        "logo_alt": "School logo",
        "placeholder_school": "[name of the school]",
        "placeholder_teacher": "[your name]",
        "placeholder_class": "[class]",
        "placeholder_lesson_date": "[date of the lesson]",
        "placeholder_email": "[your email address]",
        "placeholder_phone": "[your phone number]",
        "placeholder_date": "[date]",
        "sort_cards_instruction": "Cut out the cards at the back of this worksheet. Put each card in the right box.",
        "cards_title": "Cards for exercise {number}",
        "cut_along_line": "Cut along the dotted lines.",
        "statement": "Statement",
        "situation": "What happens?",
        "left": "Left",
        "right": "Right",
        "open_instruction": "Read what happens. Write down what you would do.",
        "fill_instruction": "Complete each sentence with a word from the box.",
        "version": "version {version}",
        "about_lesson": "About this lesson",
        "term": "Word",
        "meaning": "Meaning",
        "prepare_and_materials": "Preparation and materials",
        "time_span": "{start}–{end} min",
        "help_for_teacher": "Help and referral",
        "safeguarding_lead": "Safeguarding lead at school",
    },
}

CATALOGUES = MappingProxyType({lang: MappingProxyType(words) for lang, words in _CATALOGUES.items()})


class Labels:
    """The fixed words of one kit language: ``labels("page", page=1, pages=2)``."""

    def __init__(self, lang: str):
        self.lang = lang
        self.tag = LANGUAGES[lang]
        self._words = CATALOGUES[lang]

    def __reduce__(self):
        # Rebuilt from the language alone (its catalogue cannot be pickled), so views reach worker processes.
        return Labels, (self.lang,)

    def __call__(self, key: str, **values: object) -> str:
        word = self._words[key]
        if isinstance(word, tuple):  # (singular, plural): the language's plural rule picks one for ``count``
            word = word[0] if plural_form(self.lang, values["count"]) == "one" else word[1]
        return word.format(**values) if values else word


@functools.cache
def _locale(lang: str) -> Locale:
    return Locale.parse(LANGUAGES[lang].replace("-", "_"))


def plural_form(lang: str, count: int) -> str:
    """The CLDR plural category of ``count`` in ``lang``: "one" or "other" for Dutch and English."""
    return _locale(lang).plural_form(count)

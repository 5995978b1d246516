"""The web page's own words in Dutch and English, and the page language a browser asks for."""
from __future__ import annotations

#: Languages the page speaks; the first is the default.
UI_LANGS = ("nl", "en")

WORDS = {
    "nl": {
        "site": "kitgen lespakketten",
        "intro": "Kies een les, vul uw school in, bekijk het lespakket en download het. Uw gegevens worden niet bewaard.",
        "other_lang": "English",
        "skip": "Naar het formulier",
        "step_lesson": "1. Kies een les",
        "step_band": "2. Kies de groep of klas",
        "step_lang": "3. Kies de talen",
        "class_lang": "Taal van de les",
        "letter_langs": "Taal van de ouderbrief (een of meer)",
        "extra_letters": "Ouderbrief ook in een andere taal (alleen de brief)",
        "extra_hint": "Voor ouders die een andere taal beter lezen. De rest van het lespakket blijft in de taal van de les. Lees bij elke taal of de vertaling al is nagekeken.",
        "status": {
            "draft": "Concept — nog niet nagekeken door een moedertaalspreker",
            "ready": "Nagekeken door een moedertaalspreker",
        },
        "not_yet_for": "Nog niet voor",
        "no_letter_for": "Voor deze les en groep is er nog geen ouderbrief in het {name}. Kies een andere taal of een andere groep.",
        "read_letter": "Lees de brief hier",
        "draft_notice": "Let op: de ouderbrief in deze talen is een concept, nog niet nagekeken door een moedertaalspreker:",
        "draft_advice": "Laat hem zo mogelijk nalezen door iemand die de taal goed kent, voordat u hem verstuurt.",
        "step_school": "4. Gegevens van de school",
        "school_hint": "Deze gegevens komen in de brief aan de ouders. Velden met * zijn verplicht.",
        "load_title": "Gegevens laden of bewaren (school.yaml)",
        "load_hint": "Hebt u de gegevens eerder bewaard? Laad dan het bestand school.yaml (hoogstens 64 KB).",
        "load_button": "school.yaml laden",
        "save_button": "Gegevens bewaren als school.yaml",
        "remember": "Onthoud de gegevens in deze browser (niet op de server)",
        "forget": "Vergeet de onthouden gegevens",
        "name": "Naam van de school",
        "teacher": "Naam van de leerkracht",
        "class": "Groep of klas",
        "class_hint": "Bijvoorbeeld: groep 7b",
        "lesson_date": "Datum van de les",
        "letter_date": "Datum van de brief",
        "email": "E-mailadres voor ouders",
        "phone": "Telefoonnummer voor ouders",
        "address": "Adres van de school",
        "address_hint": "Op één regel, bijvoorbeeld: Voorbeeldstraat 12, 1234 AB Utrecht",
        "signature_nl": "Slotgroet in de Nederlandse brief",
        "signature_nl_hint": "Bijvoorbeeld: Met vriendelijke groet,",
        "signature_en": "Slotgroet in de Engelse brief",
        "signature_en_hint": "Bijvoorbeeld: Kind regards,",
        "logo": "Logo van de school (PNG of JPEG, hoogstens 2 MB)",
        "optional": "niet verplicht",
        "date_hint": "Als JJJJ-MM-DD, bijvoorbeeld 2026-03-12",
        "preview_button": "Bekijk het lespakket",
        "errors_title": "Controleer deze gegevens",
        "preview_title": "Voorbeeld van het lespakket",
        "download_zip": "Download het hele lespakket (zip)",
        "download": "Download",
        "back": "Terug naar het formulier",
        "slide": "Dia",
        "page": "Pagina",
        "kinds": {
            "slides": "Presentatie", "worksheet": "Werkblad", "answers": "Antwoorden en lesplan",
            "letter": "Ouderbrief (PDF)", "letter-text": "Ouderbrief (tekst)", "letter-html": "Ouderbrief (HTML)",
            "letter-eml": "Ouderbrief (e-mail)",
        },
        "no_lesson": "Kies een les.",
        "no_band": "Kies een groep of klas.",
        "no_letter_lang": "Kies minstens één taal voor de ouderbrief.",
        "not_found": "Deze pagina bestaat niet.",
        "not_allowed": "Zo kan deze pagina niet worden geopend.",
        "too_large": "Wat u stuurde is te groot.",
        "too_many": "Te veel verzoeken. Wacht een minuut en probeer het opnieuw.",
        "bad_request": "Het formulier kon niet worden gelezen. Probeer het opnieuw.",
        "server_error": "Er ging iets mis. Probeer het opnieuw.",
        "home": "Naar de startpagina",
        "saved_hint": "Het logo staat niet in school.yaml: zet het bestand ernaast en voeg 'logo: bestandsnaam.png' toe.",
        "minutes": "minuten",
        "chosen": "Gekozen",
    },
    "en": {
        "site": "kitgen lesson kits",
        "intro": "Choose a lesson, fill in your school, look at the kit and download it. Your details are not stored.",
        "other_lang": "Nederlands",
        "skip": "Skip to the form",
        "step_lesson": "1. Choose a lesson",
        "step_band": "2. Choose the year group",
        "step_lang": "3. Choose the languages",
        "class_lang": "Language of the lesson",
        "letter_langs": "Language of the parent letter (one or more)",
        "extra_letters": "Parent letter in another language too (the letter only)",
        "extra_hint": "For parents who read another language more easily. The rest of the kit stays in the language of the lesson. Check each language's review status below.",
        "status": {
            "draft": "Draft — not yet reviewed by a native speaker",
            "ready": "Reviewed by a native speaker",
        },
        "not_yet_for": "Not yet for",
        "no_letter_for": "There is no parent letter in {name} for this lesson and year group yet. Choose another language or year group.",
        "read_letter": "Read the letter here",
        "draft_notice": "Please note: the parent letter in these languages is a draft, not yet reviewed by a native speaker:",
        "draft_advice": "If you can, have someone who knows the language well read it before you send it.",
        "step_school": "4. Your school's details",
        "school_hint": "These details go into the letter to parents. Fields marked * are required.",
        "load_title": "Load or save the details (school.yaml)",
        "load_hint": "Saved your details before? Load the school.yaml file (64 KB at most).",
        "load_button": "Load school.yaml",
        "save_button": "Save the details as school.yaml",
        "remember": "Remember the details in this browser (not on the server)",
        "forget": "Forget the remembered details",
        "name": "School name",
        "teacher": "Teacher's name",
        "class": "Class",
        "class_hint": "For example: groep 7b",
        "lesson_date": "Date of the lesson",
        "letter_date": "Date of the letter",
        "email": "Email address for parents",
        "phone": "Phone number for parents",
        "address": "School address",
        "address_hint": "On one line, for example: Voorbeeldstraat 12, 1234 AB Utrecht",
        "signature_nl": "Closing line of the Dutch letter",
        "signature_nl_hint": "For example: Met vriendelijke groet,",
        "signature_en": "Closing line of the English letter",
        "signature_en_hint": "For example: Kind regards,",
        "logo": "School logo (PNG or JPEG, 2 MB at most)",
        "optional": "optional",
        "date_hint": "As YYYY-MM-DD, for example 2026-03-12",
        "preview_button": "Preview the kit",
        "errors_title": "Please check these details",
        "preview_title": "Preview of the kit",
        "download_zip": "Download the whole kit (zip)",
        "download": "Download",
        "back": "Back to the form",
        "slide": "Slide",
        "page": "Page",
        "kinds": {
            "slides": "Slides", "worksheet": "Worksheet", "answers": "Answers and lesson plan",
            "letter": "Parent letter (PDF)", "letter-text": "Parent letter (text)", "letter-html": "Parent letter (HTML)",
            "letter-eml": "Parent letter (email)",
        },
        "no_lesson": "Choose a lesson.",
        "no_band": "Choose a year group.",
        "no_letter_lang": "Choose at least one language for the parent letter.",
        "not_found": "This page does not exist.",
        "not_allowed": "This page cannot be opened that way.",
        "too_large": "What you sent is too large.",
        "too_many": "Too many requests. Wait a minute and try again.",
        "bad_request": "The form could not be read. Please try again.",
        "server_error": "Something went wrong. Please try again.",
        "home": "Go to the start page",
        "saved_hint": "The logo is not in school.yaml: put the file next to it and add 'logo: filename.png'.",
        "minutes": "minutes",
        "chosen": "Chosen",
    },
}

#: The languages' own names, for the language choices.
LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}


def pick_language(asked: str | None, accept_language: str | None) -> str:
    """The page language: an explicit choice, else the best match of Accept-Language, else Dutch."""
    if asked in UI_LANGS:
        return asked
    best, best_q = UI_LANGS[0], -1.0
    for item in (accept_language or "").split(",")[:20]:
        tag, _, params = item.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in UI_LANGS and q > best_q:
            best, best_q = primary, q
    return best

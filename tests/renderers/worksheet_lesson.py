"""A lesson with every exercise kind, hostile markup and a picture, written against the shipped bands."""
from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from PIL import Image

#: Lesson text that looks like reportlab markup; it must come out literally.
MARKUP = '<b>bold</b> & <img src="/etc/hostname"/> <font size=200>big</font>'

_LESSON = """\
id: allkinds
title: {nl: "Alle soorten opdrachten", en: "Every kind of exercise"}
version: "2.3"
reviewed: 2026-11-28
sources:
  - title: "Bron & test"
    url: https://example.org/bron
    consulted: 2026-11-28
common:
  summary: {nl: "Samenvatting.", en: "Summary."}
  goals:
    - kind: knowledge
      text: {nl: "Je weet wat grooming is.", en: "You know what grooming is."}
  keywords:
    - term: {nl: "Grooming", en: "Grooming"}
      meaning: {nl: "Digitaal kinderlokken.", en: "Luring a child online."}
  materials: [{nl: "Werkblad", en: "Worksheet"}]
  preparation: [{nl: "Lees de les.", en: "Read the lesson."}]
  slides:
    - kind: title
      title: {nl: "Titel", en: "Title"}
      notes: {nl: "Notitie.", en: "Note."}
  safeguarding:
    ground_rules: [{nl: "We praten over personages.", en: "We talk about characters."}]
    disclosure: [{nl: "Blijf rustig.", en: "Stay calm."}]
    distance: [{nl: "Geen eigen ervaringen.", en: "No own experiences."}]
  discussion_tips: [{nl: "Vat samen wat leerlingen zeggen.", en: "Sum up what pupils say."}]
  letter:
    what: {nl: "Wat.", en: "What."}
    why: {nl: "Waarom.", en: "Why."}
    learns: [{nl: "Leert.", en: "Learns."}]
    conversation: [{nl: "Gesprek.", en: "Talk."}]
    tips: [{nl: "Tip.", en: "Tip."}]
  resources: [RESOURCE]
  exercises:
    - kind: choice
      prompt: {nl: "Wie zit er achter een profiel?", en: "Who is behind a profile?"}
      picture: {file: "pictures/test-card.png", alt: {nl: "Een profiel", en: "A profile"}}
      options:
        - {nl: "Altijd een kind", en: "Always a child"}
        - {nl: "Dat weet je niet zeker", en: "You cannot be sure"}
        - {nl: "Alleen vrienden", en: "Only friends"}
      answer: 2
      explanation: {nl: "Een foto kan nep zijn.", en: "A photo can be fake."}
    - kind: true_false
      prompt: {nl: "Waar of niet waar?", en: "True or false?"}
      statements:
        - text: {nl: "Grooming is strafbaar.", en: "Grooming is a crime."}
          answer: true
        - text: {nl: "Het slachtoffer is schuldig.", en: "The victim is to blame."}
          answer: false
      explanation: {nl: "De dader is schuldig.", en: "The offender is to blame."}
    - kind: open
      prompt: {nl: "Wat zou jij doen?", en: "What would you do?"}
      situation: {nl: "Iemand vraagt om een foto.", en: "Someone asks for a photo."}
      answer: {nl: "Ik stuur niets en vertel het.", en: "I send nothing and tell someone."}
      explanation: {nl: "Vertellen helpt.", en: "Telling helps."}
    - kind: sort
      prompt: {nl: "Veilig of niet veilig?", en: "Safe or not safe?"}
      items:
        - text: {nl: "Chatten met je neef", en: "Chatting with your cousin"}
          safe: true
        - text: {nl: "Je adres sturen aan een onbekende", en: "Sending your address to a stranger"}
          safe: false
      explanation: {nl: "Deel alleen met wie je kent.", en: "Share only with people you know."}
    - kind: match
      prompt: {nl: "Verbind de stap met wat er gebeurt.", en: "Match each step with what happens."}
      pairs:
        - left: {nl: "Contact", en: "Contact"}
          right: {nl: "Doet zich jonger voor", en: "Pretends to be younger"}
        - left: {nl: "Vertrouwen", en: "Trust"}
          right: {nl: "Geeft complimenten", en: "Gives compliments"}
        - left: {nl: "Chantage", en: "Blackmail"}
          right: {nl: "Dreigt met beelden", en: "Threatens with images"}
      explanation: {nl: "Ken de stappen.", en: "Know the steps."}
    - kind: fill
      prompt: {nl: "Vul in.", en: "Fill in."}
      sentences:
        - {nl: "Een naar [[geheim]] mag je vertellen.", en: "You may tell a bad [[secret]]."}
        - {nl: "Bel de [[Kindertelefoon]] voor hulp.", en: "Call the [[helpline]] for help."}
      explanation: {nl: "Hulp is er altijd.", en: "Help is always there."}
    - kind: open
      prompt: {nl: "MARKUP", en: "MARKUP"}
      situation: {nl: "MARKUP", en: "MARKUP"}
      answer: {nl: "MARKUP", en: "MARKUP"}
      explanation: {nl: "MARKUP", en: "MARKUP"}
bands:
BANDS"""

_BAND_BLOCK = """\
  - for: ["{band}"]
    activities:
      - minutes: {minutes}
        title: {{nl: "Alles", en: "Everything"}}
        description: {{nl: "De hele les.", en: "The whole lesson."}}
"""


_PICTURE = '      picture: {file: "pictures/test-card.png", alt: {nl: "Een profiel", en: "A profile"}}\n'


def write_lesson(
    lessons_dir: Path, name: str = "allkinds.yaml", replace: dict[str, str] | None = None, picture: bool = True
) -> Path:
    """Write the all-kinds lesson into a copy of the shipped lessons folder; activities fit each band.

    With ``picture`` the first exercise shows ``pictures/test-card.png``, which the assets folder must hold.
    """
    bands = yaml.safe_load((lessons_dir / "bands.yaml").read_text(encoding="utf-8"))["bands"]
    resources = yaml.safe_load((lessons_dir / "resources.yaml").read_text(encoding="utf-8"))["resources"]
    blocks = "".join(_BAND_BLOCK.format(band=b["id"], minutes=b["minutes"]) for b in bands)
    text = _LESSON.replace("BANDS", blocks).replace("RESOURCE", resources[0]["id"])
    text = text.replace('"MARKUP"', yaml.safe_dump(MARKUP, default_style='"').strip())
    if not picture:
        text = text.replace(_PICTURE, "")
    for old, new in (replace or {}).items():
        text = text.replace(old, new)
    path = lessons_dir / name
    path.write_text(text, encoding="utf-8")
    return path


def write_lone_lesson(lessons_dir: Path, replace: dict[str, str] | None = None) -> Path:
    """Keep only bands.yaml and resources.yaml of the shipped lessons in ``lessons_dir``; write the all-kinds lesson."""
    for shipped in lessons_dir.glob("*.yaml"):
        if shipped.name not in ("bands.yaml", "resources.yaml"):
            shipped.unlink()
    return write_lesson(lessons_dir, replace=replace)


def lone_lesson_tree(root: Path, replace: dict[str, str] | None = None) -> tuple[Path, Path]:
    """``root``/lessons holding the all-kinds lesson alone, and ``root``/assets with the fonts and its picture."""
    project = Path(__file__).resolve().parents[2]
    lessons, assets = root / "lessons", root / "assets"
    shutil.copytree(project / "lessons", lessons)
    write_lone_lesson(lessons, replace)
    shutil.copytree(project / "assets" / "fonts", assets / "fonts")
    (assets / "pictures").mkdir()
    Image.new("RGB", (400, 200), "#3a7bd5").save(assets / "pictures" / "test-card.png")
    return lessons, assets

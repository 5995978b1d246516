"""`kitgen new ID`: a lesson file with every key, commented, that passes `kitgen check` once its TODOs are filled in."""
from __future__ import annotations

import re
from pathlib import Path

from kitgen.errors import KitgenError, Pos
from kitgen.builtin import lessons_file
from kitgen.loader import BANDS_FILE, RESERVED, RESOURCES_FILE, BandsFile, ResourcesFile, display_path
from kitgen.schema import Converter
from kitgen.yamlsource import read_yaml

_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*\Z")

#: The first line of a new lesson: editors with the YAML language server complete and explain keys from it.
SCHEMA_LINE = "# yaml-language-server: $schema=../lesson.schema.json"

_TEMPLATE = SCHEMA_LINE + """
# The lesson '{lesson_id}'. Replace every TODO, delete what you do not need, then run `kitgen check`.
# Every text is written in each language: {{nl: "…", en: "…"}}. The full reference: docs/lesson-format.md.
{id_line:<32} # the file name without .yaml; a-z, 0-9 and '-'
title: {{nl: "TODO titel", en: "TODO title"}}
version: "0.1"                   # raise it when the content changes (keep the quotes)
status: draft                    # builds leave a draft out; write ready when the lesson is done
reviewed: TODO                   # the date you last checked the facts, as YYYY-MM-DD
sources:                         # where the facts come from
  - title: "TODO name of the page"
    url: "TODO https://…"
    consulted: TODO              # YYYY-MM-DD

# Used for every band. A block under `bands:` (at the bottom) replaces whole keys for the bands it names.
common:
  summary: {{nl: "TODO samenvatting in een of twee zinnen", en: "TODO summary in one or two sentences"}}
  goals:                         # kind: knowledge, skills or attitude
    - kind: knowledge
      text: {{nl: "TODO Je weet …", en: "TODO You know …"}}
    - kind: skills
      text: {{nl: "TODO Je kunt …", en: "TODO You can …"}}
    - kind: attitude
      text: {{nl: "TODO Je vindt …", en: "TODO You feel …"}}
  keywords:                      # key words, explained at the pupils' level
    - term: {{nl: "TODO woord", en: "TODO word"}}
      meaning: {{nl: "TODO uitleg", en: "TODO meaning"}}
  materials:
    - {{nl: "Digibord met de dia's van deze les", en: "Interactive whiteboard with this lesson's slides"}}
    - {{nl: "Een werkblad per leerling", en: "One worksheet per pupil"}}
  preparation:
    - {{nl: "TODO voorbereiding", en: "TODO preparation"}}
  # activities: the lesson plan; set per band below, because their minutes must add up to the band's lesson length.
  slides:                        # in the order they are shown; `minutes` (default 1) is for the speaker notes
    - kind: title
      title: {{nl: "TODO titel", en: "TODO title"}}
      subtitle: {{nl: "TODO ondertitel", en: "TODO subtitle"}}  # optional; the band's label when left out
      notes: {{nl: "TODO wat de leerkracht zegt", en: "TODO what the teacher says"}}
      minutes: 2
      # picture: camera          # optional, on any slide: an id from assets/pictures.yaml (without it the
      #                          # deck picks one), or a picture of your own:
      # picture:
      #   file: pictures/example.png   # a PNG or JPEG inside assets/
      #   alt: {{nl: "…", en: "…"}}       # what the picture shows, for pupils who cannot see it
      #   decorative: false            # true for a picture that only decorates: then no alt text
    - kind: explain              # a points slide; kind can also be goals, question, discussion, recap or closing
      title: {{nl: "TODO titel", en: "TODO title"}}
      points:
        - {{nl: "TODO punt", en: "TODO point"}}
      notes: {{nl: "TODO notities", en: "TODO notes"}}
      minutes: 5
    - kind: scenario             # a dilemma: a made-up chat (or a friend request, below) and a question
      title: {{nl: "TODO titel", en: "TODO title"}}
      chat:
        app: "TODO app name"
        contact: "TODO name"
        messages:
          - sender: "TODO name"
            text: {{nl: "TODO bericht", en: "TODO message"}}
          - sender: "TODO pupil's name"
            me: true             # the pupil's own message, shown on the right
            text: {{nl: "TODO antwoord", en: "TODO reply"}}
      question: {{nl: "TODO vraag", en: "TODO question"}}
      notes: {{nl: "TODO notities", en: "TODO notes"}}
      minutes: 5
    - kind: scenario
      title: {{nl: "TODO titel", en: "TODO title"}}
      request:                   # a friend request or profile to judge
        name: "TODO name"
        handle: "TODO @handle"   # optional
        age: "TODO 12"           # optional, as shown on the profile
        mutual_friends: 0
        bio: {{nl: "TODO bio", en: "TODO bio"}}
        details:                 # optional extra lines on the profile
          - {{nl: "TODO detail", en: "TODO detail"}}
      question: {{nl: "TODO vraag", en: "TODO question"}}
      notes: {{nl: "TODO notities", en: "TODO notes"}}
      minutes: 5
    - kind: quiz                 # the answer follows on its own slide
      title: {{nl: "Quiz", en: "Quiz"}}
      question: {{nl: "TODO vraag", en: "TODO question"}}
      options:
        - {{nl: "TODO optie 1", en: "TODO option 1"}}
        - {{nl: "TODO optie 2", en: "TODO option 2"}}
        - {{nl: "TODO optie 3", en: "TODO option 3"}}
      answer: 1                  # the number of the right option
      explanation: {{nl: "TODO waarom", en: "TODO why"}}
      notes: {{nl: "TODO notities", en: "TODO notes"}}
      minutes: 3
    - kind: recap
      title: {{nl: "Onthoud", en: "Remember"}}
      points:
        - {{nl: "TODO", en: "TODO"}}
      notes: {{nl: "TODO notities", en: "TODO notes"}}
      minutes: 2
    - kind: help                 # where to get help: ids from resources.yaml
      title: {{nl: "Hier vind je hulp", en: "Where to get help"}}
      intro: {{nl: "TODO inleiding", en: "TODO introduction"}}  # optional
      resources: [TODO]          # {resource_ids}
      notes: {{nl: "TODO notities", en: "TODO notes"}}
      minutes: 2
  exercises:                     # the worksheet; the answers go to the teacher's answer key
    - kind: choice
      prompt: {{nl: "TODO vraag", en: "TODO question"}}
      options:
        - {{nl: "TODO optie 1", en: "TODO option 1"}}
        - {{nl: "TODO optie 2", en: "TODO option 2"}}
      answer: 1                  # the number of the right option
      explanation: {{nl: "TODO uitleg", en: "TODO explanation"}}
    - kind: true_false
      prompt: {{nl: "Waar of niet waar?", en: "True or false?"}}
      statements:
        - text: {{nl: "TODO bewering", en: "TODO statement"}}
          answer: true           # true or false
      explanation: {{nl: "TODO uitleg", en: "TODO explanation"}}
    - kind: open                 # "what would you do?", with lines to write on
      prompt: {{nl: "Wat zou jij doen?", en: "What would you do?"}}
      situation: {{nl: "TODO situatie", en: "TODO situation"}}
      answer: {{nl: "TODO voorbeeldantwoord", en: "TODO model answer"}}
      explanation: {{nl: "TODO uitleg", en: "TODO explanation"}}
    - kind: sort                 # sort cards into safe / not safe
      prompt: {{nl: "Veilig of niet veilig?", en: "Safe or not safe?"}}
      items:
        - text: {{nl: "TODO kaartje", en: "TODO card"}}
          safe: true
      explanation: {{nl: "TODO uitleg", en: "TODO explanation"}}
      # cards: true              # also print the items as cards to cut out (an extra page at the back)
    - kind: match                # draw lines between two columns (at least 2 pairs)
      prompt: {{nl: "TODO opdracht", en: "TODO instruction"}}
      pairs:
        - left: {{nl: "TODO links 1", en: "TODO left 1"}}
          right: {{nl: "TODO rechts 1", en: "TODO right 1"}}
        - left: {{nl: "TODO links 2", en: "TODO left 2"}}
          right: {{nl: "TODO rechts 2", en: "TODO right 2"}}
      explanation: {{nl: "TODO uitleg", en: "TODO explanation"}}
    - kind: fill                 # each [[word]] becomes a blank; the words go in a word bank
      prompt: {{nl: "Vul in.", en: "Fill in."}}
      sentences:
        - {{nl: "TODO een zin met een [[woord]]", en: "TODO a sentence with a [[word]]"}}
      explanation: {{nl: "TODO uitleg", en: "TODO explanation"}}
  discussion_tips:               # optional
    - {{nl: "TODO tip", en: "TODO tip"}}
  # short_period: {{nl: "...", en: "..."}}   # optional: what to cut when the period is shorter than the lesson
  safeguarding:
    ground_rules:
      - {{nl: "We praten over de personages in de voorbeelden, niet over onszelf.", en: "We talk about the characters in the examples, not about ourselves."}}
    disclosure:                  # what the teacher does when a child tells something
      - {{nl: "TODO", en: "TODO"}}
    distance:                    # keeping distance: characters, not pupils' own experiences
      - {{nl: "TODO", en: "TODO"}}
  letter:                        # the lesson's part of the parent letter: plain language (B1)
    what: {{nl: "TODO wat doen we in de klas", en: "TODO what we do in class"}}
    why: {{nl: "TODO waarom", en: "TODO why"}}
    learns:
      - {{nl: "TODO wat uw kind leert", en: "TODO what your child learns"}}
    conversation:                # questions to start a conversation at home
      - {{nl: "TODO vraag", en: "TODO question"}}
    tips:
      - {{nl: "TODO tip", en: "TODO tip"}}
  resources: [TODO]              # help resources in the letter and answer key: {resource_ids}

bands:
{band_blocks}"""

_BLOCK = """\
  - for: [{band_ids}]{band_comment}
    activities:                  # the lesson plan; the minutes add up to {minutes}
      - minutes: {opening}
        title: {{nl: "Opening", en: "Opening"}}
        description: {{nl: "TODO", en: "TODO"}}
      - minutes: {core}
        title: {{nl: "TODO", en: "TODO"}}
        description: {{nl: "TODO", en: "TODO"}}
      - minutes: {closing}
        title: {{nl: "Afsluiting", en: "Closing"}}
        description: {{nl: "TODO", en: "TODO"}}
"""


def write_scaffold(lessons_dir: Path, lesson_id: str) -> Path:
    """Write ``lessons_dir/lesson_id.yaml``; refuse a bad id or an existing file."""
    if not _ID.match(lesson_id):
        raise KitgenError(f"'{lesson_id}' cannot be a lesson id: use a-z, 0-9 and '-' (like 'sharing-photos')")
    path = lessons_dir / f"{lesson_id}.yaml"
    if path.name in RESERVED:
        raise KitgenError(f"'{lesson_id}' is the name of a file kitgen reserves; choose another id")
    if path.exists():
        raise KitgenError(f"{display_path(path)} already exists; kitgen new never overwrites a file")
    if lessons_dir.exists() and not lessons_dir.is_dir():
        raise KitgenError(f"{display_path(lessons_dir)} is a file, not a lessons folder")
    lessons_dir.mkdir(parents=True, exist_ok=True)  # bands and resources: the folder's own, else the built-in
    with path.open("x", encoding="utf-8") as out:  # "x": never replace a file made in the meantime
        out.write(scaffold_text(lesson_id, _band_minutes(lessons_dir), _resource_ids(lessons_dir)))
    return path


def scaffold_text(lesson_id: str, band_minutes: dict[str, int], resource_ids: list[str]) -> str:
    """The scaffold for ``lesson_id``: one activities block per lesson length found in the bands."""
    by_length: dict[int, list[str]] = {}
    for band_id, minutes in band_minutes.items():
        by_length.setdefault(minutes, []).append(band_id)
    blocks = []
    for minutes, band_ids in by_length.items():
        opening, closing = (5, 5) if minutes >= 15 else (0, 0)
        blocks.append(
            _BLOCK.format(
                band_ids=", ".join(f'"{b}"' for b in band_ids),
                band_comment="" if len(by_length) > 1 else "   # every band",
                minutes=minutes,
                opening=opening,
                core=minutes - opening - closing,
                closing=closing,
            )
        )
    if not blocks:  # no readable bands.yaml: leave the ids and minutes to the designer
        blocks.append(_BLOCK.format(band_ids="TODO", band_comment="   # band ids from bands.yaml",
                                    minutes="the band's lesson length", opening=5, core=35, closing=5))
    known = f"ids from resources.yaml: {', '.join(resource_ids)}" if resource_ids else "ids from resources.yaml"
    return _TEMPLATE.format(
        lesson_id=lesson_id, id_line=f"id: {lesson_id}", resource_ids=known, band_blocks="".join(blocks)
    )


def _band_minutes(lessons_dir: Path) -> dict[str, int]:
    bands = _read_list(lessons_file(lessons_dir, BANDS_FILE), BandsFile, "bands")
    return {band.id: band.minutes for band in bands}


def _resource_ids(lessons_dir: Path) -> list[str]:
    return [resource.id for resource in _read_list(lessons_file(lessons_dir, RESOURCES_FILE), ResourcesFile, "resources")]


def _read_list(path: Path, file_cls: type, key: str) -> list:
    """The items of a registry file, or none when it is missing or broken (`check` reports that)."""
    if not path.is_file():
        return []
    root, problems = read_yaml(path, display_path(path))
    if root is None:
        return []
    conv = Converter(display_path(path))
    pairs = conv.pairs(root, path.name)
    loaded = conv.fields(file_cls, pairs, Pos(path.name), path.name) if pairs is not None else None
    return getattr(loaded, key, [])

"""Self-study: which parts of an instructor note a learner may read after trying, and which not.

Every lesson cell tagged ``instructor`` mixes two kinds of text: **facilitation** (timing plans,
how to run an activity in the room, what to ask, what to cut) and **answers** (expected answers,
model answers, expected numbers, the corrections of common misconceptions). The self-study view
(`make study`, the Voila template ``aligned-study``) hides the first and puts the second behind a
"show after you try" fold. This module draws the line, without any change to the notebooks.

**The split rule.** A note is cut into *parts*: a heading line (``### ...``), a paragraph, or one
top-level list item. A part's *lead* is its heading text, or the bold or italic phrase it starts
with (``**Expected numbers:**``, ``- **Typical snags:**``). Then, in this order:

1. A part whose lead names answers (`ANSWER_LEAD`: expected..., answer, answer key, letter key,
   model answer, typical or good answers, misconception, misreading, mix-ups, verdicts), or whose text gives one
   inline (`INLINE_ANSWER`: "(Expected: ...)", "Good answers: ...", "Answer: ..."), is an
   **answer**: a question with its expected answer is worth trying alone first.
2. A part whose lead names facilitation (`FACILITATION_LEAD`: timing, cutting to time, how to run,
   ask the room, tip, preparation, tone, pairing, ...) is **facilitation**.
3. Any other part takes the kind of the lead-in paragraph it follows (a paragraph that is only a
   bold phrase, ``**Common misconceptions:**``, introduces the list below it), or else the
   kind of its heading: a heading that names answers or misconceptions ("Instructor notes:
   expected answers for the worked example") makes its section answers; any other heading
   ("Instructor notes: running and debriefing the activity") makes it facilitation.

Headings themselves are never shown (they name the note, "Instructor notes: ..."). Everything is
facilitation unless the rule finds an answer, so an unforeseen note is hidden, never revealed.

Pure: text in, text out; no notebook library, no kernel.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ANSWER = "answer"
FACILITATION = "facilitation"

ANSWER_LEAD = re.compile(
    r"\b(expected|answers?|answer key|letter key|model answers?|misconceptions?|misreadings?|mix-ups?|"
    r"verdicts?)\b",
    re.I,
)
FACILITATION_LEAD = re.compile(
    r"\b(timing|timings|cutting to time|short of time|how to run|in the room|ask the room|"
    r"ask first|questions? (to ask|for) the room|tip|preparation|tone|pairing|walk the room|"
    r"privacy|scores are private|keep it anonymous|legal caution|do not|avoid|goal)\b",
    re.I,
)
INLINE_ANSWER = re.compile(
    r"\(expected\b|\bexpected:|\bexpected answers?\b|\bexpected,|"
    r"\b(good|typical|reasonable|useful|likely) answers?\b|\banswer:|\banswer key\b",
    re.I,
)
HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
LIST_ITEM = re.compile(r"^(\s{0,3})([-*+]|\d+[.)])\s+")
LEAD = re.compile(r"^\s*(?:(?:[-*+]|\d+[.)])\s+)?(\*\*|__|\*|_)(.+?)\1")


@dataclass(frozen=True)
class Part:
    kind: str  # ANSWER or FACILITATION
    text: str  # the part's Markdown, as written
    heading: bool = False


@dataclass(frozen=True)
class Split:
    parts: tuple[Part, ...]

    @property
    def answers(self) -> str:
        """The answer parts as Markdown, in their order (empty when the note has none)."""
        return "\n\n".join(p.text.strip("\n") for p in self.parts if p.kind == ANSWER and not p.heading)

    @property
    def facilitation(self) -> str:
        return "\n\n".join(p.text.strip("\n") for p in self.parts if p.kind == FACILITATION)


def _chunks(markdown: str) -> list[tuple[str, bool, bool]]:
    """(text, is_heading, is_list_item) for each heading, paragraph and top-level list item."""
    chunks: list[list] = []  # [text, heading, list item]
    blank = True
    for line in markdown.replace("\r\n", "\n").split("\n"):
        if not line.strip():
            blank = True
            continue
        item = LIST_ITEM.match(line)
        last = chunks[-1] if chunks else None
        if HEADING.match(line):
            chunks.append([line, True, False])
        elif item and not item.group(1):
            chunks.append([line, False, True])
        elif last and last[2] and (line[:1].isspace() or not blank):
            last[0] += "\n" + line  # the item goes on: a continuation, a nested item or paragraph
        elif last and not last[1] and not last[2] and not blank:
            last[0] += "\n" + line
        else:
            chunks.append([line, False, False])
        blank = False
    return [(text, heading, listed) for text, heading, listed in chunks]


def _lead(text: str, heading: bool) -> str:
    if heading:
        return HEADING.match(text).group(2)
    found = LEAD.match(text)
    return found.group(2) if found else ""


def _kind_of_lead(lead: str) -> str | None:
    if not lead:
        return None
    if ANSWER_LEAD.search(lead):
        return ANSWER
    if FACILITATION_LEAD.search(lead):
        return FACILITATION
    return None


def _is_lead_in(text: str) -> bool:
    """A paragraph that is only its lead, introducing the list below it (``**Common misconceptions:**``)."""
    found = LEAD.match(text)
    return bool(found) and text[found.end():].strip() in ("", ":")


def split_note(markdown: str) -> Split:
    """Cut one instructor note into answer and facilitation parts (see the module's rule)."""
    parts: list[Part] = []
    section = FACILITATION
    intro: str | None = None  # the kind a lead-in paragraph gives the list below it
    for text, heading, listed in _chunks(markdown):
        lead = _lead(text, heading)
        if heading:
            section = ANSWER if ANSWER_LEAD.search(lead) else FACILITATION
            intro = None
            parts.append(Part(section, text, heading=True))
            continue
        own = _kind_of_lead(lead)
        if not listed:
            intro = None
        if own == ANSWER or INLINE_ANSWER.search(text):
            kind = ANSWER
        elif own == FACILITATION:
            kind = FACILITATION
        else:
            kind = intro or section
        if not listed and _is_lead_in(text):
            intro = own or section
        parts.append(Part(kind, text))
    return Split(tuple(parts))


def answers_of(markdown: str) -> str:
    """What the self-study view shows behind its fold for one instructor note ('' for none)."""
    return split_note(markdown).answers


__all__ = ["ANSWER", "FACILITATION", "Part", "Split", "answers_of", "split_note"]

"""The call flow as a picture, with how long each prompt takes to say in each language.

The picture is built from the flow itself (the registered steps, their ``edges`` and their
prompts spoken for a typical call), so it cannot drift from what callers hear. Graphviz draws it
(the ``graphviz`` package, with the ``dot`` program); where ``dot`` is missing, the same graph is
written as Mermaid text, which documentation sites draw.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from django.utils import timezone, translation

from cityline.core.models import Jurisdiction

from .flow import LANGUAGES, STEPS, Call
from .models import CallSession
from .speech import for_speech, speaking_seconds
from .turns import Speech

GREETING_LIMIT_SECONDS = 8.0

# Where an edge may lead that is not a step: the ends of a call.
ENDS = {
    "advisory": "911 advice, then goodbye",
    "transfer": "Transfer (logged)",
    "call-taker queue": "Call-taker (dial or queue)",
    "goodbye": "Goodbye",
    "end": "End of call",
    "recorded": "Message saved",
}
# Steps the provider calls back (not prompts a caller hears first-hand).
CALLBACKS = {"dial_done", "recorded", "ended"}


@dataclass
class Prompt:
    step: str
    title: str
    said: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # language → [(language, text)]

    def seconds(self, language: str) -> float:
        return round(sum(speaking_seconds(for_speech(text), lang) for lang, text in self.said[language]), 1)

    def first_words(self, language: str, limit: int = 64) -> str:
        text = " ".join(text for _lang, text in self.said[language])
        return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class GreetingTiming:
    language: str
    emergency_ends_at: float
    offer_ends_at: float
    total: float

    @property
    def within_limit(self) -> bool:
        return self.emergency_ends_at <= GREETING_LIMIT_SECONDS


def open_moment(city: Jurisdiction) -> datetime:
    """A moment when City Hall is open (an hour into its next opening), so the map shows the daytime flow."""
    opening = city.calendar.next_opening(timezone.now()) or timezone.now()
    return opening + timedelta(hours=1)


def _call(city: Jurisdiction, language: str, at: datetime) -> Call:
    session = CallSession(call_sid="CA-map", caller="+16205550123", language=language, step="greeting")
    return Call(session, city, at)


def prompts(city: Jurisdiction, at: datetime | None = None) -> list[Prompt]:
    """Every step's prompt in every language, for a typical call at ``at``."""
    at = at or open_moment(city)
    found = []
    for name, step in STEPS.items():
        if name in CALLBACKS:
            continue
        prompt = Prompt(name, step.title)
        for language in LANGUAGES:
            if language not in city.languages:
                continue
            call = _call(city, language, at)
            call.data["menu_heard"] = True
            with translation.override(language):
                step.example(call)
                turn = step.enter(call, [])
            prompt.said[language] = [
                (item.language, item.text) if isinstance(item, Speech) else (language, item) for item in turn.says
            ]
        found.append(prompt)
    return found


def greeting_timing(city: Jurisdiction, language: str) -> GreetingTiming:
    """Seconds of speech before the 911 sentence ends, and before the other-language offer ends."""
    call = _call(city, language, open_moment(city))
    with translation.override(language):
        turn = STEPS["greeting"].enter(call, [])
        emergency = call.emergency_sentence()
    elapsed, emergency_end, offer_end = 0.0, 0.0, 0.0
    for item in turn.says:
        lang, text = (item.language, item.text) if isinstance(item, Speech) else (language, item)
        elapsed += speaking_seconds(for_speech(text), lang)
        if text == emergency:
            emergency_end = elapsed
        if isinstance(item, Speech):
            offer_end = elapsed
    return GreetingTiming(language, round(emergency_end, 2), round(offer_end, 2), round(elapsed, 2))


def spanish_speaker_on_english_line(city: Jurisdiction) -> float:
    """A Spanish speaker on the English greeting presses 2 after "para español, oprima 2": when their
    own 911 sentence ends."""
    english = greeting_timing(city, "en")
    with translation.override("es"):
        sentence = _call(city, "es", open_moment(city)).emergency_sentence()
    return round(english.offer_ends_at + speaking_seconds(for_speech(sentence), "es"), 2)


def _label(prompt: Prompt) -> str:
    times = " · ".join(f"{language} {prompt.seconds(language):.1f} s" for language in prompt.said)
    quote = prompt.first_words("en") if "en" in prompt.said else ""
    return f"{prompt.title}\n“{quote}”\n{times}"


def edges() -> list[tuple[str, str, str]]:
    found = []
    for name, step in STEPS.items():
        if name in CALLBACKS and name != "dial_done":
            continue
        for label, target in step.edges.items():
            found.append((name, target, label))
    return found


def graphviz_source(city: Jurisdiction):
    import graphviz

    graph = graphviz.Digraph(
        "ivr",
        graph_attr={"rankdir": "TB", "fontname": "Helvetica", "fontsize": "11", "nodesep": "0.25", "ranksep": "0.45"},
    )
    graph.attr("node", shape="box", style="rounded,filled", fillcolor="#f0f4f8", fontname="Helvetica", fontsize="10")
    graph.attr("edge", fontname="Helvetica", fontsize="9", color="#555555")
    steps = {prompt.step: prompt for prompt in prompts(city)}
    for name, prompt in steps.items():
        colour = "#fde2e2" if name in {"greeting", "danger"} else "#f0f4f8"
        graph.node(name, _label(prompt), fillcolor=colour)
    graph.node("dial_done", "After a transfer\n(answered: end · no answer: voicemail)", fillcolor="#eeeeee")
    for target, title in ENDS.items():
        graph.node(target, title, shape="oval", fillcolor="#e6f4ea" if target != "advisory" else "#fde2e2")
    for source, target, label in edges():
        graph.edge(source, target, label=label)
    graph.attr(
        label="On any prompt: no answer or not understood, asked twice more, then a person (voicemail after hours); "
        "0 reaches a person where no number is asked for.",
        labelloc="b",
    )
    return graph


def mermaid_source(city: Jurisdiction) -> str:
    lines = ["flowchart TB"]
    for prompt in prompts(city):
        label = _label(prompt).replace('"', "'").replace("\n", "<br/>")
        lines.append(f'    {prompt.step}["{label}"]')
    lines.append('    dial_done["After a transfer"]')
    for target, title in ENDS.items():
        lines.append(f'    {target.replace(" ", "_").replace("-", "_")}(["{title}"])')
    for source, target, label in edges():
        target_id = target.replace(" ", "_").replace("-", "_")
        lines.append(f'    {source} -->|"{label.replace(chr(34), "")}"| {target_id}')
    return "\n".join(lines) + "\n"


def dot_available() -> bool:
    return shutil.which("dot") is not None


def write(city: Jurisdiction, output: Path, mermaid: bool = False) -> Path:
    """Draw the map to ``output`` (its suffix names the format: .svg, .png, .pdf); Mermaid text
    (``.mmd``) when asked or when Graphviz's ``dot`` is not installed. Returns the file written."""
    output = Path(output)
    if mermaid or not dot_available() or output.suffix == ".mmd":
        target = output.with_suffix(".mmd")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(mermaid_source(city), encoding="utf-8")
        return target
    output.parent.mkdir(parents=True, exist_ok=True)
    graph = graphviz_source(city)
    fmt = output.suffix.lstrip(".") or "svg"
    rendered = graph.render(outfile=str(output), format=fmt, cleanup=True)
    dot_file = output.with_suffix(".gv")
    if dot_file.exists():
        dot_file.unlink()
    return Path(rendered)

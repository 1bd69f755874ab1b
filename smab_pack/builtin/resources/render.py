"""HTML of the resource bank: every card in the page (it works without
JavaScript), and filters that resources.js brings to life."""

from __future__ import annotations

import gettext
from functools import lru_cache
from typing import TYPE_CHECKING

from jinja2 import Template

from smab_pack.api import COUNTRIES, RenderContext, localize, template

from .model import ResourcesBlock

if TYPE_CHECKING:
    from babel import Locale

_SOURCE = """<section class="smab-resources"{% if block.title %} aria-labelledby="{{ uid }}-title"{% endif %}>
{% if block.title %}<h2 class="smab-res-heading" id="{{ uid }}-title">{{ block.title }}</h2>{% endif %}
{{ block.intro_html | safe }}
<div class="smab-res-tools" role="search" hidden>
<div class="smab-res-field"><label for="{{ uid }}-q">{{ s.resources_search }}</label>
<input type="search" class="smab-res-q" id="{{ uid }}-q" autocomplete="off" dir="auto"></div>
{% for key, label, options in selects %}
<div class="smab-res-field"><label for="{{ uid }}-{{ key }}">{{ label }}</label>
<select class="smab-res-select" id="{{ uid }}-{{ key }}" data-key="{{ key }}">
<option value="">{{ s.resources_all }}</option>
{% for value, text in options %}
<option value="{{ value }}">{{ text }}</option>
{% endfor %}
</select></div>
{% endfor %}
<button type="button" class="smab-btn smab-ghost smab-res-reset">{{ s.resources_reset }}</button>
</div>
<p class="smab-res-count" role="status" aria-live="polite">{{ count }}</p>
<p class="smab-res-none" hidden>{{ s.resources_none }}</p>
<ul class="smab-res-list">
{% for card in cards %}
<li class="smab-res-card" data-id="{{ card.id }}" data-country="{{ card.country }}" data-topic="{{ card.topic }}" data-audience="{{ card.audience | join(' ') }}" data-language="{{ card.language | join(' ') }}">
<p class="smab-res-title">{% if card.url %}<a href="{{ card.url }}" target="_blank" rel="noopener noreferrer">{{ card.title }}</a>{% else %}<a href="{{ card.href }}" download>{{ card.title }}</a>{% endif %}</p>
<p class="smab-res-desc">{{ card.description }}</p>
<p class="smab-res-meta"><span>{{ card.country_name }}</span> · <span>{{ card.topic_label }}</span> · <span>{{ card.audience_labels | join(', ') }}</span> · <span>{{ card.language_names | join(', ') }}</span>{% if not card.url %} · <span class="smab-res-file">{{ s.resources_download }}</span>{% endif %}</p>
</li>
{% endfor %}
</ul>
</section>
"""


@lru_cache(maxsize=1)
def _template() -> Template:
    """Compiled on first use: the plugins are loaded by every command, most render no resource bank."""
    return template("resources.html", _SOURCE, autoescape=True, trim_blocks=True, lstrip_blocks=True)


@lru_cache(maxsize=64)
def _locale(tag: str) -> Locale | None:
    from babel import Locale, UnknownLocaleError  # CLDR's data: only for a page with resources

    try:
        return Locale.parse(tag.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return None


def country_name(code: str, lang: str) -> str:
    """The country (or EU) in the learner's language, from CLDR; English, then the code, if CLDR lacks it."""
    for tag in (lang, lang.split("-")[0], "en"):
        locale = _locale(tag)
        if locale is not None and locale.territories.get(code):
            return locale.territories[code]
    return code


def language_name(tag: str, lang: str) -> str:
    """The resource language ``tag`` named in the learner's language ``lang``."""
    shown, ui = _locale(tag), _locale(lang) or _locale("en")
    name = shown.get_display_name(ui) if shown is not None and ui is not None else None
    return name or tag


def count_text(template: str | list[str], count: int, plural: str) -> str:
    """The plural form the language's gettext rule picks (the run-time does the same in JavaScript)."""
    if isinstance(template, list):
        index = gettext.c2py(plural)(count)
        template = template[min(index, len(template) - 1)]
    return template.replace("{count}", str(count))


def render_resources(block: ResourcesBlock, ctx: RenderContext) -> str:
    course = ctx.course
    bank = course.resources
    if bank is None:  # cannot happen after a clean parse; render nothing rather than fail
        return ""
    lang, default = course.lang, course.config.lang
    by_id = {r.id: r for r in bank.resources}
    shown = [by_id[i] for i in block.ids if i in by_id]
    cards = []
    for r in shown:
        cards.append(
            {
                "id": r.id,
                "url": r.url,
                "href": block.files.get(r.id, "#"),
                "title": localize(r.title, lang, default),
                "description": localize(r.description, lang, default),
                "country": r.country,
                "topic": r.topic,
                "audience": r.audience,
                "language": r.language,
                "country_name": country_name(r.country, lang),
                "topic_label": localize(bank.topics.get(r.topic), lang, default) or r.topic,
                "audience_labels": [localize(bank.audiences.get(a), lang, default) or a for a in r.audience],
                "language_names": [language_name(t, lang) for t in r.language],
            }
        )
    # A filter the author fixed in the block is no choice for the learner: no select for it.
    options = {
        "country": [(c, country_name(c, lang)) for c in COUNTRIES if any(r.country == c for r in shown)],
        "topic": [
            (t, localize(label, lang, default)) for t, label in bank.topics.items() if any(r.topic == t for r in shown)
        ],
        "audience": [
            (a, localize(label, lang, default))
            for a, label in bank.audiences.items()
            if any(a in r.audience for r in shown)
        ],
        "language": sorted(
            {(t, language_name(t, lang)) for r in shown for t in r.language}, key=lambda option: option[1].casefold()
        ),
    }
    s = ctx.strings
    selects = [
        (key, s.get(f"resources_{key}", key), options[key])
        for key in ("country", "topic", "audience", "language")
        if key not in block.filters and len(options[key]) > 1
    ]
    scratch = ctx.page_id or "page"
    uid = f"{scratch}--resources-{block.line}"
    count = count_text(s.get("resources_count", "{count}"), len(cards), ctx.language.plural)
    return _template().render(block=block, s=s, uid=uid, selects=selects, cards=cards, count=count)

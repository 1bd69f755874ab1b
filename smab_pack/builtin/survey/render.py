"""HTML of a survey: one form with one Send; each question a fieldset; Likert answers as a radio group."""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Template

from smab_pack.api import RenderContext, template

from .model import LIKERT, SurveyBlock

_SOURCE = """<section class="smab-survey" data-survey="{{ survey.id }}">
{% if survey.title %}<h2 class="smab-survey-title"{% if survey.title_seg %} data-seg="{{ survey.title_seg }}"{% endif %}>{{ survey.title }}</h2>{% endif %}
<p class="smab-survey-note">{{ s.survey_note }}</p>
<form class="smab-survey-form" novalidate>
{% for q in survey.questions %}
<fieldset class="smab-sq" data-q="{{ page_id }}.{{ q.id }}" data-type="{{ q.type }}">
<legend class="smab-q-prompt">{{ q.prompt_html | safe }}</legend>
{% if q.type == "likert" %}
<div class="smab-likert">
{% for id in likert %}
<label><input type="radio" name="{{ q.id }}" value="{{ id }}"><span>{{ s[id] }}</span></label>
{% endfor %}
</div>
{% else %}
<label class="smab-fill"><span class="smab-vh">{{ s.your_answer }}</span><textarea name="{{ q.id }}" rows="3" maxlength="2000" dir="auto"></textarea></label>
{% endif %}
</fieldset>
{% endfor %}
<p class="smab-q-actions"><button type="submit" class="smab-btn smab-send">{{ s.survey_send }}</button></p>
<div class="smab-result" role="status" aria-live="polite"></div>
</form>
</section>
"""


@lru_cache(maxsize=1)
def _template() -> Template:
    """Compiled on first use: every command loads the plugins, few courses have a survey."""
    return template("survey.html", _SOURCE, autoescape=True, trim_blocks=True, lstrip_blocks=True)


def render_survey(block: SurveyBlock, ctx: RenderContext) -> str:
    return _template().render(survey=block, s=ctx.strings, page_id=ctx.page_id, likert=LIKERT)

"""HTML of a quiz: one form per question, usable with the keyboard alone."""

from __future__ import annotations

from jinja2 import Environment

from smab_pack.api import RenderContext

from .model import QuizBlock

_env = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
_template = _env.from_string(
    """<section class="smab-quiz" data-quiz="{{ quiz.id }}" data-graded="{{ 'true' if quiz.graded else 'false' }}">
{% if quiz.title %}<h2 class="smab-quiz-title">{{ quiz.title }}</h2>{% endif %}
{% if not quiz.graded %}<p class="smab-quiz-kind">{{ s.practice }}</p>{% endif %}
{% for q in quiz.questions %}
{% set key = page_id ~ "." ~ q.id %}
<form class="smab-q" data-q="{{ key }}" data-type="{{ q.type }}" novalidate>
<fieldset>
<legend class="smab-q-prompt">{{ q.prompt_html | safe }}</legend>
{{ q.details_html | safe }}
{% if q.type == "fill-in" %}
<label class="smab-fill"><span class="smab-vh">{{ s.your_answer }}</span><input type="text" name="r" dir="auto" autocomplete="off" spellcheck="false" maxlength="200"></label>
{% else %}
<div class="smab-choices">
{% for c in q.choices %}
<label class="smab-choice"><input type="{{ 'checkbox' if q.type == 'multiple' else 'radio' }}" name="r" value="{{ c.id }}"><span>{{ c.html | safe }}</span></label>
{% if c.feedback_html %}<div class="smab-fb" data-for="{{ c.id }}" hidden>{{ c.feedback_html | safe }}</div>{% endif %}
{% endfor %}
</div>
{% endif %}
</fieldset>
<p class="smab-q-actions"><button type="submit" class="smab-btn smab-check">{{ s.check_answer }}</button></p>
<div class="smab-result" role="status" aria-live="polite"></div>
{% if q.feedback_html %}<div class="smab-qfb" hidden>{{ q.feedback_html | safe }}</div>{% endif %}
</form>
{% endfor %}
<p class="smab-quiz-actions" hidden><button type="button" class="smab-btn smab-retry">{{ s.try_again }}</button></p>
</section>
"""
)


def render_quiz(block: QuizBlock, ctx: RenderContext, page_id: str | None = None) -> str:
    return _template.render(quiz=block, s=ctx.strings, page_id=ctx.page_id)

"""HTML of a quiz: one form per question, usable with the keyboard alone (select lists and
move-up/move-down buttons, never drag-only), each control labelled for screen readers."""

from __future__ import annotations

from smab_pack.api import RenderContext, template

from .model import LIKERT, QuizBlock

# compiled code kept between builds (api.template)
_template = template(
    "quiz.html",
    """<section class="smab-quiz" data-quiz="{{ quiz.id }}" data-key="{{ page_id }}.{{ quiz.id }}" data-graded="{{ 'true' if quiz.graded else 'false' }}">
{% if quiz.title %}<h2 class="smab-quiz-title"{% if quiz.title_seg %} data-seg="{{ quiz.title_seg }}"{% endif %}>{{ quiz.title }}</h2>{% endif %}
{% if not quiz.graded %}<p class="smab-quiz-kind">{{ s.practice }}</p>{% endif %}
<p class="smab-attempt" hidden></p>
{% for q in quiz.questions %}
{% set key = page_id ~ "." ~ q.id %}
<form class="smab-q" data-q="{{ key }}" data-type="{{ q.type }}"{% if q.gaps %} data-keys="{% for g in q.gaps %}{{ page_id }}.{{ g.id }}{{ ' ' if not loop.last }}{% endfor %}"{% endif %} novalidate>
<fieldset>
<legend class="smab-q-prompt">{{ q.prompt_html | safe }}</legend>
{{ q.details_html | safe }}
{% if q.type == "fill-in" or q.type == "numeric" %}
<label class="smab-fill"><span class="smab-vh">{{ s.your_answer }}</span><input type="text" name="r" dir="auto" autocomplete="off" spellcheck="false" maxlength="{{ 40 if q.type == 'numeric' else 200 }}"{% if q.type == 'numeric' %} inputmode="decimal"{% endif %}></label>
{% elif q.type == "text" %}
<label class="smab-fill"><span class="smab-vh">{{ s.your_answer }}</span><textarea name="r" rows="5" dir="auto" maxlength="{{ q.max_length }}"></textarea></label>
{% elif q.type == "cloze" %}
<p class="smab-cloze">{% for g in q.gaps %}{{ q.cloze_html[loop.index0] | safe }}<input type="text" name="g" data-k="{{ page_id }}.{{ g.id }}" aria-label="{{ s.your_answer }} ({{ loop.index }})" dir="auto" autocomplete="off" spellcheck="false" maxlength="200" size="12">{% endfor %}{{ q.cloze_html[-1] | safe }}</p>
{% elif q.type == "matching" %}
{% set targets = q.targets | map(attribute="id") | list %}
<div class="smab-pairs">
{% for c in q.choices %}
<div class="smab-pair"><label for="{{ key }}-{{ c.id }}">{{ c.html | safe }}</label><select id="{{ key }}-{{ c.id }}" data-item="{{ c.id }}"><option value="">{{ s.choose_option }}</option>{% for tid in q.shown %}<option value="{{ tid }}">{{ q.targets[targets.index(tid)].text }}</option>{% endfor %}</select></div>
{% endfor %}
</div>
{% elif q.type == "sequencing" %}
{% set steps = q.choices | map(attribute="id") | list %}
<ol class="smab-steps">
{% for sid in q.shown %}
{% set c = q.choices[steps.index(sid)] %}
<li data-step="{{ sid }}"><span>{{ c.html | safe }}</span><button type="button" class="smab-move" data-move="-1" aria-label="{{ s.move_up }}: {{ c.text }}">▲</button><button type="button" class="smab-move" data-move="1" aria-label="{{ s.move_down }}: {{ c.text }}">▼</button></li>
{% endfor %}
</ol>
{% else %}
<div class="smab-choices">
{% for c in (likert if q.type == "likert" else q.choices) %}
{% if q.type == "likert" %}
<label class="smab-choice"><input type="radio" name="r" value="{{ c }}"><span>{{ s[c] }}</span></label>
{% else %}
<label class="smab-choice"><input type="{{ 'checkbox' if q.type == 'multiple' else 'radio' }}" name="r" value="{{ c.id }}"><span>{{ c.html | safe }}</span></label>
{% if c.feedback_html %}<div class="smab-fb" data-for="{{ c.id }}" hidden>{{ c.feedback_html | safe }}</div>{% endif %}
{% endif %}
{% endfor %}
</div>
{% endif %}
</fieldset>
<p class="smab-q-actions"><button type="submit" class="smab-btn smab-check">{{ s.check_answer if q.scored else s.survey_send }}</button></p>
<div class="smab-result" role="status" aria-live="polite"></div>
{% if q.feedback_html %}<div class="smab-qfb" hidden>{{ q.feedback_html | safe }}</div>{% endif %}
</form>
{% endfor %}
<p class="smab-quiz-actions" hidden><button type="button" class="smab-btn smab-retry">{{ s.try_again }}</button><span class="smab-no-retry" role="status" hidden>{{ s.no_attempts }}</span></p>
</section>
""",
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
)


def render_quiz(block: QuizBlock, ctx: RenderContext, page_id: str | None = None) -> str:
    return _template.render(quiz=block, s=ctx.strings, page_id=ctx.page_id, likert=LIKERT)

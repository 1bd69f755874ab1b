"""HTML of a video: the native player (controls shown until the run-time adds
its own), every caption track, chapters as buttons and the transcript. Nothing of it is fetched
before its page is shown: preload="none", and the poster and tracks as data-poster/data-src, which
video.js makes real when the page is shown (a first page fetches no other page's media)."""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Template

from smab_pack.api import RenderContext, template

from .model import VideoBlock
from .vtt import clock

_SOURCE = """<figure class="smab-video" data-video="{{ key }}" data-required="{{ 'true' if v.required else 'false' }}" \
data-threshold="{{ v.threshold }}" data-title="{{ v.title }}" aria-labelledby="{{ key }}-title">
<figcaption class="smab-video-title" id="{{ key }}-title"{% if v.title_seg %} data-seg="{{ v.title_seg }}"{% endif %}>{{ v.title }}</figcaption>
{{ v.description_html | safe }}
<div class="smab-player">
<video preload="none" controls playsinline{% if v.poster %} data-poster="{{ v.poster }}"{% endif %}>
<source src="{{ v.src }}" type="{{ v.mime }}">
{% for t in captions %}
<track kind="captions" data-src="{{ t.href }}" srclang="{{ t.lang }}" label="{{ names.get(t.lang, t.lang) }}"{% if t is sameas shown %} default{% endif %}>
{% endfor %}
{% if chapters %}<track kind="chapters" data-src="{{ chapters.href }}" srclang="{{ chapters.lang }}" default>{% endif %}
</video>
<div class="smab-vc" hidden>
<button type="button" class="smab-vc-play" aria-label="{{ s.video_play }}" data-play="{{ s.video_play }}" data-pause="{{ s.video_pause }}"><span aria-hidden="true" class="smab-vc-icon">▶</span></button>
<input type="range" class="smab-vc-seek" min="0" max="1000" step="1" value="0" aria-label="{{ s.video_seek }}">
<span class="smab-vc-time" dir="ltr">0:00</span>
{% if captions %}<button type="button" class="smab-vc-cc" aria-pressed="true">{{ s.video_captions }}</button>{% endif %}
<label class="smab-vc-speed"><span class="smab-vh">{{ s.video_speed }}</span><select>
{% for r in ["0.5", "0.75", "1", "1.25", "1.5", "2"] %}<option value="{{ r }}"{% if r == "1" %} selected{% endif %}>{{ r }}×</option>{% endfor %}
</select></label>
<button type="button" class="smab-vc-mute">{{ s.video_mute }}</button>
<button type="button" class="smab-vc-full">{{ s.video_fullscreen }}</button>
</div>
</div>
{% if chapters %}
<nav class="smab-chapters" aria-label="{{ s.video_chapters }}"><ol>
{% for c in chapters.cues %}<li><button type="button" data-t="{{ c.start }}"><span class="smab-t" dir="ltr">{{ c.start | clock }}</span> {{ c.text }}</button></li>
{% endfor %}
</ol></nav>
{% endif %}
{% if shown %}
<details class="smab-transcript"><summary>{{ s.video_transcript }}</summary>
<div class="smab-transcript-text"{% if shown.lang != lang %} lang="{{ shown.lang }}" dir="{{ dirs.get(shown.lang, 'ltr') }}"{% endif %}>
{% for c in shown.cues %}<p><button type="button" class="smab-t" data-t="{{ c.start }}" dir="ltr">{{ c.start | clock }}</button> {{ c.text }}</p>
{% endfor %}
</div></details>
{% endif %}
<p class="smab-video-status" role="status">{% if v.required %}{{ s.video_required }}{% endif %}</p>
</figure>
"""


@lru_cache(maxsize=1)
def _template() -> Template:
    """Compiled on first use: every command loads the plugins, few courses have a video."""
    return template("video.html", _SOURCE, {"clock": clock}, autoescape=True, trim_blocks=True, lstrip_blocks=True)


def render_video(block: VideoBlock, ctx: RenderContext) -> str:
    preferred = [ctx.language.tag, ctx.course.config.lang]
    languages = ctx.languages
    captions = [t for t in block.tracks if t.kind == "captions"]
    return _template().render(
        v=block,
        key=f"{ctx.page_id}.{block.id}",
        s=ctx.strings,
        lang=ctx.language.tag,
        captions=captions,
        shown=block.track("captions", preferred),
        chapters=block.track("chapters", preferred),
        # only the tracks' languages: the others' CLDR data is never read
        names={t.lang: languages[t.lang].name for t in block.tracks if t.lang in languages},
        dirs={t.lang: languages[t.lang].direction for t in block.tracks if t.lang in languages},
    )

"""The interaction contract's models (smab_pack/models/interactions.py): the shapes an LMS can record
are accepted, the impossible ones refused with a message naming the fault, and a block whose
interactions break the contract is a located error, never a traceback."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from smab_pack.models.interactions import Choice, Interaction, Media, NumericRange


def _choices(*ids: str) -> tuple[Choice, ...]:
    return tuple(Choice(id=i, label=f"answer {i}") for i in ids)


def _refused(match: str, **fields) -> None:
    base = {"id": "q1", "block": "test", "kind": "choice"}
    with pytest.raises(ValidationError, match=match):
        Interaction(**{**base, **fields})


def test_each_kind_has_its_correct_response_as_data():
    choice = Interaction(
        id="q1", block="t", kind="choice", multiple=True, choices=_choices("a", "b", "c"), correct=("a", "c")
    )
    assert choice.patterns() == [["a", "c"]] and choice.answer_shape == "multiple" and not choice.single
    true_false = Interaction(id="q2", block="t", kind="true-false", choices=_choices("a", "b"), correct=("b",))
    assert true_false.patterns() == [False] and true_false.single
    fill_in = Interaction(id="q3", block="t", kind="fill-in", accepted=("Oslo", "Christiania"))
    assert fill_in.patterns() == ["Oslo", "Christiania"] and fill_in.answer_shape == "fill-in"
    matching = Interaction(
        id="q4",
        block="t",
        kind="matching",
        choices=_choices("1", "2"),
        targets=_choices("x", "y"),
        pairs=(("1", "y"), ("2", "x")),
    )
    assert matching.patterns() == [[["1", "y"], ["2", "x"]]]
    sequencing = Interaction(
        id="q5", block="t", kind="sequencing", choices=_choices("a", "b", "c"), correct=("c", "a", "b")
    )
    assert sequencing.patterns() == [["c", "a", "b"]]
    numeric = Interaction(id="q6", block="t", kind="numeric", range=NumericRange(min=24, max=26))
    assert numeric.patterns() == [{"min": 24, "max": 26}]
    survey = Interaction(id="s1", block="t", kind="likert", choices=_choices("1", "2", "3"), graded=False, points=0)
    assert survey.patterns() == [] and not survey.judged


def test_models_are_frozen():
    i = Interaction(id="q1", block="t", kind="fill-in", accepted=("x",))
    with pytest.raises(ValidationError):
        i.points = 5  # type: ignore[misc]
    with pytest.raises(ValidationError):
        Media(id="film", block="t").required = True  # type: ignore[misc]


def test_impossible_shapes_are_refused():
    _refused("correct id\\(s\\) z are not among the choices", choices=_choices("a", "b"), correct=("z",))
    _refused("only one choice can be correct", choices=_choices("a", "b"), correct=("a", "b"))
    _refused("a true-false interaction has two choices", kind="true-false", choices=_choices("a"), correct=("a",))
    _refused("choice id\\(s\\) a used twice", choices=_choices("a", "a"), correct=("a",))
    _refused("a graded interaction needs a correct response", choices=_choices("a", "b"))
    _refused("worth more than 0 points", choices=_choices("a", "b"), correct=("a",), points=0)
    _refused("accepted texts belong to fill-in", choices=_choices("a", "b"), correct=("a",), accepted=("a",))
    _refused("only choice, true-false, likert", kind="fill-in", choices=_choices("a"), accepted=("x",))
    _refused("an accepted text is empty", kind="fill-in", accepted=(" ",))
    _refused("pairs belong to matching", choices=_choices("a"), correct=("a",), pairs=(("a", "b"),))
    _refused("it needs targets", kind="matching", choices=_choices("1"), graded=False)
    _refused(
        "the pair 1→z names a choice or target that does not exist",
        kind="matching",
        choices=_choices("1"),
        targets=_choices("x"),
        pairs=(("1", "z"),),
    )
    _refused("only a choice interaction can take several answers", kind="likert", multiple=True, graded=False)
    _refused("a range belongs to numeric", kind="fill-in", accepted=("x",), range=NumericRange(min=1))
    _refused("String should match pattern", id="two words", choices=_choices("a"), correct=("a",))
    _refused("at most 250 characters", text="x" * 251, choices=_choices("a"), correct=("a",))
    _refused("Input should be 'choice', 'true-false'", kind="hotspot", graded=False)
    with pytest.raises(ValidationError, match="min 3 is above max 2"):
        NumericRange(min=3, max=2)
    with pytest.raises(ValidationError, match="needs a min, a max or both"):
        NumericRange()
    with pytest.raises(ValidationError, match="less than or equal to 1"):
        Media(id="film", block="t", threshold=1.5)


def test_a_block_that_breaks_the_contract_is_a_located_error(tmp_path):
    """A third-party block type whose interactions are impossible: the page's line, a code, no traceback."""
    from smab_pack.api import BlockType
    from smab_pack.diagnostics import Diagnostics
    from smab_pack.markdown.parser import make_markdown, parse_page
    from smab_pack.models.content import Block

    class Broken(Block):
        kind: str = "broken"

        def interactions(self) -> list[Interaction]:
            return [Interaction(id="q1", block="broken", kind="choice", choices=_choices("a"), correct=("z",))]

    class BrokenType(BlockType):
        name = "broken"

        def parse(self, info, tokens, ctx):
            return Broken(line=ctx.block_line)

        def render(self, block, ctx):
            return ""

    md = make_markdown({"broken": BrokenType()})
    page = tmp_path / "page.md"
    page.write_text("---\ntitle: T\n---\n\nText.\n\n::: broken\n:::\n", encoding="utf-8")
    diags = Diagnostics()
    parsed = parse_page(
        page,
        md=md,
        block_types={"broken": BrokenType()},
        diags=diags,
        course_root=tmp_path,
        page_id="page",
        module_id="m",
        lang="en",
        page_files={},
    )
    (found,) = [d for d in diags if d.code == "block-contract"]
    assert found.line == 7 and "correct id(s) z are not among the choices" in found.message
    assert parsed is not None and not [b for b in parsed.blocks if b.kind == "broken"]


#: the question types packages had before the interaction contract (and the formula restated below)
LEGACY_KINDS = {"single", "multiple", "true-false", "fill-in"}


def test_saved_state_finds_what_earlier_packages_saved():
    """The fingerprints, the version-1 key and the version hash are what packages built before the
    contract wrote (their formula from the quiz's and survey's own question types, restated here),
    so a learner's saved state restores as before (docs/saved-state.md)."""
    import hashlib
    import json

    from smab_pack.builtin.quiz.model import QuizBlock
    from smab_pack.builtin.survey.model import SurveyBlock
    from smab_pack.builtin.video.model import VideoBlock
    from smab_pack.diagnostics import Diagnostics
    from smab_pack.pipeline import check_course
    from smab_pack.render.site import fingerprint, runtime_data
    from tests.conftest import SHIPPED

    checked = check_course(SHIPPED, Diagnostics())
    assert checked is not None
    course = checked.localized[checked.source.config.lang]
    old = []  # (key, type, choices, correct, points, graded) as runtime_data() gave them before
    videos = []
    for page in course.pages:
        for block in page.blocks:
            if isinstance(block, QuizBlock):
                contract = {i.id: i for i in block.interactions()}
                for q in block.questions:
                    if q.id not in contract:  # a cloze: an interaction per gap, each a fill-in of its own
                        gaps = [i for iid, i in contract.items() if iid.startswith(q.id + "-")]
                        assert q.type == "cloze" and gaps, q.id
                        old += [
                            (f"{page.id}.{g.id}", g.kind, list(g.accepted), g.correct_key(), g.points or 0, g.graded)
                            for g in gaps
                        ]
                        continue
                    texty = q.type == "fill-in"
                    correct = [c.text for c in q.choices] if texty else q.correct_ids
                    entry = (q.type, [c.id for c in q.choices], correct, contract[q.id].points or 0, block.graded)
                    if q.type not in LEGACY_KINDS:  # no package before the contract had it: the contract's own
                        i = contract[q.id]  # (a quiz's likert and free text: unscored, whatever the quiz)
                        entry = (
                            i.answer_shape,
                            [c.id for c in i.choices],
                            i.correct_key(),
                            i.points or 0,
                            i.graded,
                        )
                    old.append((f"{page.id}.{q.id}", *entry))
            elif isinstance(block, SurveyBlock):
                for s in block.questions:
                    kind, choices = (
                        ("likert", [f"likert_{n}" for n in range(1, 6)]) if s.type == "likert" else ("long-fill-in", [])
                    )
                    old.append((f"{page.id}.{s.id}", kind, choices, [], 0, False))
            elif isinstance(block, VideoBlock):
                videos.append(f"{page.id}.{block.id}")
    assert old and videos and {t for _, t, *_ in old} >= {"single", "multiple", "true-false", "fill-in", "likert"}
    data = runtime_data(course, {})
    fps = [fingerprint("question", k, t, [] if t in ("fill-in", "long-fill-in") else c) for k, t, c, *_ in old]
    assert [q["fp"] for q in data["questions"]] == fps
    assert [m["fp"] for m in data["media"]] == [fingerprint("video", v) for v in videos]
    pages = [p["fp"] for p in data["pages"]]
    shape = json.dumps([[k, len(c)] for k, _, c, *_ in old] + [len(pages)] + [videos])
    assert data["course"]["stateKey"] == hashlib.sha256(shape.encode()).hexdigest()[:6]
    version = json.dumps(
        [
            course.config.mastery_score,
            pages,
            [fingerprint("video", v) for v in videos],
            [[fp, points, graded, correct] for fp, (_, _, _, correct, points, graded) in zip(fps, old, strict=True)],
            # a pool (draw=N, the final test) joins the shape; a course that draws nothing keeps its old one
            *[[g["fp"], g["draw"], len(g["items"])] for g in data["groups"] if g["draw"]],
        ],
        ensure_ascii=False,
    )
    assert data["course"]["shape"] == hashlib.sha256(version.encode()).hexdigest()[:6]

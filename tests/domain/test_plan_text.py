"""The plan file format: render → parse gives the same plan; errors name their line."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from okrtui.domain.plan_changes import plan_of
from okrtui.domain.plan_text import KeyResultText, ObjectiveText, PlanError, PlanText
from okrtui.domain.plan_text_parse import parse_plan
from okrtui.domain.plan_text_render import render_plan


def _without_lines(plan: PlanText) -> PlanText:
    objectives = [dataclasses.replace(o, line=0, key_results=[dataclasses.replace(
        k, line=0, initiatives=[dataclasses.replace(i, line=0) for i in k.initiatives]) for k in o.key_results])
                  for o in plan.objectives]
    return dataclasses.replace(plan, objectives=objectives)


def test_the_demo_reads_back_the_same(demo_repo):
    workspace = demo_repo.load()
    plan = plan_of(workspace, "2026-Q4")
    text = render_plan(plan)
    assert _without_lines(parse_plan(text)) == plan
    assert len(plan.objectives) == 5 and sum(len(o.key_results) for o in plan.objectives) == 15
    assert sum(len(k.initiatives) for o in plan.objectives for k in o.key_results) == 7  # the demo's initiatives
    assert text.startswith(f"# 2026-Q4 {{db:{workspace.meta.database_id}}}\n")


def test_the_demo_as_written(demo_repo):
    text = render_plan(plan_of(demo_repo.load(), "2026-Q4", team="業務"), help_comment=False)
    db = demo_repo.load().meta.database_id
    assert text == (
        f"# 2026-Q4 · team: 業務 {{db:{db}}}\n"
        "\n"
        "## 拓展新市場,提升公司收入來源 {O2}\n"
        "team: 業務 · owner: 王小明 · committed · level: team · aligned: #10 年度營收成長20%\n"  # the company's KR
        "\n"
        "- 新簽約10家企業客戶,達成50萬營收 {#1}\n"
        "  increase 0 → 50 萬元 · owner: 王小明 · weight: 1\n"
        "  - [/] 拜訪20家潛在企業客戶 · owner: 王小明 · due: 2026-W50 {T1}\n"
        "  - [x] 簡化報價審核流程 · owner: 王小明 · due: 2026-W49 {T2}\n"
        "- 在新市場完成3場產品展示會,並吸引200名潛在客戶 {#2}\n"
        "  increase 0 → 200 名潛在客戶 · owner: 張志豪 · weight: 1\n"
        "- 業務團隊完成80%的CRM系統資料更新,提升客戶追蹤效率 {#3}\n"
        "  increase 35 → 80 % · owner: 李佳蓉 · weight: 1\n"
        "  - [/] 每週五下午整理CRM資料 · owner: 李佳蓉 {T3}\n"
        "\n"
        "## 成為新市場客戶信任的產品顧問 {O5}\n"  # 張志豪's person objective, in 業務
        "team: 業務 · owner: 張志豪 · aspirational · level: person · aligned: #2 在新市場完成3場產品展示會,並吸引200名潛在客戶\n"
        "\n"
        "- 展示會後一週內回訪率達90% {#13}\n"
        "  increase 0 → 90 % · owner: 張志豪 · weight: 1\n"
        "- 個人帶來的潛在客戶達80名 {#14}\n"
        "  increase 0 → 80 名 · owner: 張志豪 · weight: 1\n"
        "- 潛在客戶轉為報價的比例達25% {#15}\n"
        "  increase 0 → 25 % · owner: 張志豪 · weight: 1\n"
    )


ZH = """# 2026-Q4

## 提升品牌知名度
團隊：行銷 · 負責人：林美玲 · 承諾型 · 對齊：O1 公司目標

說明第一段。

- 網站月流量達5萬次瀏覽
  增加 38,500 → 50000 次瀏覽/月 · 負責人: 林美玲 · 權重：2
- 直播上線
  里程碑 · 負責人：黃思涵
- 客訴率 {#9}
  至多 5 -> 3 %
"""


def test_zh_tw_keywords_are_synonyms():
    plan = parse_plan(ZH)
    (objective,) = plan.objectives
    assert (objective.line, objective.team, objective.owner, objective.commitment) == (3, "行銷", "林美玲", "committed")
    assert (objective.parent_tag, objective.parent_title, objective.description) == (1, "公司目標", "說明第一段。")
    traffic, live, complaints = objective.key_results
    assert traffic == KeyResultText(8, None, "網站月流量達5萬次瀏覽", "increase", 38500, 50000, "次瀏覽/月", "林美玲", 2)
    assert (live.kind, live.start, live.target, live.owner, live.weight) == ("milestone", 0, 1, "黃思涵", 1)
    assert (complaints.tag, complaints.kind, complaints.start, complaints.target, complaints.unit) == (9, "at_most", 5, 3, "%")


def test_english_and_chinese_words_give_the_same_plan():
    english = (ZH.replace("團隊：行銷 · 負責人：林美玲 · 承諾型 · 對齊：O1", "team: 行銷 · owner: 林美玲 · committed · aligned: O1")
               .replace("增加 38,500", "increase 38500").replace("負責人: 林美玲 · 權重：2", "owner: 林美玲 · weight: 2")
               .replace("里程碑 · 負責人：", "milestone · owner: ").replace("至多 5 -> 3", "at_most 5 → 3"))
    assert "團隊" not in english and "里程碑" not in english
    assert parse_plan(english) == parse_plan(ZH)


def test_a_description_that_looks_like_structure_reads_back_as_text():
    objective = ObjectiveText(0, None, "Delight customers", "Support", description=(
        "# not a heading\n- not a key result\n\n<!-- not a comment -->\n\\ a backslash\n  * indented"))
    plan = PlanText("2026-Q4", None, None, [objective])
    assert _without_lines(parse_plan(render_plan(plan))) == plan


@pytest.mark.parametrize("text, line, words", [
    ("", 1, "the file is empty"),
    ("## Objective\n", 1, "starts with its quarter"),
    ("# 2026-Q9\n", 1, "starts with its quarter"),
    ("# 2026-Q4\n\n## Grow\nowner: Ann\n", 4, "which team"),
    ("# 2026-Q4\n\n## Grow\nteam: A · colour: red\n", 4, "'colour: red' is not something an objective's line says"),
    ("# 2026-Q4\n\n## Grow\nteam: A\n\n- Revenue 50\n  grow 0 → 5\n", 7, "starts with its kind and numbers"),
    ("# 2026-Q4\n\n## Grow\nteam: A\n\n- Revenue 50\n\n## Next\nteam: A\n", 6, "needs a line below it"),
    ("# 2026-Q4\n\n- Revenue 50\n  increase 0 → 5\n", 3, "under its objective"),
    ("# 2026-Q4\n\n## Grow {#3}\nteam: A\n", 3, "an objective's tag is {O…}"),
    ("# 2026-Q4\n\n## Grow\nteam: A\n\n- Revenue\n  increase 0 → 5 · weight: lots\n", 7, "weight must be a number"),
    ("# 2026-Q4\n\n## Grow\nteam: A\n\n- Revenue\n  increase 0 → 5\n\nstray words\n", 9, "text below the key results"),
    ("# 2026-Q4\n\n### Grow\n", 3, "only '# QUARTER'"),
    ("# 2026-Q4\n\n## Grow\nteam: A\n\n- Revenue\n  increase 0 → 5 · kpi: 月營收\n", 7,
     "'月營收' is not a KPI; write it as its id, like 'kpi: K5'"),
])
def test_errors_name_their_line(text, line, words):
    with pytest.raises(PlanError) as caught:
        parse_plan(text)
    assert caught.value.lines[0][0] == line
    assert str(caught.value).startswith(f"line {line}: ")
    assert words in str(caught.value)


def test_every_problem_is_reported_with_a_count():
    with pytest.raises(PlanError) as caught:
        parse_plan("# 2026-Q4\n\n## A\nteam: T · x\n\n- K\n  up 1 → 2\n")
    assert [n for n, _m in caught.value.lines] == [4, 7]
    assert str(caught.value).endswith("(and 1 more problem)")


_text = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="{}·#\\"),
                min_size=1, max_size=20).map(str.strip).filter(lambda t: t and not t.startswith(("-", "*", "<!--")))
_number = st.integers(-10_000, 10_000).map(float) | st.floats(-1e6, 1e6, allow_nan=False).map(lambda x: round(x, 3))


@st.composite
def _plans(draw):
    objectives = []
    for index in range(draw(st.integers(0, 3))):
        krs = []
        for k in range(draw(st.integers(0, 3))):
            kind = draw(st.sampled_from(["increase", "decrease", "at_least", "at_most", "milestone"]))
            start, target = (0.0, 1.0) if kind == "milestone" else (draw(_number), draw(_number))
            unit = "" if kind == "milestone" else draw(st.sampled_from(["", "%", "萬元", "次瀏覽/月"]))
            krs.append(KeyResultText(0, draw(st.none() | st.integers(1, 99)), f"{draw(_text)} {k}", kind, start, target,
                                     unit, draw(st.sampled_from(["", "王小明", "Ann"])), draw(st.sampled_from([1.0, 2.0, 0.5])),
                                     source_kpi_id=draw(st.none() | st.integers(1, 10**17))))
        objectives.append(ObjectiveText(0, draw(st.none() | st.integers(1, 99)), f"{draw(_text)} {index}", draw(_text),
                                        draw(st.sampled_from(["", "周執行長"])),
                                        draw(st.sampled_from(["aspirational", "committed"])),
                                        draw(st.sampled_from(["active", "dropped"])), description=draw(st.sampled_from(
                                            ["", "one line", "two\n\nparagraphs", "- looks like a KR"])),
                                        key_results=krs,
                                        cadence=draw(st.sampled_from([None, "weekly", "biweekly", "monthly"]))))
    return PlanText("2026-Q4", draw(st.none() | st.just("0123456789ab")), None, objectives)


@settings(max_examples=60, deadline=None)
@given(_plans())
def test_any_plan_reads_back_the_same(plan):
    assert _without_lines(parse_plan(render_plan(plan))) == plan


def test_the_readme_example_is_what_export_writes_for_the_demo(demo_repo):
    from pathlib import Path
    import re

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    example = readme.split("```markdown\n", 1)[1].split("```", 1)[0]
    rendered = render_plan(plan_of(demo_repo.load(), "2026-Q4", team="業務"))
    assert re.sub(r"\{db:[0-9a-f]+\}", "{db:…}", example) == re.sub(r"\{db:[0-9a-f]+\}", "{db:…}", rendered)


def test_an_objective_s_own_cadence_is_on_its_line_in_either_language(demo_repo):
    """Issue 22 names cadence among an objective's attributes; issue 19 made it a field (schema 7)."""
    ws = demo_repo.load()
    o3 = next(o for o in ws.objectives if o.title.startswith("提升品牌知名度"))
    demo_repo.update_objective(o3.id, cadence="monthly")
    text = render_plan(plan_of(demo_repo.load(), o3.quarter))
    assert f"## 提升品牌知名度,吸引更多潛在用戶 {{O{o3.id}}}" in text
    line = text.split(f"{{O{o3.id}}}\n", 1)[1].splitlines()[0]
    assert " · cadence: monthly" in line, line
    assert next(o for o in parse_plan(text).objectives if o.tag == o3.id).cadence == "monthly"
    zh = parse_plan(text.replace("cadence: monthly", "節奏：每兩週"))
    assert next(o for o in zh.objectives if o.tag == o3.id).cadence == "biweekly"
    with pytest.raises(PlanError) as error:
        parse_plan(text.replace("cadence: monthly", "cadence: hourly"))
    assert "'hourly' is not a cadence" in str(error.value)
    # Applying the file with another cadence changes just that field; applying it again changes nothing.
    edited = parse_plan(text.replace("cadence: monthly", "cadence: weekly"))
    demo_repo.apply_plan(edited)
    assert demo_repo.load().objective(o3.id).cadence == "weekly"
    before = demo_repo.load().objective(o3.id)
    demo_repo.apply_plan(parse_plan(text.replace("cadence: monthly", "cadence: weekly")))
    assert demo_repo.load().objective(o3.id) == before


def test_a_kr_fed_by_a_kpi_says_so_on_its_line_and_applying_the_file_links_or_unlinks_it(demo_repo):
    """Issue 19, point 4: `kpi: K5` on a KR's line names the KPI that feeds it (the demo's #7)."""
    text = render_plan(plan_of(demo_repo.load(), "2026-Q4", team="客服"))
    line = text.split("{#7}\n", 1)[1].splitlines()[0]
    assert line == "  decrease 4 → 1 小時 · owner: 陳大同 · weight: 1 · kpi: K5"
    assert next(k for o in parse_plan(text).objectives for k in o.key_results if k.tag == 7).source_kpi_id == 5
    zh = parse_plan(text.replace("kpi: K5", "指標：4"))
    assert next(k for o in zh.objectives for k in o.key_results if k.tag == 7).source_kpi_id == 4
    # Applying: removing the part unlinks (the history stays); K4 links another; an unknown KPI is refused.
    checkins = len(demo_repo.load().checkins_of(7))
    demo_repo.apply_plan(parse_plan(text.replace(" · kpi: K5", "")))
    assert demo_repo.load().key_result(7).source_kpi_id is None
    assert len(demo_repo.load().checkins_of(7)) == checkins
    demo_repo.apply_plan(parse_plan(text.replace("kpi: K5", "kpi: K4")))
    assert demo_repo.load().key_result(7).source_kpi_id == 4
    with pytest.raises(PlanError) as error:
        demo_repo.apply_plan(parse_plan(text.replace("kpi: K5", "kpi: K99")))
    assert "there is no KPI K99 to feed this key result" in str(error.value)
    assert demo_repo.load().key_result(7).source_kpi_id == 4

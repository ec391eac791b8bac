"""The government-site footer: typed options in mkdocs.yml, shown on every page, only what is configured."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetsite.mkdocs_plugin.config import BudgetSiteConfig
from budgetsite.render.footer import FooterInfo, field_problem, render_footer
from conftest import make_data_dir, run_build, write_site_config
from htmltext import visible_text

FULL = FooterInfo(
    sponsor="承德县财政局",
    site_code="1308210001",
    icp="冀ICP备12345678号-1",
    police="冀公网安备13082102000001号",
    contact="地址：承德县下板城镇\n电话：0314-0000000",
)
FOOTER_OPTIONS = """
      footer_sponsor: 承德县财政局
      footer_site_code: "1308210001"
      footer_icp: 冀ICP备12345678号-1
      footer_police: 冀公网安备13082102000001号
      footer_contact: "地址：承德县下板城镇 电话：0314-0000000"
"""


def test_every_configured_field_is_shown_and_the_registrations_link_to_their_registries() -> None:
    html = render_footer(FULL)
    assert visible_text(html) == (
        "主办单位：承德县财政局 网站标识码：1308210001 冀ICP备12345678号-1 冀公网安备13082102000001号 "
        "联系方式：地址：承德县下板城镇 电话：0314-0000000"
    )
    assert '<a href="https://beian.miit.gov.cn/" rel="noopener">冀ICP备12345678号-1</a>' in html
    assert '<a href="https://beian.mps.gov.cn/#/query/webSearch?code=13082102000001" rel="noopener">' in html
    assert "地址：承德县下板城镇<br>电话：0314-0000000" in html
    # Links only: nothing on the page loads from the registries.
    assert "<img" not in html and "<script" not in html


def test_only_configured_fields_are_shown() -> None:
    assert render_footer(FooterInfo()) == ""
    assert render_footer(FooterInfo(icp="  ")) == ""
    html = render_footer(FooterInfo(sponsor="承德县财政局"))
    assert visible_text(html) == "主办单位：承德县财政局"
    assert "ICP" not in html and "公网安备" not in html and "网站标识码" not in html


def test_footer_text_is_escaped() -> None:
    html = render_footer(FooterInfo(sponsor="<script>alert(1)</script>", contact='"><img src=x>'))
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("site_code", "1308210001", None),
        ("site_code", "", None),
        ("site_code", "13082", "网站标识码格式不对：“13082”；应形如 1308210001，尚未取得时留空"),
        ("icp", "冀ICP备12345678号", None),
        ("icp", "京ICP备05070218号-1", None),
        ("icp", "12345678", "ICP备案号格式不对：“12345678”；应形如 冀ICP备12345678号-1，尚未取得时留空"),
        ("police", "冀公网安备13082102000001号", None),
        ("police", "公安备案", "公网安备号格式不对：“公安备案”；应形如 冀公网安备13082102000001号，尚未取得时留空"),
        ("sponsor", "任何文字", None),
    ],
)
def test_field_formats(field: str, value: str, problem: str | None) -> None:
    assert field_problem(field, value) == problem


def test_options_are_typed() -> None:
    def errors(options: dict) -> list[tuple[str, str]]:
        cfg = BudgetSiteConfig()
        cfg.load_dict(options)
        return [(key, str(e)) for key, e in cfg.validate()[0]]

    assert errors({"footer_icp": "备案中"}) == [("footer_icp", "ICP备案号格式不对：“备案中”；应形如 冀ICP备12345678号-1，尚未取得时留空")]
    assert errors({"footer_sponsor": 42}) == [("footer_sponsor", "Expected type: <class 'str'> but received: <class 'int'>")]
    ok = BudgetSiteConfig()
    ok.load_dict({})
    assert ok.validate() == ([], [])
    assert (ok.footer_sponsor, ok.footer_site_code, ok.footer_icp, ok.footer_police, ok.footer_contact) == ("", "", "", "", "")


def configured_site(root: Path, options: str) -> tuple[Path, object]:
    data = make_data_dir(root)
    config = write_site_config(root, data)
    text = config.read_text(encoding="utf-8")
    anchor = f"data_dir: {data.as_posix()}\n"
    # Replace the shipped footer lines with the fixture's.
    lines = [line for line in text.splitlines(keepends=True) if not line.strip().startswith(("footer_", "# 页脚"))]
    text = "".join(lines).replace(anchor, anchor + options.lstrip("\n"))
    config.write_text(text, encoding="utf-8")
    return root / "site", run_build(config)


@pytest.mark.slow
def test_a_configured_site_shows_the_footer_on_every_page(tmp_path: Path) -> None:
    site, result = configured_site(tmp_path, FOOTER_OPTIONS)
    assert result.returncode == 0, result.stderr
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 8
    expected = "主办单位：承德县财政局 网站标识码：1308210001 冀ICP备12345678号-1 冀公网安备13082102000001号 联系方式：地址：承德县下板城镇 电话：0314-0000000"
    for path in pages:
        html = path.read_text(encoding="utf-8")
        footer = html[html.index('<footer class="md-footer">'):]
        assert expected in visible_text(footer), path.relative_to(site)
        assert footer.count('class="bs-gov-footer"') == 1


@pytest.mark.slow
def test_a_malformed_registration_number_fails_the_build(tmp_path: Path) -> None:
    _, result = configured_site(tmp_path, "      footer_icp: 冀ICP备案中\n")
    assert result.returncode != 0
    assert "ICP备案号格式不对：“冀ICP备案中”" in result.stderr


@pytest.mark.slow
def test_the_shipped_site_shows_no_registration_numbers(built_site: Path) -> None:
    for path in [built_site / "index.html", built_site / "2021" / "711001" / "index.html", built_site / "404.html"]:
        text = visible_text(path.read_text(encoding="utf-8"))
        assert "主办单位：承德县财政局" in text
        assert "ICP备" not in text and "公网安备" not in text and "网站标识码" not in text

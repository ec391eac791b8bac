"""Material's search must be able to search Chinese, or it finds nothing, silently: fail the build instead."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError


def check_search_config(config: MkDocsConfig) -> None:
    """Chinese search needs Material's search plugin with lang zh, and jieba to segment words.

    Without them Material's search silently finds nothing for Chinese text; fail the build instead.
    """
    search = config.plugins.get("material/search") or config.plugins.get("search")
    if search is None:
        raise PluginError(
            "站内搜索需要 Material 的 search 插件：请在 mkdocs.yml 的 plugins 中加入 `- search: {lang: zh}`。\n"
            "budgetsite search needs Material's search plugin: add `- search: {lang: zh}` to plugins in mkdocs.yml "
            "(or set `search: false` under budgetsite)."
        )
    langs = [str(x) for x in (getattr(search.config, "lang", None) or [])]
    if not langs and str(config.theme.get("language") or "").startswith("zh"):
        langs = ["zh"]  # Material's search takes the theme's language when lang is not set
    if not any(x == "zh" or x.startswith("zh") for x in langs):
        raise PluginError(
            f"站内搜索的语言必须包含中文：mkdocs.yml 中 search 插件的 lang 为 {langs or '未设置'}，请设为 `lang: zh`。\n"
            f"The search language must include Chinese: the search plugin's lang is {langs or 'unset'}; set `lang: zh`. "
            "Otherwise Chinese queries silently return nothing."
        )
    try:
        import jieba  # noqa: F401 - only checking that it is there
    except ImportError:
        raise PluginError(
            "站内搜索需要中文分词库 jieba，但当前环境没有安装：请运行 `pip install jieba`（或 `pip install -e .`）。\n"
            "Chinese search needs the jieba word segmenter, which is not installed: run `pip install jieba`. "
            "Without it Material's search silently returns nothing for Chinese queries."
        ) from None

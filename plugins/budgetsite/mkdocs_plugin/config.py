"""Typed options of the ``budgetsite`` plugin in mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class BudgetSiteConfig(base.Config):
    data_dir = c.Type(str, default="data")
    """Folder of the records, relative to mkdocs.yml: <data_dir>/<year>/<unit code>.yaml."""

    home = c.Type(bool, default=True)
    """Generate the home page (index.md); a hand-written docs/index.md takes precedence."""

    nav = c.Type(bool, default=True)
    """Build the navigation (years, departments, hand-written pages) when mkdocs.yml has no nav."""

    reference = c.Type(bool, default=True)
    """Generate the field reference page for data maintainers (data-format/)."""

    assets = c.Type(bool, default=True)
    """Serve and include the site's own CSS and JavaScript (tables, banners, print layout)."""

    search = c.Type(bool, default=True)
    """Build the archive's full-text index (search/budgetsite/) and serve its search script.

    Requires Material's search plugin with ``lang: zh`` and jieba (checked when the build starts)."""

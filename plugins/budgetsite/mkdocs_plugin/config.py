"""Typed options of the ``budgetsite`` plugin in mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from ..render.footer import field_problem


class FooterField(c.Type):
    """A footer text (string, empty when not configured), checked against the field's format."""

    def __init__(self, field: str) -> None:
        super().__init__(str, default="")
        self.field = field

    def run_validation(self, value: object) -> str:
        text = super().run_validation("" if value is None else value)
        problem = field_problem(self.field, text)
        if problem:
            raise c.ValidationError(problem)
        return text


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

    review = c.Type(bool, default=True)
    """Run the finance bureau's review checks (as `budgetsite check`) on every build; each finding is logged as a warning."""

    framework = c.Type(str, default="B")
    """Indicator framework of the review: A, B (national default) or C, or a YAML file relative to mkdocs.yml (manual/review.md)."""

    framework_by_year = c.Type(dict, default={})
    """Years that use another framework, e.g. {2019: A}; values as for ``framework``."""

    review_notice = c.Type(bool, default=False)
    """Also show each document's review findings in a notice box on its page; the document text itself is never changed."""

    search = c.Type(bool, default=True)
    """Build the archive's full-text index (search/budgetsite/) and serve its search script.

    Requires Material's search plugin with ``lang: zh`` and jieba (checked when the build starts)."""

    # Government-site footer (shown on every page; only configured fields appear).
    footer_sponsor = FooterField("sponsor")
    """主办单位, e.g. 承德县财政局."""

    footer_site_code = FooterField("site_code")
    """网站标识码 (10 characters, assigned by the 政府网站 registry), e.g. 1308210001; empty until assigned."""

    footer_icp = FooterField("icp")
    """ICP备案号, e.g. 冀ICP备12345678号-1; links to the MIIT registry. Empty until the site is registered."""

    footer_police = FooterField("police")
    """公网安备号, e.g. 冀公网安备13082102000001号; links to the public-security registry's query page."""

    footer_contact = FooterField("contact")
    """Contact line(s): address, telephone, e-mail."""

"""Government-site conventions in Material's theme: footer fields on every page.

The templates ship inside the package and are put in front of Material's own
(behind a site's ``custom_dir``), so the footer works wherever the plugin is
installed, without a ``custom_dir`` that each mkdocs.yml would have to point at.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig

from ..render.footer import FooterInfo, render_footer
from .config import BudgetSiteConfig

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


def footer_info(options: BudgetSiteConfig) -> FooterInfo:
    return FooterInfo(
        sponsor=options.footer_sponsor, site_code=options.footer_site_code, icp=options.footer_icp,
        police=options.footer_police, contact=options.footer_contact,
    )


def add_templates(config: MkDocsConfig) -> None:
    """Our partials in front of Material's, behind the site's own custom_dir."""
    if config.theme.name != "material":
        return
    dirs = config.theme.dirs
    if str(TEMPLATES_DIR) not in dirs:
        dirs.insert(1 if config.theme.custom_dir else 0, str(TEMPLATES_DIR))


def install_footer(env: Environment, options: BudgetSiteConfig) -> None:
    # Escaped by render_footer; Markup keeps an autoescaping environment from escaping it twice.
    env.globals["budgetsite_footer"] = Markup(render_footer(footer_info(options)))

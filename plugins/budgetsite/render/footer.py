"""The footer fields Chinese government websites show on every page.

主办单位, 网站标识码, ICP备案号, 公网安备号 and contact come from the site's
configuration; only the fields that are set are shown, so a site that has no
ICP number yet shows none rather than a made-up one. The two registration
numbers link to the registries' public query pages: links, nothing is loaded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

from .escape import h, h_multiline

ICP_QUERY = "https://beian.miit.gov.cn/"
POLICE_QUERY = "https://beian.mps.gov.cn/#/query/webSearch?code={code}"

# What each field must look like, with an example for the error message.
FIELD_RULES: dict[str, tuple[str, str, str]] = {
    # field: (label, pattern, example)
    "site_code": ("网站标识码", r"[0-9A-Za-z]{10}", "1308210001"),
    "icp": ("ICP备案号", r".*ICP备\s*\d+号(-\d+)?", "冀ICP备12345678号-1"),
    "police": ("公网安备号", r".*公网安备\s*\d+号", "冀公网安备13082102000001号"),
}


@dataclass(frozen=True)
class FooterInfo:
    sponsor: str = ""  # 主办单位
    site_code: str = ""  # 网站标识码
    icp: str = ""  # ICP备案号
    police: str = ""  # 公网安备号
    contact: str = ""  # 联系方式 (address, telephone, e-mail; line breaks kept)

    def is_empty(self) -> bool:
        return not any(getattr(self, f.name).strip() for f in fields(self))


def field_problem(name: str, value: str) -> str | None:
    """Why ``value`` cannot be the footer field ``name``, in Chinese; ``None`` when it can."""
    rule = FIELD_RULES.get(name)
    if rule is None or not value.strip():
        return None
    label, pattern, example = rule
    if re.fullmatch(pattern, value.strip()):
        return None
    return f"{label}格式不对：“{value}”；应形如 {example}，尚未取得时留空"


def police_code(police: str) -> str:
    """The number a 公网安备号 is looked up by: its digits."""
    return "".join(re.findall(r"\d", police))


def render_footer(info: FooterInfo) -> str:
    """The footer block, or nothing when no field is configured."""
    if info.is_empty():
        return ""
    items = []
    if info.sponsor.strip():
        items.append(f"<li>主办单位：{h(info.sponsor.strip())}</li>")
    if info.site_code.strip():
        items.append(f"<li>网站标识码：{h(info.site_code.strip())}</li>")
    if info.icp.strip():
        items.append(f'<li><a href="{h(ICP_QUERY)}" rel="noopener">{h(info.icp.strip())}</a></li>')
    if info.police.strip():
        href = POLICE_QUERY.format(code=police_code(info.police))
        items.append(f'<li><a href="{h(href)}" rel="noopener">{h(info.police.strip())}</a></li>')
    if info.contact.strip():
        items.append(f"<li>联系方式：{h_multiline(info.contact.strip())}</li>")
    return f'<div class="bs-gov-footer"><ul>{"".join(items)}</ul></div>'

"""Synthetic records at any size, for tests, benchmarks and demos.

``generate(n, seed)`` makes ``n`` fictional department-year documents shaped
like the seed (``data/2021/711001.yaml``) and like the variations real tables
show in published county documents: several projects each with 8–15
indicators over the 产出/效益/满意度 framework, long goal texts, every value
notation (``≥90%``, ``≤5 万元``, ``100 百分比``, full-width ``＞95％``, and, rarely, bare
numbers, qualitative and sentence-long phrases, blanks), split fund sources,
mid-term goals, project-level units. The output is deterministic per seed and
every record passes the loader.

Records are spread over years and departments the way an archive grows: up to
ten years, and as many departments per year as needed (a county has ~100 a
year, a province tens of thousands). A department keeps its code, name and
most of its project codes from year to year, so department pages have history.

Plain Python: this module must not import MkDocs.
"""

from __future__ import annotations

import json
import math
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from pathlib import Path

from .model import Budget, Project, schema_fields

FIRST_YEAR = 2015
MAX_YEARS = 10

# Where the fictional departments sit: Hebei-like county names.
COUNTIES = [
    "承德县", "兴隆县", "平泉市", "滦平县", "隆化县", "丰宁满族自治县", "宽城满族自治县", "围场满族蒙古族自治县",
    "青龙满族自治县", "卢龙县", "昌黎县", "抚宁区", "迁西县", "遵化市", "玉田县", "滦南县", "乐亭县", "唐海县",
    "涞水县", "阜平县", "易县", "曲阳县", "顺平县", "博野县", "蠡县", "安新县", "雄县", "容城县", "涿鹿县", "怀来县",
]

# (department suffix, theme) — theme picks the project vocabulary.
DEPARTMENT_KINDS = [
    ("总工会", "labour"), ("教育和体育局", "education"), ("卫生健康局", "health"), ("农业农村局", "agriculture"),
    ("水务局", "water"), ("交通运输局", "transport"), ("文化广电和旅游局", "culture"), ("民政局", "welfare"),
    ("人力资源和社会保障局", "labour"), ("自然资源和规划局", "land"), ("住房和城乡建设局", "housing"),
    ("生态环境分局", "environment"), ("林业和草原局", "land"), ("应急管理局", "safety"),
    ("市场监督管理局", "safety"), ("退役军人事务局", "welfare"), ("科学技术局", "education"),
    ("工业和信息化局", "industry"), ("商务局", "industry"), ("统计局", "admin"), ("审计局", "admin"),
    ("司法局", "admin"), ("医疗保障局", "health"), ("残疾人联合会", "welfare"), ("妇女联合会", "welfare"),
    ("共青团委员会", "education"), ("档案馆", "admin"), ("图书馆", "culture"), ("疾病预防控制中心", "health"),
    ("城市管理综合行政执法局", "housing"), ("乡村振兴局", "agriculture"), ("供销合作社联合社", "agriculture"),
]

UNIT_SUFFIXES = ["本级", "本级", "本级", "机关", "事务服务中心", "综合行政执法队", "信息中心"]

# Per theme: (subject of the projects, beneficiaries, activities)
THEMES: dict[str, tuple[list[str], str, list[str]]] = {
    "labour": (["劳动模范荣誉津贴", "困难职工帮扶", "职工技能竞赛", "农民工工资保障", "职工疗休养", "劳模春节慰问"], "职工",
               ["发放", "慰问", "培训", "竞赛", "维权"]),
    "education": (["义务教育学生营养改善", "学前教育资助", "校舍维修改造", "教师培训", "青少年科技活动", "校园安全"], "学生",
                  ["资助", "培训", "维修", "配备", "开展活动"]),
    "health": (["基本公共卫生服务", "家庭医生签约服务", "重大传染病防控", "妇幼健康", "村医补助", "医疗救助"], "群众",
               ["筛查", "签约", "接种", "随访", "救助"]),
    "agriculture": (["高标准农田建设", "耕地地力保护补贴", "农业技术推广", "动物防疫", "乡村振兴衔接资金", "农村人居环境整治"], "农户",
                    ["补贴", "推广", "防疫", "建设", "整治"]),
    "water": (["农村饮水安全维修养护", "河道治理", "水土保持", "防汛抗旱", "河长制工作经费", "地下水超采治理"], "沿河群众",
              ["维修", "治理", "巡查", "监测", "应急"]),
    "transport": (["农村公路养护", "危桥改造", "客运站运营补贴", "道路安全生命防护工程", "城乡公交一体化"], "出行群众",
                  ["养护", "改造", "补贴", "建设", "检查"]),
    "culture": (["公共文化场馆免费开放", "送戏下乡", "非物质文化遗产保护", "文物保护", "全民阅读推广", "旅游宣传推介"], "群众",
                ["开放", "演出", "保护", "宣传", "培训"]),
    "welfare": (["城乡低保", "特困人员供养", "残疾人两项补贴", "临时救助", "养老服务补贴", "优抚对象抚恤"], "困难群众",
                ["发放", "救助", "供养", "服务", "核查"]),
    "land": (["国土空间规划编制", "森林防火", "造林绿化", "不动产登记", "地质灾害防治", "草原生态修复"], "林农",
             ["编制", "巡护", "造林", "登记", "治理"]),
    "housing": (["老旧小区改造", "农村危房改造", "城市环境卫生", "市政设施维护", "保障性住房", "燃气安全检查"], "居民",
                ["改造", "维护", "清扫", "检查", "保障"]),
    "environment": (["大气污染防治", "水污染防治", "土壤污染防治", "环境监测", "农村生活污水治理"], "群众",
                    ["监测", "治理", "执法", "检查", "整改"]),
    "safety": (["安全生产监管", "食品安全抽检", "应急物资储备", "特种设备检验", "消防救援保障"], "企业和群众",
               ["检查", "抽检", "储备", "演练", "培训"]),
    "industry": (["中小企业发展", "招商引资", "电子商务进农村", "工业园区基础设施", "科技创新奖励"], "企业",
                 ["扶持", "推介", "培训", "建设", "奖励"]),
    "admin": (["信息化建设运维", "档案数字化", "业务培训", "审计业务", "普法宣传", "统计调查"], "服务对象",
              ["运维", "数字化", "培训", "调查", "宣传"]),
}

GOAL_TITLES = [
    "履行部门职责", "提升服务水平", "加强队伍建设", "综合事务管理", "完善制度机制", "保障重点工作", "推进信息化建设",
    "强化监督检查", "改善民生保障", "优化营商环境", "推动高质量发展", "加强安全管理",
]

GOAL_CLAUSES = [
    "围绕县委、县政府中心工作，认真履行部门职责", "进一步健全工作机制，明确责任分工", "加强干部队伍建设，提升业务能力",
    "确保各项资金及时足额拨付到位", "做好政策宣传和解读工作，提高群众知晓率", "坚持以人民为中心的发展思想",
    "加强预算绩效管理，提高财政资金使用效益", "完成上级部门下达的各项任务指标", "强化内部控制，规范资金管理",
    "推动各项惠民政策落地见效", "建立健全长效管理机制", "加强与相关部门的沟通协调，形成工作合力",
    "深入基层开展调查研究，及时掌握工作动态", "着力解决群众最关心最直接最现实的利益问题", "持续优化服务流程，提高办事效率",
    "严格执行中央八项规定精神，厉行节约", "加强安全生产管理，杜绝重大事故发生", "做好信息公开工作，主动接受社会监督",
]

RATES = ["覆盖率达到 {n}%以上", "完成率达到 {n}%", "群众满意度达到 {n}%以上", "按时完成率 {n}%", "合格率不低于 {n}%"]

SAFEGUARD_CLAUSES = [
    "在县委、县政府的正确领导下，紧紧围绕全县工作大局", "成立由主要负责同志任组长的工作领导小组，明确分管领导和责任科室",
    "严格执行预算管理制度，专款专用，不得截留、挤占、挪用", "建立健全绩效目标管理、绩效运行监控和绩效评价机制",
    "加强财务管理和会计核算，自觉接受财政、审计部门监督检查", "定期召开工作调度会，及时研究解决工作中遇到的问题",
    "加强业务培训，提高工作人员政策水平和业务能力", "将绩效目标完成情况纳入年度考核，强化结果运用",
    "做好资金使用情况公开，主动接受社会监督", "加强档案管理，做到资料齐全、手续完备",
]

QUALITATIVE = [
    "取得全社会认可", "起示范引领作用", "巩固提高", "持续改善", "效果明显", "显著提升", "按计划实施", "不超预算",
    "符合相关规定", "有效改善", "长期", "逐步提高", "无重大安全事故", "明显提升",
]

SENTENCES = [
    "{year} 年底前完成全部验收工作", "项目实施后群众生产生活条件得到明显改善", "保障工作正常运转，未发生重大责任事故",
    "资金使用符合相关财务管理制度规定", "按照上级文件要求全部落实到位",
]

BASES = ["计划标准", "历史标准", "行业标准", "预算支出标准", "其他标准", "{year} 年部门工作计划", "{year} 年部门预算",
         "工作活动部门职责", "{year} 年预算项目绩效", "上级文件规定"]

SPENDING_PERIODS = ["3月底", "6月底", "10月底", "12月底"]


@dataclass(frozen=True)
class SynthRecord:
    year: int
    code: str
    text: str  # the YAML file

    @property
    def relpath(self) -> str:
        return f"{self.year}/{self.code}.yaml"


# -- YAML text ------------------------------------------------------------------------------
_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`0-9][^\n#:,\[\]{}]*")
_PLAIN_NUMBERISH = re.compile(r"[≥≤＞＜≧≦0-9][^\n#:,\[\]{}]*")


def yaml_scalar(text: str) -> str:
    """A YAML scalar for ``text``: plain where it reads like the seed, double-quoted otherwise."""
    if text and text == text.strip() and (_PLAIN.fullmatch(text) or _PLAIN_NUMBERISH.fullmatch(text)):
        if not re.fullmatch(r"[0-9.\-+eE]+|true|false|null|yes|no|on|off|~", text, re.IGNORECASE):
            return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid double-quoted YAML scalar


def _amount(value: Decimal) -> str:
    return str(value)


# -- content --------------------------------------------------------------------------------
class _Maker:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.budget_fields = {f.name for f in schema_fields(Budget)}
        self.project_fields = {f.name for f in schema_fields(Project)}

    def pick(self, items: list[str]) -> str:
        return self.rng.choice(items)

    def long_text(self, clauses: int, year: int) -> str:
        rng = self.rng
        parts = rng.sample(GOAL_CLAUSES, clauses)
        text = "；".join(parts)
        rate = rng.choice(RATES).format(n=rng.choice([70, 80, 85, 90, 95, 100]))
        return f"{text}。{year} 年{rate}。"

    def goals(self, count: int, year: int, long: bool) -> list[tuple[str, str]]:
        titles = self.rng.sample(GOAL_TITLES, count)
        return [(t, self.long_text(self.rng.randint(4, 8) if long else self.rng.randint(2, 4), year)) for t in titles]

    def value(self, level2: str, budget: Decimal, year: int) -> str:
        """A 指标值 as a county's documents write it: well-formed nearly always, a sloppy cell now and then.

        The share of sloppy cells (no comparator, no unit, a blank, a bare number) is what makes
        ``budgetsite check`` on generated data look like it does on a real county's: a few findings
        per hundred indicators, not one in three (counts in bench/README.md).
        """
        rng = self.rng
        if rng.random() < SLOPPY_VALUES:
            return rng.choice(["", f"{rng.randint(1, 30)}", "90 百分比", f"≥{rng.randint(10, 90)}", "95%"])
        if level2 == "成本指标":
            # Rounded down: a cap rounded up past the budget would be a cost-over-budget finding.
            cap = budget.quantize(Decimal("1"), rounding=ROUND_FLOOR) if rng.random() < 0.5 else budget
            return rng.choice([f"≤{cap} 万元", f"≤{cap}万元", f"<={cap}万元", "不超预算"])  # cap is in 万元 whatever the table's unit
        if level2 == "时效指标":
            return rng.choice(["100 百分比", "100%", "≤30 个工作日", f"{year}年12月底前", "及时", "≥95％", "12月底前完成"])
        if "满意度" in level2:
            return rng.choice(["≥90 百分比", "≥90%", "≥95%", "＞95％", "≧85%", "≥85百分比", "满意"])
        if level2 in ("数量指标",):
            return rng.choice(["≥90 百分比", "100 百分比", f"≥{rng.randint(2, 500)}个", f"≥{rng.randint(10, 5000)} 人",
                               f"{rng.randint(1, 60)} 场以上", f"≥{rng.randint(1, 300)}次", "100%"])
        if level2 == "质量指标":
            return rng.choice(["≥90 百分比", "100 百分比", "≥98%", "100%", "合格", "符合相关规定", "≥95％", "≥100百分比"])
        roll = rng.random()
        if roll < 0.6:
            return self.pick(QUALITATIVE)
        if roll < 0.8:
            return self.pick(SENTENCES).format(year=year)
        return rng.choice(["≥90%", "持续改善", "≥5 年", "长期"])

    def indicators(self, theme: str, budget: Decimal, year: int) -> list[dict[str, str]]:
        rng = self.rng
        subjects, people, acts = THEMES[theme]
        count = rng.randint(8, 15)
        # Enough rows under each 一级; the framework generations differ a little.
        generation = rng.random()
        cost_first = generation < OTHER_LAYOUT / 2  # 2021 central guideline: 成本指标 as a 一级
        satisfaction = "服务对象满意度指标" if generation < 1 - OTHER_LAYOUT / 2 else "社会公众或服务对象满意度指标"
        benefit2 = ["社会效益指标", "经济效益指标", "生态效益指标", "可持续影响指标"]
        output2 = ["数量指标", "质量指标", "时效指标"] + ([] if cost_first else ["成本指标"])
        rows: list[tuple[str, str]] = []
        if cost_first:
            rows.append(("成本指标", "经济成本指标"))
        n_sat = 1 if count < 11 else 2
        n_benefit = max(2, (count - len(rows) - n_sat) // 3)
        n_output = count - len(rows) - n_sat - n_benefit
        for i in range(n_output):
            rows.append(("产出指标", output2[i] if i < len(output2) else rng.choice(output2)))
        for i in range(n_benefit):
            rows.append(("效益指标", benefit2[i % 2] if i < 2 else rng.choice(benefit2)))
        rows += [("满意度指标", satisfaction)] * n_sat
        # Rows of the same 二级 sit together, as in printed tables (merged cells).
        order = {("成本指标", "经济成本指标"): 0}
        rows.sort(key=lambda r: (["成本指标", "产出指标", "效益指标", "满意度指标"].index(r[0]), order.setdefault(r, len(order))))
        out = []
        for level1, level2 in rows:
            act = rng.choice(acts)
            subject = rng.choice(subjects)
            level2_value = "成本指标" if level1 == "成本指标" else level2
            name = {
                "数量指标": f"{act}{people}人数", "质量指标": f"{subject}{act}合格率", "时效指标": f"{act}及时率",
                "成本指标": "项目预算经费金额", "经济成本指标": "项目预算经费金额", "社会效益指标": f"提升{people}获得感",
                "经济效益指标": f"带动{people}增收", "生态效益指标": "改善生态环境", "可持续影响指标": f"{subject}长效机制",
            }.get(level2, f"{people}满意度")
            description = f"{rng.choice(['核实', '确定', '全年', '按计划'])}{subject}{act}{rng.choice(['情况', '比例', '数量', '质量', '效果'])}"
            if rng.random() < 0.15:
                description += "，" + self.pick(GOAL_CLAUSES)
            out.append({
                "level1": level1, "level2": level2, "name": name, "description": description,
                "value": self.value(level2_value, budget, year), "basis": self.pick(BASES).format(year=year),
            })
        return out

    def budget(self, money_unit: str) -> tuple[Decimal, Decimal, Decimal, list[tuple[str, Decimal, str]]]:
        rng = self.rng
        total_wan = Decimal(rng.choice([rng.randint(1, 30), rng.randint(10, 200), rng.randint(100, 3000)])) + Decimal(rng.randint(0, 99)) / 100
        if rng.random() < 0.3:
            total_wan = total_wan.quantize(Decimal("1")).quantize(Decimal("0.00"))
        if money_unit == "元":
            # Tables in 元 print to the 分, not in whole hundreds: odd 元 and 角分 taken from the figure
            # itself (no extra draw, so the records after it stay the same), and they make the
            # conversion to 万元 need up to six decimals, as real ones do.
            odd = Decimal(int(total_wan * 100) * 7919 % 1_000_000) / 100
            total = (total_wan * 10000 + odd).quantize(Decimal("0.00"))
        else:
            total = total_wan.quantize(Decimal("0.00"))
        other = Decimal("0.00") if rng.random() < 0.75 else (total * Decimal(rng.randint(5, 40)) / 100).quantize(Decimal("0.00"))
        fiscal = total - other
        sources: list[tuple[str, Decimal, str]] = []
        if "sources" in self.budget_fields and rng.random() < 0.15:
            upper = (fiscal * Decimal(rng.randint(20, 80)) / 100).quantize(Decimal("0.00"))
            sources = [("上级资金", upper, "财政资金"), ("一般公共预算", fiscal - upper, "财政资金")]
            if other:
                sources.append(("自有资金", other, "其他资金"))
        return total, fiscal, other, sources

    def spending_plan(self) -> list[tuple[str, str]]:
        rng = self.rng
        style = rng.random()
        if style < 0.45:  # everything at year end, earlier columns blank (the seed)
            values = ["", "", "", "100.00%"]
        elif style < 0.9:
            a = rng.randint(5, 40)
            b = rng.randint(a, 70)
            c = rng.randint(b, 95)
            values = [f"{a}.00%", f"{b}.00%", f"{c}.00%", "100.00%"]
        else:
            values = ["25%", "50%", "75%", "100%"]
        return list(zip(SPENDING_PERIODS, values))


def _layout(n: int, years: int | None = None) -> tuple[list[int], int]:
    """Years and departments per year for ``n`` documents (in ``years`` years when given, 1 to MAX_YEARS)."""
    if years is not None and not 1 <= years <= MAX_YEARS:
        raise ValueError(f"years must be 1..{MAX_YEARS}")
    if years is None:
        years = max(1, min(MAX_YEARS, math.ceil(n / 100), n))
        if n >= 20:
            years = max(years, 2)
    per_year = math.ceil(n / years)
    return [FIRST_YEAR + MAX_YEARS - years + i for i in range(years)], per_year


def _department(index: int, rng: random.Random) -> tuple[str, str, str, str]:
    """(unit code, department, unit name, theme) of the index-th department."""
    county = COUNTIES[(index // len(DEPARTMENT_KINDS)) % len(COUNTIES)]
    suffix, theme = DEPARTMENT_KINDS[index % len(DEPARTMENT_KINDS)]
    round_ = index // (len(DEPARTMENT_KINDS) * len(COUNTIES))
    department = f"{county}{suffix}" + (f"（{round_ + 1}）" if round_ else "")
    unit = department + rng.choice(UNIT_SUFFIXES)
    code = f"{700000 + index + 1:06d}" if index < 299999 else f"{index + 1:08d}"
    return code, department, unit, theme


def _record_text(m: _Maker, year: int, code: str, department: str, unit_name: str, theme: str,
                 project_codes: list[str], status: str, money_unit: str, yuan_project: bool = False) -> str:
    rng = m.rng
    subjects, people, acts = THEMES[theme]
    out = [
        f"# {department} {year} 年部门预算绩效文本（合成数据，budgetsite generate 生成，不是真实文本）",
        f"year: {year}",
        f"status: {status}",
        f"department: {yaml_scalar(department)}",
        "unit:",
        f'  code: "{code}"',
        f"  name: {yaml_scalar(unit_name)}",
        f"money_unit: {money_unit}",
        "",
        "cover:",
        f"  name_line: {yaml_scalar(department + '部门')}",
        f"  title: {year} 年部门预算绩效文本",
        f"  prepared_by: {yaml_scalar(department + '部门编制')}",
        f"  reviewed_by: {yaml_scalar(department[:3] + '财政局审核')}",
        "",
        "overall_goals:",
    ]
    for title, text in m.goals(rng.randint(3, 6), year, long=True):
        out += [f"  - title: {yaml_scalar(title)}", f"    text: {yaml_scalar(text)}"]
    out.append("sub_goals:")
    for title, text in m.goals(rng.randint(2, 5), year, long=False):
        out += [f"  - title: {yaml_scalar(title)}", f"    text: {yaml_scalar(text)}"]
    out.append("safeguards:")
    for _ in range(rng.randint(1, 3)):
        out.append(f"  - {yaml_scalar('，'.join(rng.sample(SAFEGUARD_CLAUSES, rng.randint(3, 7))) + '。')}")
    out += ["", "projects:"]
    for number, pcode in enumerate(project_codes):
        subject = subjects[(number + int(code) % len(subjects)) % len(subjects)]
        name = subject + rng.choice(["资金", "专项经费", "项目", "补助资金", "工作经费"])
        own_unit = "元" if yuan_project and number == 1 and money_unit != "元" else money_unit
        total, fiscal, other, sources = m.budget(own_unit)
        cap = total / 10000 if own_unit == "元" else total
        out += [
            f"  - code: {pcode}",
            f"    name: {yaml_scalar(name)}",
            *([f"    money_unit: {own_unit}"] if own_unit != money_unit else []),
            "    budget:",
            f"      total: {_amount(total)}",
            f"      fiscal: {_amount(fiscal)}",
            f"      other: {_amount(other) if other else '0'}",
        ]
        if sources:
            out.append("      sources:")
            for sname, amount, part in sources:
                out.append(f"        - {{name: {sname}, amount: {_amount(amount)}, part: {part}}}")
        act = rng.choice(acts)
        out.append(f"    purpose: {yaml_scalar(f'用于{subject}{act}等支出，' + m.pick(GOAL_CLAUSES))}")
        out.append("    spending_plan:")
        for period, value in m.spending_plan():
            out.append(f"      - {{period: {period}, value: {yaml_scalar(value)}}}")
        if "mid_goals" in m.project_fields and rng.random() < 0.15:
            out.append("    mid_goals:")
            for _ in range(rng.randint(1, 3)):
                out.append(f"      - {yaml_scalar(m.long_text(2, year + 2))}")
        out.append("    goals:")
        for _ in range(rng.randint(2, 4)):
            out.append(f"      - {yaml_scalar(f'{rng.choice(acts)}{subject}，' + m.pick(GOAL_CLAUSES))}")
        if rng.random() < 0.05:
            out += ["    unit:", f'      code: "{code}01"', f"      name: {yaml_scalar(department + '所属事业单位')}"]
        out.append("    indicators:")
        for ind in m.indicators(theme, cap.quantize(Decimal("0.00"), rounding=ROUND_FLOOR), year):
            cells = ", ".join(f"{key}: {yaml_scalar(ind[key])}" for key in ("level1", "level2", "name", "description", "value", "basis"))
            out.append(f"      - {{{cells}}}")
        out.append("")
    return "\n".join(out)


SLOPPY_VALUES = 0.02  # share of 指标值 cells written without comparator, unit or content
# The other frameworks' layouts (成本指标 as a 一级, 满意度 under 效益) in a county that uses B:
# rare, as a department still filling in last year's template.
OTHER_LAYOUT = 0.02

_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"


def _money_unit(index: int, year: int, years: list[int], draw: float) -> str:
    """A realistic mix: most departments publish in 万元, about one in eight in 元 every year, one in
    forty switches from 万元 to 元 after its first year, and a few single records use 元 (``draw``)."""
    if index % 8 == 3 or (index % 40 == 11 and year != years[0]) or draw < 0.02:
        return "元"
    return "万元"


def generate(n: int, seed: int = 0, years: int | None = None) -> Iterator[SynthRecord]:
    """``n`` synthetic records, deterministic for a given ``seed``, newest year last (over ``years`` years when given)."""
    if n < 0:
        raise ValueError("n must be >= 0")
    rng = random.Random(seed)
    year_list, per_year = _layout(n, years)
    departments = [_department(i, rng) for i in range(per_year)]
    # Each department keeps most of its project codes over the years.
    project_codes: dict[str, list[str]] = {}
    used: set[str] = set()  # project codes are unique within a year; keep them unique overall
    maker = _Maker(rng)
    made = 0
    for year in year_list:
        for index, (code, department, unit_name, theme) in enumerate(departments):
            if made == n:
                return
            codes = project_codes.get(code, [])
            codes = [c for c in codes if rng.random() < 0.8]
            while len(codes) < 2 or (len(codes) < 6 and rng.random() < 0.35):
                new = "130821" + str(year)[-1] + "".join(rng.choice(_CODE_ALPHABET) for _ in range(14))
                if new not in used:
                    used.add(new)
                    codes.append(new)
            project_codes[code] = codes
            status = "正式" if rng.random() < 0.85 else "草案"
            money_unit = _money_unit(index, year, year_list, rng.random())
            text = _record_text(maker, year, code, department, unit_name, theme, codes, status, money_unit, yuan_project=index % 16 == 5)
            made += 1
            yield SynthRecord(year, code, text)


def write(out: Path, n: int, seed: int = 0, years: int | None = None) -> list[Path]:
    """Write ``generate(n, seed, years)`` under ``out/<year>/<code>.yaml``; returns the paths written."""
    out = Path(out)
    paths = []
    for record in generate(n, seed, years):
        path = out / record.relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(record.text, encoding="utf-8")
        paths.append(path)
    return paths

"""The words of a standalone project table: its field labels and the names of its indicator levels.

These are data, not code: a province's variant adds a label here. Labels are
compared on their key (NFKC, no spaces, without 其中： and a trailing colon),
so ``其中 :财政拨款`` and ``财政拨款`` are one label.
"""

from __future__ import annotations

import re

NAME_LABELS = frozenset({"项目名称"})
CODE_LABELS = frozenset({"项目编码", "项目代码"})
# Header fields kept as published (``Project.details``), in the order the table prints them.
DETAIL_LABELS = frozenset({
    "主管部门及编码", "主管部门", "项目主管部门", "主管单位", "实施单位", "项目实施单位", "项目执行单位", "执行单位", "项目单位",
    "预算单位", "项目属性", "项目类别", "项目性质", "项目类型", "项目起止时间", "起止时间", "项目期限", "实施期限", "实施周期",
    "立项依据", "设立依据", "项目概况", "项目概述", "项目简介", "实施进度计划", "实施内容", "项目负责人", "联系电话", "联系人",
    "资金情况", "项目资金", "资金来源", "资金总额", "年度资金总额", "当年资金总额", "项目资金总额", "预算数", "预算总额", "合计",
    "财政拨款", "当年财政拨款", "财政资金", "其他资金", "当年其他资金", "上级资金", "上级补助", "本级资金", "本级", "自有资金",
    "单位自有资金", "一般公共预算拨款", "一般公共预算", "政府性基金预算拨款", "政府性基金", "国有资本经营预算拨款",
    "国有资本经营", "小计", "市本级", "县本级", "区本级", "中央及自治区补助", "中央补助", "省级补助", "上年结转",
    "主管部门及代码", "主管部门编码", "项目来源", "项目期", "归口科室", "项目责任人", "单位(盖章)", "填报单位(盖章)", "填报单位",
    "投入目标", "年初安排金额", "财政拨款数", "资金总额及构成", "项目立项情况", "项目立项的依据", "项目申报的可行性",
    "项目申报的必要性", "中期市财政预算", "本年度申请市财政预算资金",
    # 部门整体支出绩效目标申报表
    "部门(单位)名称", "部门名称", "单位名称", "部门职能概述", "单位职能概述", "收入构成", "支出构成", "基本支出", "项目支出",
    "年度主要任务", "主要任务",
})
# Labels that also begin ordinary sentences (项目支出主要用于…): never split off text run together after them.
NOT_RUN_TOGETHER = frozenset({"项目支出", "基本支出", "部门名称", "单位名称", "主要任务"})
# A department-wide form: its table is read like a project's, without a 项目名称.
DEPARTMENT_TITLE = re.compile(r"部门(\(单位\))?整体(支出)?绩效目标(申报|公开)?表")
# Detail labels whose amounts make the project's 预算规模 (the first of each found).
TOTAL_LABELS = ("资金总额", "年度资金总额", "项目资金总额", "预算数", "预算总额", "当年资金总额", "合计")
FISCAL_LABELS = ("财政拨款", "财政资金", "当年财政拨款", "财政拨款数")
OTHER_LABELS = ("其他资金", "当年其他资金")
DEPARTMENT_LABELS = ("主管部门及编码", "主管部门及代码", "主管部门", "项目主管部门", "主管单位", "预算单位", "部门(单位)名称", "部门名称")
# Goals: the group label, and the labels naming a kind.
GOALS_GROUP = frozenset({"总体目标", "绩效目标", "项目绩效目标", "总体绩效目标"})
MID_GOALS = frozenset({"中期目标", "长期目标", "中长期目标", "中期绩效目标", "长期绩效目标", "中期滚动目标"})
ANNUAL_GOALS = frozenset({"年度目标", "年度绩效目标", "当年目标"})
# What stands above an indicator grid: a caption, or the label of a merged column to its left.
GRID_CAPTIONS = frozenset({"绩效指标", "绩效指标表", "绩效项目指标表", "年度绩效指标", "项目绩效指标", "长期绩效指标", "中期绩效指标"})
# Rows under a table (who filled it in): kept as details of the project, as published.
SIGN_OFF = frozenset({"填报人", "填报日期", "审核人", "单位负责人", "财务负责人", "审核意见"})

ALL_LABELS = NAME_LABELS | CODE_LABELS | DETAIL_LABELS | GOALS_GROUP | MID_GOALS | ANNUAL_GOALS | SIGN_OFF

# A table's title: 项目支出绩效目标表, 预算项目绩效目标公开表, 绩效目标表, perhaps with （2020年度）.
TABLE_TITLE = re.compile(r"^.{0,40}?(项目支出|预算项目|转移支付|专项资金)?绩效目标(申报|公开|批复)?表\d*([(（]\d{4}年度?[)）])?$")
TITLE_YEAR = re.compile(r"^[(（]?(?P<year>\d{4})年度?[)）]?$")

LEVEL1_NAMES = frozenset({"产出指标", "效益指标", "满意度指标", "成本指标", "实施效果指标", "投入指标", "过程指标", "项目完成指标",
                          "预期产出指标", "效果指标", "预期效果指标"})
_LEVEL2 = re.compile(
    r"^(产出|效益|满意度|成本)?(数量|质量|时效|成本|经济效益|社会效益|生态效益|环境效益|可持续影响|服务对象满意度|"
    r"社会公众或服务对象满意度|经济成本|社会成本|生态环境成本|产出|效益)(指标)?$"
)


def is_level1(k: str) -> bool:
    return k in LEVEL1_NAMES


def is_level2(k: str) -> bool:
    """A 二级 name; 成本指标, 产出指标 and 效益指标 are also 一级 names in some frameworks."""
    return bool(_LEVEL2.match(k))

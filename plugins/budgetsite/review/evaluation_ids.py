"""The review rules of self-evaluations: id -> (severity, title). docs/review.md explains each one."""

from __future__ import annotations

ERROR = "错误"
WARNING = "警告"

EVALUATION_RULES: dict[str, tuple[str, str]] = {
    "eval-rate": (ERROR, "执行率应等于 全年执行数 ÷ 全年预算数"),
    "eval-budget-score": (WARNING, "预算执行得分应等于 执行率 × 分值（不超过分值）"),
    "eval-score": (WARNING, "定量指标得分应按评分办法计算（≥：实际÷目标×分值，≤：目标÷实际×分值，不超过分值）"),
    "eval-score-over": (ERROR, "得分不应超过分值"),
    "eval-weights": (ERROR, "各部分分值应与评分办法一致，分值合计应等于总分的分值"),
    "eval-total": (ERROR, "总分应等于各行得分之和"),
    "eval-target-changed": (ERROR, "自评表的年度指标值应与公开的绩效目标一致"),
    "eval-reason-missing": (WARNING, "未得满分的指标应写明偏差原因"),
    "eval-unmatched-project": (WARNING, "自评表与绩效目标表的项目应一一对应"),
    "eval-unmatched-indicator": (WARNING, "自评表与绩效目标表的指标应一一对应"),
    "eval-scheme": (ERROR, "评分办法应为已定义的办法"),
}

"""Characters that a record must not hold, and text made safe for a terminal.

A published document is text a reader sees: a control character in it either
changes nothing visible or changes what is seen without changing what is stored.
A lone carriage return ends a heading early; an ANSI escape sequence echoed by
``budgetsite check`` can clear the terminal and print a fake "检查通过"; a bidi
override (U+202E) shows words in an order that search cannot find; a zero-width
space splits a word invisibly. Such characters are refused with their position;
Windows line ends (CRLF) are read as plain line ends by YAML itself.
"""

from __future__ import annotations

import re

from .errors import RecordError

# Names for the message a clerk reads; every other refused character is shown as U+XXXX.
NAMES = {
    "\r": "回车符（CR，单独出现，不是 Windows 换行）",
    "\x1b": "终端控制符（ESC）",
    "\x00": "空字符（NUL）",
    "\u200b": "零宽空格",
    "\u200c": "零宽不连字",
    "\u200d": "零宽连字",
    "\u2060": "零宽不换行空格",
    "\ufeff": "零宽不换行空格（BOM）",
    "\u200e": "从左至右标记",
    "\u200f": "从右至左标记",
    "\u202a": "从左至右嵌入", "\u202b": "从右至左嵌入", "\u202c": "方向格式结束",
    "\u202d": "从左至右覆盖", "\u202e": "从右至左覆盖",
    "\u2066": "从左至右隔离", "\u2067": "从右至左隔离", "\u2068": "首字符方向隔离", "\u2069": "方向隔离结束",
    "\u2028": "行分隔符", "\u2029": "段分隔符",
}
# C0 controls except tab and line feed, DEL, C1 controls, and the invisible characters named above.
# A CR is refused only when it is not followed by LF (CRLF is a line end).
REFUSED = re.compile("\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\u2028\u2029\ufeff]")
_IN_VALUE = re.compile("[\r\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\u2028\u2029\ufeff]")
MAX_REPORTED = 20


def char_name(char: str) -> str:
    return f"U+{ord(char):04X}（{NAMES.get(char, '控制字符')}）"


def text_errors(text: str, file: str) -> list[RecordError]:
    """Every refused character in a file's text, at its line and column (the first ``MAX_REPORTED``)."""
    errors: list[RecordError] = []
    for m in REFUSED.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        column = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
        errors.append(RecordError(file, line, column, "", _refusal(m.group())))
        if len(errors) >= MAX_REPORTED:
            break
    return errors


def value_error(text: str) -> str | None:
    """The refusal for a value that holds a refused character once parsed (written as an escape such as "\\e")."""
    m = _IN_VALUE.search(text)
    return _refusal(m.group()) + f"（位于值的第 {m.start() + 1} 个字符，可能写成了 \\ 转义）" if m else None


def _refusal(char: str) -> str:
    return (f"含有不可见的控制字符 {char_name(char)}；它会改变文字的显示或使检索失效，不能公开。"
            "请删除该字符（可在编辑器中开启“显示不可见字符”），如从 Word 或网页复制，请先粘贴为纯文本。")


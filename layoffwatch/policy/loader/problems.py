"""What is wrong with a parameter file: where (file, key path) and what, in Chinese and English."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a parameter file: where (file, key) and what (Chinese, English)."""

    file: str
    key: str
    zh: str
    en: str

    def __str__(self) -> str:
        return f"{self.file} › {self.key or '（整个文件）'}：{self.zh} / {self.en}"


class PolicyError(ValueError):
    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

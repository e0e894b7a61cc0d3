"""Codes the policy's files are checked against: warning levels and the bureau's section codes."""

from layoffwatch.accounts.sections import SECTIONS

LEVELS = (3, 2, 1)  # plan S3.2: 三级（轻微） < 二级（较重） < 一级（严重）
SECTION_CODES = {code for code, _name, kind, _order in SECTIONS if kind != "leadership"}

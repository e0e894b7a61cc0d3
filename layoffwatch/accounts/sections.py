"""The annex's seven units (任务分解表 牵头/配合科室（单位）) plus the bureau leadership.

The stored name is Chinese; each is a msgid of the project catalog (`layoffwatch/locale`), so a
page says it in the reader's language (`Section.name_shown`, the `policy_text` filter, a
recorded message's `term(…)`; ADR 0100, amended 2026-12-07 (6)).
"""

from django.utils.translation import gettext_noop

SECTIONS = [
    # code, name, kind, order
    ("employment", gettext_noop("就业促进和职业能力建设科"), "section", 1),
    ("legal", gettext_noop("法制和劳动关系科"), "section", 2),
    ("talent_center", gettext_noop("就业和人才中心"), "unit", 3),
    ("talent_mobility", gettext_noop("人才职称和人力资源流动管理科"), "section", 4),
    ("social_insurance", gettext_noop("社会保险事务中心"), "unit", 5),
    ("enforcement", gettext_noop("行政执法支队"), "unit", 6),
    ("arbitration", gettext_noop("劳动人事争议仲裁院"), "unit", 7),
    ("leadership", gettext_noop("局领导"), "leadership", 0),
]

"""The annex's seven units (任务分解表 牵头/配合科室（单位）) plus the bureau leadership."""

SECTIONS = [
    # code, name, kind, order
    ("employment", "就业促进和职业能力建设科", "section", 1),
    ("legal", "法制和劳动关系科", "section", 2),
    ("talent_center", "就业和人才中心", "unit", 3),
    ("talent_mobility", "人才职称和人力资源流动管理科", "section", 4),
    ("social_insurance", "社会保险事务中心", "unit", 5),
    ("enforcement", "行政执法支队", "unit", 6),
    ("arbitration", "劳动人事争议仲裁院", "unit", 7),
    ("leadership", "局领导", "leadership", 0),
]

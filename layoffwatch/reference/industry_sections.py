"""The 20 sections (门类 A–T) of GB/T 4754-2017 in the reader's language (ADR 0100, amended
2026-12-07 (6)).

The stored names are the standard's Chinese (data/industry_sections_divisions.csv); each section's
name is a msgid of the project catalog (`layoffwatch/locale`) whose English is the section's name
in the English edition of the China Statistical Yearbook (National Bureau of Statistics). The
divisions, groups and classes below them have no English source in the project: they keep their
Chinese names on English pages as the catalogue's designations.
"""

from django.utils.translation import gettext, gettext_noop

SECTION_NAMES = {
    "A": gettext_noop("农、林、牧、渔业"),
    "B": gettext_noop("采矿业"),
    "C": gettext_noop("制造业"),
    "D": gettext_noop("电力、热力、燃气及水生产和供应业"),
    "E": gettext_noop("建筑业"),
    "F": gettext_noop("批发和零售业"),
    "G": gettext_noop("交通运输、仓储和邮政业"),
    "H": gettext_noop("住宿和餐饮业"),
    "I": gettext_noop("信息传输、软件和信息技术服务业"),
    "J": gettext_noop("金融业"),
    "K": gettext_noop("房地产业"),
    "L": gettext_noop("租赁和商务服务业"),
    "M": gettext_noop("科学研究和技术服务业"),
    "N": gettext_noop("水利、环境和公共设施管理业"),
    "O": gettext_noop("居民服务、修理和其他服务业"),
    "P": gettext_noop("教育"),
    "Q": gettext_noop("卫生和社会工作"),
    "R": gettext_noop("文化、体育和娱乐业"),
    "S": gettext_noop("公共管理、社会保障和社会组织"),
    "T": gettext_noop("国际组织"),
}


def industry_name_shown(level: str, name: str) -> str:
    """An industry's name as a page shows it: a section's in the reader's language, any other
    level's as stored (the GB/T catalogue's Chinese designation)."""
    return gettext(name) if level == "section" and name else name

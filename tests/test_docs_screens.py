"""The user guide shows the screens `make screenshots` takes, and only those (scripts/screenshots.py).

A reader of docs/user-guide.md sees every picture it links; a screen the script takes and the guide
never shows is a file nobody reads. The browser is not run here: the script's list is read as it
stands, and the committed PNGs are compared with it.
"""

import importlib.util
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "user-guide.md"
SCREENS_DIR = ROOT / "docs" / "screens"
IMAGE = re.compile(r"!\[([^\]]*)\]\(screens/([^)\s]+)\)")


def _script():
    spec = importlib.util.spec_from_file_location(
        "screenshots", ROOT / "scripts" / "screenshots.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # why: its dataclass looks its module up there
    spec.loader.exec_module(module)
    return module


def _guide_images() -> dict[str, str]:
    """file name -> caption, for every screenshot the guide shows."""
    return {name: caption for caption, name in IMAGE.findall(GUIDE.read_text(encoding="utf-8"))}


def test_every_picture_in_the_guide_is_a_committed_screenshot():
    shown = _guide_images()
    assert shown, "docs/user-guide.md shows no screenshot"
    missing = sorted(name for name in shown if not (SCREENS_DIR / name).is_file())
    assert not missing, f"docs/user-guide.md shows images not in docs/screens: {missing}"


def test_the_guide_shows_each_screen_the_script_takes_with_its_caption():
    screens = _script().SCREENS
    taken = {f"{s.name}.png": s.caption for s in screens}
    assert len(taken) == len(screens), "two screens share a file name"
    shown = _guide_images()
    assert sorted(set(taken) - set(shown)) == [], "taken by the script, not shown in the guide"
    assert sorted(set(shown) - set(taken)) == [], "shown in the guide, not taken by the script"
    wrong = {
        name: (shown[name], caption) for name, caption in taken.items() if shown[name] != caption
    }
    assert not wrong, f"captions differ (guide, script): {wrong}"


def test_docs_screens_holds_only_what_the_script_takes():
    taken = {f"{s.name}.png" for s in _script().SCREENS}
    committed = {p.name for p in SCREENS_DIR.glob("*.png")}
    assert committed == taken, (
        f"stale: {sorted(committed - taken)}, absent: {sorted(taken - committed)}"
    )

"""The layer contracts in .importlinter hold today and catch a new back edge.

`make lint` (and so CI) runs `lint-imports`; the layers are drawn in docs/architecture.md
(ADR 0001). The back edge is written into a copy of the package, so that other people's
lint and test runs in this tree never see it.
"""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


def copy_of_the_package(tmp_path: Path) -> Path:
    shutil.copytree(
        ROOT / "layoffwatch",
        tmp_path / "layoffwatch",
        ignore=lambda folder, names: [
            n for n in names if n in {"__pycache__", "node_modules", "static", "locale", "var"}
        ],
    )
    shutil.copy(ROOT / ".importlinter", tmp_path / ".importlinter")
    return tmp_path


def test_it_keeps_the_layer_contract_on_the_code_as_it_is():
    result = lint_imports(ROOT)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_it_fails_lint_when_policy_imports_response(tmp_path):
    tree = copy_of_the_package(tmp_path)
    back_edge = tree / "layoffwatch" / "policy" / "_tmp_back_edge.py"
    try:
        back_edge.write_text("from layoffwatch.response import services  # noqa: F401\n")

        result = lint_imports(tree)
    finally:
        back_edge.unlink()

    assert result.returncode != 0
    assert "layoffwatch.policy._tmp_back_edge -> layoffwatch.response.services" in result.stdout
    assert "1 broken" in result.stdout
    # the same copy without the back edge passes: the failure came from the new line alone
    assert lint_imports(tree).returncode == 0

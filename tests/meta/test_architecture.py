"""The layers are enforced: lint-imports keeps the contracts, and breaks them when an
upstream client imports the web layer; a web worker loads no fetch stack at run time."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e  # lint-imports and a fresh interpreter run as subprocesses

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(LINT_IMPORTS), "--no-cache", "--config",
                           str(project / "pyproject.toml")],
                          cwd=project, capture_output=True, text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(project),
                               "HOME": str(project)})


def test_the_contracts_are_kept() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_an_upstream_client_importing_the_web_layer_breaks_them(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "ticker", tmp_path / "ticker",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    transport = tmp_path / "ticker" / "upstream" / "transport.py"
    transport.write_text(transport.read_text() + "\nimport ticker.web.site  # noqa\n")
    result = lint_imports(tmp_path)
    assert result.returncode != 0
    assert "ticker.upstream.transport -> ticker.web.site" in result.stdout
    assert "Layers: app > web | sources > state | upstream > core BROKEN" in result.stdout
    assert "The upstream clients are a client library" in result.stdout


WORKER_PROBE = """
import sys, tempfile
from pathlib import Path
from ticker.app.server.web_worker import build_web_app
from ticker.core.freshness import Freshness
from ticker.app.server.settings import ServerSettings, WebConfig
from ticker.web.settings import WidgetSettings
config = WebConfig(cities=("seoul",), freshness=Freshness(), server=ServerSettings(),
                   widget=WidgetSettings(), store=None, data_dir=Path(tempfile.mkdtemp()),
                   daily_limits={}, log_level="WARNING")
app = build_web_app(config)
assert app.test_client().get("/healthz").status_code == 200
print(" ".join(sorted(name for name in sys.modules if name.startswith(
    ("apscheduler", "ticker.upstream", "ticker.sources", "ticker.app.refresh",
     "ticker.app.settings", "ticker.app.compose", "requests")))))
"""


def test_a_web_worker_loads_no_fetch_stack(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-c", WORKER_PROBE], capture_output=True,
                            text=True, timeout=120, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""

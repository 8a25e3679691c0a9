"""README tables kept complete (issue 16): every shipped scenario and every command is listed, and no
scenario cites a file outside the repository."""

from __future__ import annotations

import pkgutil
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
SCENARIOS = sorted(p.name for p in (ROOT / "scenarios").glob("*.yaml"))


def _section(title: str) -> str:
    start = README.index(f"## {title}")
    end = README.find("\n## ", start + 1)
    return README[start:end]


@pytest.mark.parametrize("name", SCENARIOS)
def test_readme_scenario_table_lists_every_shipped_scenario(name):
    assert f"| `{name}` |" in _section("Scenarios")


def test_readme_command_table_lists_every_command():
    import deltav.cli

    verbs = [m.name for m in pkgutil.iter_modules(deltav.cli.__path__) if not m.name.startswith("_")]
    table = _section("The command line")
    for verb in verbs:
        assert f"`deltav {verb}" in table, verb
    assert "--expect ID=VERDICT" in table


@pytest.mark.parametrize("name", SCENARIOS)
def test_scenarios_cite_no_file_outside_the_repository(name):
    text = (ROOT / "scenarios" / name).read_text(encoding="utf-8")
    assert not re.search(r"\.\./", text), "a scenario must not cite files outside the repository"


def test_the_annotated_example_in_docs_scenarios_is_a_valid_scenario(tmp_path):
    from deltav import scenario

    doc = (ROOT / "docs" / "scenarios.md").read_text(encoding="utf-8")
    section = doc[doc.index("## A complete, annotated example"):]
    block = section[section.index("```yaml\n") + len("```yaml\n"):section.index("```\n", section.index("```yaml"))]
    path = tmp_path / "example.yaml"
    path.write_text(block, encoding="utf-8")
    sc = scenario.load(path)
    assert sc.name == "my-depot" and len(sc.architectures) == 2

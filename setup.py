"""Build hook: ship the claims seed and the scenarios inside the wheel (metadata lives in pyproject.toml).

``seeds/claims.yaml`` and ``scenarios/*.yaml`` stay the repository's sources; an installed deltav reads
the copies in ``deltav/data/`` (see ``deltav/resources.py``), so ``deltav claims`` works from any folder.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


class BuildWithData(build_py):
    def run(self):
        super().run()
        if self.editable_mode:  # an editable install reads the repository's files in place
            return
        data = Path(self.build_lib) / "deltav" / "data"
        (data / "scenarios").mkdir(parents=True, exist_ok=True)
        shutil.copy2(HERE / "seeds" / "claims.yaml", data / "claims.yaml")
        for f in sorted((HERE / "scenarios").glob("*.yaml")):
            shutil.copy2(f, data / "scenarios" / f.name)


setup(cmdclass={"build_py": BuildWithData})

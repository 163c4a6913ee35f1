"""Package layout that pyproject.toml cannot express: ship scenarios/ inside the wheel.

The top-level ``scenarios/`` folder is installed as ``wargame/bundled_scenarios`` so
that a non-editable ``pip install .`` finds the bundled scenarios.
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["wargame", "wargame.*", "ui", "ui.*"]),
              "wargame.bundled_scenarios"],
    package_dir={"wargame.bundled_scenarios": "scenarios"},
    package_data={
        "wargame": ["py.typed", "report/templates/*", "analysis/templates/*",
                    "server/static/*"],
        "wargame.bundled_scenarios": ["*.yaml", "maps/*.json", "maps/*.md"],
        "ui": ["resources/*"],
    },
)

"""Package layout that pyproject.toml cannot express: ship scenarios/ inside the wheel.

The top-level ``scenarios/`` folder is installed as ``wargame/bundled_scenarios`` so
that a non-editable ``pip install .`` finds the bundled scenarios, and the documents
the app's Help menu opens (the facilitator's guide, the quick reference, the app's
reference and their screenshots) as ``ui/docs``.
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["wargame", "wargame.*", "ui", "ui.*"]),
              "wargame.bundled_scenarios", "ui.docs"],
    package_dir={"wargame.bundled_scenarios": "scenarios", "ui.docs": "docs"},
    package_data={
        "wargame": ["py.typed", "report/templates/*", "analysis/templates/*",
                    "server/static/*"],
        "wargame.bundled_scenarios": ["*.yaml", "maps/*.json", "maps/*.md"],
        "ui": ["resources/*"],
        "ui.docs": ["facilitator-guide.md", "quick-reference.md", "quick-reference.pdf",
                    "gui.md", "screenshots/*.png"],
    },
)

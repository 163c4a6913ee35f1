"""``python -m wargame`` runs the command-line interface."""

from wargame.cli import main

raise SystemExit(main())

"""``python -m ui`` starts the facilitator's desktop app."""

from ui.app import main

raise SystemExit(main())

"""Allow ``python -m ticker``."""

from ticker.app.cli import main

raise SystemExit(main())

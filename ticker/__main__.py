"""Allow ``python -m ticker``."""

from ticker.cli import main

raise SystemExit(main())

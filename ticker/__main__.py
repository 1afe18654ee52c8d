"""Allow ``python -m ticker``."""

from ticker.app.cli.main import main

raise SystemExit(main())

"""``python -m deltav`` is the ``deltav`` command."""

import sys

from deltav.cli import main

sys.exit(main())

"""``python -m pathsum.cli``: the ``pathsum`` command."""

import sys

from .parser import main

sys.exit(main())

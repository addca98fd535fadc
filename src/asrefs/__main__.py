"""python -m asrefs"""

import sys

from asrefs.cli.main import main

sys.exit(main())

import sys

from assistant.cli import entry

sys.exit(entry())

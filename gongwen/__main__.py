"""`python -m gongwen`."""

from gongwen.cli import run

run()

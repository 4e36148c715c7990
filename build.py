#!/usr/bin/env python3
"""Thin entry point: `python build.py …` is the same as the `gongwen` command."""

import sys

from gongwen.cli import main

if __name__ == "__main__":
    sys.exit(main())

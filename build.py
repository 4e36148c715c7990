#!/usr/bin/env python3
"""Thin entry point: `python build.py …` is the same as the `gongwen` command."""

from gongwen.cli import run

if __name__ == "__main__":
    run()

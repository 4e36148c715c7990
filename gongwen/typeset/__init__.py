"""Typeset: the layout profile, fonts and their coverage, Chinese line breaking."""

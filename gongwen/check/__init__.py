"""The checker: GB/T 9704, GB/T 15834 and GB/T 15835 conventions, with locations and safe fixes.

Rules live in family modules (`structure` 1xx, `punctuation` 2xx, `headings` 3xx, `numbers` 4xx,
`glyphs` 5xx); each is a function registered with `@rule`, its docstring the user documentation.
"""

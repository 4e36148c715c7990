"""Load: YAML with locations, the validated document model and what is computed from it."""

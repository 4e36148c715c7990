"""Import: existing documents (text, Word) recognised element by element and written as YAML."""

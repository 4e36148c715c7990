"""Import: documents as they come (text, web pages, Word, .doc/.wps, PDF), read per format, recognised once, as YAML."""

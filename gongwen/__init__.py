"""gongwen: Chinese official documents (公文) from YAML to HTML, PDF and DOCX per GB/T 9704-2012."""

__version__ = "0.1.0"

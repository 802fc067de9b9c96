"""PDFs (reportlab): statement, agreement term. Rendered from domain objects, no I/O."""

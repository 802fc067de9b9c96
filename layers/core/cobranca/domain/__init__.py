"""Pure business rules: no I/O, no framework (enforced by import-linter)."""

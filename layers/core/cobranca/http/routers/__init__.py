"""One Router per area of the operator API."""

"""Clients of outside systems, one module each, behind the protocols in ports.py."""

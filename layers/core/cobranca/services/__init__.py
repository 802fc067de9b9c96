"""Use cases: orchestrate domain rules, the store and providers behind ports."""

"""Plain data shared by the pure cores (rules, scoring, drafts): no HTTP, no database."""

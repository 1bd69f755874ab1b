"""From rendered pages to package files: the site, ids, and deterministic zips."""

"""Translation workflow: status (translated / stale / missing), stamping, XLIFF."""

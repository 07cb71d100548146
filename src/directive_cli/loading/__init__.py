"""Loading a data folder: read, validate, plan, count, with the cache around that pipeline."""

"""Reading data files: YAML, records, and the Vietnamese wording of what is wrong in them."""

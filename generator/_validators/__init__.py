"""Generated validators: see generator/fastschema.py."""

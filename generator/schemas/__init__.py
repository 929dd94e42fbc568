"""JSON Schemas of the record format (package data)."""

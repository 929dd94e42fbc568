"""Importers: records drafted from other systems' exports, for a person to review."""

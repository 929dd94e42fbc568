"""Files `ledger init` writes into a new ledger repository (package data)."""

"""The published site: Ledger + findings + history → Markdown pages, feeds and exports.

`render(SiteInput)` returns every file as bytes and touches nothing; `write.sync` puts them
into a docs dir; `build.prepare` does the whole chain for the CLI and the MkDocs plugin.
"""

"""One module per page kind; each returns Markdown text for the docs dir."""

"""The publishing edge: everything that touches the disk to put a site in place.

`build` runs the one pipeline (`generator.judge`) and hands the judgement to `generator.site`,
which renders pages and feeds without any IO; `write` syncs them into the docs dir it owns;
`swap` stages a build beside the live site and swaps it in whole under a lock; `plugin` is the
MkDocs plugin that runs the same `build` inside `mkdocs build`/`serve`.
"""

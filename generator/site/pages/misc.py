"""The small pages: rules catalogue, tags, feeds and exports."""

from __future__ import annotations

from collections.abc import Sequence

from generator.site import md, paths

CATALOGUE_MISSING = (
    "The rules catalogue is built from the rules' own documentation; this build of the tool "
    "has no rules registered yet."
)


def rules(catalogue: str | None, stamp: str) -> str:
    # The catalogue is the rules' own Markdown (docstrings in the package), not record text.
    body = catalogue if catalogue else CATALOGUE_MISSING + "\n"
    return "\n".join([md.front_matter("Rules"), stamp, "# Rules\n", body])


def tags(stamp: str) -> str:
    # Material's tags plugin fills the listing marker with every tag and its pages.
    return "\n".join(
        [
            md.front_matter("Tags", search_exclude=True),
            stamp,
            "# Tags\n",
            "<!-- material/tags -->\n",
        ]
    )


def feeds(owners: Sequence[tuple[str, str]], stamp: str) -> str:
    here = paths.FEEDS

    def link(text: str, target: str) -> str:
        return f"[{text}]({md.rel(here, target)})"

    owner_rows = [
        [md.link(name, here, paths.owner_calendar(slug)).replace("](", "](", 1)]
        for name, slug in owners
    ]
    schemas = ["incident", "contact", "problem-report", "policy"]
    return "\n".join(
        [
            md.front_matter("Feeds and exports", search_exclude=True),
            stamp,
            "# Feeds and exports\n",
            "Everything here is generated from the same commit and as-of instant as the pages.\n",
            "## Calendars\n",
            f"- {link('All deadlines (iCalendar)', paths.CALENDAR)}: "
            "every obligation the rules derive from the records, one event each, with its "
            "state at the as-of instant (`[late]`, `[met late]`, `[missed]`, `[met]`...): what "
            "`ledger due --format ics` prints.\n",
            "One calendar per owner:\n",
            md.table(["Owner"], owner_rows) if owner_rows else "No owners.\n",
            "## Feed\n",
            f"- {link('Updates, closures and new incidents (Atom)', paths.ATOM)}\n",
            "## Exports\n",
            f"- {link('The ledger and its findings (JSON)', paths.EXPORT)}, valid against "
            f"{link('its JSON Schema', paths.EXPORT_SCHEMA)}\n",
            f"- {link('Action items (CSV)', paths.ACTIONS_CSV)}\n",
            "## Record schemas\n",
            *[
                f"- {link(f'{name} record (JSON Schema)', f'schemas/{name}.schema.json')}"
                for name in schemas
            ],
            "",
        ]
    )

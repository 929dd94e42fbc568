#!/usr/bin/env python3
"""A synthetic Bugzilla search reply shaped like the real one (`../shared/data/bugzilla/`).

    python bench/gen_bugs.py OUT.json --bugs 1700 [--seed 0]

Fields and forms follow the 26 real bugs of the sample: `Owner: what happened` summaries,
`[ca-compliance] [kind]` whiteboards, about one bug in six with a root program's "Next
update" date written in one of the real forms, almost all RESOLVED FIXED with a few INVALID,
DUPLICATE and open ones, creation times from 2014 on, creators with `creator_detail`. Same
arguments, same bytes. Importable: `search(n, seed)` returns the reply as a dict.
"""

from __future__ import annotations

import argparse
import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

CAS = [
    "DigiCert", "Sectigo", "GoDaddy", "Let's Encrypt", "CFCA", "SwissSign", "Apple",
    "Microsoft PKI Services", "TWCA", "certSIGN", "Disig", "SSL.com", "Camerfirma",
    "Firmaprofesional", "Consorci AOC", "Asseco DS / Certum", "PKIoverheid", "Entrust",
    "GlobalSign", "HARICA", "Buypass", "Telia", "e-commerce monitoring", "Chunghwa Telecom",
]  # fmt: skip
KINDS = {
    "ov-misissuance": "Certificates with incorrect Subject attribute order",
    "dv-misissuance": "Duplicate Serial Numbers",
    "ev-misissuance": "Certificate with key length 4098 bit",
    "crl-failure": "CRL Publication Failures",
    "ocsp-failure": "Non-BR-Compliant OCSP Responders",
    "disclosure-failure": "Undisclosed Intermediate certificate",
    "audit-finding": "Findings in ETSI Audit - Incident Report",
    "audit-failure": "Intermediate CA certificates omitted from audit statement",
    "leaf-revocation-delay": "Delayed revocation of TLS certificates",
    "ca-revocation-delay": "Delayed revocation of cross certificate",
    "policy-failure": "Failure to respond to a CPR in a timely manner",
    "smime-misissuance": "Certificates issued inconsistent with S/MIME BR",
}
WORDS = [
    "serial",
    "entropy",
    "precertificate",
    "caa",
    "dnssec",
    "ocsp",
    "crl",
    "audit",
    "mailbox",
    "linter",
]
DATE_FORMS = ["%Y-%m-%d", "%d-%b-%Y", "%-d-%b-%Y", "%Y-%m-%d "]


def search(n: int, seed: int = 0) -> dict[str, Any]:
    rng = random.Random(seed)
    start = datetime(2014, 1, 1, tzinfo=UTC)
    span = (datetime(2026, 10, 1, tzinfo=UTC) - start).total_seconds()
    moments = sorted(start + timedelta(seconds=rng.random() * span) for _ in range(n))
    return {
        "bugs": [_bug(rng, 1_000_000 + 600 * i, at) for i, at in enumerate(moments)],
        "faults": [],
    }


def _bug(rng: random.Random, number: int, at: datetime) -> dict[str, Any]:
    ca = rng.choice(CAS)
    kinds = rng.sample(sorted(KINDS), rng.choice([1, 1, 1, 2]))
    summary = f"{ca}: {KINDS[kinds[0]]} ({rng.choice(WORDS)} {number % 997})"
    board = " ".join(["[ca-compliance]", *(f"[{k}]" for k in kinds)])
    status, resolution = rng.choice(
        [("RESOLVED", "FIXED")] * 16 + [("RESOLVED", "INVALID"), ("RESOLVED", "DUPLICATE")]
        + [("ASSIGNED", ""), ("NEW", "")]
    )  # fmt: skip
    if rng.random() < 1 / 6:
        form = rng.choice(DATE_FORMS)
        board += " Next update " + (at + timedelta(days=rng.randint(7, 60))).strftime(form)
    login = f"{ca.split()[0].lower().replace(',', '')}@ca.example"
    return {
        "resolution": resolution,
        "summary": summary,
        "creator": login,
        "creator_detail": {
            "email": login,
            "name": login,
            "real_name": f"{ca} PKI",
            "id": number // 7,
            "nick": login.split("@")[0],
        },
        "status": status,
        "creation_time": at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "whiteboard": board,
        "id": number,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--bugs", type=int, default=1700)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    args.out.write_text(json.dumps(search(args.bugs, args.seed), indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    main()

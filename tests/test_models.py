"""agencies.yaml's records (models.py) and their plain copies for runs (roster.py)."""

from __future__ import annotations

import dataclasses

import pytest

from directive_cli import roster
from directive_cli.reading import models


@pytest.mark.parametrize(
    ("record", "plain"),
    [
        (models.Agency, roster.Agency),
        (models.Group, roster.Group),
        (models.Issuer, roster.Issuer),
        (models.LetterDefaults, roster.LetterDefaults),
        (models.Signer, roster.Signer),
    ],
)
def test_the_plain_agencies_have_the_records_fields(record, plain):
    """roster.py mirrors agencies.yaml's records for warm runs: a new field must be in both."""
    assert [f.name for f in dataclasses.fields(plain)] == list(record.model_fields)


def test_plain_copies_of_the_default_agencies_keep_every_value():
    from directive_cli.loading.load import load
    from directive_cli.resources import bundled

    repo = load(bundled("default_data", "data"))
    af = repo.agency_file
    assert repo.issuer == roster.plain(af.issuer, roster.Issuer)
    assert repo.issuer.letter.signer is not None and repo.issuer.letter.cc  # nested, as tuples
    assert [(a.id, a.name, a.kind, a.code, a.addressee) for a in repo.agencies.values()] == [
        (a.id, a.name, a.kind, a.code, a.addressee) for a in af.agencies
    ]
    for g in af.groups:
        assert repo.groups[g.id].members == (tuple(g.members) if g.members is not None else None)

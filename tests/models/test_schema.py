"""Every entity carries the columns the architecture promises."""

from __future__ import annotations

import pytest
from sqlalchemy import Uuid
from sqlalchemy.orm import configure_mappers

from relman.models import Base, Entity

configure_mappers()
ENTITIES = sorted(
    (m.class_ for m in Base.registry.mappers if issubclass(m.class_, Entity)),
    key=lambda c: c.__name__,
)


@pytest.mark.parametrize("entity", ENTITIES, ids=lambda c: c.__name__)
def test_every_entity_has_uuid_key_timestamps_and_a_version_counter(entity: type) -> None:
    table = entity.__table__
    mapper = entity.__mapper__
    assert isinstance(table.c.id.type, Uuid) and table.c.id.primary_key
    assert {"created_at", "updated_at", "version"} <= set(table.c.keys())
    assert mapper.version_id_col is table.c.version


def test_relationships_do_not_hide_columns() -> None:
    for entity in ENTITIES:
        columns = set(entity.__table__.c.keys())
        clashes = columns & set(entity.__mapper__.relationships.keys())
        assert not clashes, f"{entity.__name__}: {clashes}"


def test_all_relationships_refuse_lazy_loading() -> None:
    for entity in ENTITIES:
        for rel in entity.__mapper__.relationships:
            assert rel.lazy == "raise", f"{entity.__name__}.{rel.key} loads lazily"

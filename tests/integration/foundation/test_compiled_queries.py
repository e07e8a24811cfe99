"""asmtp.db.compiled: the SQL is the ORM's own, built once per connection, and the rows are the ORM's."""

from __future__ import annotations

import pytest
from django.db import connections, transaction
from django.db.models.sql.compiler import SQLCompiler
from django.db.transaction import TransactionManagementError

from asmtp.cases.models import Application
from asmtp.db.compiled import CompiledQuery
from asmtp.services import applications, cases
from tests.integration.portal.factories import ready_to_submit, start

pytestmark = pytest.mark.django_db

OWN = CompiledQuery(lambda pk, applicant_id: Application.objects.filter(pk=pk, applicant_id=applicant_id), pk=int, applicant_id=int)


def test_a_case_read_through_the_compiled_query_equals_the_orms_read(applicant):
    case = ready_to_submit(applicant, family=True)
    applications.submit_application(case.pk, applicant, idempotency_key=case.idempotency_key, declared=True)
    compiled = OWN.first(pk=case.pk, applicant_id=applicant.pk)
    orm = Application.objects.get(pk=case.pk)
    fields = [field.attname for field in Application._meta.concrete_fields]
    assert {name: getattr(compiled, name) for name in fields} == {name: getattr(orm, name) for name in fields}
    assert compiled.submitted_at.tzinfo is not None and isinstance(compiled.applicant_data, dict)
    assert compiled._state.adding is False and compiled._state.db == "default"
    assert compiled.dependants.count() == orm.dependants.count() > 0  # relations work as on any instance


def test_each_call_runs_with_its_own_values_and_finds_nothing_for_anothers_case(applicant, other_applicant):
    mine, theirs = start(applicant), start(other_applicant)
    assert OWN.first(pk=mine.pk, applicant_id=applicant.pk).pk == mine.pk
    assert OWN.first(pk=theirs.pk, applicant_id=other_applicant.pk).pk == theirs.pk
    assert OWN.first(pk=theirs.pk, applicant_id=applicant.pk) is None
    assert OWN.all(pk=-1, applicant_id=applicant.pk) == []


def test_the_sql_is_built_once_per_connection(applicant, monkeypatch):
    case = start(applicant)
    query = CompiledQuery(lambda pk: Application.objects.filter(pk=pk), pk=int)
    built = []
    real = SQLCompiler.as_sql
    monkeypatch.setattr(SQLCompiler, "as_sql", lambda self, *a, **k: built.append(1) or real(self, *a, **k))
    for _ in range(3):
        assert query.first(pk=case.pk).pk == case.pk
    assert len(built) == 1


@pytest.mark.parametrize(
    ("compiled", "build", "values", "locks"),
    [
        (applications._OWN_CASE, lambda v: Application.objects.filter(pk=v["pk"], applicant_id=v["applicant_id"]), {"pk": 7, "applicant_id": 9}, False),
        (applications._OWN_CASE_LOCKED, lambda v: Application.objects.select_for_update().filter(pk=v["pk"], applicant_id=v["applicant_id"]), {"pk": 7, "applicant_id": 9}, True),
        (applications._BY_FORM_KEY, lambda v: Application.objects.filter(idempotency_key=v["key"], applicant_id=v["applicant_id"]).order_by("pk")[:1], {"key": "k-1", "applicant_id": 9}, False),
        (cases._LOCKED_CASE, lambda v: Application.objects.select_for_update().filter(pk=v["pk"]), {"pk": 7}, True),
    ],
    ids=["own case", "own case locked", "draft by form key", "case locked for an action"],
)
def test_the_services_queries_run_the_orms_sql_with_the_callers_values(compiled, build, values, locks):
    compiled.first(**values)  # builds it for this connection
    built = compiled._built[connections["default"]]
    sql, params = build(values).query.get_compiler("default").as_sql()
    assert built.sql == sql
    assert built.params(values) == list(params)
    if connections["default"].features.has_select_for_update:
        assert ("FOR UPDATE" in built.sql) is locks  # the lock the action relies on is still taken


@pytest.mark.django_db(transaction=True)
def test_a_locked_read_outside_a_transaction_is_refused_as_the_orm_refuses_it(applicant):
    case = start(applicant)
    locked = CompiledQuery(lambda pk: Application.objects.select_for_update().filter(pk=pk), pk=int)
    with transaction.atomic():
        assert locked.first(pk=case.pk).pk == case.pk  # built, and run, inside a transaction
    orm = Application.objects.select_for_update().filter(pk=case.pk)
    if connections["default"].features.has_select_for_update:
        with pytest.raises(TransactionManagementError):
            locked.first(pk=case.pk)  # its lock would end with the statement
        with pytest.raises(TransactionManagementError):
            list(orm)
    else:  # SQLite locks the whole database for a writer, and the ORM runs such a read as it is
        assert locked.first(pk=case.pk).pk == orm.get().pk == case.pk


def test_shapes_it_cannot_read_correctly_are_refused_when_first_built(applicant):
    with pytest.raises(ValueError, match="plain querysets"):
        CompiledQuery(lambda pk: Application.objects.select_related("applicant").filter(pk=pk), pk=int).first(pk=1)
    with pytest.raises(ValueError, match="did not reach the SQL unchanged"):
        CompiledQuery(lambda name: Application.objects.filter(name_en__icontains=name), name=str).first(name="LI")
    with pytest.raises(TypeError, match="exactly"):
        OWN.first(pk=1)
    with pytest.raises(TypeError, match="int or str"):
        CompiledQuery(lambda day: Application.objects.filter(submitted_at__date=day), day=float)

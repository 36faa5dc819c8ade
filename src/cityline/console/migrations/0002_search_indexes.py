"""Indexes for the console's search as you type, on PostgreSQL only (SQLite searches without them).

They are on the cases table but exist for the console's queries, which repeat their expressions
exactly (``console/search.py``): a full-text index of description and address for word prefixes,
and a pattern index on the case number for a number read out in part.
"""

from django.db import migrations

SEARCH_DOCUMENT = (
    "to_tsvector('simple'::regconfig, coalesce(description, '') || ' ' || coalesce(address, ''))"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS console_case_search ON cases_case USING gin ({SEARCH_DOCUMENT})")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS console_case_number_prefix ON cases_case (number varchar_pattern_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS console_case_search")
    schema_editor.execute("DROP INDEX IF EXISTS console_case_number_prefix")


class Migration(migrations.Migration):
    dependencies = [
        ("console", "0001_initial"),
        ("cases", "0002_case_shared_with"),
    ]

    operations = [migrations.RunPython(create, drop)]

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from cityline.packs.loader import PackInvalid, load_pack


class Command(BaseCommand):
    help = "Check a city pack and load it (in one transaction). --check validates and reports, writing nothing."

    def add_arguments(self, parser):
        parser.add_argument("pack", help="a pack shipped with Cityline (e.g. hutchinson-ks) or a folder")
        parser.add_argument("--check", action="store_true", help="validate and print what would change; write nothing")
        parser.add_argument("--quiet-changes", action="store_true", help="print the summary only, not each change")

    def handle(self, *args, pack: str, check: bool, quiet_changes: bool, **options):
        try:
            result = load_pack(pack, check=check)
        except PackInvalid as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"the pack was not loaded: {len(exc.problems)} problem(s) listed above") from None
        contents = result.pack
        for warning in contents.warnings:
            self.stderr.write(f"warning: {warning}")
        self.stdout.write(
            f"{contents.city.slug}: {len(contents.departments)} departments, {len(contents.services)} service types, "
            f"{len(contents.articles)} articles, {len(contents.districts)} districts, {len(contents.addresses)} address points"
        )
        if not quiet_changes:
            for line in result.log.lines:
                self.stdout.write(f"  {line}")
        verb = "would change" if check else "changed"
        if check:
            self.stdout.write(
                self.style.SUCCESS(
                    f"The pack is valid; nothing was written. Loading it {verb}: {result.log.summary()}."
                )
            )
        else:
            self.stdout.write(self.style.SUCCESS(f"Loaded. {verb.capitalize()}: {result.log.summary()}."))

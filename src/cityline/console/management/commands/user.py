"""`cityline user create NAME --role ROLE [--department SLUG ...]`: staff accounts from the command line."""

from __future__ import annotations

import getpass

from django.core.management.base import BaseCommand, CommandError

from cityline.console.accounts import AccountError, create_staff, new_password
from cityline.directory.models import Role, StaffProfile


class Command(BaseCommand):
    help = "Create or list staff accounts (call-takers, department staff, supervisors, administrators)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a staff account")
        create.add_argument("username")
        create.add_argument("--role", required=True, choices=Role.values)
        create.add_argument("--department", action="append", default=[], help="department slug (repeat for several)")
        create.add_argument("--first-name", default="")
        create.add_argument("--last-name", default="")
        create.add_argument("--email", default="")
        create.add_argument("--phone", default="", help="E.164, for on-call paging")
        create.add_argument("--language", default="en")
        password = create.add_mutually_exclusive_group()
        password.add_argument("--password", help="the password (else asked for, or generated with --generate)")
        password.add_argument("--generate", action="store_true", help="generate a password and print it once")
        sub.add_parser("list", help="list staff accounts")

    def handle(self, *args, action: str, **options):
        if action == "list":
            for profile in StaffProfile.objects.select_related("user").prefetch_related("departments"):
                departments = ", ".join(d.slug for d in profile.departments.all())
                self.stdout.write(f"{profile.user.username:<20} {profile.role:<17} {departments}")
            return
        password = options["password"]
        if options["generate"]:
            password = new_password()
        elif not password:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("the two passwords differ")
        try:
            profile = create_staff(
                options["username"],
                role=options["role"],
                password=password,
                departments=options["department"],
                first_name=options["first_name"],
                last_name=options["last_name"],
                email=options["email"],
                phone=options["phone"],
                language=options["language"],
            )
        except AccountError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"Created {profile}."))
        if options["generate"]:
            self.stdout.write(f"Password: {password}")

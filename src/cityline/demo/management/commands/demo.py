from __future__ import annotations

import json
import secrets
from io import StringIO

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db.models import Count

from cityline.core.models import current_jurisdiction
from cityline.directory.models import Department


class Command(BaseCommand):
    help = "Set up the demo city: migrate, load the pack, create demo logins. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--pack", default=None, help="pack to load (default: CITYLINE_PACK, hutchinson-ks)")

    def handle(self, *args, pack: str | None, **options):
        call_command("migrate", interactive=False, verbosity=0)
        call_command(
            "load_pack", pack or settings.CITYLINE_PACK, quiet_changes=True, stdout=self.stdout, stderr=self.stderr
        )
        logins = self._demo_logins()
        self._demo_cases()
        city = current_jurisdiction()
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"{city.name} is ready."))
        self.stdout.write("Demo logins (kept in var/demo-logins.json):")
        for login in logins:
            where = f"  ({login['department']})" if login.get("department") else ""
            self.stdout.write(f"  {login['role']:<17} {login['username']:<12} password: {login['password']}{where}")
        self.stdout.write("Staff console: /console/  ·  administration: /admin/")
        if settings.EMAIL_BACKEND.endswith("filebased.EmailBackend"):
            self.stdout.write(f"E-mail the city sends (to residents and staff) is kept in {settings.EMAIL_FILE_PATH}/")
        from cityline.oncall.demo import create_demo_on_call

        self.stdout.write("On call now (demo staff, fictional numbers; `cityline oncall now <department>`):")
        for line in create_demo_on_call():
            self.stdout.write(f"  {line}")

    def _demo_cases(self) -> None:
        """A city with some history: a few months of synthetic cases, written once."""
        from cityline.cases.models import Case

        if not Case.objects.exists():
            call_command("generate_cases", 600, months=3, seed=311, stdout=StringIO())

    def _demo_logins(self) -> list[dict[str, str]]:
        """One login per role, created once; their passwords are kept so a second run prints them again."""
        path = settings.VAR_DIR / "demo-logins.json"
        saved = {login["username"]: login for login in json.loads(path.read_text())} if path.exists() else {}
        User = get_user_model()
        logins = []
        for role, username in (("administrator", "admin"),):
            login = saved.get(username) or {"role": role, "username": username, "password": secrets.token_urlsafe(9)}
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User.objects.create_superuser(username, f"{username}@example.org", login["password"])
            elif username not in saved:
                user.set_password(login["password"])
                user.save()
            logins.append(login)
        # One console login per staff role; department staff work the busiest department's queue.
        busiest = Department.objects.annotate(types=Count("service_types")).order_by("-types", "position").first()
        for role, username, first, last, department in (
            ("call_taker", "calltaker", "Casey", "Taylor", None),
            ("department_staff", "deptstaff", "Dana", "Reyes", busiest.slug if busiest else None),
            ("supervisor", "supervisor", "Sam", "Ortiz", None),
        ):
            login = saved.get(username) or {"role": role, "username": username, "password": secrets.token_urlsafe(9)}
            user = User.objects.filter(username=username).first()
            if user is None:
                call_command(
                    "user",
                    "create",
                    username,
                    role=role,
                    password=login["password"],
                    department=[department] if department else [],
                    first_name=first,
                    last_name=last,
                    stdout=StringIO(),
                )
            elif username not in saved:
                user.set_password(login["password"])
                user.save()
            if department:
                login["department"] = department
            logins.append(login)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(logins, indent=2))
        path.chmod(0o600)
        return logins

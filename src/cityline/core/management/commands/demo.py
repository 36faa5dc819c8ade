from __future__ import annotations

import json
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from cityline.core.models import current_jurisdiction


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
        city = current_jurisdiction()
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"{city.name} is ready."))
        self.stdout.write("Demo logins (kept in var/demo-logins.json):")
        for login in logins:
            self.stdout.write(f"  {login['role']:<14} {login['username']:<14} password: {login['password']}")
        from cityline.oncall.demo import create_demo_on_call

        self.stdout.write("On call now (demo staff, fictional numbers; `cityline oncall now <department>`):")
        for line in create_demo_on_call():
            self.stdout.write(f"  {line}")

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
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(logins, indent=2))
        path.chmod(0o600)
        return logins

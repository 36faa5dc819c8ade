"""Staff accounts: created by the ``cityline user`` command and the demo, with a role and departments."""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from cityline.directory.models import Department, Role, StaffProfile


class AccountError(ValueError):
    """A refused account, with a message that says what to change."""


def new_password() -> str:
    """A random password that passes the password rules (long, not common, not only digits)."""
    return secrets.token_urlsafe(12)


@transaction.atomic
def create_staff(
    username: str,
    *,
    role: str,
    password: str,
    departments: Iterable[str] = (),
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    phone: str = "",
    language: str = "en",
) -> StaffProfile:
    """A staff account with its role; department staff must name at least one department (by slug)."""
    User = get_user_model()
    if role not in Role.values:
        raise AccountError(f"unknown role {role!r}; choose one of: {', '.join(Role.values)}")
    if User.objects.filter(username=username).exists():
        raise AccountError(f"there is already a user {username!r}")
    slugs = list(departments)
    found = list(Department.objects.filter(slug__in=slugs))
    missing = sorted(set(slugs) - {d.slug for d in found})
    if missing:
        known = ", ".join(Department.objects.values_list("slug", flat=True)[:30])
        raise AccountError(f"no department {', '.join(missing)}; departments are: {known}")
    if role == Role.DEPARTMENT_STAFF and not found:
        raise AccountError("department staff need at least one department (--department SLUG)")
    user = User(username=username, first_name=first_name, last_name=last_name, email=email)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise AccountError("password: " + " ".join(exc.messages)) from None
    user.set_password(password)
    user.is_staff = role == Role.ADMINISTRATOR  # administrators keep the directory and catalog in the admin
    user.is_superuser = role == Role.ADMINISTRATOR
    user.save()
    profile = StaffProfile.objects.create(user=user, role=role, phone=phone, language=language)
    profile.departments.set(found)
    return profile

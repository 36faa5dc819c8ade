"""Demo on-call staff for `cityline demo`: every department that takes urgent reports after hours
gets a weekly rotation of two people, a supervisor and a department head, with fictional 555-01xx
paging numbers, and an escalation policy (on call, backup, supervisor, head). Safe to run again."""

from __future__ import annotations

from datetime import time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cityline.catalog.models import AfterHours
from cityline.core.models import current_jurisdiction
from cityline.core.phones import display_number
from cityline.directory.models import Department, Role, StaffProfile

from .models import EscalationLevel, EscalationPolicy, Rotation, RotationMember

FIRST_NUMBER, LAST_NUMBER = 150, 199  # (620) 555-0150 … 0199: fictional numbers
NAMES = [
    ("Alex", "Rivera"), ("Jordan", "Kim"), ("Morgan", "Lee"), ("Casey", "Park"),
    ("Sam", "Ortiz"), ("Taylor", "Nguyen"), ("Riley", "Brooks"), ("Jamie", "Flores"),
    ("Avery", "Patel"), ("Quinn", "Harris"), ("Drew", "Martinez"), ("Robin", "Chen"),
]  # fmt: skip


def _person(username: str, first: str, last: str, role: str, phone: str, department: Department):
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"first_name": first, "last_name": last, "email": f"{username}@example.org"}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    profile, _ = StaffProfile.objects.get_or_create(user=user, defaults={"role": role, "phone": phone})
    profile.departments.add(department)
    return user


@transaction.atomic
def create_demo_on_call() -> list[str]:
    """Create what is missing; returns one line per department: who is on call now."""
    city = current_jurisdiction()
    area = city.phone[2:5] if city and city.phone.startswith("+1") else "620"
    departments = Department.objects.filter(
        active=True, service_types__after_hours=AfterHours.URGENT, service_types__active=True
    ).distinct()
    today = timezone.now().astimezone(city.zone).date()
    monday = today - timedelta(days=today.weekday())
    lines, number = [], FIRST_NUMBER
    for department in departments:
        if number + 3 > LAST_NUMBER:
            break
        slug = department.slug[:20]
        phones = [f"+1{area}555{n:04d}" for n in range(number, number + 4)]
        number += 4
        short = department.name.split(" (")[0]
        names = [NAMES[(number - FIRST_NUMBER - 4 + i) % len(NAMES)] for i in range(4)]
        first = _person(f"oncall1-{slug}", *names[0], Role.DEPARTMENT_STAFF, phones[0], department)
        second = _person(f"oncall2-{slug}", *names[1], Role.DEPARTMENT_STAFF, phones[1], department)
        boss = _person(f"supervisor-{slug}", *names[2], Role.SUPERVISOR, phones[2], department)
        head = _person(f"head-{slug}", *names[3], Role.SUPERVISOR, phones[3], department)
        rotation, created = Rotation.objects.get_or_create(
            department=department,
            name=f"{short} on call",
            defaults={"handoff": "weekly", "handoff_time": time(8, 0), "starts_on": monday},
        )
        if created:
            RotationMember.objects.create(rotation=rotation, user=first, position=0)
            RotationMember.objects.create(rotation=rotation, user=second, position=1)
        policy, created = EscalationPolicy.objects.get_or_create(department=department)
        if created:
            EscalationLevel.objects.create(
                policy=policy, position=1, label="On call", rotation=rotation, wait_minutes=15
            )
            EscalationLevel.objects.create(
                policy=policy, position=2, label="Backup", rotation=rotation, rotation_offset=1, wait_minutes=10
            )
            EscalationLevel.objects.create(policy=policy, position=3, label="Supervisor", user=boss, wait_minutes=10)
            EscalationLevel.objects.create(
                policy=policy, position=4, label="Department head", user=head, wait_minutes=10
            )
        shift = rotation.shift_at()
        who = f"{shift.name}, {display_number(shift.phone)}" if shift and shift.user else "NOBODY"
        lines.append(f"{department.name}: {who}")
    return lines

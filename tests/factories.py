"""factory_boy factories shared by the whole suite."""

from __future__ import annotations

import factory

from phoihop.accounts.enums import Role
from phoihop.accounts.models import User
from phoihop.organizations.enums import Level, OrganizationKind
from phoihop.organizations.models import Organization

PASSWORD = "Mat-khau-thu-123"


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    code = factory.Sequence(lambda n: f"org-{n}")
    name = factory.Sequence(lambda n: f"Đảng ủy xã Thử {n}")
    abbreviation = factory.Sequence(lambda n: f"DUX{n}")
    kind = OrganizationKind.PARTY_COMMITTEE
    level = Level.COMMUNE


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    organization = factory.SubFactory(OrganizationFactory)
    role = Role.SPECIALIST
    password = factory.django.Password(PASSWORD)

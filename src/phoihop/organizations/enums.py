"""Organisation kinds and levels (code names from the glossary in REGULATIONS.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    CENTRAL = "central", _("Trung ương")
    PROVINCE = "province", _("Tỉnh")
    DISTRICT = "district", _("Huyện")
    COMMUNE = "commune", _("Xã, phường")


class OrganizationKind(models.TextChoices):
    # Party committees and their standing bodies
    PARTY_COMMITTEE = "party_committee", _("Cấp ủy (Tỉnh ủy, Huyện ủy, Đảng ủy xã/phường)")
    STANDING_COMMITTEE = "standing_committee", _("Ban Thường vụ cấp ủy")
    STANDING_BOARD = "standing_board", _("Thường trực cấp ủy")
    STEERING_COMMITTEE = "steering_committee", _("Ban Chỉ đạo")
    # Advisory bodies of the party committee
    ORGANIZATION_BOARD = "organization_board", _("Ban Tổ chức")
    PROPAGANDA_BOARD = "propaganda_board", _("Ban Tuyên giáo")
    MASS_MOBILIZATION_BOARD = "mass_mobilization_board", _("Ban Dân vận")
    INTERNAL_AFFAIRS_BOARD = "internal_affairs_board", _("Ban Nội chính")
    INSPECTION_COMMITTEE = "inspection_committee", _("Ủy ban Kiểm tra")
    INSPECTION_OFFICE = "inspection_office", _("Cơ quan Ủy ban Kiểm tra")
    PARTY_OFFICE = "party_office", _("Văn phòng cấp ủy")
    # Fatherland Front and socio-political organisations
    FATHERLAND_FRONT = "fatherland_front", _("Ủy ban Mặt trận Tổ quốc Việt Nam")
    FRONT_DEPARTMENT = "front_department", _("Ban chuyên môn của Mặt trận (Ban Dân chủ – Pháp luật)")
    WOMENS_UNION = "womens_union", _("Hội Liên hiệp Phụ nữ")
    LABOUR_FEDERATION = "labour_federation", _("Liên đoàn Lao động")
    FARMERS_ASSOCIATION = "farmers_association", _("Hội Nông dân")
    VETERANS_ASSOCIATION = "veterans_association", _("Hội Cựu chiến binh")
    YOUTH_UNION = "youth_union", _("Đoàn Thanh niên Cộng sản Hồ Chí Minh")
    # Bloc committees, police, military, council and government party bodies
    AGENCIES_BLOC_COMMITTEE = "agencies_bloc_committee", _("Đảng ủy Khối các cơ quan / Đảng ủy Các cơ quan")
    ENTERPRISES_BLOC_COMMITTEE = "enterprises_bloc_committee", _("Đảng ủy Khối doanh nghiệp")
    POLICE_PARTY_COMMITTEE = "police_party_committee", _("Đảng ủy Công an")
    MILITARY_PARTY_COMMITTEE = "military_party_committee", _("Đảng ủy Quân sự")
    COUNCIL_PARTY_DELEGATION = "council_party_delegation", _("Đảng đoàn Hội đồng nhân dân")
    GOVERNMENT_PARTY_COMMITTEE = "government_party_committee", _("Ban cán sự đảng Ủy ban nhân dân")
    BLOC_AGENCY = "bloc_agency", _("Cơ quan, đơn vị thuộc Khối")

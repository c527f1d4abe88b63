"""The petitions API's registration and decisions (the same rules as the pages), the files of a petition (the
receiving body of a transfer gets only the redacted copies) and the custodians' "Xem danh tính" link."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from phoihop.identities.domain.actions import designate_custodian
from phoihop.petitions.models import Petition

from .conftest import SIGNER, classify_at, client_of, register_at, transfer_at

pytestmark = pytest.mark.django_db


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n% don thu\n", content_type="application/pdf")


def test_register_and_decide_through_the_api(p) -> None:
    clerk, cv, leader = client_of(p.xa1_clerk), client_of(p.xa1_cv), client_of(p.xa1_leader)
    r = clerk.post(
        reverse("api-petition-list"),
        {
            "received_on": "2027-03-09",
            "channel": "in_person",
            "kind": "complaint",
            "title": "Khiếu nại quyết định thu hồi đất",
            "content": f"{SIGNER} khiếu nại quyết định thu hồi đất.",
            "signers": [{"name": SIGNER, "address": "Thôn Ba", "contact": "0912000111"}],
        },
        content_type="application/json",
    )
    assert r.status_code == 201
    body = r.json()
    handle = body["signers"][0]
    assert (body["register_code"], body["state"], body["signer_count"]) == ("1/2027", "received", 1)
    assert body["content"] == f"{handle} khiếu nại quyết định thu hồi đất."
    assert SIGNER not in r.content.decode()
    assert body["permissions"]["classify"] is False  # a clerk registers, a specialist classifies
    pk = body["id"]
    r = cv.post(
        reverse("api-petition-classify", args=[pk]),
        {"within_competence": True},
        content_type="application/json",
    )
    assert (r.status_code, r.json()["within_competence"], r.json()["classified_on"]) == (
        200,
        True,
        "2027-03-10",
    )
    r = cv.post(
        reverse("api-petition-accept", args=[pk]), {"on": "2027-03-10"}, content_type="application/json"
    )
    assert (r.status_code, r.json()["error"]) == (403, "not_allowed")
    r = leader.post(
        reverse("api-petition-accept", args=[pk]), {"on": "10/03/2027"}, content_type="application/json"
    )
    assert r.status_code == 400
    assert "on" in r.json()["fields"]
    r = leader.post(
        reverse("api-petition-accept", args=[pk]), {"on": "2027-03-10"}, content_type="application/json"
    )
    assert (r.status_code, r.json()["state"], r.json()["accepted_on"]) == (200, "handling", "2027-03-10")
    r = cv.post(
        reverse("api-petition-result", args=[pk]),
        {"on": "2027-03-10", "text": "Giữ nguyên quyết định"},
        content_type="application/json",
    )
    assert (r.status_code, r.json()["state"], r.json()["result_text"]) == (
        200,
        "closed",
        "Giữ nguyên quyết định",
    )
    assert [e["kind"] for e in r.json()["events"]][:2] == ["received", "classified"]
    # outsiders: 404 on every route, the register refuses another body's clerk nothing but shows it nothing
    outsider = client_of(p.outsider_cv)
    assert outsider.get(reverse("api-petition-detail", args=[pk])).status_code == 404
    assert outsider.get(reverse("api-petition-list")).json()["results"] == []


def test_the_receiving_body_gets_only_the_redacted_files(p) -> None:
    clerk = client_of(p.ban_clerk)
    r = clerk.post(
        reverse("petition-new"),
        {
            "received_on": "09/03/2027",
            "channel": "post",
            "kind": "denunciation",
            "title": "Tố cáo cán bộ",
            "content": "Nội dung tố cáo",
            "signer-TOTAL_FORMS": "3",
            "signer-INITIAL_FORMS": "0",
            "signer-0-name": SIGNER,
            "attachments": [_pdf("don-goc.pdf")],
            "redacted_attachments": [_pdf("don-da-che.pdf")],
        },
    )
    petition = Petition.objects.get()
    assert r.url == reverse("petition-detail", args=[petition.pk])
    original = petition.attachments.get(redacted=False)
    redacted = petition.attachments.get(redacted=True)
    page = clerk.get(r.url).content.decode()
    assert "don-goc.pdf" in page
    assert "don-da-che.pdf" in page
    download = clerk.get(reverse("petition-attachment", args=[original.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="don-goc.pdf"'
    classify_at(petition, p.ban_cv, day="2027-03-10", within=False)
    moved = transfer_at(petition, p.ban_leader, p.xa1, day="2027-03-10")
    xa1 = client_of(p.xa1_cv)
    page = xa1.get(reverse("petition-detail", args=[moved.pk])).content.decode()
    assert "don-da-che.pdf" in page
    assert "don-goc.pdf" not in page
    copy = moved.attachments.get()
    assert (copy.redacted, copy.original_name) == (True, "don-da-che.pdf")
    assert xa1.get(reverse("petition-attachment", args=[copy.pk])).status_code == 200
    assert xa1.get(reverse("petition-attachment", args=[original.pk])).status_code == 404
    assert xa1.get(reverse("petition-attachment", args=[redacted.pk])).status_code == 404
    assert client_of(p.outsider).get(reverse("petition-attachment", args=[copy.pk])).status_code == 404


def test_only_custodians_get_the_reading_link(p) -> None:
    petition = register_at(p.ban_clerk, "2027-03-01")
    url = reverse("petition-detail", args=[petition.pk])
    assert "Xem danh tính" not in client_of(p.ban_cv).get(url).content.decode()
    designate_custodian(p.ban_leader, p.ban_cv)
    page = client_of(p.ban_cv).get(url).content.decode()
    identity = petition.signers.get().identity
    assert f'<a href="{reverse("identity-read", args=[identity.pk])}">Xem danh tính</a>' in page
    assert "Xem danh tính" not in client_of(p.ban_clerk).get(url).content.decode()
    anonymous = register_at(p.ban_clerk, "2027-03-01", anonymous=True)
    assert (
        "Xem danh tính"
        not in client_of(p.ban_cv).get(reverse("petition-detail", args=[anonymous.pk])).content.decode()
    )

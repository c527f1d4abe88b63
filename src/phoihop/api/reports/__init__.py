"""API for periodic, ad hoc and thematic reports (/api/v1/reports/), by sub-area:

- lists.py: the user's slots (own, received, copies), with filters;
- slots.py: one slot with its versions, drafting (form or .xlsx), the version's file, every action on a version
  or on the slot;
- periods.py: the receiving body's period table, its .xlsx and archive, reminders;
- requests.py: ad hoc and thematic report requests;
- serializers.py: the serializers they share; common.py: scoped lookups, the day, validation, downloads.

- Every lookup goes through phoihop.reports.queries: outsiders get 404 on every detail, action and download.
- What a user may do on a slot comes from phoihop.reports.rules.slot_permissions (as on the slot's page).
- Domain errors become {"error", "detail", "fields"} bodies (phoihop.api.exceptions); bad query parameters,
  malformed figures or a wrong file give 400, never a 500.
"""

from __future__ import annotations

from django.urls import path

from .lists import SlotListView
from .periods import PeriodDocumentsView, PeriodRemindView, PeriodTableView, PeriodXlsxView
from .requests import RequestListView
from .slots import (
    AcceptView,
    ApproveView,
    ReturnDraftView,
    ReturnView,
    SlotDetailView,
    SlotDraftView,
    SlotTemplateView,
    SlotUploadView,
    SubmissionDocumentView,
    SubmitView,
)

urlpatterns = [
    path("slots/", SlotListView.as_view(), name="api-report-slots"),
    path("slots/<int:pk>/", SlotDetailView.as_view(), name="api-report-slot"),
    path("slots/<int:pk>/draft/", SlotDraftView.as_view(), name="api-report-slot-draft"),
    path("slots/<int:pk>/xlsx/", SlotUploadView.as_view(), name="api-report-slot-xlsx"),
    path("slots/<int:pk>/template.xlsx", SlotTemplateView.as_view(), name="api-report-slot-template"),
    path("slots/<int:pk>/accept/", AcceptView.as_view(), name="api-report-slot-accept"),
    path("slots/<int:pk>/return/", ReturnView.as_view(), name="api-report-slot-return"),
    path("submissions/<int:pk>/submit/", SubmitView.as_view(), name="api-report-submit"),
    path("submissions/<int:pk>/return-draft/", ReturnDraftView.as_view(), name="api-report-return-draft"),
    path("submissions/<int:pk>/approve/", ApproveView.as_view(), name="api-report-approve"),
    path("submissions/<int:pk>/document/", SubmissionDocumentView.as_view(), name="api-report-document"),
    path("periods/", PeriodTableView.as_view(), name="api-report-period"),
    path("periods/xlsx/", PeriodXlsxView.as_view(), name="api-report-period-xlsx"),
    path("periods/documents.zip", PeriodDocumentsView.as_view(), name="api-report-period-documents"),
    path("periods/remind/", PeriodRemindView.as_view(), name="api-report-period-remind"),
    path("requests/", RequestListView.as_view(), name="api-report-requests"),
]

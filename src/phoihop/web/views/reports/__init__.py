"""Pages for report slots, by sub-area:

- lists.py: the reports a body owes, the reports it receives (by period), the copies it received;
- slots.py: one slot with its versions and the actions the user may take (rules.slot_permissions, as the API);
- periods.py: the receiving body's period table with totals, downloads and reminders;
- requests.py: ad hoc and thematic report requests;
- common.py: the day, the year of a list, file names, domain errors on a form.

Who sees what (on top of reports.queries):
- the reporting body sees its own slots and every version of them (drafts included);
- the receiving body sees every slot addressed to it and their sent versions, the period tables and downloads;
- a body named by a copy-to duty sees the slots it received a copy of, sent versions only;
- anyone else gets 404.
"""

from __future__ import annotations

from django.urls import path

from .lists import copies, own, received
from .periods import period, period_remind, request_remind, request_table
from .requests import request_create, request_list
from .slots import (
    accept,
    approve_send,
    document,
    return_draft,
    return_slot,
    save_draft,
    slot_detail,
    submit,
    upload_xlsx,
    xlsx_template,
)

urlpatterns = [
    path("", own, name="reports-own"),
    path("nhan/", received, name="reports-received"),
    path("dong-gui/", copies, name="reports-copies"),
    path("ky/<int:obligation>/<str:key>/", period, name="reports-period"),
    path("ky/<int:obligation>/<str:key>/nhac/", period_remind, name="reports-period-remind"),
    path("yeu-cau/", request_list, name="reports-requests"),
    path("yeu-cau/moi/", request_create, name="reports-request-create"),
    path("yeu-cau/<int:pk>/", request_table, name="reports-request-table"),
    path("yeu-cau/<int:pk>/nhac/", request_remind, name="reports-request-table-remind"),
    path("<int:pk>/", slot_detail, name="reports-slot"),
    path("<int:pk>/soan/", save_draft, name="reports-draft"),
    path("<int:pk>/tai-so-lieu/", upload_xlsx, name="reports-xlsx-upload"),
    path("<int:pk>/mau-so-lieu.xlsx", xlsx_template, name="reports-xlsx-template"),
    path("<int:pk>/tiep-nhan/", accept, name="reports-accept"),
    path("<int:pk>/tra-lai/", return_slot, name="reports-return"),
    path("ban/<int:pk>/trinh/", submit, name="reports-submit"),
    path("ban/<int:pk>/duyet-gui/", approve_send, name="reports-approve"),
    path("ban/<int:pk>/tra-lai/", return_draft, name="reports-return-draft"),
    path("ban/<int:pk>/tep/", document, name="reports-document"),
]

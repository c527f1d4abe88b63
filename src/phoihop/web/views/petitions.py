"""Pages of petitions (issue 13, points 1, 2, 7) under /don-thu/: the body's register (Sổ đơn thư: keyset pages,
filters, the review lists of 004 3.7, a search that ignores diacritics, an .xlsx export with handles only),
registering a petition (signers as protected identities, the officials and bodies it concerns, attachments with
their redacted copies), a petition's page (history, subjects, signers as handles, deadlines, the follow-up of a
transfer, its matter and the duplicates proposed) and one form per decision. Every lookup goes through
petitions.queries (outsiders get 404), every decision through petitions.rules, every change through
petitions.domain.actions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from io import BytesIO
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import prefetch_related_objects
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise
from openpyxl import Workbook

from phoihop.accounts.types import Viewer, signed_in
from phoihop.common.errors import DomainError
from phoihop.common.forms import DATE_ERRORS, DATE_INPUT, DATE_INPUT_FORMATS
from phoihop.formats.vi.collation import sorted_vi
from phoihop.identities.domain.protect import Person
from phoihop.identities.rules import is_custodian
from phoihop.legal import rules as legal_rules
from phoihop.officials import queries as officials_queries
from phoihop.organizations.models import Organization
from phoihop.petitions import queries, rules
from phoihop.petitions.domain import actions
from phoihop.petitions.enums import Channel, EventKind, PetitionKind, PetitionState
from phoihop.petitions.models import Petition

from . import matters as matters_views
from ._actions import post_action
from ._paging import cursor_of, page_or_first

PLACEHOLDER = "999999999"
REVIEW_LISTS = ("complex", "prolonged", "backlog", "mass")
FILTERS = ("kind", "state", "review", "q")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_LIMIT = 5000


# --- forms (the choices come from the registry's queries; the domain decides) ---------------------------


def _date(label: Any, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_INPUT_FORMATS,
        widget=DATE_INPUT,
        error_messages=DATE_ERRORS,
        help_text=help_text,
    )


class _OfficialChoice(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        parts = [obj.full_name]
        if obj.position:
            parts.append(obj.position)
        return " — ".join(parts)


def _bodies(user: Viewer) -> list[Organization]:
    return sorted_vi(officials_queries.organization_choices(user).only("id", "name"), key=lambda o: o.name)


class _MultipleFiles(forms.ClearableFileInput):
    allow_multiple_selected = True


class _FilesField(forms.FileField):
    """Several files in one field (each checked by the domain's upload rules)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", _MultipleFiles())
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        one = super().clean
        if isinstance(data, list | tuple):
            return [one(d, initial) for d in data if d]
        return [one(data, initial)] if data else []


class IntakeForm(forms.Form):
    received_on = _date(gettext_lazy("Ngày nhận"))
    channel = forms.ChoiceField(label=gettext_lazy("Nguồn đơn"), choices=Channel.choices)
    kind = forms.ChoiceField(label=gettext_lazy("Loại đơn"), choices=PetitionKind.choices)
    title = forms.CharField(label=gettext_lazy("Trích yếu"), max_length=300)
    content = forms.CharField(label=gettext_lazy("Nội dung"), widget=forms.Textarea(attrs={"rows": 6}))
    anonymous = forms.BooleanField(
        label=gettext_lazy("Đơn nặc danh (không rõ họ tên, địa chỉ người gửi)"), required=False
    )
    signer_count = forms.IntegerField(
        label=gettext_lazy("Số người ký"),
        min_value=1,
        max_value=100000,
        required=False,
        help_text=gettext_lazy("Để trống: bằng số người ký ghi dưới đây."),
    )
    officials = _OfficialChoice(
        queryset=None, label=gettext_lazy("Cán bộ, đảng viên bị phản ánh, tố cáo"), required=False
    )
    organizations: forms.ModelMultipleChoiceField[Organization] = forms.ModelMultipleChoiceField(
        queryset=None, label=gettext_lazy("Cơ quan, tổ chức liên quan"), required=False
    )
    attachments = _FilesField(label=gettext_lazy("Tệp đơn gốc"), required=False)
    redacted_attachments = _FilesField(
        label=gettext_lazy("Bản đã che thông tin người gửi (chỉ bản này được gửi kèm khi chuyển đơn)"),
        required=False,
    )

    def __init__(self, *args: Any, user: Viewer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        officials = self.fields["officials"]
        assert isinstance(officials, forms.ModelMultipleChoiceField)
        officials.queryset = officials_queries.visible_to(user).order_by("sort_name", "pk")
        bodies = self.fields["organizations"]
        assert isinstance(bodies, forms.ModelMultipleChoiceField)
        bodies.queryset = officials_queries.organization_choices(user)


class SignerForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Họ và tên"), max_length=200, required=False)
    address = forms.CharField(label=gettext_lazy("Địa chỉ"), max_length=300, required=False)
    contact = forms.CharField(label=gettext_lazy("Điện thoại, thư điện tử"), max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("address") or data.get("contact")) and not data.get("name"):
            self.add_error("name", gettext_lazy("Hãy ghi họ và tên người ký."))
        return data


SignerFormSet = forms.formset_factory(SignerForm, extra=3, max_num=50, validate_max=True)


WITHIN = (("1", gettext_lazy("Thuộc thẩm quyền")), ("0", gettext_lazy("Không thuộc thẩm quyền")))


class ClassifyForm(forms.Form):
    within_competence = forms.ChoiceField(
        label=gettext_lazy("Thẩm quyền giải quyết"), choices=WITHIN, widget=forms.RadioSelect
    )
    complex = forms.BooleanField(label=gettext_lazy("Phức tạp"), required=False)
    prolonged = forms.BooleanField(label=gettext_lazy("Kéo dài"), required=False)
    backlog = forms.BooleanField(label=gettext_lazy("Tồn đọng"), required=False)
    mass = forms.BooleanField(label=gettext_lazy("Đông người"), required=False)


class DecisionForm(forms.Form):
    on = _date(gettext_lazy("Ngày"))
    note = forms.CharField(
        label=gettext_lazy("Ý kiến xử lý"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class _BodyChoice(forms.ChoiceField):
    """A select of bodies in Vietnamese alphabetical order; cleans to the Organization."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.bodies: list[Organization] = []

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        return next((o for o in self.bodies if str(o.pk) == str(value)), None)


class TransferForm(forms.Form):
    to_organization = _BodyChoice(label=gettext_lazy("Chuyển đến cơ quan có thẩm quyền"))
    letter = forms.CharField(label=gettext_lazy("Số văn bản chuyển đơn"), max_length=100)
    on = _date(gettext_lazy("Ngày chuyển"))
    result_due_on = _date(
        gettext_lazy("Hạn báo cáo kết quả"),
        help_text=gettext_lazy("Cơ quan chuyển đơn theo dõi đến khi nhận được kết quả (003, điểm 4.1.đ)."),
    )
    note = forms.CharField(
        label=gettext_lazy("Ghi chú"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, bodies: list[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_organization"]
        assert isinstance(field, _BodyChoice)
        field.bodies = bodies
        field.choices = [("", "---------"), *((o.pk, o.name) for o in bodies)]


class ResultForm(forms.Form):
    on = _date(gettext_lazy("Ngày có kết quả"))
    text = forms.CharField(label=gettext_lazy("Kết quả giải quyết"), widget=forms.Textarea(attrs={"rows": 3}))


class ReportToBanForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Nội dung báo cáo"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


# --- the register's .xlsx export: handles only, never an identity ----------------------------------------


def register_filename(day: dt.date) -> str:
    return f"so-don-thu-{day.strftime('%d-%m-%Y')}.xlsx"


def register_xlsx(rows: list[Petition]) -> bytes:
    """The register's rows (signers' handles prefetched on `rows`): who signed is a handle, never a name."""
    kinds, states = dict(PetitionKind.choices), dict(PetitionState.choices)
    channels = dict(Channel.choices)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Sổ đơn thư")
    sheet.append(
        [
            _("Số vào sổ"),
            _("Ngày nhận"),
            _("Nguồn đơn"),
            _("Loại đơn"),
            _("Trích yếu"),
            _("Người ký (bí danh)"),
            _("Trạng thái"),
            _("Chuyển đến"),
            _("Hạn báo cáo kết quả"),
            _("Ghi chú"),
        ]
    )
    for p in rows:
        handles = ", ".join(s.identity.handle for s in p.signers.all()) or (
            _("Nặc danh") if p.anonymous else ""
        )
        sheet.append(
            [
                p.register_code,
                p.received_on.strftime("%d/%m/%Y"),
                str(channels.get(p.channel, p.channel)),
                str(kinds.get(p.kind, p.kind)),
                p.title,
                handles,
                str(states.get(p.state, p.state)),
                p.transferred_to.name if p.transferred_to else "",
                p.result_due_on.strftime("%d/%m/%Y") if p.result_due_on else "",
                ", ".join(_flags(p)),
            ]
        )
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _filters(request: HttpRequest) -> dict[str, Any]:
    """The register's filters from the query string; unknown values are ignored."""
    f: dict[str, Any] = {}
    kind = request.GET.get("kind", "")
    if kind in PetitionKind.values:
        f["kind"] = kind
    state = request.GET.get("state", "")
    if state in PetitionState.values:
        f["state"] = state
    review = request.GET.get("review", "")
    if review in REVIEW_LISTS:
        f["review"] = review
    q = " ".join(request.GET.get("q", "").split())[:100]
    if q:
        f["q"] = q
    return f


def _petition(request: HttpRequest, pk: int) -> Petition:
    petition = queries.petition_for(request.user, pk)
    if petition is None:
        raise Http404
    return petition


def _detail_url(request: HttpRequest, pk: int) -> str:
    return reverse("petition-detail", args=[_petition(request, pk).pk])


def _flags(p: Petition) -> list[str]:
    names = {
        "complex": _("Phức tạp"),
        "prolonged": _("Kéo dài"),
        "backlog": _("Tồn đọng"),
        "mass": _("Đông người"),
    }
    out = [label for name, label in names.items() if getattr(p, name)]
    if p.anonymous:
        out.append(_("Nặc danh"))
    if p.result_overdue:
        out.append(_("Quá hạn báo cáo kết quả"))
    return out


@login_required
def petition_list(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    if request.GET.get("format") == "xlsx":
        return _export(request, filters)
    page = page_or_first(request, lambda cursor: queries.register_page(request.user, filters, cursor))
    url = reverse("petition-detail", args=[PLACEHOLDER])
    kinds, states = dict(PetitionKind.choices), dict(PetitionState.choices)
    rows = [
        {
            "p": p,
            "url": url.replace(PLACEHOLDER, str(p.pk)),
            "kind": kinds.get(p.kind, p.kind),
            "state": states.get(p.state, p.state),
            "flags": _flags(p),
        }
        for p in page.rows
    ]
    kept = {k: str(v) for k, v in filters.items()}
    next_url = f"?{urlencode({**kept, 'cursor': page.next})}" if page.next else ""
    return render(
        request,
        "web/petitions/list.html",
        {
            "rows": rows,
            "page": page,
            "next_url": next_url,
            "first_url": f"?{urlencode(kept)}" if cursor_of(request) else "",
            "export_url": f"?{urlencode({**kept, 'format': 'xlsx'})}",
            "filters": kept,
            "kinds": PetitionKind.choices,
            "states": PetitionState.choices,
            "reviews": [
                ("complex", _("Đơn phức tạp")),
                ("prolonged", _("Đơn kéo dài")),
                ("backlog", _("Đơn tồn đọng")),
                ("mass", _("Đơn đông người")),
            ],
            "can_register": rules.can_register(request.user),
        },
    )


def _export(request: HttpRequest, filters: dict[str, Any]) -> HttpResponse:
    rows = queries.export_rows(request.user, filters)
    prefetch_related_objects(rows, "signers__identity")  # two queries, whatever the number of rows
    content = register_xlsx(rows)
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{register_filename(timezone.localdate())}"'
    return response


# --- registering --------------------------------------------------------------------------------------


def _render_new(request: HttpRequest, form: forms.Form, signers: Any) -> HttpResponse:
    return render(
        request,
        "web/petitions/new.html",
        {"form": form, "signers": signers, "anonymous_rule": rules.ANONYMOUS_DENUNCIATION_RULE},
    )


@login_required
def petition_new(request: HttpRequest) -> HttpResponse:
    if not rules.can_register(request.user):
        raise PermissionDenied
    actor = signed_in(request.user)
    if request.method != "POST":
        form = IntakeForm(user=actor, initial={"received_on": timezone.localdate()})
        return _render_new(request, form, SignerFormSet(prefix="signer"))
    form = IntakeForm(request.POST, request.FILES, user=actor)
    signers = SignerFormSet(request.POST, prefix="signer")
    if not (form.is_valid() and signers.is_valid()):
        return _render_new(request, form, signers)
    d = form.cleaned_data
    people = [
        Person(name=s["name"], address=s.get("address", ""), contact=s.get("contact", ""))
        for s in signers.cleaned_data
        if s and s.get("name")
    ]
    intake = actions.Intake(
        received_on=d["received_on"],
        channel=d["channel"],
        kind=d["kind"],
        title=d["title"],
        content=d["content"],
        anonymous=d["anonymous"],
        signers=people,
        signer_count=d["signer_count"],
        official_ids=[o.pk for o in d["officials"]],
        organization_ids=[o.pk for o in d["organizations"]],
        attachments=d["attachments"],
        redacted_attachments=d["redacted_attachments"],
    )
    try:
        petition = actions.register(organization_id=_org_id(actor), intake=intake, actor=actor)
    except DomainError as exc:
        if exc.status == 403:
            raise PermissionDenied(exc.message) from exc
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return _render_new(request, form, signers)
    messages.success(request, _("Đã vào sổ đơn thư số %(code)s.") % {"code": petition.register_code})
    return redirect(petition.get_absolute_url())


def _org_id(user: Viewer) -> int:
    org = getattr(user, "organization_id", None)
    if org is None:
        raise PermissionDenied
    return int(org)


# --- a petition's page ---------------------------------------------------------------------------------


def _identity_url() -> Callable[[int], str] | None:
    """The custodians' reading page of an identity, if the identities part offers one."""
    try:
        url = reverse("identity-read", args=[PLACEHOLDER])
    except NoReverseMatch:
        return None
    return lambda pk: url.replace(PLACEHOLDER, str(pk))


def _proposals(request: HttpRequest, petition: Petition) -> dict[str, Any]:
    """The duplicates the matters part proposes (the context of web/matters/_proposals.html), when it offers
    them: nothing (and no query) for a user who may not link the petition."""
    context = getattr(matters_views, "proposal_context", None)
    if context is None:
        return {}
    result: dict[str, Any] = context(request.user, petition)
    return result


def _deadline_rows(petition: Petition) -> list[dict[str, Any]]:
    rows = []
    for d in queries.deadlines_of(petition):
        try:
            r = legal_rules.rule(d.rule)
            title, article, reading = r.title, f"{r.law}, {r.article}", r.reading if not r.verified else ""
        except KeyError:
            title, article, reading = d.rule, "", ""
        rows.append({"d": d, "title": title, "article": article, "reading": reading})
    return rows


def _render_detail(request: HttpRequest, petition: Petition, **forms_: forms.Form) -> HttpResponse:
    perms = rules.petition_permissions(request.user, petition)
    kinds, states, channels = dict(PetitionKind.choices), dict(PetitionState.choices), dict(Channel.choices)
    events = dict(EventKind.choices)
    # the custodians' reading (a reason asked, audited) is linked for the body's custodians only
    custodian = bool(perms.get("read_identity")) and is_custodian(request.user, petition.organization_id)
    identity_url = _identity_url() if custodian else None
    signers = [
        {"handle": s.identity.handle, "url": identity_url(s.identity_id) if identity_url else ""}
        for s in queries.signers_of(petition)
    ]
    today = timezone.localdate()
    context: dict[str, Any] = {
        "petition": petition,
        "perms": perms,
        "kind": kinds.get(petition.kind, petition.kind),
        "state": states.get(petition.state, petition.state),
        "channel": channels.get(petition.channel, petition.channel),
        "flags": _flags(petition),
        "anonymous_notice": rules.anonymous_notice(petition),
        "signers": signers,
        "subjects": list(queries.subjects_of(petition)),
        "attachments": list(queries.attachments_of(request.user, petition)),
        "deadlines": _deadline_rows(petition),
        "events": [{"e": e, "kind": events.get(e.kind, e.kind)} for e in queries.events_of(petition)],
        "transfers": list(queries.transfers_of(request.user, petition)),
        "source": queries.source_of(request.user, petition),
        "follow_overdue": bool(
            petition.result_due_on
            and petition.state == PetitionState.TRANSFERRED
            and petition.result_due_on < today
        ),
        "petition_matter_url": petition.matter.get_absolute_url() if petition.matter else "",
        "today": today,
        "classify_form": forms_.get("classify_form")
        or ClassifyForm(initial=_classification(petition), auto_id="classify_%s"),
        "accept_form": forms_.get("accept_form") or DecisionForm(initial={"on": today}, auto_id="accept_%s"),
        "guide_form": forms_.get("guide_form") or DecisionForm(initial={"on": today}, auto_id="guide_%s"),
        "file_form": forms_.get("file_form") or DecisionForm(initial={"on": today}, auto_id="file_%s"),
        "transfer_form": forms_.get("transfer_form")
        or (
            TransferForm(initial={"on": today}, bodies=_bodies(request.user), auto_id="transfer_%s")
            if perms.get("transfer")
            else None
        ),
        "result_form": forms_.get("result_form") or ResultForm(initial={"on": today}, auto_id="result_%s"),
        "ban_form": forms_.get("ban_form") or ReportToBanForm(auto_id="ban_%s"),
    }
    context.update(_proposals(request, petition))
    return render(request, "web/petitions/detail.html", context)


def _classification(p: Petition) -> dict[str, Any]:
    return {
        "within_competence": {True: "1", False: "0"}.get(p.within_competence, ""),  # type: ignore[arg-type]
        "complex": p.complex,
        "prolonged": p.prolonged,
        "backlog": p.backlog,
        "mass": p.mass,
    }


@login_required
def petition_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _petition(request, pk))


def _act(
    request: HttpRequest,
    petition: Petition,
    allowed: bool,
    form: forms.Form,
    key: str,
    run: Callable[[dict[str, Any]], Any],
    done: StrOrPromise,
) -> HttpResponse:
    """Run a decision from its form: a user the rules refuse gets 403 before the form is read; errors go back to
    the petition's page (under the form) or as a message."""
    if not allowed:
        raise PermissionDenied
    if not form.is_valid():
        return _render_detail(request, petition, **{key: form})
    try:
        run(form.cleaned_data)
    except DomainError as exc:
        if exc.status == 403:
            raise PermissionDenied(exc.message) from exc
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return _render_detail(request, petition, **{key: form})
    messages.success(request, done)
    return redirect(petition.get_absolute_url())


def _action(
    name: str,
    make_form: Callable[[HttpRequest], forms.Form],
    key: str,
    run: Callable[[Petition, dict[str, Any], Any], Any],
    done: StrOrPromise,
) -> Callable[..., HttpResponse]:
    @login_required
    @post_action(_detail_url)
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        petition = _petition(request, pk)
        actor = signed_in(request.user)
        perms = rules.petition_permissions(actor, petition)
        return _act(
            request,
            petition,
            bool(perms.get(name)),
            make_form(request),
            key,
            lambda d: run(petition, d, actor),
            done,
        )

    view.__name__ = f"petition_{name}"
    view.__qualname__ = view.__name__
    return view


def _classify(p: Petition, d: dict[str, Any], actor: Any) -> None:
    actions.classify(
        p,
        actions.Classification(
            within_competence=d["within_competence"] == "1",
            complex=d["complex"],
            prolonged=d["prolonged"],
            backlog=d["backlog"],
            mass=d["mass"],
        ),
        actor=actor,
    )


def _transfer(p: Petition, d: dict[str, Any], actor: Any) -> None:
    actions.transfer(
        p,
        actions.TransferInput(
            to_organization_id=d["to_organization"].pk,
            letter=d["letter"],
            on=d["on"],
            result_due_on=d["result_due_on"],
            note=d["note"],
        ),
        actor=actor,
    )


petition_classify = _action(
    "classify",
    lambda r: ClassifyForm(r.POST, auto_id="classify_%s"),
    "classify_form",
    _classify,
    gettext_lazy("Đã phân loại đơn."),
)
petition_accept = _action(
    "accept",
    lambda r: DecisionForm(r.POST, auto_id="accept_%s"),
    "accept_form",
    lambda p, d, a: actions.accept(p, on=d["on"], note=d["note"], actor=a),
    gettext_lazy("Đã thụ lý giải quyết đơn."),
)
petition_transfer = _action(
    "transfer",
    lambda r: TransferForm(r.POST, bodies=_bodies(r.user), auto_id="transfer_%s"),
    "transfer_form",
    _transfer,
    gettext_lazy("Đã chuyển đơn; theo dõi đến khi có kết quả."),
)
petition_guide = _action(
    "guide",
    lambda r: DecisionForm(r.POST, auto_id="guide_%s"),
    "guide_form",
    lambda p, d, a: actions.guide(p, on=d["on"], note=d["note"], actor=a),
    gettext_lazy("Đã ghi nhận hướng dẫn người gửi."),
)
petition_file = _action(
    "file",
    lambda r: DecisionForm(r.POST, auto_id="file_%s"),
    "file_form",
    lambda p, d, a: actions.file_away(p, on=d["on"], note=d["note"], actor=a),
    gettext_lazy("Đã lưu đơn."),
)
petition_result = _action(
    "report_result",
    lambda r: ResultForm(r.POST, auto_id="result_%s"),
    "result_form",
    lambda p, d, a: actions.report_result(p, on=d["on"], text=d["text"], actor=a),
    gettext_lazy("Đã báo cáo kết quả giải quyết."),
)
petition_report_ban = _action(
    "report_to_ban",
    lambda r: ReportToBanForm(r.POST, auto_id="ban_%s"),
    "ban_form",
    lambda p, d, a: actions.report_to_ban(p, note=d["note"], actor=a),
    gettext_lazy("Đã báo cáo Ban Nội chính."),
)


@login_required
def petition_attachment(request: HttpRequest, pk: int) -> FileResponse:
    attachment = queries.attachment_for(request.user, pk)
    if attachment is None:
        raise Http404
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type or "application/octet-stream",
    )


urlpatterns = [
    path("", petition_list, name="petition-list"),
    path("vao-so/", petition_new, name="petition-new"),
    path("<int:pk>/", petition_detail, name="petition-detail"),
    path("<int:pk>/phan-loai/", petition_classify, name="petition-classify"),
    path("<int:pk>/thu-ly/", petition_accept, name="petition-accept"),
    path("<int:pk>/chuyen-don/", petition_transfer, name="petition-transfer"),
    path("<int:pk>/huong-dan/", petition_guide, name="petition-guide"),
    path("<int:pk>/luu-don/", petition_file, name="petition-file"),
    path("<int:pk>/ket-qua/", petition_result, name="petition-result"),
    path("<int:pk>/bao-cao-ban/", petition_report_ban, name="petition-report-ban"),
    path("tep/<int:pk>/", petition_attachment, name="petition-attachment"),
]

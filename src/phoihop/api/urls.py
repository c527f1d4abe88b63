from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import views

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Split view: the page's start-up script is served by the same URL (?script), not inline, for the CSP.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="web/api_docs.html"),
        name="api-docs",
    ),
    path("me/", views.MeView.as_view(), name="api-me"),
    path("workdays/", include("phoihop.api.workdays")),
    path("regulations/", include("phoihop.api.regulations")),
    path("consultations/", include("phoihop.api.consultations")),
    path("reports/", include("phoihop.api.reports")),
    path("evaluation/", include("phoihop.api.evaluation")),
    path("notifications/", include("phoihop.api.notifications")),
    path("work/", include("phoihop.api.work")),
    path("officials-import/", include("phoihop.api.officials_import")),
    path("officials/", include("phoihop.api.officials")),
    path("information/", include("phoihop.api.information")),
    path("cases/", include("phoihop.api.cases")),
    path("petitions/", include("phoihop.api.petitions")),
    path("matters/", include("phoihop.api.matters")),
    path("identities/", include("phoihop.api.identities")),
    path("reception/", include("phoihop.api.reception")),
]

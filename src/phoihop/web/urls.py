from django.contrib.auth import views as auth_views
from django.urls import include, path

from .views import _actions, home

urlpatterns = [
    path("", home.home, name="home"),
    path("dang-nhap/", auth_views.LoginView.as_view(), name="login"),
    # logging out is a POST (a link cannot log anyone out); a GET of its address goes to the home page
    path("dang-xuat/", _actions.post_action(_actions.home)(auth_views.LogoutView.as_view()), name="logout"),
    path("doi-mat-khau/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("doi-mat-khau/xong/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("xac-thuc-hai-lop/", include("phoihop.web.views.two_factor")),
    path("quy-che/", include("phoihop.web.views.regulations")),
    path("lich-lam-viec/", include("phoihop.web.views.calendar")),
    path("phoi-hop/", include("phoihop.web.views.consultations")),
    path("bao-cao/", include("phoihop.web.views.reports")),
    path("danh-gia/", include("phoihop.web.views.evaluation")),
    path("co-quan/", include("phoihop.web.views.organizations")),
    path("thong-bao/", include("phoihop.web.views.notifications")),
    path("can-bo/nhap/", include("phoihop.web.views.officials_import")),
    path("can-bo/", include("phoihop.web.views.officials")),
    path("thong-tin-can-bo/", include("phoihop.web.views.information")),
    path("vu-viec/", include("phoihop.web.views.cases")),
    path("don-thu/", include("phoihop.web.views.petitions")),
    path("vu-viec-chung/", include("phoihop.web.views.matters")),
    path("danh-tinh/", include("phoihop.web.views.identities")),
    path("tiep-cong-dan/", include("phoihop.web.views.reception")),
]

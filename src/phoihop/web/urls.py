from django.contrib.auth import views as auth_views
from django.urls import include, path

from .views import home

urlpatterns = [
    path("", home.home, name="home"),
    path("dang-nhap/", auth_views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("doi-mat-khau/xong/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("xac-thuc-hai-lop/", include("phoihop.web.views.two_factor")),
    path("quy-che/", include("phoihop.web.views.regulations")),
    path("lich-lam-viec/", include("phoihop.web.views.calendar")),
    path("phoi-hop/", include("phoihop.web.views.consultations")),
    path("bao-cao/", include("phoihop.web.views.reports")),
    path("danh-gia/", include("phoihop.web.views.evaluation")),
]

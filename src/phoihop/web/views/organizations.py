from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import path


@login_required
def placeholder(request: HttpRequest) -> HttpResponse:
    return HttpResponse("…")


urlpatterns = [path("", placeholder, name="organization-list")]

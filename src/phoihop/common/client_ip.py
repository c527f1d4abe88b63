"""The client's address, taken the way the deployment's proxy setting says (TRUSTED_PROXY_COUNT).

- TRUSTED_PROXY_COUNT = 0 (default: the application is reached directly): REMOTE_ADDR; any
  X-Forwarded-For header is ignored, since the client could have written it.
- TRUSTED_PROXY_COUNT = n > 0 (n reverse proxies in front of the application, each appending the address it
  received the request from to X-Forwarded-For): the n-th address from the right, the one the outermost
  trusted proxy saw. Addresses further left were written by the client and are never trusted. A request that
  carries fewer than n addresses did not come through the proxies: its REMOTE_ADDR is used.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    remote = request.META.get("REMOTE_ADDR") or None
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    if len(forwarded) < count:
        return remote
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
